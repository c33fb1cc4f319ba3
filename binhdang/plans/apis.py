"""REST API for plans, tasks, obligations and progress reports; same policy as the pages."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from binhdang.core import clock
from binhdang.core.api import BoundedJSONParser, int_param, text_param
from binhdang.orgunits.models import OrgUnit

from . import selectors, services
from .models import Obligation, Plan, Task


class PlanListApi(generics.ListAPIView):
    """Plans the user may read (summary rows; the detail gives Plan JSON)."""

    class PlanOutputSerializer(serializers.ModelSerializer):
        issuer = serializers.CharField(source="issuer.name")
        issuer_id = serializers.IntegerField()
        type = serializers.CharField(source="doc_type")

        class Meta:
            model = Plan
            fields = ["id", "number", "type", "type_name", "date", "year", "title", "status",
                      "issuer", "issuer_id", "parent", "copied_from", "version"]

    serializer_class = PlanOutputSerializer

    @extend_schema(parameters=[OpenApiParameter("year", int), OpenApiParameter("number", str)])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        queryset = selectors.plan_list_visible(user=self.request.user).order_by("-year", "-date", "id")
        params = self.request.query_params
        year = int_param(params, "year")
        if year is not None:
            queryset = queryset.filter(year=year)
        number = text_param(params, "number", max_length=64)
        if number:
            queryset = queryset.filter(number=number)
        return queryset


class PlanDetailApi(APIView):
    """One plan as Plan JSON (CONTRACTS §3), tasks with status and progress."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request, pk: int):
        try:
            plan = selectors.plan_get_visible(user=request.user, pk=pk)
        except Plan.DoesNotExist:
            raise NotFound from None
        data = selectors.plan_to_contract_json(plan, today=clock.today())
        data["id"] = plan.pk
        data["version"] = plan.version
        return Response(data)


class TaskOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    code = serializers.CharField()
    plan = serializers.IntegerField(source="plan_id")
    plan_number = serializers.CharField(source="plan.number")
    section = serializers.CharField(source="section.label", default=None)
    text = serializers.CharField()
    status = serializers.CharField(source="effective_status")
    stored_status = serializers.CharField(source="status")
    progress = serializers.IntegerField()
    version = serializers.IntegerField()
    final_due = serializers.DateField()
    lead = serializers.SerializerMethodField()
    coordinating = serializers.SerializerMethodField()
    due = serializers.SerializerMethodField()

    def get_lead(self, task) -> list[str]:
        return [a.display_name for a in task.lead_assignments]

    def get_coordinating(self, task) -> list[str]:
        return [a.display_name for a in task.coordinating_assignments]

    def get_due(self, task) -> list[dict]:
        return [{"date": d.date.isoformat(), "text": d.text} for d in task.dues.all()]


class TaskListApi(generics.ListAPIView):
    """Tasks of the visible plans; filter by `unit` (id, groups expanded), `status`
    (not_started, in_progress, done, cancelled, overdue) and `plan`."""

    serializer_class = TaskOutputSerializer

    @extend_schema(parameters=[
        OpenApiParameter("unit", int), OpenApiParameter("status", str), OpenApiParameter("plan", int),
    ])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        params = self.request.query_params
        unit_id = int_param(params, "unit")
        unit = get_object_or_404(OrgUnit, pk=unit_id) if unit_id is not None else None
        plan = None
        plan_id = int_param(params, "plan")
        if plan_id is not None:
            plan = selectors.plan_list_visible(user=self.request.user).filter(pk=plan_id).first()
            if plan is None:
                raise NotFound
        return selectors.task_list_visible(
            user=self.request.user, unit=unit, status=text_param(params, "status") or None, plan=plan,
            today=clock.today(),
        )


class TaskDetailApi(APIView):
    @extend_schema(responses={200: TaskOutputSerializer})
    def get(self, request, pk: int):
        try:
            task = selectors.task_get_visible(user=request.user, pk=pk)
        except Task.DoesNotExist:
            raise NotFound from None
        selectors._decorate(task, clock.today())
        return Response(TaskOutputSerializer(task).data)


class ObligationListApi(generics.ListAPIView):
    """Obligations (who must send what, to whom, by when); filter by `unit` and `period`
    (`2017-H1`, `2017`, `2017-plan`)."""

    class ObligationOutputSerializer(serializers.ModelSerializer):
        unit = serializers.CharField(source="org_unit.name")
        unit_id = serializers.IntegerField(source="org_unit_id")
        receiver = serializers.CharField(source="receiver.name")
        plan_number = serializers.CharField(source="plan.number")

        class Meta:
            model = Obligation
            fields = ["id", "plan", "plan_number", "kind", "title", "unit", "unit_id", "receiver",
                      "due_date", "period_start", "period_end", "fulfilled_by_plan", "submitted_at"]

    serializer_class = ObligationOutputSerializer

    @extend_schema(parameters=[OpenApiParameter("unit", int), OpenApiParameter("period", str)])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        params = self.request.query_params
        unit_id = int_param(params, "unit")
        unit = get_object_or_404(OrgUnit, pk=unit_id) if unit_id is not None else None
        # A bad period key is a DomainError: 400 through the exception handler.
        return selectors.obligation_list_visible(
            user=self.request.user, unit=unit, period=text_param(params, "period") or None
        )


class TaskProgressCreateApi(APIView):
    """A lead unit reports progress on a task (JSON or multipart with `files`). With an
    `Idempotency-Key` header (an update typed offline; no files), a retry with the same key
    and body answers the first update (`Idempotent-Replayed: true`) and adds none; the same
    key with another body answers 409 `idempotency_mismatch`."""

    parser_classes = [BoundedJSONParser, MultiPartParser, FormParser]

    class TaskProgressInputSerializer(serializers.Serializer):
        text = serializers.CharField()
        percent = serializers.IntegerField(min_value=0, max_value=100)
        status = serializers.ChoiceField(
            choices=["not_started", "in_progress", "done", "cancelled"], required=False, allow_blank=True
        )
        files = serializers.ListField(child=serializers.FileField(), required=False)

    class TaskProgressOutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        task = serializers.IntegerField(source="task_id")
        text = serializers.CharField()
        percent = serializers.IntegerField()
        status_after = serializers.CharField()
        created_at = serializers.DateTimeField()
        files = serializers.SerializerMethodField()

        def get_files(self, update) -> list[str]:
            return [e.original_name for e in update.evidence.all()]

    @extend_schema(request=TaskProgressInputSerializer, responses={201: TaskProgressOutputSerializer})
    def post(self, request, pk: int):
        try:
            task = selectors.task_get_visible(user=request.user, pk=pk)
        except Task.DoesNotExist:
            raise NotFound from None
        serializer = self.TaskProgressInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        files = request.FILES.getlist("files") if hasattr(request, "FILES") else []
        key = request.headers.get("Idempotency-Key")
        if key is not None:  # an update typed offline: once per key, files sent later online
            code, body, replayed = services.task_update_progress_once(
                actor=request.user, task=task, key=key, text=data["text"], percent=data["percent"],
                status=data.get("status") or None)
            return Response(body, status=code, headers={"Idempotent-Replayed": "true" if replayed else "false"})
        update = services.task_update_progress(
            actor=request.user, task=task, text=data["text"], percent=data["percent"],
            status=data.get("status") or None, files=files,
        )
        return Response(self.TaskProgressOutputSerializer(update).data, status=status.HTTP_201_CREATED)
