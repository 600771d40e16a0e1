"""Test runs: the same database choice as the environment (SQLite by default, PostgreSQL via DATABASE_URL)."""

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files from the app folders (no collectstatic needed for the browser journeys).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# A second alias mirroring the primary, so the dashboards' read-replica routing runs for real in tests.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405

# The test client's login() calls authenticate() without a request, which django-axes refuses; the
# lockout itself is tested through the real sign-in form with the axes backend switched back on.
AUTHENTICATION_BACKENDS = ["accounts.backends.UserBackend"]

# Tests see every change at once; test_dashboard_cache.py switches the cache on.
DASHBOARD_CACHE_SECONDS = 0
COVERAGE_CACHE_SECONDS = 0
PUBLIC_PAGE_CACHE_SECONDS = 0
CALENDAR_CACHE_SECONDS = 0
PERSONAL_PAGE_CACHE_SECONDS = 0
SIGNED_IN_USER_CACHE_SECONDS = 0
ORG_CACHE_SECONDS = 0

# Test servers run no scheduler thread; tests/config/test_scheduler.py starts one where it tests it.
IN_PROCESS_SCHEDULER = False
