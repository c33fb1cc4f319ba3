"""Vietnamese first: the language is the user's explicit choice, else Vietnamese.

Django's LocaleMiddleware would follow the browser's Accept-Language, and most office
browsers here say en-US; officers must get Vietnamese unless they switch.
"""

from django.conf import settings
from django.utils import translation


class LanguageChoiceMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class RequestSizeLimitMiddleware:
    """413 with a Vietnamese message for a body over BINHDANG_MAX_REQUEST_BYTES, before any
    view or parser reads it (Django bounds form fields, not uploaded files)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.BINHDANG_MAX_REQUEST_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            from django.http import JsonResponse
            from django.utils.translation import gettext as _

            message = _("Dữ liệu gửi lên quá lớn (%(size).1f MB); giới hạn là %(max)d MB.") % {
                "size": length / 1048576, "max": limit // 1048576}
            if request.path.startswith("/api/"):
                return JsonResponse({"code": "too_large", "detail": message, "errors": {}}, status=413)
            from django.http import HttpResponse

            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class RefusalMiddleware:
    """Pages: a PermissionDenied (403) is logged and counted like the API's refusals."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.core.exceptions import PermissionDenied

        if isinstance(exception, PermissionDenied):
            from .refusals import record_refusal

            record_refusal(request, str(exception) or "permission denied")
        return None
