"""REST endpoints for exports and imports; token or session auth, the same policy as the pages."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from binhdang.core.api import int_param, text_param
from binhdang.core.errors import AccessDenied
from binhdang.core.permissions import Action, policy
from binhdang.core.uploads import max_import_bytes, too_large_message
from binhdang.orgunits.models import OrgUnit

from . import adapters, selectors
from .xlsx import _disposition

_BINARY = OpenApiResponse(OpenApiTypes.BINARY, description="the file")
VIEWS = ("as_was", "as_is")  # exports.as_is.VIEWS (not imported: the indicators app is optional)
_FORMAT = OpenApiParameter("format", str, enum=["docx", "pdf"], description="docx (default) or pdf")


def _doc_format(request) -> str:
    # "format" is also DRF's renderer override; read it from the raw query string.
    fmt = (request.query_params.get("format") or request.query_params.get("fmt") or "docx").lower()
    if fmt not in selectors.DOC_TYPES:
        raise ValidationError({"format": _("Định dạng phải là docx hoặc pdf.")})
    return fmt


def _file(data: bytes, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=selectors.DOC_TYPES[fmt])
    response["Content-Disposition"] = _disposition(filename)
    return response


class ReportDocumentApi(APIView):
    """The consolidated report (Báo cáo) of a unit for a period; coordinators of the unit only."""

    def get_renderers(self):
        # The response is a file; any ?format= is ours, not DRF's content negotiation.
        from rest_framework.renderers import JSONRenderer

        return [JSONRenderer()]

    def perform_content_negotiation(self, request, force=False):
        renderer = self.get_renderers()[0]
        return renderer, renderer.media_type

    @extend_schema(
        parameters=[
            OpenApiParameter("unit", int, required=True, description="org unit id"),
            OpenApiParameter("period", str, required=True, description="2017-H1 or 2017"),
            _FORMAT,
            OpenApiParameter("number", str, description="document number (sequence), blank by default"),
        ],
        responses={200: _BINARY, 400: OpenApiTypes.OBJECT, 403: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        fmt = _doc_format(request)
        unit_id = int_param(request.query_params, "unit")
        if unit_id is None:
            raise ValidationError({"unit": _("Thiếu mã số (id) đơn vị.")})
        unit = OrgUnit.objects.filter(pk=unit_id).first()
        if unit is None:
            raise NotFound
        if not selectors.can_export_report(request.user, unit):
            raise AccessDenied(policy_message())
        period = text_param(request.query_params, "period")
        data = selectors.report_file(unit, period, fmt,  # a bad period: 400 (DomainError)
                                     selectors.ReportOptions(number=text_param(request.query_params, "number")))
        return _file(data, fmt, selectors.report_filename(unit, period, fmt))


def policy_message() -> str:
    from binhdang.core.permissions import _denied_message

    return _denied_message(Action.COORDINATE)


class PlanDocumentApi(APIView):
    """A stored plan as its Kế hoạch document (DOCX or PDF); whoever may read the plan."""

    perform_content_negotiation = ReportDocumentApi.perform_content_negotiation
    get_renderers = ReportDocumentApi.get_renderers

    @extend_schema(parameters=[_FORMAT], responses={200: _BINARY, 404: OpenApiTypes.OBJECT})
    def get(self, request, pk: int):
        from binhdang.plans.models import Plan

        fmt = _doc_format(request)
        plan = Plan.objects.select_related("issuer").filter(pk=pk).first()
        if plan is None or not adapters.plan_can_view(request.user, plan):
            raise NotFound
        return _file(selectors.plan_file(plan, fmt), fmt, selectors.plan_filename(plan, fmt))


class ValuesExportApi(APIView):
    """Indicator values the user may view: XLSX, DHIS2 dataValueSets JSON or ADX (streamed)."""

    perform_content_negotiation = ReportDocumentApi.perform_content_negotiation
    get_renderers = ReportDocumentApi.get_renderers

    @extend_schema(
        parameters=[
            OpenApiParameter("format", str, enum=["xlsx", "dhis2-json", "adx"], description="default dhis2-json"),
            OpenApiParameter("unit", int, description="only this unit and the units below it"),
            OpenApiParameter("period", str, description="2017-H1, 2017-H2 or 2017"),
            OpenApiParameter(
                "view", str, enum=list(VIEWS), default="as_was",
                description="as_was (default): the units of the period, as reported; as_is: the period's "
                            "figures on today's communes, rebuilt through the lineage of the 2025 reform "
                            "(the same values as `binhdang export values --view as-is`); anything else: "
                            "400, the shared Error with its message under errors.view"),
        ],
        responses={
            (200, "application/json"): OpenApiResponse(OpenApiTypes.OBJECT, description="DHIS2 dataValueSets"),
            (200, "application/adx+xml"): _BINARY,
            (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): _BINARY,
        },
    )
    def get(self, request):
        from .views import VALUE_FORMATS, values_file_response

        if not adapters.indicators_installed():
            raise NotFound
        fmt = (request.query_params.get("format") or "dhis2-json").lower()
        if fmt not in VALUE_FORMATS:
            raise ValidationError({"format": _("Định dạng phải là xlsx, dhis2-json hoặc adx.")})
        unit = None
        unit_id = int_param(request.query_params, "unit")
        if unit_id is not None:
            unit = get_object_or_404(OrgUnit, pk=unit_id)
            if not policy.has(request.user, Action.VIEW, unit):
                raise AccessDenied(_("Bạn không có quyền xem dữ liệu của đơn vị này."))
        period = text_param(request.query_params, "period")
        if period:
            from binhdang.indicators.periods import period_parse

            period = period_parse(period).key  # a bad key: 400 (DomainError)
        return values_file_response(request.user, fmt, unit, period, _view(request))


def _view(request) -> str:
    """`view=as_was|as_is` (absent: as_was); anything else is a 400 naming the two."""
    raw = request.query_params.get("view")
    if raw is None or not raw.strip():
        return "as_was"
    wanted = raw.strip().lower().replace("-", "_")
    if wanted not in VIEWS:
        raise ValidationError({"view": _("Cách xem “%(view)s” không hỗ trợ; dùng view=as_was (theo đơn vị thời đó) "
                                         "hoặc view=as_is (theo đơn vị hiện nay).") % {"view": raw[:40]}})
    return wanted


class ValuesImportApi(APIView):
    """Import indicator values from a DHIS2 JSON, ADX or XLSX file: every row is checked and
    nothing is saved when any row is invalid (400 with the list of errors)."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request=inline_serializer("ValuesImportRequest", {
            "file": serializers.FileField(),
            "format": serializers.ChoiceField(choices=["dhis2-json", "adx", "xlsx"]),
            "dry_run": serializers.BooleanField(required=False),
        }),
        responses={
            200: inline_serializer("ValuesImportResult", {
                "rows": serializers.IntegerField(), "created": serializers.IntegerField(),
                "updated": serializers.IntegerField(), "unchanged": serializers.IntegerField(),
                "refused": serializers.IntegerField(), "dry_run": serializers.BooleanField(),
                "units": serializers.ListField(child=serializers.CharField()),
                "periods": serializers.ListField(child=serializers.CharField()),
            }),
            400: inline_serializer("ValuesImportErrors", {
                "detail": serializers.CharField(), "errors": serializers.ListField(child=serializers.CharField()),
            }),
        },
    )
    def post(self, request):
        from .dhis2 import FileFormatError
        from .services import IMPORT_FORMATS, values_import_file

        upload = request.FILES.get("file")
        fmt = (request.data.get("format") or "").lower()
        if upload is None or fmt not in IMPORT_FORMATS:
            raise ValidationError({"detail": _("Cần tệp (file) và định dạng (format): dhis2-json, adx hoặc xlsx.")})
        dry_run = str(request.data.get("dry_run", "")).lower() in ("1", "true", "yes", "on")
        if upload.size > max_import_bytes():
            raise ValidationError({"file": [too_large_message(upload.size, max_import_bytes())]})
        try:  # invalid rows: ImportInvalidError, a DomainError listing them (400)
            result = values_import_file(upload.read(), fmt, actor=request.user, dry_run=dry_run, source=upload.name)
        except FileFormatError as exc:
            raise ValidationError({"file": [str(exc)]}) from None
        return Response(result.as_dict())
