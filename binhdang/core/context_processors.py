from django.conf import settings

from .policies import coordinates_somewhere


def site(request):
    user = getattr(request, "user", None)
    coordinates = user is not None and coordinates_somewhere(user)
    return {"BINHDANG_DEMO": settings.DEMO, "nav": {"coordinates": coordinates}}
