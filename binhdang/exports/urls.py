from django.urls import path

from . import views

app_name = "exports"
urlpatterns = [
    path("reports/", views.report_page, name="report"),
    path("reports/document.<str:fmt>", views.report_download, name="report-download"),
    path("plans/<int:pk>.<str:fmt>", views.plan_download, name="plan"),
    path("values/", views.values_page, name="values"),
    path("values/download.<str:fmt>", views.values_download, name="values-download"),
]
