"""gunicorn settings for binhdang: `gunicorn -c deploy/gunicorn.conf.py config.wsgi:application`."""

import os

from gunicorn.http import wsgi

bind = os.environ.get("BINHDANG_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("BINHDANG_WEB_WORKERS", "3"))
timeout = 60
graceful_timeout = 30
max_requests = 2000  # recycle workers: bounded memory over weeks
max_requests_jitter = 200
limit_request_line = 8190
forwarded_allow_ips = "127.0.0.1"  # nginx on the same host


class _Response(wsgi.Response):
    """No `Server: gunicorn` header: the software and version are nobody's business."""

    def default_headers(self):
        return [h for h in super().default_headers() if not h.lower().startswith("server:")]


wsgi.Response = _Response
