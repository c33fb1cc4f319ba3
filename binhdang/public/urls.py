from django.urls import path

from . import views

app_name = "public"
urlpatterns = [
    path("", views.public_index, name="index"),
    path("<str:code>/", views.public_unit, name="unit"),
    path("<str:code>/data.csv", views.public_csv, name="csv"),
    path("<str:code>/publish/", views.publish, name="publish"),
]
