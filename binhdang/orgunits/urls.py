from django.urls import path

from . import views, views_reform

app_name = "orgunits"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("search/", views.search, name="search"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/children/", views.children, name="children"),
    path("<int:pk>/lineage/", views_reform.lineage, name="lineage"),
]
# /units/<pk>/as-is/ (orgunits:as_is) and /units/<pk>/handover/ (orgunits:handover) are pages of
# the apps above (indicators, plans); config/urls.py adds them to this namespace, so that
# orgunits imports nothing from those apps.
