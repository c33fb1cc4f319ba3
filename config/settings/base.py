"""Settings for every environment; production differs only by environment variables."""

import contextlib
from pathlib import Path
from typing import Any

import environ
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key
from django.utils.translation import gettext_lazy as _

from binhdang.documents.parsing.bounded import parse_budgets as _parse_budgets

BASE_DIR = Path(__file__).resolve().parents[2]
VAR_DIR = Path(environ.Env().str("BINHDANG_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()
if (BASE_DIR / ".env").exists():
    env.read_env(str(BASE_DIR / ".env"))  # the OS environment still wins

# Demo mode: `binhdang demo` turns it on so a fresh clone just works on 127.0.0.1.
DEMO = env.bool("BINHDANG_DEMO", default=False)
DEBUG = env.bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not (DEBUG or DEMO):
        raise ImproperlyConfigured(
            "Đặt biến DJANGO_SECRET_KEY khi DJANGO_DEBUG tắt (set DJANGO_SECRET_KEY in production)."
        )
    # A per-checkout key so demo sessions survive restarts without a configured secret.
    key_file = VAR_DIR / "secret_key"
    try:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        if not key_file.exists():
            key_file.write_text(get_random_secret_key())
        SECRET_KEY = key_file.read_text().strip()
    except OSError:
        SECRET_KEY = get_random_secret_key()

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "treebeard",
    "axes",
    "csp",
    "health_check",
    "binhdang.core",
    "binhdang.orgunits",
    "binhdang.accounts",
    "binhdang.documents",
    "binhdang.demo",
    "binhdang.plans",
    "binhdang.reporting",
    "binhdang.indicators",
    "binhdang.exports",
    "binhdang.public",
    "binhdang.search",
    "binhdang.ops",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "binhdang.core.middleware.LanguageChoiceMiddleware",
    "binhdang.core.middleware.RequestSizeLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "binhdang.core.clock.ClockMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "binhdang.core.middleware.RefusalMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "binhdang" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "binhdang.core.context_processors.site",
                "binhdang.core.nav.menu",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'binhdang.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while a writer commits; the busy timeout queues writers
    # instead of failing with "database is locked". IMMEDIATE transactions take the write
    # lock at BEGIN, so a service's read-compare-write of a row's `version` cannot
    # interleave with another writer's (SQLite has no SELECT … FOR UPDATE).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Background jobs (reminders): django-tasks with its database backend; run `binhdang db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2id first (docs/decisions/0331); PBKDF2 still verifies older hashes, upgraded at login.
PASSWORD_HASHERS = [
    "binhdang.accounts.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling (django-axes): after N failures for one username from one address,
# that pair is locked out for the cool-off period.
AXES_FAILURE_LIMIT = env.int("BINHDANG_LOGIN_ATTEMPTS", default=5)
AXES_COOLOFF_TIME = env.float("BINHDANG_LOGIN_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "binhdang.accounts.views.lockout"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Behind nginx: the client address is the entry our proxy appends to X-Forwarded-For
# (BINHDANG_PROXY_COUNT hops from the right); 0 = no proxy, REMOTE_ADDR is the client.
BINHDANG_PROXY_COUNT = env.int("BINHDANG_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "binhdang.accounts.throttling.client_ip"
# One address failing on this many different accounts within the cool-off is locked out.
BINHDANG_LOGIN_SPRAY_ACCOUNTS = env.int("BINHDANG_LOGIN_SPRAY_ACCOUNTS", default=10)

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "binhdang" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["binhdang.formats"]
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "binhdang" / "static"]
# Upload bounds: the whole request (nginx's client_max_body_size should match), and files
# read into memory for an import. Zip-based files (DOCX, XLSX) are checked by
# binhdang.core.zipguard before any parser inflates them.
# The demo clock (binhdang.core.clock): the date each demo cycle runs "as of" when seeded.
# Production (BINHDANG_DEMO off) has no demo clock.
BINHDANG_DEMO_DATES = {
    "2017": env.str("BINHDANG_DEMO_DATE", default="2017-06-10"),
    "2026": env.str("BINHDANG_DEMO_DATE_2026", default="2026-06-10"),
}
# Plan documents are read in a child process limited to these (docs/decisions/0185).
# CPU seconds one uploaded document may take to read and parse, by format (decision 0391).
BINHDANG_PARSE_CPU_SECONDS = _parse_budgets(env.str("BINHDANG_PARSE_CPU_SECONDS", default=""))
BINHDANG_PARSE_MEMORY_MB = env.int("BINHDANG_PARSE_MEMORY_MB", default=256)
BINHDANG_MAX_REQUEST_BYTES = int(env.float("BINHDANG_MAX_REQUEST_MB", default=25) * 1024 * 1024)
BINHDANG_MAX_IMPORT_BYTES = int(env.float("BINHDANG_MAX_IMPORT_MB", default=10) * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # larger uploads spool to a temporary file
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not (DEBUG or DEMO)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or DEMO
if DEBUG or DEMO:
    # Demo and debug serve static files through the finders; an empty STATIC_ROOT keeps
    # WhiteNoise from warning that it is missing.
    with contextlib.suppress(OSError):
        STATIC_ROOT.mkdir(parents=True, exist_ok=True)

CACHES = {
    "default": env.cache("CACHE_URL", default="locmemcache://binhdang")
}

EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://" if (DEBUG or DEMO) else "smtp://localhost:25")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="binhdang <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Deployment security: every value from the environment, safe outside demo/debug. ---
PRODUCTION = not (DEBUG or DEMO)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Shared office PCs: a session ends when the browser closes, and after a working day at most.
SESSION_COOKIE_AGE = int(env.float("BINHDANG_SESSION_HOURS", default=10) * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = env.bool("BINHDANG_SESSION_EXPIRE_AT_BROWSER_CLOSE", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if env.bool("DJANGO_BEHIND_HTTPS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("BINHDANG_SSL_REDIRECT", default=PRODUCTION)
SECURE_REDIRECT_EXEMPT = [r"^health/"]  # the load balancer probes over plain HTTP on loopback
SECURE_HSTS_SECONDS = env.int("BINHDANG_HSTS_SECONDS", default=31_536_000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("BINHDANG_HSTS_INCLUDE_SUBDOMAINS", default=PRODUCTION)
SECURE_HSTS_PRELOAD = env.bool("BINHDANG_HSTS_PRELOAD", default=False)
# Persistent database connections (seconds; 0 closes after each request), checked before reuse.
CONN_MAX_AGE = env.int("BINHDANG_CONN_MAX_AGE", default=60 if PRODUCTION else 0)
DATABASES["default"]["CONN_MAX_AGE"] = CONN_MAX_AGE
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# Content-Security-Policy (django-csp): scripts and styles from 'self' only, no
# 'unsafe-inline' (docs/decisions/0332). Behaviours live in static files (behaviours.js,
# confirm.js, …), bars are SVG, htmx's indicator styles are in app.css. The PDF templates
# (exports/official_document.html) keep style attributes: WeasyPrint reads them, no browser.
_CSP_SCRIPT = env.list("BINHDANG_CSP_SCRIPT_SRC", default=["'self'"])
_CSP_STYLE = env.list("BINHDANG_CSP_STYLE_SRC", default=["'self'"])
CONTENT_SECURITY_POLICY: dict[str, Any] | None = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": _CSP_SCRIPT,
        "style-src": _CSP_STYLE,
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
if env.bool("BINHDANG_CSP_REPORT_ONLY", default=False):
    CONTENT_SECURITY_POLICY_REPORT_ONLY, CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY, None
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: [] for feature in (
        "accelerometer", "camera", "geolocation", "gyroscope", "magnetometer", "microphone",
        "payment", "usb", "display-capture", "fullscreen",
    )
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "binhdang.core.api.BoundedLimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_PARSER_CLASSES": [
        "binhdang.core.api.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "binhdang.core.api.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "binhdang.core.schema.ErrorAutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "binhdang API",
    "DESCRIPTION": "Kế hoạch, nhiệm vụ, báo cáo bình đẳng giới / Gender-equality plans, tasks and reports",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from the installed package: no CDN on the officers' networks.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "PlanStatusEnum": "binhdang.plans.models.Plan.Status",
        "TaskStatusEnum": "binhdang.plans.models.Task.Status",
        "SubmissionStatusEnum": "binhdang.reporting.models.Submission.Status",
        "TaskProgressStatusEnum": ["not_started", "in_progress", "done", "cancelled", ""],
        # Several models have a "kind": each enum named after its model (drf_spectacular.W001).
        "OrgUnitKindEnum": "binhdang.orgunits.models.OrgUnit.Kind",
        "ObligationKindEnum": "binhdang.plans.models.ObligationKind",
        "SearchKindEnum": "binhdang.search.selectors.KINDS",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"forbidden_once": {"()": "binhdang.core.refusals.ForbiddenOnce"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    # A 403 is one line (binhdang.security, from RefusalMiddleware), not a traceback.
    "loggers": {"django.request": {"filters": ["forbidden_once"]}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="WARNING")},
}
