"""What every REST endpoint shares: one error shape, validated query parameters, bounded
pagination, a JSON parser that refuses deep nesting, and the schema of the errors.

Every error the API returns has the shape

    {"code": "invalid", "detail": "Thông báo tiếng Việt", "errors": {"field": ["…"]}}

`code` is stable (a DomainError's own code, else one of the codes below), `detail` is the
message for the user in the active language (Vietnamese by default), `errors` maps a field
(or query parameter) to its messages and is empty when no field is to blame.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, QueryDict
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response

from .errors import ConflictError, DomainError

log = logging.getLogger("binhdang.api")

MAX_PAGE = 500
MAX_INT = 2**31 - 1
MAX_LISTED = 200  # row errors listed in one answer (a bad file can have millions)


def int_param(params: QueryDict, name: str, *, minimum: int = 0, maximum: int = MAX_INT) -> int | None:
    """The query parameter `name` as an int, None when absent; 400 with a message otherwise."""
    raw = params.get(name)
    if raw is None or raw == "":
        return None
    if not raw.isascii() or not raw.lstrip("-").isdecimal() or len(raw) > 12:
        raise exceptions.ValidationError({name: [_("Giá trị “%(raw)s” không phải là số nguyên.") % {"raw": raw[:40]}]})
    value = int(raw)
    if not minimum <= value <= maximum:
        raise exceptions.ValidationError({name: [
            _("“%(name)s” phải từ %(min)s đến %(max)s.") % {"name": name, "min": minimum, "max": maximum}]})
    return value


def text_param(params: QueryDict, name: str, *, max_length: int = 200) -> str:
    """A free-text query parameter, stripped; 400 when it is too long or holds a NUL."""
    raw = (params.get(name) or "").strip()
    if len(raw) > max_length:
        raise exceptions.ValidationError({name: [
            _("“%(name)s” không được dài quá %(n)s ký tự.") % {"name": name, "n": max_length}]})
    if "\x00" in raw:
        raise exceptions.ValidationError({name: [_("Không được dùng ký tự NUL.")]})
    return raw


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """`limit` 1…MAX_PAGE and `offset` ≥ 0 are checked (400), never passed raw to the database."""

    default_limit = 50
    max_limit = MAX_PAGE

    def get_limit(self, request: Request) -> int | None:
        value = int_param(request.query_params, self.limit_query_param, minimum=1, maximum=self.max_limit)
        return self.default_limit if value is None else value

    def get_offset(self, request: Request) -> int:
        return int_param(request.query_params, self.offset_query_param, minimum=0) or 0


class BoundedJSONParser(JSONParser):
    """DRF's JSON parser, with a Vietnamese 400 for malformed or too deeply nested JSON."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError(_("JSON lồng nhau quá sâu.")) from None
        except exceptions.ParseError:
            raise exceptions.ParseError(_("Nội dung gửi lên không phải JSON hợp lệ.")) from None


_CODES: dict[type[exceptions.APIException], tuple[str, Any]] = {
    exceptions.NotAuthenticated: ("not_authenticated", lambda: _("Bạn cần đăng nhập (phiên đăng nhập hoặc mã token).")),
    exceptions.AuthenticationFailed: ("authentication_failed", lambda: _("Thông tin đăng nhập không đúng hoặc mã token không hợp lệ.")),
    exceptions.NotFound: ("not_found", lambda: _("Không tìm thấy.")),
    exceptions.MethodNotAllowed: ("method_not_allowed", lambda: _("Phương thức này không được hỗ trợ ở địa chỉ này.")),
    exceptions.NotAcceptable: ("not_acceptable", lambda: _("Không trả được dữ liệu theo tiêu đề Accept của yêu cầu.")),
    exceptions.UnsupportedMediaType: ("unsupported_media_type", lambda: _("Không hỗ trợ kiểu dữ liệu (Content-Type) này.")),
    exceptions.Throttled: ("throttled", lambda: _("Quá nhiều yêu cầu trong thời gian ngắn; hãy thử lại sau.")),
}


def _flatten(detail: Any) -> list[str]:
    if isinstance(detail, dict):
        return [m for v in detail.values() for m in _flatten(v)]
    if isinstance(detail, list):
        return [m for v in detail for m in _flatten(v)]
    return [str(detail)]


