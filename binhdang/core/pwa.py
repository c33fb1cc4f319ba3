"""The progressive web app: the web manifest and the service worker, served from the site's
root so the worker's scope covers every page (docs/decisions/0261-offline-entry-pwa.md).

The worker is Workbox 7.4.1, vendored from npm under static/vendor/workbox-7.4.1. It
precaches the assets every page needs (each with a revision hashed from the file, so a
changed file is fetched again) and keeps the pages an officer works from offline, network
first: the home page, "Việc của tôi", the report list, each report form and task page.
"""

from __future__ import annotations

import functools
import hashlib
import json

from django.contrib.staticfiles import finders
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import PrefixNode, static
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

WORKBOX = "vendor/workbox-7.4.1"
PRECACHE = (
    "binhdang/app.css",
    "binhdang/htmx.min.js",
    "binhdang/pwa.js",
    "binhdang/confirm.js",
    "binhdang/nav.js",
    "binhdang/behaviours.js",
    "binhdang/icons/icon-192.png",
    "reporting/reporting.css",
    "reporting/report_form.js",
    "plans/task_offline.js",
    "vendor/idb-8.0.4/idb.umd.js",
)
# Pages kept for offline use (regular expressions on the path), network first.
OFFLINE_PAGES = (
    r"^/$",
    r"^/plans/my/$",
    r"^/plans/tasks/\d+/$",
    r"^/reports/$",
    r"^/reports/obligations/\d+/$",
    r"^/reports/submissions/\d+/$",
)
PAGES_CACHE = "binhdang-pages-v1"


@functools.lru_cache(maxsize=64)
def _revision(path: str) -> str:
    found = finders.find(path)
    if not found:
        return "missing"
    with open(found, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()[:16]


def _static_root() -> str:
    return PrefixNode.handle_simple("STATIC_URL")


def precache_manifest() -> list[dict[str, str]]:
    return [{"url": static(path), "revision": _revision(path)} for path in PRECACHE]


@require_GET
@cache_control(no_cache=True, max_age=0)
def service_worker(request):
    config = {
        "precache": precache_manifest(),
        "pages": list(OFFLINE_PAGES),
        "pagesCache": PAGES_CACHE,
        "staticUrl": _static_root(),
        "lang": request.LANGUAGE_CODE,
        "offlineTitle": _("Bạn đang ngoại tuyến"),
        "offlineText": _("Trang này chưa được lưu trên máy để xem khi không có mạng. Các trang đã mở "
                         "gần đây (Việc của tôi, danh sách báo cáo, mẫu báo cáo, nhiệm vụ) vẫn xem được."),
        "offlineHome": _("Về trang chủ"),
    }
    body = render_to_string("core/sw.js", {
        "config": json.dumps(config, ensure_ascii=False),
        "workbox_sw": static(f"{WORKBOX}/workbox-sw.js"),
        # a folder, not a file: the hashed-name manifest (production) has no entry for it;
        # workbox-sw appends the modules' own names, which collectstatic keeps as well
        "workbox_prefix": _static_root() + WORKBOX,
    })
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
@cache_control(max_age=3600)
def manifest(request):
    data = {
        "name": _("binhdang · Bình đẳng giới"),
        "short_name": "binhdang",
        "description": _("Kế hoạch và báo cáo công tác bình đẳng giới, nhập được cả khi mất mạng."),
        "lang": request.LANGUAGE_CODE,
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#f5f7fa",
        "theme_color": "#b3261e",
        "icons": [
            {"src": static("binhdang/icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("binhdang/icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        ],
    }
    return JsonResponse(data, content_type="application/manifest+json",
                        json_dumps_params={"ensure_ascii": False})
