from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CellsConfig(AppConfig):
    name = "cells"
    verbose_name = _("Cell meetings and six-monthly results")

    def ready(self):
        # A cell's meeting calendar is cached as HTML (views.cell_page): a recorded, corrected or
        # deleted meeting (and a change of the quality criteria) rebuilds it at once.
        from common.cache import bump_on_change

        from .models import Announcement, Meeting, MeetingTask, QualityCriteria

        bump_on_change(Meeting, lambda meeting: f"cell-{meeting.cell_id}")
        bump_on_change(MeetingTask, lambda task: f"cell-{task.cell_id}")  # open tasks on the cell page
        bump_on_change(QualityCriteria, "criteria")
        bump_on_change(Announcement, "announcements")

        # What cells holds as evidence for a grade: a collective's meeting quality (grading.evidence).
        from grading.evidence import register

        from .grading_evidence import meeting_quality

        register("cells.meetings", meeting_quality)  # a published announcement locks its periods

        # The other apps' figures the rollup reads (settings.CELL_INPUT_PROVIDERS): imported now, so a
        # misspelt path stops the start (ImproperlyConfigured) rather than reading "chưa có dữ liệu".
        from . import inputs

        inputs.providers()
