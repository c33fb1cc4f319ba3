"""REST API for submissions and the status JSON; the same policy and services as the pages."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from binhdang.core.api import text_param

from . import selectors, services
from .models import Submission


class SubmissionOutputSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="org_unit.name")
    unit_code = serializers.CharField(source="org_unit.code")
    obligation_kind = serializers.CharField(source="obligation.kind")
    due = serializers.DateField(source="obligation.due_date")
    receiver = serializers.CharField(source="obligation.receiver.name")
    on_time = serializers.BooleanField(allow_null=True)

    class Meta:
        model = Submission
        fields = ["id", "obligation", "obligation_kind", "unit", "unit_code", "receiver", "due", "status",
                  "version", "first_submitted_at", "last_submitted_at", "accepted_at", "returned_at",
                  "return_reason", "on_time"]


class SubmissionDetailSerializer(SubmissionOutputSerializer):
    class Meta(SubmissionOutputSerializer.Meta):
        fields = [*SubmissionOutputSerializer.Meta.fields, "sections", "content"]


def _get(request, pk: int) -> Submission:
    try:
        return selectors.submission_get_visible(user=request.user, pk=pk)
    except Submission.DoesNotExist:
        raise NotFound from None


class SubmissionListApi(generics.ListAPIView):
    """Submissions the user may read (a reporter sees only its unit); start a draft with POST."""

    serializer_class = SubmissionOutputSerializer

    class StartInputSerializer(serializers.Serializer):
        obligation = serializers.IntegerField()

    @extend_schema(parameters=[OpenApiParameter("period", str), OpenApiParameter("status", str)])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        params = self.request.query_params
        return selectors.submission_list_visible(
            user=self.request.user, period_key=text_param(params, "period") or None,
            status=text_param(params, "status") or None)

    @extend_schema(request=StartInputSerializer, responses={201: SubmissionDetailSerializer})
    def post(self, request):
        data = self.StartInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            obligation = selectors.obligation_get_visible(user=request.user, pk=data.validated_data["obligation"])
        except Exception:
            raise NotFound from None
        submission = services.submission_start(actor=request.user, obligation=obligation)
        return Response(SubmissionDetailSerializer(submission).data, status=status.HTTP_201_CREATED)


class SubmissionDetailApi(APIView):
    """One submission with its content; PATCH saves sections of a draft with its version."""

    class UpdateInputSerializer(serializers.Serializer):
        version = serializers.IntegerField()
        content = serializers.DictField()

    @extend_schema(responses={200: SubmissionDetailSerializer})
    def get(self, request, pk: int):
        return Response(SubmissionDetailSerializer(_get(request, pk)).data)

    @extend_schema(request=UpdateInputSerializer, responses={200: SubmissionDetailSerializer})
    def patch(self, request, pk: int):
        submission = _get(request, pk)
        data = self.UpdateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        submission = services.submission_save(
            actor=request.user, submission=submission, version=data.validated_data["version"],
            changes=data.validated_data["content"])
        return Response(SubmissionDetailSerializer(submission).data)


class _ActionApi(APIView):
    class InputSerializer(serializers.Serializer):
        version = serializers.IntegerField(min_value=0, help_text="the version the client read (required)")
        token = serializers.CharField(required=False, allow_blank=True, max_length=64)
        reason = serializers.CharField(required=False, allow_blank=True)

    action = ""

    @extend_schema(request=InputSerializer, responses={200: SubmissionDetailSerializer})
    def post(self, request, pk: int):
        submission = _get(request, pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        args = data.validated_data
        if self.action == "submit":
            submission = services.submission_submit(actor=request.user, submission=submission,
                                                    version=args.get("version"), token=args.get("token", ""))
        elif self.action == "return":
            submission = services.submission_return(actor=request.user, submission=submission,
                                                    reason=args.get("reason", ""), version=args.get("version"))
        elif self.action == "accept":
            submission = services.submission_accept(actor=request.user, submission=submission,
                                                    version=args.get("version"))
        else:
            submission = services.submission_reopen(actor=request.user, submission=submission,
                                                    reason=args.get("reason", ""), version=args.get("version"))
        return Response(SubmissionDetailSerializer(submission).data)


class SubmissionSubmitApi(_ActionApi):
    """Send (or resend) the report; a retried call with the same token or version is a no-op."""

    action = "submit"


class SubmissionReturnApi(_ActionApi):
    """Send the report back to the unit; `reason` is required (coordinators only)."""

    action = "return"


class SubmissionAcceptApi(_ActionApi):
    """Accept (and lock) the report (coordinators only)."""

    action = "accept"


class SubmissionReopenApi(_ActionApi):
    """Reopen an accepted report; `reason` is required (coordinators only)."""

    action = "reopen"


class SubmissionSyncApi(APIView):
    """Save or send an entry typed offline. The `Idempotency-Key` header (8–64 characters,
    a UUID) names the entry: sent again, the same key and body answer the first response
    (header `Idempotent-Replayed: true`) and save nothing; the same key with another body
    answers 409 `idempotency_mismatch`. A stale `version` answers 409 `stale_version` with
    `server` (the server copy's version and status) and `sections` (each differing
    section's `mine` and `server` text) and writes nothing."""

    class SyncInputSerializer(serializers.Serializer):
        action = serializers.ChoiceField(choices=["save", "submit"])
        version = serializers.IntegerField(min_value=0, help_text="the version the entry was typed on")
        form = serializers.DictField(
            child=serializers.CharField(allow_blank=True, max_length=25000, trim_whitespace=False),
            help_text="the report form's fields, name → value")

    @extend_schema(request=SyncInputSerializer, parameters=[
        OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER, required=True)],
        responses={200: OpenApiTypes.OBJECT, 409: OpenApiTypes.OBJECT})
    def post(self, request, pk: int):
        from django.http import QueryDict

        from binhdang.core.api import error_body

        from .forms import section_values_from_post

        submission = _get(request, pk)
        data = self.SyncInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        args = data.validated_data
        post = QueryDict(mutable=True)
        for name, value in args["form"].items():
            post[name] = value
        try:
            code, body, replayed = services.submission_sync(
                actor=request.user, submission=submission, key=request.headers.get("Idempotency-Key", ""),
                action=args["action"], version=args["version"], fields=args["form"],
                changes=section_values_from_post(submission.sections, post))
        except services.SyncConflictError as conflict:
            body = error_body(conflict.code, conflict.message)
            return Response({**body, "server": conflict.server, "sections": conflict.sections},
                            status=status.HTTP_409_CONFLICT)
        return Response(body, status=code, headers={"Idempotent-Replayed": "true" if replayed else "false"})


