from django.conf import settings


def site(request):
    return {"BINHDANG_DEMO": settings.DEMO}
