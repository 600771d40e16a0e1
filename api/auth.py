"""Who calls: a token (`Authorization: Bearer <key>`, other systems) or the signed-in session (the
offline client in the browser, with the CSRF token). Either way the caller acts as one user, and
every read and write goes through that user's scope (units.scope)."""

from django.conf import settings
from django.utils.translation import gettext as _
from ninja.security import HttpBearer, SessionAuth
from ninja.throttling import AuthRateThrottle

from . import tokens
from .errors import ApiError


class BearerToken(HttpBearer):
    def __call__(self, request):
        header = request.headers.get("Authorization")
        if not header:
            return None  # the session may still be there
        scheme, _sep, key = header.partition(" ")
        if scheme.lower() != "bearer" or not key.strip():
            raise ApiError(401, "token_malformed", _("The Authorization header must read “Bearer <token>”."))
        return self.authenticate(request, key.strip())

    def authenticate(self, request, token):
        found = tokens.find(token)
        if found is None:
            raise ApiError(401, "token_invalid", _("This API token is not known."))
        if found.is_revoked:
            raise ApiError(401, "token_revoked", _("This API token was revoked; ask for a new one."))
        if found.is_expired():
            raise ApiError(401, "token_expired", _("This API token has expired; ask for a new one."))
        if not found.user.is_active:
            raise ApiError(401, "user_inactive", _("The account of this API token is disabled."))
        tokens.touch(found)
        request.user = found.user
        return found


class Session(SessionAuth):
    """The browser's session, CSRF-checked on writes; absent (not a 403) when nobody is signed in."""

    def __call__(self, request):
        if not getattr(request.user, "is_authenticated", False):
            return None
        return super().__call__(request)


class TokenRateThrottle(AuthRateThrottle):
    """`settings.API_RATE` (e.g. "120/m") per token, or per signed-in user for the session."""

    def __init__(self):
        super().__init__(rate=self._rate())

    @staticmethod
    def _rate():
        return getattr(settings, "API_RATE", "120/m")

    def allow_request(self, request):
        self.rate = self._rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request):
        auth = getattr(request, "auth", None)
        if isinstance(auth, tokens.ApiToken):
            ident = f"t{auth.key_hash[:24]}"
        elif auth is not None:
            ident = f"u{auth.pk}-{auth.date_joined.timestamp():.0f}"
        else:
            ident = self.get_ident(request)
        return f"api-throttle:{ident}"
