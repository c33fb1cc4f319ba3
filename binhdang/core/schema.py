"""The OpenAPI schema documents every error an endpoint can answer, in one place.

`ErrorAutoSchema` (settings: DEFAULT_SCHEMA_CLASS) adds the shared error shape of
binhdang.core.api to each operation, by method and path, so no view repeats it:

- 401 and 403 everywhere (every endpoint needs a signed-in user and asks the policy);
- 400 where the operation takes query parameters or a request body;
- 404 where the path or a query parameter names a record;
- 409 on writes (optimistic locking: a stale `version`, a record in the wrong state);
- 413 and 415 where there is a request body (size limit, content type);
- 414 where there are query parameters (gunicorn's and nginx's request-line limit).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import inline_serializer
from rest_framework import serializers

ERROR_SERIALIZER = inline_serializer(
    "Error",
    {
        "code": serializers.CharField(help_text="stable error code, e.g. invalid, not_found, stale_version"),
        "detail": serializers.CharField(help_text="message for the user (Vietnamese by default)"),
        "errors": serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()),
            help_text="messages per field or query parameter; empty when no field is to blame",
        ),
    },
)

_DESCRIPTIONS = {
    "400": "Dữ liệu hoặc tham số không hợp lệ / invalid input",
    "401": "Chưa đăng nhập / not authenticated",
    "403": "Không có quyền / permission denied",
    "404": "Không tìm thấy / not found",
    "409": "Xung đột phiên bản hoặc trạng thái / conflict",
    "413": "Dữ liệu gửi lên quá lớn / request too large",
    "414": "Địa chỉ (tham số truy vấn) quá dài / URI too long (the web server's limit)",
    "415": "Kiểu dữ liệu không hỗ trợ / unsupported media type",
}
_WRITE = ("POST", "PUT", "PATCH", "DELETE")


class ErrorAutoSchema(AutoSchema):
    def error_codes(self) -> list[str]:
        codes = ["401", "403"]
        has_body = self.method in ("POST", "PUT", "PATCH")
        params = [p for p in self._get_parameters() if p.get("in") == "query"]
        if params or has_body or self._is_list_view():
            codes.append("400")
        if "{" in self.path or params or has_body:
            codes.append("404")
        if params:
            codes.append("414")
        if self.method in _WRITE:
            codes.append("409")
        if has_body:
            codes += ["413", "415"]
        return codes

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in self.error_codes():
            body = self._get_response_for_code(ERROR_SERIALIZER, code, direction=direction)
            body["description"] = _DESCRIPTIONS[code]
            # An endpoint's own description of an error (e.g. the import's row list) is
            # replaced by the shared shape: the handler answers every error with it.
            responses[code] = body
        return dict(sorted(responses.items()))
