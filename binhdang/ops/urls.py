from django.urls import path

from .health import BinhdangHealthView

app_name = "ops"
urlpatterns = [path("", BinhdangHealthView.as_view(), name="health")]
