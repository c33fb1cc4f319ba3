from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("my/", views.my_work, name="my"),
    path("calendar/", views.calendar_view, name="calendar"),
    path("ics/<int:unit_id>/<str:token>.ics", views.ics_feed, name="ics"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/edit/", views.plan_edit, name="edit"),
    path("<int:pk>/copy/", views.plan_copy, name="copy"),
    path("<int:pk>/obligations/", views.plan_obligations, name="obligations"),
    path("<int:pk>/tasks/new/", views.task_new, name="task-new"),
    path("tasks/<int:pk>/", views.task_detail, name="task"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="task-edit"),
    path("tasks/<int:pk>/delete/", views.task_delete, name="task-delete"),
    path("tasks/<int:pk>/move/<str:direction>/", views.task_move, name="task-move"),
    path("tasks/<int:pk>/assign/", views.task_assign, name="task-assign"),
    path("tasks/<int:pk>/unassign/<int:assignment_pk>/", views.task_unassign, name="task-unassign"),
    path("tasks/<int:pk>/units/", views.unit_search, name="unit-search"),
    path("tasks/<int:pk>/progress/", views.task_progress, name="task-progress"),
    path("tasks/<int:pk>/comment/", views.task_comment, name="task-comment"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("obligations/<int:pk>/unit-plan/", views.unit_plan_submit, name="unit-plan-submit"),
]