def _field_errors(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail as {"field" or "field.sub": [messages]}."""
    if isinstance(detail, dict):
        out: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if name in ("detail", "non_field_errors"):
                name = prefix
            for field, messages in _field_errors(value, name).items():
                out.setdefault(field, []).extend(messages)
        return out
    if isinstance(detail, list) and detail and all(not isinstance(v, dict | list) for v in detail):
        return {prefix: [str(v) for v in detail]}
    if isinstance(detail, list):
        out = {}
        for index, value in enumerate(detail):
            for field, messages in _field_errors(value, f"{prefix}.{index}" if prefix else str(index)).items():
                out.setdefault(field, []).extend(messages)
        return out
    return {prefix: [str(detail)]}


def error_body(code: str, detail: str, errors: dict[str, list[str]] | None = None) -> dict[str, Any]:
    return {"code": code, "detail": detail, "errors": {k: v for k, v in (errors or {}).items() if k}}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """The one error shape for every API error (settings: EXCEPTION_HANDLER)."""
    headers: dict[str, str] = {}
    http: int
    if isinstance(exc, DomainError):
        conflict = isinstance(exc, ConflictError)
        code = exc.code or ("conflict" if conflict else "invalid")
        errors = {exc.field: [exc.message]} if exc.field else {}
        rows = getattr(exc, "errors", None)  # e.g. an import's invalid rows, one line each
        if isinstance(rows, list) and rows:
            listed = [str(r) for r in rows[:MAX_LISTED]]
            if len(rows) > MAX_LISTED:
                listed.append(_("… và %(n)s lỗi khác.") % {"n": len(rows) - MAX_LISTED})
            errors = {exc.field or "rows": listed}
        body = error_body(code, exc.message, errors)
        result = getattr(exc, "result", None)  # an import's dry run: what would have happened
        if result is not None and hasattr(result, "as_dict"):
            body["dry_run_result"] = result.as_dict()
        http = status.HTTP_409_CONFLICT if conflict else status.HTTP_400_BAD_REQUEST
    elif isinstance(exc, Http404 | exceptions.NotFound):
        body, http = error_body("not_found", _("Không tìm thấy.")), status.HTTP_404_NOT_FOUND
    elif isinstance(exc, DjangoPermissionDenied | exceptions.PermissionDenied):
        message = str(exc.detail if isinstance(exc, exceptions.APIException) else exc)
        if not message or message == str(exceptions.PermissionDenied.default_detail):
            message = _("Bạn không có quyền thực hiện việc này.")
        body, http = error_body("permission_denied", message), status.HTTP_403_FORBIDDEN
        _count_refusal(context, message)
    elif isinstance(exc, exceptions.ValidationError):
        errors = _field_errors(exc.detail)
        messages = _flatten(exc.detail)
        detail = messages[0] if len(messages) == 1 else _("Dữ liệu gửi lên chưa hợp lệ; xem từng trường trong “errors”.")
        body, http = error_body("invalid", detail, errors), status.HTTP_400_BAD_REQUEST
    elif isinstance(exc, exceptions.ParseError):
        body, http = error_body("parse_error", str(exc.detail)), status.HTTP_400_BAD_REQUEST
    elif isinstance(exc, exceptions.APIException):
        code, message = next(((c, m()) for cls, (c, m) in _CODES.items() if isinstance(exc, cls)),
                             (str(exc.default_code), str(exc.detail)))
        wait = getattr(exc, "wait", None)
        if isinstance(exc, exceptions.Throttled) and wait:
            headers["Retry-After"] = str(int(wait))
        auth = getattr(exc, "auth_header", None)
        if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
            request = context.get("request")
            view = context.get("view")
            auth = view.get_authenticate_header(request) if view is not None and request is not None else None
        if auth:
            headers["WWW-Authenticate"] = auth
        body, http = error_body(code, message), exc.status_code
        if http == status.HTTP_403_FORBIDDEN:
            _count_refusal(context, message)
    else:
        return None
    # Imported here: rest_framework.views reads the parser setting, which names this module.
    from rest_framework.views import set_rollback

    set_rollback()
    return Response(body, status=http, headers=headers)


def _count_refusal(context: dict[str, Any], message: str) -> None:
    request = context.get("request")
    if request is None:
        return
    from .refusals import record_refusal

    record_refusal(request, message)
