"""What is waiting on someone: one row per recipient and event, shown in the bell, sent by e-mail
and Web Push according to the recipient's preferences."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """An in-app notice. `event` names what happened ("petition:12:escalation:3"); a recipient is
    notified of an event once (unique constraint), however often the sender or a retry runs."""

    class Kind(models.TextChoices):
        ESCALATION = "escalation", _("Overdue petition escalated")
        FORWARDED = "forwarded", _("Petition forwarded")
        ANSWERED = "answered", _("Petition answered")
        RETURNED = "returned", _("Petition returned")
        OVERDUE = "overdue", _("Petition overdue")
        APPROVAL = "approval", _("Pledge waiting for approval")
        MODERATION = "moderation", _("Comment waiting for moderation")
        PUBLISHED = "published", _("Pledge published")
        MEETING = "meeting", _("Meeting planned")
        MEETING_SOON = "meeting_soon", _("Meeting tomorrow")
        DEADLINE = "deadline", _("Deadline in two days")

    class Delivery(models.TextChoices):
        PENDING = "", _("waiting")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        SKIPPED = "skipped", _("not sent (preferences)")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    event = models.CharField(_("event"), max_length=120)
    message = models.CharField(_("message"), max_length=500)
    url = models.CharField(_("link"), max_length=300, blank=True)
    # The level a petition's escalation reached (escalations only).
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    read_at = models.DateTimeField(null=True, blank=True, verbose_name=_("read at"))
    email = models.CharField(
        max_length=8, choices=Delivery.choices, default="", blank=True, verbose_name=_("e-mail")
    )
    emailed_at = models.DateTimeField(null=True, blank=True)
    push = models.CharField(
        max_length=8, choices=Delivery.choices, default="", blank=True, verbose_name=_("push")
    )

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # Never twice: each person once per event (an escalation: per petition and level).
            models.UniqueConstraint(fields=["recipient", "event"], name="notification_once_per_event"),
        ]
        indexes = [
            # The bell's unread count and the list page.
            models.Index(fields=["recipient", "read_at"], name="notif_unread_idx"),
            # The daily digest: what is still to be e-mailed.
            models.Index(fields=["email", "recipient"], name="notif_email_idx"),
        ]

    def __str__(self):
        return self.message[:60]


class Preference(models.Model):
    """How a person wants to hear of what waits on them (no row: e-mail at once, push on, every kind)."""

    class Email(models.TextChoices):
        IMMEDIATE = "immediate", _("At once, one e-mail per notification")
        DAILY = "daily", _("One daily digest")
        OFF = "off", _("No e-mail")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email = models.CharField(_("e-mail"), max_length=10, choices=Email.choices, default=Email.IMMEDIATE)
    push = models.BooleanField(_("notifications on this device's browser (Web Push)"), default=True)
    # Kinds sent neither by e-mail nor by push (they still show in the bell).
    muted = models.JSONField(_("kinds kept to the bell"), default=list, blank=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self):
        return str(self.user)

    def wants(self, channel: str, kind: str) -> bool:
        if kind in self.muted:
            return False
        if channel == "push":
            return self.push
        return self.email != self.Email.OFF


class PushSubscription(models.Model):
    """A browser's Web Push subscription (its endpoint at the push service and its keys). Deleted
    when the browser unsubscribes or the push service answers 404/410 (the browser revoked it)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    user_agent = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("push subscription")
        verbose_name_plural = _("push subscriptions")

    def __str__(self):
        return f"{self.user} · {self.endpoint[:40]}"

    def info(self) -> dict:
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}
