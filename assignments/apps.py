from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssignmentsConfig(AppConfig):
    name = "assignments"
    verbose_name = _("Support assignments and petitions")

    def ready(self):
        # The roster workbook's `Phân công` sheet joins the units import/export pipeline.
        from units.imports import register_sheet

        from .resources import AssignmentResource

        register_sheet(AssignmentResource)

        # Cached pages are rebuilt at once after a change: the coverage (any assignment), a cadre's work
        # page (their contacts, the petitions they raised; their notifications, see services).
        from django.db.models.signals import post_delete, post_save

        from common.cache import bump

        from .models import Assignment, FieldContact, Notification, Petition

        def assignments_changed(**kwargs):
            bump("assignments")

        def cadre_changed(sender, instance, **kwargs):
            bump(f"cadre-{instance.raised_by_id if sender is Petition else instance.cadre_id}")

        def user_changed(sender, instance, **kwargs):
            bump(f"user-{instance.recipient_id}")

        for signal in (post_save, post_delete):
            name = "save" if signal is post_save else "delete"
            signal.connect(assignments_changed, sender=Assignment, dispatch_uid=f"assignments-{name}", weak=False)
            for model in (FieldContact, Petition):
                signal.connect(cadre_changed, sender=model, dispatch_uid=f"cadre-{model.__name__}-{name}", weak=False)
            signal.connect(user_changed, sender=Notification, dispatch_uid=f"user-notification-{name}", weak=False)
