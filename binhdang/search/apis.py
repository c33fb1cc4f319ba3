from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from binhdang.core import clock
from binhdang.core.api import int_param, text_param
from binhdang.core.errors import DomainError

from . import selectors


class HitSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=selectors.KINDS)
    id = serializers.IntegerField()
    title = serializers.CharField()
    detail = serializers.CharField()
    url = serializers.CharField(help_text="the page of the record")


class KindResultsSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=selectors.KINDS)
    label = serializers.CharField(help_text="the kind's name in the active language")  # type: ignore[assignment]  # the API field "label" shadows Field.label in the stubs
    total = serializers.IntegerField(help_text="matches of this kind the user may see")
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    results = HitSerializer(many=True)


class SearchOutputSerializer(serializers.Serializer):
    query = serializers.CharField()
    terms = serializers.ListField(child=serializers.CharField(), help_text="the folded words searched for")
    total = serializers.IntegerField()
    groups = KindResultsSerializer(many=True)


class SearchApi(APIView):
    """Search plans (number, title), tasks (text), reports (unit, period, content) and units
    (name, code); accents and case are ignored, every word must match, and only what the
    user may see is returned. Results are grouped by kind and paged per kind."""

    @extend_schema(
        operation_id="search",
        parameters=[
            OpenApiParameter("q", str, required=True,
                             description=f"search text, 1–{selectors.QUERY_MAX} characters; accents ignored"),
            OpenApiParameter("kind", str, enum=list(selectors.KINDS), description="only this kind"),
            OpenApiParameter("page", int, description="page of each kind, from 1"),
            OpenApiParameter("size", int, description=f"results per kind and page, 1–{selectors.PAGE_MAX}"),
        ],
        responses={200: SearchOutputSerializer,
                   400: OpenApiResponse(description="empty or too long query, bad kind, page or size")},
    )
    def get(self, request):
        params = request.query_params
        query = text_param(params, "q", max_length=selectors.QUERY_MAX)
        kind = text_param(params, "kind", max_length=20)
        if kind and kind not in selectors.KINDS:
            raise exceptions.ValidationError({"kind": [
                _("Không có loại “%(kind)s”; hãy chọn một trong: %(kinds)s.") % {
                    "kind": kind[:20], "kinds": ", ".join(selectors.KINDS)}]})
        page = int_param(params, "page", minimum=1, maximum=100_000) or 1
        size = int_param(params, "size", minimum=1, maximum=selectors.PAGE_MAX) or selectors.PAGE_SIZE
        try:
            results = selectors.search(user=request.user, query=query, kinds=(kind,) if kind else selectors.KINDS,
                                       page=page, size=size, on=clock.today())
        except DomainError as error:
            raise exceptions.ValidationError({"q": [error.message]}) from error
        return Response(SearchOutputSerializer({
            "query": query, "terms": results.terms, "total": results.total,
            "groups": [{"kind": g.kind, "label": g.label, "total": g.total, "page": g.page, "pages": g.pages,
                        "results": [h.as_dict() for h in g.hits]} for g in results.groups],
        }).data)
