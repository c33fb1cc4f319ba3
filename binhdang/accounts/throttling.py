"""Login throttling behind a reverse proxy, and a limit on one password sprayed over many accounts.

django-axes locks a (username, address) pair after BINHDANG_LOGIN_ATTEMPTS failures. Behind
nginx every request comes from 127.0.0.1, so the client address is read from
X-Forwarded-For, but only as many hops from the right as BINHDANG_PROXY_COUNT says our own
proxies add: entries further left are whatever the client sent and are never trusted.
"""

from __future__ import annotations

import datetime
import ipaddress

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the entry our proxy appended to X-Forwarded-For."""
    remote = str(request.META.get("REMOTE_ADDR") or "")
    hops = int(getattr(settings, "BINHDANG_PROXY_COUNT", 0))
    if hops <= 0:
        return remote
    chain = [part.strip() for part in str(request.META.get("HTTP_X_FORWARDED_FOR") or "").split(",") if part.strip()]
    if len(chain) < hops:
        return remote
    candidate = chain[-hops]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def sprayed_from(ip: str) -> bool:
    """Whether failed logins for BINHDANG_LOGIN_SPRAY_ACCOUNTS different accounts came from
    `ip` within the cool-off period (one password tried on many accounts)."""
    from axes.models import AccessAttempt

    limit = int(getattr(settings, "BINHDANG_LOGIN_SPRAY_ACCOUNTS", 10))
    if limit <= 0 or not ip:
        return False
    since = timezone.now() - datetime.timedelta(hours=float(settings.AXES_COOLOFF_TIME))
    accounts = (AccessAttempt.objects.filter(ip_address=ip, attempt_time__gte=since)
                .values("username").distinct().count())
    return accounts >= limit
