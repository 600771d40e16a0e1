"""Sign-in lockouts (django-axes) as the provincial office sees and lifts them.

A lockout is a username/address pair (AXES_LOCKOUT_PARAMETERS) whose failed attempts within the
cool-off period reach AXES_FAILURE_LIMIT; it ends by itself AXES_COOLOFF_TIME after the last failure.
Lifting deletes the pair's attempt rows (what axes counts) and records a LockoutLift.
"""

import dataclasses
import datetime

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_ipv46_address
from django.db import transaction
from django.db.models import Max, Q, Sum
from django.utils import timezone

from .models import LockoutLift


def can_manage(user) -> bool:
    """Only the provincial office sees and lifts lockouts."""
    return bool(getattr(user, "is_authenticated", False) and user.sees_everything)


@dataclasses.dataclass(frozen=True)
class Lockout:
    username: str
    ip_address: str | None
    failures: int
    last_failure_at: datetime.datetime
    until: datetime.datetime

    @property
    def key(self) -> str:
        # Addresses hold no space; everything after the first space is the username as typed.
        return f"{self.ip_address or '-'} {self.username}"


def _parse(key: str) -> tuple[str | None, str] | None:
    """(address, username) from a key; None for one no lockout could have (not an address)."""
    ip, _sep, username = key.partition(" ")
    if ip == "-":
        return None, username
    try:
        validate_ipv46_address(ip)
    except ValidationError:
        return None
    return ip, username


def _pair_q(ip, username) -> Q:
    return Q(ip_address=ip) & (Q(username=username) if username else Q(username__isnull=True) | Q(username=""))


def current(keys=None) -> list[Lockout]:
    """The lockouts in force now, newest first (one GROUP BY); only those of `keys` if given."""
    cool_off = get_cool_off()
    qs = AccessAttempt.objects.all()
    if cool_off is not None:
        qs = qs.filter(attempt_time__gte=timezone.now() - cool_off)
    if keys is not None:
        pairs = [pair for pair in map(_parse, keys) if pair is not None]
        if not pairs:
            return []
        where = Q()
        for ip, username in pairs:
            where |= _pair_q(ip, username)
        qs = qs.filter(where)
    rows = (
        qs.values("username", "ip_address")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .order_by("-last", "username")
    )
    return [
        Lockout(
            username=row["username"] or "",
            ip_address=row["ip_address"],
            failures=row["failures"],
            last_failure_at=row["last"],
            until=row["last"] + cool_off if cool_off is not None else None,
        )
        for row in rows
    ]


@transaction.atomic
def lift(keys, *, acting_user) -> list[Lockout]:
    """Lift the chosen lockouts still in force; returns those lifted (none: nothing written)."""
    lockouts = current(keys)
    if not lockouts:
        return []
    where = Q()
    for lockout in lockouts:
        where |= _pair_q(lockout.ip_address, lockout.username)
    AccessAttempt.objects.filter(where).delete()
    LockoutLift.objects.bulk_create(
        LockoutLift(
            username=lockout.username,
            ip_address=lockout.ip_address,
            failures=lockout.failures,
            last_failure_at=lockout.last_failure_at,
            lifted_by=acting_user,
        )
        for lockout in lockouts
    )
    return lockouts


def recent_lifts(limit=30):
    return LockoutLift.objects.select_related("lifted_by")[:limit]
