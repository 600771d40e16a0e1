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
