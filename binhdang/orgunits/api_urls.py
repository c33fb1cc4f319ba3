from django.urls import path

from . import apis

urlpatterns = [
    path("orgunits/", apis.OrgUnitListApi.as_view(), name="api-orgunit-list"),
    path("orgunits/<int:pk>/", apis.OrgUnitDetailApi.as_view(), name="api-orgunit-detail"),
]
