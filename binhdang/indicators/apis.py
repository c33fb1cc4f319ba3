"""Read-only API: the catalogue and a unit's indicator table for a period."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from binhdang.core.permissions import Action, policy
from binhdang.orgunits.models import OrgUnit

from . import selectors


class IndicatorListApi(APIView):
    @extend_schema_serializer(component_name="IndicatorListOutput")
    class OutputSerializer(serializers.Serializer):
        code = serializers.CharField()
        stat_code = serializers.CharField()
        name = serializers.CharField()
        unit = serializers.CharField()
        kind = serializers.CharField()
        scale = serializers.IntegerField()
        by_sex = serializers.BooleanField()
        direction = serializers.CharField()
        periodicity = serializers.CharField()
        group = serializers.CharField()
        # DRF's metaclass moves declared fields into _declared_fields, so Field.source is kept.
        source = serializers.CharField(source="source.number")  # type: ignore[assignment]  # see above
        unverified = serializers.BooleanField()

    serializer_class = OutputSerializer

    @extend_schema(responses=OutputSerializer(many=True))
    def get(self, request):
        return Response(self.OutputSerializer(selectors.catalogue(), many=True).data)


class UnitTableApi(APIView):
    @extend_schema_serializer(component_name="UnitTableRowOutput")
    class OutputSerializer(serializers.Serializer):
        code = serializers.CharField()
        name = serializers.CharField()
        unit = serializers.CharField()
        female = serializers.FloatField(allow_null=True)
        male = serializers.FloatField(allow_null=True)
        total = serializers.FloatField(allow_null=True)

    serializer_class = OutputSerializer

    def get(self, request, unit_id: int, period: str):
        unit = get_object_or_404(OrgUnit, pk=unit_id)
        if not policy.has(request.user, Action.VIEW, unit):
            raise Http404
        rows = selectors.report_indicator_rows(unit, period)  # a bad period: 400 (DomainError)
        return Response({"unit": unit.code, "period": period,
                         "rows": self.OutputSerializer(rows, many=True).data})
