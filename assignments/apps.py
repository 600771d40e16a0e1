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

        # Figures cached from assignments (coverage) are rebuilt after any change to one.
        from django.db.models.signals import post_delete, post_save

        from common.cache import bump

        from .models import Assignment

        def assignments_changed(**kwargs):
            bump("assignments")

        post_save.connect(assignments_changed, sender=Assignment, dispatch_uid="assignments-generation-save", weak=False)
        post_delete.connect(assignments_changed, sender=Assignment, dispatch_uid="assignments-generation-delete", weak=False)
