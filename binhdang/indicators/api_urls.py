from django.urls import path

from . import apis

urlpatterns = [
    path("indicators/", apis.IndicatorListApi.as_view(), name="indicators-list"),
    path("indicators/table/<int:unit_id>/<str:period>/", apis.UnitTableApi.as_view(), name="indicators-table"),
]
