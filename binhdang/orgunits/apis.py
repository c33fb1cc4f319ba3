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

    def to_representation(self, instance):
        """The contact e-mail only where the directory lets the user read it (else "")."""
        data = super().to_representation(instance)
        request = self.context.get("request")
        if data.get("email") and not selectors.orgunit_contact_visible(user=getattr(request, "user", None),
                                                                         unit=instance):
            data["email"] = ""
        return data


class OrgUnitListApi(generics.ListAPIView):
    """Org units the user may see (their provinces' trees and the way down to them): roots,
    the children of `parent`, or an accent-insensitive search `q`."""

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
            units = selectors.orgunit_search(query=query, limit=200, user=self.request.user)
            if kind:
                units = [u for u in units if u.kind == kind]
            return units
        if parent_id is not None:
            parent = get_object_or_404(selectors.orgunit_visible(user=self.request.user), pk=parent_id)
            queryset = selectors.orgunit_visible(user=self.request.user, parent=parent)
        else:
            queryset = selectors.orgunit_visible(user=self.request.user, roots=True)
        if kind:
            queryset = queryset.filter(kind=kind)
        return queryset.order_by("path")


class OrgUnitDetailApi(generics.RetrieveAPIView):
    serializer_class = OrgUnitOutputSerializer

    def get_queryset(self):
        return selectors.orgunit_visible(user=self.request.user)
