from django.urls import path

from . import apis

urlpatterns = [
    path("exports/report/", apis.ReportDocumentApi.as_view(), name="api-export-report"),
    path("exports/plans/<int:pk>/document/", apis.PlanDocumentApi.as_view(), name="api-export-plan"),
    path("exports/values/", apis.ValuesExportApi.as_view(), name="api-export-values"),
    path("imports/values/", apis.ValuesImportApi.as_view(), name="api-import-values"),
]
