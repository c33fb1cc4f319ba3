from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers

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
        if params.get("q"):
            # Keep the search's ranking (exact names and abbreviations first).
            units = selectors.orgunit_search(query=params["q"], limit=200)
            if params.get("kind"):
                units = [u for u in units if u.kind == params["kind"]]
            return units
        if params.get("parent"):
            parent = get_object_or_404(OrgUnit, pk=params["parent"])
            queryset = OrgUnit.objects.get_children(parent)
        else:
            queryset = OrgUnit.objects.get_root_nodes()
        if params.get("kind"):
            queryset = queryset.filter(kind=params["kind"])
        return queryset.order_by("path")


class OrgUnitDetailApi(generics.RetrieveAPIView):
    serializer_class = OrgUnitOutputSerializer
    queryset = OrgUnit.objects.all()
