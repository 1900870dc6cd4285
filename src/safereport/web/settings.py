"""Django settings for the Safe Reporting service: everything comes from the environment
(`config.py`); nothing here is a secret."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.conf.locale import LANG_INFO as DJANGO_LANG_INFO

from safereport.audit import keyfile
from safereport.notices import languages as shipped_languages
from safereport.web import config

BASE_DIR = Path(__file__).resolve().parent
DEBUG = config.flag("SAFEREPORT_DEBUG", default=True)
config.require_production_settings(DEBUG)

SECRET_KEY = os.environ.get("SAFEREPORT_SECRET_KEY") or config.local_secret("secret-key")
ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("SAFEREPORT_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(
        ","
    )
    if host.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "safereport.web",
    "safereport.accounts",
    "safereport.audit",
    "safereport.casework",
    "safereport.enforcement",
    "safereport.pathways",
    "safereport.notices",
    "safereport.oversight",
    "safereport.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "safereport.web.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check, so that a role that may not use a route gets the same 404 as an
    # unknown address, not a 403 that tells the two apart (its views are chosen in process_view,
    # after AuthenticationMiddleware has set request.user).
    "safereport.web.middleware.SignInRequiredMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the user is known (its pages show the navigation), before any view or check reads.
    "safereport.web.middleware.BadInputMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "safereport.web.middleware.ErrorPagesMiddleware",
]

ROOT_URLCONF = "safereport.web.urls"
WSGI_APPLICATION = "safereport.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "safereport.web.navigation.navigation",
            ],
            "builtins": ["safereport.web.kit.plain"],
        },
    },
]

# SQLite by default (a file in var/); PostgreSQL when DATABASE_URL is set (psycopg 3).
DATABASE_URL = os.environ.get("DATABASE_URL")
if DATABASE_URL:
    # A connection kept between requests is checked before it is reused: after a database
    # restart, the first request of each idle worker would otherwise fail on a dead connection.
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
    }
    # Values sent apart from the SQL, and a statement a connection has run 5 times prepared on
    # the server: parsed and planned once, not on every request. This halved the database's CPU
    # for a sharing decision and cut the workers' too (README, "A sharing decision through the
    # API"). Off for a pooler that cannot keep prepared statements (PgBouncer in transaction
    # mode without max_prepared_statements): SAFEREPORT_DATABASE_PREPARED=false.
    if config.flag("SAFEREPORT_DATABASE_PREPARED", default=True):
        DATABASES["default"].setdefault("OPTIONS", {}).update(
            server_side_binding=True, prepare_threshold=5
        )
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(config.private_file(config.var_dir() / "safereport.sqlite3")),
            "OPTIONS": {
                # IMMEDIATE: a writing transaction takes the write lock at BEGIN, so concurrent
                # audit appends queue instead of failing on a lock upgrade.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                # secure_delete: SQLite zeroes the bytes of what is deleted or overwritten,
                # which would otherwise stay in the file's free space after an erasure.
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, also turning away the users of an inactive organisation.
    "safereport.accounts.backends.ActiveAccountBackend",
]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# A set-password link (accounts/passwords.py) works once, and only for this long: Django's
# token changes with the password it sets, and carries the time it was made.
# How long personal data is kept (`safereport retention`): a concluded case's, from the day it
# concluded; a third-party report never recorded as a case, from its submission; Immigration
# Enforcement's copy of a disclosure, from its receipt. The defaults (README) are to be
# confirmed by the forces' data protection officers.
RETENTION_CASE_YEARS = config.integer("SAFEREPORT_RETENTION_CASE_YEARS", 6)
RETENTION_THIRD_PARTY_REPORT_MONTHS = config.integer(
    "SAFEREPORT_RETENTION_THIRD_PARTY_REPORT_MONTHS", 12
)
RETENTION_DISCLOSURE_YEARS = config.integer("SAFEREPORT_RETENTION_DISCLOSURE_YEARS", 6)

PASSWORD_RESET_TIMEOUT = config.integer("SAFEREPORT_PASSWORD_LINK_HOURS", 24) * 3600  # seconds
# How long the API remembers the answer to a POST sent with an Idempotency-Key (api/idempotency.py).
IDEMPOTENCY_KEY_HOURS = config.integer("SAFEREPORT_IDEMPOTENCY_KEY_HOURS", 24)
LOGIN_URL = "sign-in"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "sign-in"

# Background tasks (django-tasks) are queued in the database, so that SQLite and PostgreSQL both
# keep them; `safereport db_worker --queue-name '*'` runs them (`make run` starts one). The
# regime comparisons (10 to 30 s each) have a queue of their own, so a worker can leave them.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "comparisons"],
    }
}

# Staff email (the set-password links) goes through Django's email interface: in local mode it is
# printed on the console `make run` serves from; a deployment names its backend (SMTP here, or a
# GOV.UK Notify email backend) and its relay. Victims' notices go through Notify (below).
EMAIL_BACKEND = os.environ.get("SAFEREPORT_EMAIL_BACKEND") or (
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("SAFEREPORT_EMAIL_HOST", "localhost")
EMAIL_PORT = config.integer("SAFEREPORT_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("SAFEREPORT_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("SAFEREPORT_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = config.flag("SAFEREPORT_EMAIL_TLS", default=False)
EMAIL_TIMEOUT = 10  # seconds: an administrator's page waits for the relay
DEFAULT_FROM_EMAIL = os.environ.get("SAFEREPORT_EMAIL_FROM", "Safe Reporting <no-reply@localhost>")

# Lock-out after repeated failed sign-ins (django-axes), counted per username and address.
AXES_FAILURE_LIMIT = config.integer("SAFEREPORT_SIGNIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = config.integer("SAFEREPORT_SIGNIN_LOCKOUT_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "safereport.accounts.views.locked_out"  # says when the pause lifts
AXES_VERBOSE = False
# Axes keeps a keyed hash of each username tried, never the name typed (accounts.lockouts).
AXES_USERNAME_CALLABLE = "safereport.accounts.lockouts.axes_username"

# Idle sessions expire: every request renews the cookie, so only inactivity ends it.
SESSION_COOKIE_AGE = config.integer("SAFEREPORT_IDLE_TIMEOUT_MINUTES", 30) * 60  # seconds
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Behind HTTPS (production), cookies are secure and browsers are told to insist on HTTPS.
SECURE_HTTPS = config.flag("SAFEREPORT_HTTPS", default=not DEBUG)
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if SECURE_HTTPS else 0  # one year, in seconds
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HTTPS
# Plain HTTP is redirected to HTTPS (but /health, which a load balancer may ask over HTTP).
SECURE_SSL_REDIRECT = SECURE_HTTPS
SECURE_REDIRECT_EXEMPT = [r"^health$"]
# A proxy's X-Forwarded-Proto is believed only when the operator says a proxy in front sets it
# (SAFEREPORT_TRUSTED_PROXY): otherwise any client could claim HTTPS by sending the header.
TRUSTED_PROXY = config.flag("SAFEREPORT_TRUSTED_PROXY", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXY else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# The languages notices ship in (notices/languages.py) and the project's catalogs. No
# LocaleMiddleware: the staff pages stay in English (LANGUAGE_CODE), and a notice chooses its
# language explicitly with `translation.override`, never from the request.
LANGUAGES = [(lang.code, lang.name) for lang in shipped_languages.LANGUAGES]
LANGUAGES_BIDI = [lang.code for lang in shipped_languages.LANGUAGES if lang.direction == "rtl"]
LOCALE_PATHS = [BASE_DIR.parent / "locale"]
# Django has no setting for a language it does not know itself (Somali): its table of languages
# is extended instead, as its own `get_language_info` reads it, so that the `{% get_language_info
# %}` tags and `get_language_info()` answer for every shipped language.
for _lang in shipped_languages.LANGUAGES:
    DJANGO_LANG_INFO.setdefault(
        _lang.code,
        {
            "bidi": _lang.direction == "rtl",
            "code": _lang.code,
            "name": _lang.name,
            "name_local": _lang.name_local,
        },
    )

STATIC_URL = "/static/"
STATIC_ROOT = config.var_dir() / "static"  # only `collectstatic` fills it; see below
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # serve from the app's static folders without collectstatic

# The audit log: origin line of its checkpoints, signing key, and automatic checkpoint interval.
SAFEREPORT_SITE_DOMAIN = os.environ.get("SAFEREPORT_SITE_DOMAIN", "safereport.localhost")
AUDIT_ORIGIN = keyfile.audit_origin()
AUDIT_SIGNING_KEY_FILE = Path(
    os.environ.get("SAFEREPORT_AUDIT_SIGNING_KEY_FILE", config.var_dir() / "audit-signing.key")
)
# Local mode generates the key on first use; production refuses to start without one.
AUDIT_GENERATES_SIGNING_KEY = DEBUG
if not DEBUG:
    config.require_audit_key_file(AUDIT_SIGNING_KEY_FILE)
AUDIT_CHECKPOINT_EVERY = config.integer("SAFEREPORT_AUDIT_CHECKPOINT_EVERY", 100)  # events
# How old the statistics page's last count may be before a view asks the worker for a new one.
STATISTICS_MAX_AGE_MINUTES = config.integer("SAFEREPORT_STATISTICS_MAX_AGE_MINUTES", 15)
# Outside witnesses (C2SP tlog-witness) each checkpoint is submitted to: (URL, verifier key).
# Processes `audit verify` checks the leaves in, side by side: one per core, up to four.
AUDIT_VERIFY_PROCESSES = config.integer(
    "SAFEREPORT_AUDIT_VERIFY_PROCESSES", min(os.cpu_count() or 1, 4)
)
AUDIT_WITNESSES = config.witnesses("SAFEREPORT_AUDIT_WITNESSES")
AUDIT_WITNESS_TIMEOUT = config.integer("SAFEREPORT_AUDIT_WITNESS_TIMEOUT", 10)  # seconds

# Personal data is encrypted at rest (AES-256-GCM) under a key ring: the first key encrypts, every
# key decrypts, and `safereport rotate-keys` re-encrypts under the first. Comma-separated
# `id:base64key` pairs; generated into var/ for local use, mandatory in production.
FIELD_ENCRYPTION_KEYS = os.environ.get("SAFEREPORT_FIELD_ENCRYPTION_KEYS") or (
    config.local_field_key_ring()
)

# Victim notices by text message, email and letter go through GOV.UK Notify (`notices.notify`).
# Without SAFEREPORT_NOTIFY_API_KEY the service still starts: local mode sends through an in-memory
# fake, and production refuses those channels with the reason (notices are then given in person).
# With a key, the three template ids and (outside local mode) the callback token are mandatory.
_notify = config.notify_settings(DEBUG)  # lower case: not a setting itself
NOTIFY_API_KEY = _notify.api_key
NOTIFY_FAKE = _notify.fake
NOTIFY_TEMPLATE_SMS = _notify.template_sms
NOTIFY_TEMPLATE_EMAIL = _notify.template_email
NOTIFY_TEMPLATE_LETTER = _notify.template_letter
NOTIFY_CALLBACK_TOKEN = _notify.callback_token

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Request logs name the route, never the path typed (web/logs.py, RouteNotPath).
    "filters": {"route_not_path": {"()": "safereport.web.logs.RouteNotPath"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["route_not_path"]}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # runserver's access lines through the same handler, so that they lose their paths too.
    "loggers": {"django.server": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}
