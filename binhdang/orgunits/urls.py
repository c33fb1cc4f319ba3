from django.urls import path

from . import views, views_reform

app_name = "orgunits"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("search/", views.search, name="search"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/children/", views.children, name="children"),
    path("<int:pk>/lineage/", views_reform.lineage, name="lineage"),
    path("<int:pk>/as-is/", views_reform.as_is, name="as_is"),
    path("<int:pk>/handover/", views_reform.handover, name="handover"),
]
