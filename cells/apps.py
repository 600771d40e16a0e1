from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CellsConfig(AppConfig):
    name = "cells"
    verbose_name = _("Cell meetings and six-monthly results")

    def ready(self):
        # A cell's meeting calendar is cached as HTML (views.cell_page): a recorded, corrected or
        # deleted meeting (and a change of the quality criteria) rebuilds it at once.
        from django.db.models.signals import post_delete, post_save

        from common.cache import bump

        from .models import Announcement, Meeting, QualityCriteria

        def meeting_changed(sender, instance, **kwargs):
            bump(f"cell-{instance.cell_id}")

        def criteria_changed(**kwargs):
            bump("criteria")

        def announcement_changed(**kwargs):  # a published announcement locks its periods
            bump("announcements")

        for signal in (post_save, post_delete):
            signal.connect(meeting_changed, sender=Meeting, weak=False, dispatch_uid=f"calendar-{signal}")
            signal.connect(criteria_changed, sender=QualityCriteria, weak=False, dispatch_uid=f"criteria-{signal}")
            signal.connect(announcement_changed, sender=Announcement, weak=False, dispatch_uid=f"ann-{signal}")
