"""Making, checking and revoking API tokens (the page, the command and the API share these)."""

import datetime
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from .models import ApiToken

PREFIX = "pt_"


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def create(*, user, name: str, days: int | None = None, acting_user=None) -> tuple[ApiToken, str]:
    """A new token for `user`; returns it and the key, which is never shown again."""
    key = PREFIX + secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user,
        name=name.strip() or "API",
        key_hash=digest(key),
        prefix=key[:10],
        created_at=now,
        created_by=acting_user or user,
        expires_at=now + datetime.timedelta(days=days) if days else None,
    )
    return token, key


def revoke(token: ApiToken) -> bool:
    """Revoke a token (kept, with the time): False when it already was."""
    return bool(ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now()))


def find(key: str) -> ApiToken | None:
    """The token of `key` (active or not), with its owner; one query."""
    if not key or len(key) > 200:
        return None
    return ApiToken.objects.select_related("user", "user__home_unit", "user__home_org").filter(
        key_hash=digest(key)
    ).first()


def touch(token: ApiToken) -> None:
    """Record use at most once a minute (no write per request)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
