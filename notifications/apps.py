from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        # The feature apps send signals (assignments, pledges, cells .signals); we listen.
        from . import receivers

        receivers.connect()

        # The bell and the list are kept until the person's notifications change.
        from common.cache import bump_on_change

        from .models import Notification

        bump_on_change(Notification, lambda note: f"user-{note.recipient_id}")
