from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("import/", views.import_upload, name="import"),
    path("import/<int:pk>/", views.import_review, name="review"),
    path("import/<int:pk>/units/", views.import_unit_search, name="unit-search"),
    path("import/<int:pk>/ocr/", views.import_ocr_progress, name="ocr-progress"),
]
