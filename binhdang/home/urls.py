from django.urls import path

from binhdang.core import pwa
from binhdang.core import views as core_views

from . import views

# The namespace stays "core" (templates and settings name "core:home").
app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/<int:unit_id>/", views.unit_dashboard, name="unit-dashboard"),
    path("healthz", core_views.healthz, name="healthz"),
    path("sw.js", pwa.service_worker, name="service-worker"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
]
