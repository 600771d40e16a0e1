from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PledgesConfig(AppConfig):
    name = "pledges"
    verbose_name = _("Pledges, commitments and reviews")

    def ready(self):
        # A published pledge's public page is cached as HTML (views.public_page): any change to the
        # pledge, its versions or its comments rebuilds it at once.
        from common.cache import bump_on_change

        from .models import Pledge, PledgeVersion, PublicComment

        bump_on_change(Pledge, lambda pledge: f"pledge-{pledge.pk}")
        for model in (PledgeVersion, PublicComment):
            bump_on_change(model, lambda part: f"pledge-{part.pledge_id}")
