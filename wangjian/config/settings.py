"""Settings for wangjian, read from the environment.

Every setting that differs between a laptop demo and a bureau's production server comes from a
``WANGJIAN_*`` variable. With ``WANGJIAN_DEBUG`` off, start-up refuses the insecure defaults that
make the demo convenient (``wangjian.core.security``).
"""

import json
import os
from pathlib import Path

import dj_database_url

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = Path(os.environ.get("WANGJIAN_BASE_DIR", Path.cwd()))

INSECURE_SECRET_KEY = "insecure-demo-key-do-not-use-in-production"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def load_env_file(path: Path) -> None:
    """Read ``KEY=value`` lines (from ``wangjian init-env``) without overriding the environment."""
    if not path.is_file():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        os.environ.setdefault(key.strip(), value.strip())


load_env_file(Path(os.environ.get("WANGJIAN_ENV_FILE", BASE_DIR / "var" / "wangjian.env")))

DEBUG = env_bool("WANGJIAN_DEBUG", False)
SECRET_KEY = os.environ.get("WANGJIAN_SECRET_KEY", INSECURE_SECRET_KEY)
ALLOWED_HOSTS = env_list("WANGJIAN_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("WANGJIAN_CSRF_TRUSTED_ORIGINS", [])
# Keyed hashes of personal identifiers (ID numbers) use their own key so that rotating the
# session secret never breaks matching of stored hashes.
PERSONAL_DATA_HASH_KEY = os.environ.get("WANGJIAN_PERSONAL_DATA_KEY", SECRET_KEY)

DATABASE_URL = os.environ.get(
    "WANGJIAN_DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'wangjian.sqlite3'}"
)
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        from wangjian.config.files import private_dir, private_file

        private_dir(Path(DATABASES["default"]["NAME"]).parent)
        private_file(Path(DATABASES["default"]["NAME"]))
    # WAL lets the web process read while the task worker writes; the busy timeout turns
    # short write contention into waiting rather than "database is locked" errors.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


ALLOW_INSECURE = env_bool("WANGJIAN_ALLOW_INSECURE", False)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "wangjian.core",
    "wangjian.registry",
    "wangjian.monitoring",
    "wangjian.evidence",
    "wangjian.inspections",
    "wangjian.credit",
    "wangjian.complaints",
    "wangjian.services",
    "wangjian.zones",
    "wangjian.platforms",
    "wangjian.collaboration",
    "wangjian.dashboards",
    "wangjian.enforcement",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "wangjian.core.middleware.SessionIdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "wangjian.core.middleware.RequestContextMiddleware",
    "wangjian.core.middleware.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "wangjian.config.urls"
WSGI_APPLICATION = "wangjian.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wangjian.core.context_processors.platform",
            ]
        },
    }
]

