"""Writing notifications and delivering them.

`notify()` writes the in-app rows in the caller's transaction (unique per recipient and event, so
a second call or a retried task adds nothing) and, once that transaction commits, hands the events
to Celery (`tasks.deliver`), which sends e-mail and Web Push by each recipient's preferences.
Every channel of every row is claimed by a conditional UPDATE before it is sent, so a row is
e-mailed or pushed at most once however many workers or retries run; a failed send gives the claim
back so that the retry sends it.
"""

import datetime
import json
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from common.cache import bump

from . import push
from .models import Notification, Preference, PushSubscription

log = logging.getLogger(__name__)
Kind = Notification.Kind
Delivery = Notification.Delivery


@dataclass(frozen=True)
class Notice:
    """One event for some people: what happened, in the site's language, and where to look."""

    kind: str
    event: str
    message: str
    url: str = ""
    level: int | None = None


def notify(recipient_ids, notice: Notice) -> None:
    notify_many([(recipient_ids, notice)])


def notify_many(batches) -> None:
    """`batches`: (recipient ids, Notice) pairs. Writes the rows now; delivers them on commit."""
    rows, events = [], []
    for recipient_ids, notice in batches:
        ids = {uid for uid in recipient_ids if uid is not None}
        if not ids:
            continue
        events.append(notice.event)
        rows += [
            Notification(
                recipient_id=uid,
                kind=notice.kind,
                event=notice.event[:120],
                message=notice.message[:500],
                url=notice.url[:300],
                level=notice.level,
            )
            for uid in sorted(ids)
        ]
    if not rows:
        return
    Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    for uid in {row.recipient_id for row in rows}:
        bump(f"user-{uid}")  # the bell, the list and the cadre's work page
    transaction.on_commit(lambda: _enqueue(events))


def _enqueue(events: list[str]) -> None:
    from .tasks import deliver

    for start in range(0, len(events), 200):
        try:
            deliver.delay(events[start : start + 200])
        except Exception:  # broker down: the daily sweep delivers what is still pending
            log.warning("notifications: could not enqueue delivery", exc_info=True)


def mark_read(*, user, ids=None) -> int:
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    done = qs.update(read_at=timezone.now())
    if done:
        bump(f"user-{user.pk}")
    return done


def preference_for(user) -> Preference:
    """The stored preference, or the default one (not saved)."""
    return Preference.objects.filter(user=user).first() or Preference(user=user)


# --- delivery --------------------------------------------------------------------------------


def _claim(note: Notification, channel: str) -> bool:
    return bool(
        Notification.objects.filter(pk=note.pk, **{channel: Delivery.PENDING}).update(**{channel: Delivery.SENDING})
    )


def _set(note: Notification, channel: str, state: str, **extra) -> None:
    Notification.objects.filter(pk=note.pk).update(**{channel: state}, **extra)


def absolute(url: str) -> str:
    base = settings.NOTIFICATIONS_BASE_URL.rstrip("/")
    return f"{base}{url}" if url.startswith("/") and base else url


def deliver(events) -> dict:
    """Send the pending e-mail and push of the rows of `events` (ids of events, as `notify` wrote
    them). Immediate e-mails one by one; daily-digest recipients are left to `send_digests`."""
    notes = list(
        Notification.objects.filter(event__in=list(events))
        .exclude(email__in=(Delivery.SENT, Delivery.SKIPPED), push__in=(Delivery.SENT, Delivery.SKIPPED))
        .select_related("recipient")
        .order_by("pk")
    )
    prefs = {p.user_id: p for p in Preference.objects.filter(user_id__in={n.recipient_id for n in notes})}
    subs: dict[int, list[PushSubscription]] = {}
    if push.enabled():
        for sub in PushSubscription.objects.filter(user_id__in={n.recipient_id for n in notes}):
            subs.setdefault(sub.user_id, []).append(sub)
    sent = {"email": 0, "push": 0}
    for note in notes:
        pref = prefs.get(note.recipient_id) or Preference(user_id=note.recipient_id)
        if note.email == Delivery.PENDING:
            sent["email"] += _email_one(note, pref)
        if note.push == Delivery.PENDING:
            sent["push"] += _push_one(note, pref, subs.get(note.recipient_id, []))
    return sent


