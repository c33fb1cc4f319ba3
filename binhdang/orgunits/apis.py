from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers

from binhdang.core.api import int_param, text_param

from . import selectors
from .models import OrgUnit


class OrgUnitOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrgUnit
        fields = [
            "id", "code", "name", "short_name", "aliases", "kind", "level", "level_title",
            "email", "valid_from", "valid_to", "depth", "numchild", "path",
        ]


class OrgUnitListApi(generics.ListAPIView):
    """Org units: roots, the children of `parent`, or an accent-insensitive search `q`."""

    serializer_class = OrgUnitOutputSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("parent", int, description="id of the parent unit"),
            OpenApiParameter("q", str, description="search text; accents ignored"),
            OpenApiParameter("kind", str),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        params = self.request.query_params
        query, kind = text_param(params, "q"), text_param(params, "kind", max_length=32)
        parent_id = int_param(params, "parent")
        if query:
            # Keep the search's ranking (exact names and abbreviations first).
            units = selectors.orgunit_search(query=query, limit=200)
            if kind:
                units = [u for u in units if u.kind == kind]
            return units
        if parent_id is not None:
            parent = get_object_or_404(OrgUnit, pk=parent_id)
            queryset = OrgUnit.objects.get_children(parent)
        else:
            queryset = OrgUnit.objects.get_root_nodes()
        if kind:
            queryset = queryset.filter(kind=kind)
        return queryset.order_by("path")


class OrgUnitDetailApi(generics.RetrieveAPIView):
    serializer_class = OrgUnitOutputSerializer
    queryset = OrgUnit.objects.all()
