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

        # Pages cached from the trees and rosters (coverage, a cell's meeting form) are rebuilt after a
        # change to units, organisations or the people in them (a cell's members, a unit's cadres).
        from common.cache import bump_on_change

        from .models import Cadre, PartyOrg, Unit

        for model in (Unit, PartyOrg, Cadre):
            bump_on_change(model, "units")
