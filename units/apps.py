from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "units"
    verbose_name = _("Units and people")

    def ready(self):
        # The `Sắp xếp đơn vị` sheet (reorganisations) joins the roster import pipeline.
        from .imports import register_sheet
        from .reorg_sheet import ReorgResource

        register_sheet(ReorgResource)
