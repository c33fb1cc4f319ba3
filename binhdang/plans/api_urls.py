from django.urls import path

from . import apis

urlpatterns = [
    path("plans/", apis.PlanListApi.as_view(), name="api-plan-list"),
    path("plans/<int:pk>/", apis.PlanDetailApi.as_view(), name="api-plan-detail"),
    path("tasks/", apis.TaskListApi.as_view(), name="api-task-list"),
    path("tasks/<int:pk>/", apis.TaskDetailApi.as_view(), name="api-task-detail"),
    path("tasks/<int:pk>/progress/", apis.TaskProgressCreateApi.as_view(), name="api-task-progress"),
    path("obligations/", apis.ObligationListApi.as_view(), name="api-obligation-list"),
]
