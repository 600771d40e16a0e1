"""Settings shared by every environment. Everything that differs comes from the environment."""

from pathlib import Path

import environ
from csp.constants import NONCE
from django.utils.translation import gettext_lazy as _

from config.release import code_digest

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A local .env is convenient for developers; production passes real environment variables.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="insecure-local-development-key-do-not-use-in-production")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# A form sent without a valid token: a Vietnamese page in the site's layout (templates/403_csrf.html).
CSRF_FAILURE_VIEW = "accounts.errors.csrf_failure"

INSTALLED_APPS = [
    "config.admin.ScopedAdminConfig",  # django.contrib.admin, choices held to the scope
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "import_export",
    "axes",
    "django_celery_beat",
    # Audit trail of assignments, petitions, pledges, evaluations, reviews, meetings and decisions.
    "simple_history",
    # Optional TOTP two-factor sign-in (accounts.otp).
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Project apps; dependencies point down this list (units and directives know nobody): enforced by
    # the import-linter contracts in pyproject.toml, run by .ci/run.
    "units",
    "directives",
    "accounts",
    # The grading rules, caps and discipline: below pledges and cells, which both grade.
    "grading",
    "assignments",
    "pledges",
    "cells",
    "dashboards",
    # What waits on each person (bell, e-mail, Web Push): listens to the features' signals.
    "notifications",
    # The API for other systems and the offline client (/api/v1/); nobody imports it.
    "api",
    # django-ninja: its Swagger UI files (static/ninja/), served by us so the docs need no CDN.
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "common.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # A NUL character in the address or query string: 400 (PostgreSQL refuses such text).
    "common.middleware.RejectNulMiddleware",
    # Posted text read as NFC, as it is stored: length checks count what will be stored.
    "common.middleware.NormalisePostedTextMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Two-step sign-in: user.is_verified(), then the code page for those who must verify.
    "django_otp.middleware.OTPMiddleware",
    "accounts.otp.RequireOTPMiddleware",
    # Records the signed-in user as the author of each history entry (simple_history).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes requires: it turns lockouts raised during sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # {{ bell }}: the unread count in the header (cached; no query on a hit).
                "notifications.context_processors.bell",
            ],
            # {% memo %}: parts of the layout rendered once per process (common/memo.py).
            "libraries": {"memo": "common.memo"},
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# Persistent connections: measured 280 -> 1,857 req/s on a one-query page (docs/STYLE floors).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if env("DATABASE_REPLICA_URL", default=""):
    # A streaming replica of the primary, read by the dashboards through config.routers.use_replica().
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["config.routers.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
OTP_TOTP_ISSUER = "Theo dõi nghị quyết"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTHENTICATION_BACKENDS = [
    # Refuses sign-in while a username/address pair is locked out, before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.UserBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
# Sessions in the database, read through the cache (one query less per page; still works with the
# cache server down).
SESSION_ENGINE = "common.sessions"

# No inline scripts (nonce only) and nothing from other hosts: the app also runs on intranets.
# Inline style attributes stay allowed: the Django admin uses them.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Vietnamese by default, English selectable. Dates are shown dd/mm/yyyy in both.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded evidence lives outside the web root and is served only through scoped views.
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
# Roster imports (units): the upload size limit, and the row count above which an import runs
# as a Celery task while the page shows its progress.
ROSTER_IMPORT_MAX_BYTES = env.int("ROSTER_IMPORT_MAX_BYTES", default=10 * 1024 * 1024)
ROSTER_IMPORT_BACKGROUND_ROWS = env.int("ROSTER_IMPORT_BACKGROUND_ROWS", default=2000)
# Refused before parsing: a file with more rows than this (all sheets, read as a stream and stopped
# there), and any uploaded zip (.xlsx, .docx) whose parts unpack to more bytes than this (zip bombs).
ROSTER_IMPORT_MAX_ROWS = env.int("ROSTER_IMPORT_MAX_ROWS", default=200_000)
UPLOAD_MAX_UNCOMPRESSED_BYTES = env.int("UPLOAD_MAX_UNCOMPRESSED_BYTES", default=100 * 1024 * 1024)
# Pledges: evidence uploads (bytes) and public comments per address ("<count>/<s|m|h|d>").
PLEDGE_EVIDENCE_MAX_BYTES = env.int("PLEDGE_EVIDENCE_MAX_BYTES", default=5 * 1024 * 1024)
PLEDGE_COMMENT_RATE = env("PLEDGE_COMMENT_RATE", default="5/h")
# Pledges: base of the short URLs/QR codes given to the public (empty: the request's host), and
# how many trusted reverse proxies append to X-Forwarded-For (0: use REMOTE_ADDR only).
PLEDGE_PUBLIC_BASE_URL = env("PLEDGE_PUBLIC_BASE_URL", default="")
PLEDGE_TRUSTED_PROXY_COUNT = env.int("PLEDGE_TRUSTED_PROXY_COUNT", default=0)
# API (/api/v1/): requests per token (or signed-in user) and period; photos on contacts/petitions.
API_RATE = env("API_RATE", default="120/m")
FIELD_PHOTO_MAX_BYTES = env.int("FIELD_PHOTO_MAX_BYTES", default=5 * 1024 * 1024)

# Redis is the broker and the cache when REDIS_URL is set; without it tasks run eagerly
# in-process and the cache is local memory, so `make run` needs no other service.
REDIS_URL = env("REDIS_URL", default="")
# Cached pages and figures belong to one release of the code (config/release.py).
CACHE_KEY_PREFIX = env("CACHE_KEY_PREFIX", default="") or code_digest(BASE_DIR)
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
else:
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = "cache+memory://"
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = True
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Without a broker there is no beat either: each web process then runs the beat schedule itself in
# a thread (config/scheduler.py; an entry is claimed by one process, so it runs once).
IN_PROCESS_SCHEDULER = env.bool("IN_PROCESS_SCHEDULER", default=not REDIS_URL)
# Separate queues so one long import never delays a rollup; run a worker per queue in production
# (`celery -A config worker -Q rollups`); a worker started without -Q consumes them all.
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_QUEUES = {name: {} for name in ("default", "imports", "rollups", "notifications")}
# By task name: the module path for tasks named after their function, the explicit names otherwise.
CELERY_TASK_ROUTES = {
    "units.tasks.*": {"queue": "imports"},
    "units.roster_import": {"queue": "imports"},
    "cells.tasks.*": {"queue": "rollups"},
    "assignments.tasks.*": {"queue": "notifications"},
    "assignments.escalate_overdue_petitions": {"queue": "notifications"},
    "pledges.tasks.*": {"queue": "notifications"},
    "notifications.*": {"queue": "notifications"},
}
# Dashboards cache their figures this long per organisation, period and scope (0 = no cache).
DASHBOARD_CACHE_SECONDS = env.int("DASHBOARD_CACHE_SECONDS", default=120)
# The coverage page's figures; any change to assignments or units rebuilds them at once.
COVERAGE_CACHE_SECONDS = env.int("COVERAGE_CACHE_SECONDS", default=120)
# A published pledge's public page; any change to it or its comments rebuilds it at once.
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=600)
# A cell's meeting calendar; any change to its meetings rebuilds it at once.
CALENDAR_CACHE_SECONDS = env.int("CALENDAR_CACHE_SECONDS", default=300)
# A cadre's work page; any change to their contacts, petitions or notifications rebuilds it at once.
PERSONAL_PAGE_CACHE_SECONDS = env.int("PERSONAL_PAGE_CACHE_SECONDS", default=300)
# What the cells rollup reads from the apps below it (cells.inputs), by figure: each a dotted path
# to a selector, imported when cells starts (its AppConfig.ready), so a misspelt path stops the site
# at startup instead of showing "chưa có dữ liệu" for a figure that exists. A figure whose app is not
# installed is left out: the rollup then reports it as unavailable, never as zero.
CELL_INPUT_PROVIDERS = {
    "petitions": "assignments.selectors.petition_counts",
    "assignments": "assignments.selectors.active_assignments",
    "pledges": "pledges.selectors.pledge_counts_by_org",
    "commitments": "pledges.selectors.commitment_counts_by_org",
    "remediation": "pledges.selectors.remediation_counts_by_org",
}
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
# A task is acknowledged once done, so a worker killed mid-task has it redelivered (tasks are
# idempotent: they claim their run/import row first); one message per worker process at a time.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Longer than the longest task, so Redis never redelivers a task that is still running.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 2 * 3600}
# The schedule lives in the database (django-celery-beat) so the office can see and change it.
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# Notifications (notifications app). E-mail through Django's backend: EMAIL_URL (django-environ:
# smtp+tls://user:password@host:587, smtp+ssl://…:465); unset = printed on the console (local).
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Theo dõi nghị quyết <no-reply@localhost>")
# Links in e-mails and pushes: the site's public address (e.g. https://tinhuy.example.vn).
NOTIFICATIONS_BASE_URL = env("NOTIFICATIONS_BASE_URL", default="")
# Web Push (VAPID): both keys empty = push switched off (the bell and e-mail still work). The private
# key as base64url (raw 32 bytes or DER) or a PEM file path; the subject a mailto: or https: contact.
VAPID_PUBLIC_KEY = env("VAPID_PUBLIC_KEY", default="")
VAPID_PRIVATE_KEY = env("VAPID_PRIVATE_KEY", default="")
VAPID_SUBJECT = env("VAPID_SUBJECT", default="mailto:admin@localhost")
# Push services are HTTPS; tests point subscriptions at a local plain-HTTP server.
WEBPUSH_ALLOW_HTTP = env.bool("WEBPUSH_ALLOW_HTTP", default=False)
# The signed-in user (with home unit, organisation and roles) is read from the cache, not the
# database, until the account, its roles or the units change (accounts.backends).
SIGNED_IN_USER_CACHE_SECONDS = env.int("SIGNED_IN_USER_CACHE_SECONDS", default=600)
# Party organisations looked up by code on every cell and dashboard page (units.scope.org_by_code).
ORG_CACHE_SECONDS = env.int("ORG_CACHE_SECONDS", default=600)
# The bell's unread count is cached until the person's notifications change.
BELL_CACHE_SECONDS = env.int("BELL_CACHE_SECONDS", default=300)

# LOG_FORMAT=json gives one JSON object per line for log shippers (production default).
LOG_FORMAT = env("LOG_FORMAT", default="plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "config.logging.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # django-axes announces itself at INFO on every start; lockouts still log at WARNING.
    "loggers": {"axes": {"level": "WARNING"}},
}
# Widgets rendered by Jinja2 where Django has its templates (≈ 2x faster), the rest by the Django engine.
FORM_RENDERER = "common.renderers.FastFormRenderer"
