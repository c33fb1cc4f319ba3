from django.urls import path

from . import views, views_templates

app_name = "reporting"
urlpatterns = [
    path("", views.index, name="index"),
    path("status/", views.status_page, name="status"),
    # consolidation/ (page, save/, download/) is exports' (the report document): config/urls.py
    # adds it to this namespace, so that reporting imports nothing from exports.
    path("notifications/", views.notifications_page, name="notifications"),
    path("forms/", views_templates.template_list, name="templates"),
    path("forms/<int:pk>/", views_templates.template_edit, name="template"),
    path("plans/<int:plan_pk>/deadlines/", views.deadlines_page, name="deadlines"),
    path("adhoc/new/", views.adhoc_new, name="adhoc-new"),
    path("obligations/<int:pk>/", views.obligation_open, name="obligation"),
    path("submissions/<int:pk>/", views.submission_detail, name="submission"),
    path("submissions/<int:pk>/save/", views.submission_save_all, name="save"),
    path("submissions/<int:pk>/sections/<slug:key>/", views.submission_section_save, name="section-save"),
    path("submissions/<int:pk>/submit/", views.submission_submit, name="submit"),
    path("submissions/<int:pk>/return/", views.submission_return, name="return"),
    path("submissions/<int:pk>/accept/", views.submission_accept, name="accept"),
    path("submissions/<int:pk>/reopen/", views.submission_reopen, name="reopen"),
    path("submissions/<int:pk>/diff/", views.submission_diff, name="diff"),
    path("submissions/<int:pk>/attachments/", views.attachment_upload, name="attachment-upload"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment-delete"),
]
