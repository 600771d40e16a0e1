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

        # Figures cached from the tree (coverage) are rebuilt after any change to a unit.
        from django.db.models.signals import post_delete, post_save

        from common.cache import bump

        from .models import Unit

        def units_changed(**kwargs):
            bump("units")

        post_save.connect(units_changed, sender=Unit, dispatch_uid="units-generation-save", weak=False)
        post_delete.connect(units_changed, sender=Unit, dispatch_uid="units-generation-delete", weak=False)
