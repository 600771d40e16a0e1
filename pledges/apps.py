from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PledgesConfig(AppConfig):
    name = "pledges"
    verbose_name = _("Pledges, commitments and reviews")

    def ready(self):
        # A published pledge's public page is cached as HTML (views.public_page): any change to the
        # pledge, its versions or its comments rebuilds it at once.
        from django.db.models.signals import post_delete, post_save

        from common.cache import bump

        from .models import Pledge, PledgeVersion, PublicComment

        def pledge_changed(sender, instance, **kwargs):
            bump(f"pledge-{instance.pk if sender is Pledge else instance.pledge_id}")

        for model in (Pledge, PledgeVersion, PublicComment):
            post_save.connect(pledge_changed, sender=model, weak=False, dispatch_uid=f"public-page-{model.__name__}")
            post_delete.connect(pledge_changed, sender=model, weak=False, dispatch_uid=f"public-page-{model.__name__}-d")