class ReportingStatusApi(APIView):
    """Status JSON (CONTRACTS §4) of a period, limited to what the user may see."""

    @extend_schema(parameters=[OpenApiParameter("period", str, required=True)], responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        period = text_param(request.query_params, "period")
        return Response(selectors.status_json(period_key=period, user=request.user))


class ConsolidationApi(APIView):
    """The synthesis of a period's reports for a unit (`unit`: id or code): every figure the
    consolidated report states, the merged points with their source submissions, and each
    unit's reporting state. Coordinators of the unit only."""

    @extend_schema(parameters=[OpenApiParameter("unit", str, required=True), OpenApiParameter("period", str, required=True),
                               OpenApiParameter("include_pending", bool)], responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        from binhdang.core.permissions import Action, policy
        from binhdang.orgunits.models import OrgUnit

        from .synthesis import synthesis_build, synthesis_json

        ref = str(request.query_params.get("unit", "")).strip()
        unit = OrgUnit.objects.filter(pk=int(ref)).first() if ref.isdigit() else OrgUnit.objects.filter(code=ref).first()
        if unit is None:
            raise NotFound(_("Không có đơn vị này."))
        if not policy.has(request.user, Action.COORDINATE, unit):
            raise PermissionDenied(_("Chỉ cơ quan điều phối mới xem được báo cáo tổng hợp."))
        pending = str(request.query_params.get("include_pending", "")).lower() in ("1", "true")
        period = text_param(request.query_params, "period")
        return Response(synthesis_json(synthesis_build(unit, period, include_pending=pending)))
