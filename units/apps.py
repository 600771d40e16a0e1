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

        # Pages cached from the trees and rosters (coverage, a cell's meeting form) are rebuilt after a change.
        from django.db.models.signals import post_delete, post_save

        from common.cache import bump

        from .models import Cadre, PartyOrg, Unit

        def units_changed(**kwargs):
            bump("units")

        # Units, organisations and the people in them (a cell's members, a unit's cadres).
        for model in (Unit, PartyOrg, Cadre):
            post_save.connect(units_changed, sender=model, dispatch_uid=f"units-save-{model.__name__}", weak=False)
            post_delete.connect(units_changed, sender=model, dispatch_uid=f"units-delete-{model.__name__}", weak=False)
