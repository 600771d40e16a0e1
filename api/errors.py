"""Every API error is JSON: {"code": machine code, "detail": a sentence in the interface language
(Vietnamese by default)}, with "errors" per field when input is invalid."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.http.request import RawPostDataException
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

# Conflicts: the record cannot be stored as drafted because the world changed meanwhile (the unit
# was closed, the meeting locked). The client keeps the draft and shows the message.
CONFLICT_CODES = {"unit_closed", "meeting_locked"}


class ApiError(HttpError):
    def __init__(self, status_code: int, code: str, message: str) -> None:
        super().__init__(status_code, message)
        self.code = code


def body(code: str, detail: str, **extra) -> dict:
    return {"code": code, "detail": str(detail), **extra}


def _field(loc) -> str:
    """pydantic's location ("body", "data", "client_id") as the field name the client sent."""
    parts = [str(p) for p in loc]
    while parts and parts[0] in ("body", "data", "query", "path", "form", "file"):
        parts.pop(0)
    return ".".join(parts) or "body"


def install(api) -> None:
    def respond(request, status, code, detail, **extra):
        return api.create_response(request, body(code, detail, **extra), status=status)

    @api.exception_handler(ApiError)
    def api_error(request, exc):
        return respond(request, exc.status_code, exc.code, exc.message)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return respond(
            request,
            401,
            "token_missing",
            _("Sign in or send an API token: “Authorization: Bearer <token>”."),
        )

    @api.exception_handler(Throttled)
    def throttled(request, exc):
        return respond(request, 429, "rate_limited", _("Too many requests with this token; wait a moment and retry."))

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        if exc.status_code == 400:
            return respond(request, 400, "malformed_json", _("The request body is not valid JSON."))
        if exc.status_code == 403:
            return respond(request, 403, "csrf_failed", _("The form's security token is missing or expired; reload the page."))
        return respond(request, exc.status_code, "error", str(exc))

    @api.exception_handler(RawPostDataException)
    def form_body(request, exc):
        # A form post (already read as a form by the middleware) where JSON is expected.
        return respond(request, 400, "malformed_json", _("The request body is not valid JSON."))

    @api.exception_handler(NinjaValidationError)
    def invalid(request, exc):
        errors = [
            {"field": _field(e.get("loc", ())), "code": e.get("type", "")}
            for e in exc.errors
        ]
        return respond(request, 422, "invalid", _("Some fields are missing or not valid."), errors=errors)

    @api.exception_handler(DjangoValidationError)
    def refused(request, exc):
        codes = {e.code for e in exc.error_list} if not hasattr(exc, "error_dict") else {
            e.code for errors in exc.error_dict.values() for e in errors
        }
        messages = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        errors = [{"field": f, "message": m} for f, ms in messages.items() for m in ms]
        conflict = codes & CONFLICT_CODES
        if conflict:
            return respond(request, 409, sorted(conflict)[0], " ".join(e["message"] for e in errors), errors=errors)
        return respond(request, 422, "invalid", " ".join(e["message"] for e in errors), errors=errors)

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return respond(request, 403, "forbidden", str(exc) or _("This lies outside what your account may see or do."))

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return respond(request, 404, "not_found", _("Nothing with this code or id."))
