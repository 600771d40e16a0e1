"""Production: refuses to start without a real SECRET_KEY; HTTPS-only cookies and HSTS."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import LOGGING, SECRET_KEY, env

DEBUG = env.bool("DEBUG", default=False)
LOGGING["handlers"]["console"]["formatter"] = env("LOG_FORMAT", default="json")

if not SECRET_KEY or SECRET_KEY.startswith("insecure-") or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "SECRET_KEY is missing or insecure: set the SECRET_KEY environment variable to a random "
        "string of at least 50 characters before starting in production "
        "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(64))')."
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# E-mail by SMTP in production (EMAIL_URL, e.g. smtp+tls://user:password@mail.example.vn:587); a local
# relay on port 25 when unset.
vars().update(env.email_url("EMAIL_URL", default="smtp://localhost:25"))
