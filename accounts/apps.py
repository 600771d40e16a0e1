from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self):
        # Users named in the admin's choices: those whose home unit lies in the user's scope.
        from units.fields import register_scope
        from units.scope import unit_q

        from . import otp  # noqa: F401 - connects the sign-in signal receiver
        from .models import User

        register_scope(User, lambda user: User.objects.filter(unit_q(user, "home_unit__path")))
