from django.urls import path

from . import views

app_name = "indicators"
urlpatterns = [
    path("", views.index, name="index"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("catalogue/<int:pk>/edit/", views.indicator_edit, name="indicator-edit"),
    path("catalogue/<int:indicator_pk>/targets/new/", views.target_edit, name="target-new"),
    path("catalogue/<int:indicator_pk>/targets/<int:pk>/", views.target_edit, name="target-edit"),
    path("unit/<int:unit_id>/<str:period>/", views.table, name="table"),
    path("unit/<int:unit_id>/<str:period>/entry/", views.entry, name="entry"),
    path("unit/<int:unit_id>/<str:period>/leadership/", views.leadership, name="leadership"),
    path("unit/<int:unit_id>/<str:period>/xlsx/", views.xlsx_download, name="xlsx"),
    path("unit/<int:unit_id>/<str:period>/xlsx/upload/", views.xlsx_upload, name="xlsx-upload"),
    path("activities/", views.activity_list, name="activities"),
    path("activities/new/", views.activity_new, name="activity-new"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity-edit"),
    path("activities/<int:pk>/delete/", views.activity_delete, name="activity-delete"),
    path("budget/<int:unit_id>/<int:year>/", views.budget, name="budget"),
    path("budget/lines/<int:pk>/delete/", views.budget_line_delete, name="budget-line-delete"),
    path("budget/dues/<int:pk>/submit/", views.budget_due_submit, name="budget-due-submit"),
]
