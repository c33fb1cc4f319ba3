from django.conf import settings

from .permissions import Action, policy


def site(request):
    user = getattr(request, "user", None)
    coordinates = bool(
        user is not None
        and user.is_authenticated
        and (user.is_superuser or any(g.action == Action.COORDINATE for g in policy.grants(user)))
    )
    return {"BINHDANG_DEMO": settings.DEMO, "nav": {"coordinates": coordinates}}
