from django.urls import path

from . import apis

urlpatterns = [
    path("submissions/", apis.SubmissionListApi.as_view(), name="api-submission-list"),
    path("submissions/<int:pk>/", apis.SubmissionDetailApi.as_view(), name="api-submission-detail"),
    path("submissions/<int:pk>/submit/", apis.SubmissionSubmitApi.as_view(), name="api-submission-submit"),
    path("submissions/<int:pk>/return/", apis.SubmissionReturnApi.as_view(), name="api-submission-return"),
    path("submissions/<int:pk>/accept/", apis.SubmissionAcceptApi.as_view(), name="api-submission-accept"),
    path("submissions/<int:pk>/reopen/", apis.SubmissionReopenApi.as_view(), name="api-submission-reopen"),
    path("submissions/<int:pk>/sync/", apis.SubmissionSyncApi.as_view(), name="api-submission-sync"),
    path("reporting/status/", apis.ReportingStatusApi.as_view(), name="api-reporting-status"),
    path("reporting/consolidation/", apis.ConsolidationApi.as_view(), name="api-reporting-consolidation"),
]