AUTH_USER_MODEL = "core.User"
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
# Date inputs need ISO values in every language (wangjian/core/formats).
FORMAT_MODULE_PATH = ["wangjian.core.formats"]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("WANGJIAN_STATIC_ROOT", BASE_DIR / "var" / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = Path(os.environ.get("WANGJIAN_MEDIA_ROOT", BASE_DIR / "var" / "media"))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("WANGJIAN_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# With HTTPS (WANGJIAN_SECURE_COOKIES on), plain HTTP is redirected and browsers are told to use
# HTTPS only for a year (HSTS). Behind a proxy that ends TLS, WANGJIAN_BEHIND_TLS_PROXY=1 trusts
# its X-Forwarded-Proto header; without it the redirect would loop.
SECURE_SSL_REDIRECT = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = 31_536_000 if SESSION_COOKIE_SECURE else 0
if env_bool("WANGJIAN_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Everything is vendored: pages load scripts, styles, images and fonts from this origin only,
# and no inline script or style runs (wangjian.core.middleware.SecurityHeadersMiddleware).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
# The Swagger UI (drf-spectacular-sidecar) sets styles inline and uses data: images.
CONTENT_SECURITY_POLICY_API_DOCS = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
# Sessions: signed out after this many minutes without a request (bureau staff see personal data
# and case files, so their limit is shorter), and after twelve hours in any case.
STAFF_SESSION_IDLE_MINUTES = int(os.environ.get("WANGJIAN_STAFF_IDLE_MINUTES", "30"))
SESSION_IDLE_MINUTES = int(os.environ.get("WANGJIAN_IDLE_MINUTES", "120"))
SESSION_COOKIE_AGE = 12 * 60 * 60

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first so that an anonymous request gets 401 with a WWW-Authenticate header.
        "wangjian.core.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "wangjian.core.api.schema.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "wangjian.core.api.exceptions.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # Rates are read at request time from API_THROTTLE_RATES (below), so tests can change them.
    "DEFAULT_THROTTLE_CLASSES": [
        "wangjian.core.api.throttling.UserThrottle",
        "wangjian.core.api.throttling.AnonymousThrottle",
    ],
    # Behind a reverse proxy, the number of proxies whose X-Forwarded-For entries are trusted
    # for the client address (rate limits and sign-in counting); 0 uses REMOTE_ADDR. Never
    # None: DRF would then believe any X-Forwarded-For a client sends.
    "NUM_PROXIES": int(os.environ.get("WANGJIAN_NUM_PROXIES", "0")),
}
# Limits on guessing (docs/security-access.md). 信息安全技术 网络安全等级保护基本要求
# (GB/T 22239-2019, 8.1.4.1 b, in force 2019-12-01; verification: unconfirmed, the text is not in
# the project's statute collection) asks for "登录失败处理功能 … 限制非法登录次数"; it names no
# number, so these are wangjian's own choices, sized so that a person who mistypes is not
# stopped and a guesser gets nowhere.
# Five wrong passwords for one username within the window lock that username until the
# window has passed; thirty from one address lock that address (several staff behind one
# gateway still fit).
SIGN_IN_FAILURE_WINDOW_MINUTES = int(os.environ.get("WANGJIAN_SIGN_IN_WINDOW_MINUTES", "15"))
SIGN_IN_MAX_FAILURES_PER_USERNAME = int(os.environ.get("WANGJIAN_SIGN_IN_MAX_FAILURES", "5"))
SIGN_IN_MAX_FAILURES_PER_ADDRESS = int(
    os.environ.get("WANGJIAN_SIGN_IN_MAX_FAILURES_PER_ADDRESS", "30")
)
# A complaint's lookup code lets its holder accept or decline ODR and appeal a flag: ten wrong
# codes for one receipt number within an hour stop further tries for that number until the
# hour has passed (a six-digit code would need 100,000 days to guess).
COMPLAINT_LOOKUP_MAX_FAILURES = int(os.environ.get("WANGJIAN_LOOKUP_MAX_FAILURES", "10"))
COMPLAINT_LOOKUP_WINDOW_MINUTES = 60
# API rate limits per signed-in user and per anonymous address (DRF rate strings). 150 calls in
# ten seconds is a script, not a platform's submission run, which is batched.
API_THROTTLE_RATES = {
    "user": os.environ.get("WANGJIAN_API_RATE_USER", "120/minute"),
    "anon": os.environ.get("WANGJIAN_API_RATE_ANON", "30/minute"),
}
# API tokens expire; rotation lets the previous key work for a short overlap.
API_TOKEN_LIFETIME_DAYS = int(os.environ.get("WANGJIAN_API_TOKEN_DAYS", "90"))
API_TOKEN_ROTATION_OVERLAP_HOURS = 24
# The database cache (table created by core's migrations) is shared by every worker process.
# The API rate limits do not use it: they count in core_apiratecounter, one atomic statement a
# call (wangjian.core.api.throttling), which needs nothing beyond the database.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "wangjian_cache",
    }
}

SPECTACULAR_SETTINGS = {
    "TITLE": "wangjian API",
    "DESCRIPTION": "网监 网络市场监管与服务平台 REST API (v1)",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from the installed sidecar package: nothing is fetched from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

TASKS = {
    "default": {
        "BACKEND": os.environ.get("WANGJIAN_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("WANGJIAN_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint and fontTools narrate every document at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Outbound fetches (shop pages, evidence capture) follow wangjian.core.netpolicy: http(s) only,
# ports 80/443 plus FETCH_ALLOWED_PORTS, no loopback/private/link-local/metadata addresses
# unless a network is listed here (deployment-wide) or in FETCH_BUREAU_NETWORKS (JSON object:
# division code → networks, for one bureau's intranet targets).
# See docs/security-imports-and-fetching.md.
FETCH_ALLOWED_PORTS = [int(port) for port in env_list("WANGJIAN_FETCH_ALLOWED_PORTS", [])]
FETCH_ALLOWED_NETWORKS = env_list("WANGJIAN_FETCH_ALLOWED_NETWORKS", [])
FETCH_BUREAU_NETWORKS = json.loads(os.environ.get("WANGJIAN_FETCH_BUREAU_NETWORKS", "{}"))
FETCH_MAX_BYTES = int(os.environ.get("WANGJIAN_FETCH_MAX_BYTES", 2 * 1024 * 1024))
FETCH_TIMEOUT_SECONDS = float(os.environ.get("WANGJIAN_FETCH_TIMEOUT_SECONDS", 10))
FETCH_MAX_REDIRECTS = 5

# Running jobs write a heartbeat every JOB_HEARTBEAT_SECONDS; the worker fails a running job
# whose heartbeat is older than JOB_STALE_SECONDS (its worker died) and releases its batches.
JOB_HEARTBEAT_SECONDS = float(os.environ.get("WANGJIAN_JOB_HEARTBEAT_SECONDS", 15))
JOB_STALE_SECONDS = float(os.environ.get("WANGJIAN_JOB_STALE_SECONDS", 120))

# Import limits (rows, columns, cell size, an XLSX's uncompressed size and compression ratio,
# error rows kept, the size above which an upload runs as a job): the defaults and their reasons
# are in wangjian.core.uploads.ImportLimits; a JSON object here overrides any of them.
IMPORT_LIMITS = json.loads(os.environ.get("WANGJIAN_IMPORT_LIMITS", "{}"))