def _email_one(note: Notification, pref: Preference) -> int:
    if not note.recipient.email or not note.recipient.is_active or not pref.wants("email", note.kind):
        _set(note, "email", Delivery.SKIPPED)
        return 0
    if pref.email == Preference.Email.DAILY:
        return 0  # stays pending for the digest
    if not _claim(note, "email"):
        return 0  # another worker has it
    try:
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("[Directive tracking] %(message)s") % {"message": note.message[:80]}
            note.link = absolute(note.url)
            body = render_to_string("notifications/email.txt", {"notes": [note]})
        EmailMessage(subject, body, to=[note.recipient.email]).send()
    except Exception:
        _set(note, "email", Delivery.PENDING)  # give the claim back: the retry sends it
        raise
    _set(note, "email", Delivery.SENT, emailed_at=timezone.now())
    return 1


def _push_one(note: Notification, pref: Preference, subscriptions) -> int:
    if not subscriptions or not note.recipient.is_active or not pref.wants("push", note.kind):
        _set(note, "push", Delivery.SKIPPED)
        return 0
    if not _claim(note, "push"):
        return 0
    payload = json.dumps(
        {"title": note.get_kind_display(), "body": note.message, "url": absolute(note.url) or "/"},
        ensure_ascii=False,
    )
    delivered = 0
    for sub in subscriptions:
        outcome = push.send(sub, payload)
        if outcome == push.GONE:
            # The browser revoked the subscription (404/410 from its push service): forget it.
            PushSubscription.objects.filter(pk=sub.pk).delete()
        elif outcome == push.OK:
            delivered += 1
            PushSubscription.objects.filter(pk=sub.pk).update(last_sent_at=timezone.now())
    # A push service that failed otherwise (5xx, timeout) is not retried: push is best effort,
    # the notice stays in the bell and goes by e-mail.
    _set(note, "push", Delivery.SENT if delivered else Delivery.SKIPPED)
    return 1 if delivered else 0


def send_digests(*, now: datetime.datetime | None = None) -> int:
    """One e-mail per daily-digest recipient listing what is still to be e-mailed. Each person's
    rows are claimed in one UPDATE first, so two runs never send the same row. Returns e-mails sent."""
    now = now or timezone.now()
    User = get_user_model()
    users = User.objects.filter(
        is_active=True,
        notification_preference__email=Preference.Email.DAILY,
        notifications__email=Delivery.PENDING,
    ).exclude(email="").distinct()
    sent = 0
    for user in users:
        claimed = Notification.objects.filter(recipient=user, email=Delivery.PENDING, created_at__lte=now)
        ids = list(claimed.values_list("pk", flat=True))
        if not Notification.objects.filter(pk__in=ids, email=Delivery.PENDING).update(email=Delivery.SENDING):
            continue
        notes = list(Notification.objects.filter(pk__in=ids, email=Delivery.SENDING).order_by("created_at"))
        pref = preference_for(user)
        keep = [n for n in notes if pref.wants("email", n.kind)]
        Notification.objects.filter(pk__in=[n.pk for n in notes if n not in keep]).update(email=Delivery.SKIPPED)
        if not keep:
            continue
        try:
            with translation.override(settings.LANGUAGE_CODE):
                subject = _("[Directive tracking] %(count)d things wait on you") % {"count": len(keep)}
                for n in keep:
                    n.link = absolute(n.url)
                body = render_to_string("notifications/email.txt", {"notes": keep})
            EmailMessage(subject, body, to=[user.email]).send()
        except Exception:
            Notification.objects.filter(pk__in=[n.pk for n in keep]).update(email=Delivery.PENDING)
            raise
        Notification.objects.filter(pk__in=[n.pk for n in keep]).update(email=Delivery.SENT, emailed_at=now)
        sent += 1
    return sent


def pending_events(*, older_than: datetime.timedelta = datetime.timedelta(minutes=10)) -> list[str]:
    """Events with an immediate channel still pending (their delivery was never enqueued, e.g. the
    broker was down): the daily sweep delivers them."""
    cutoff = timezone.now() - older_than
    digest_users = Preference.objects.filter(email=Preference.Email.DAILY).values("user_id")
    pending = Notification.objects.filter(created_at__lt=cutoff).filter(
        push=Delivery.PENDING
    ) | Notification.objects.filter(created_at__lt=cutoff, email=Delivery.PENDING).exclude(
        recipient_id__in=digest_users
    )
    return list(pending.values_list("event", flat=True).distinct()[:5000])
