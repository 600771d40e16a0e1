from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = _("Leaders' dashboards")

    def ready(self):
        from common.cache import bump_on_change

        from . import interpretations
        from .models import Interpretation

        # A note or answer written, edited or deleted shows at once (the notes' cache generation).
        bump_on_change(Interpretation, lambda note: interpretations.generation(note.org_id))
