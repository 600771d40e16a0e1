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
        _forget_signed_in_users_on_change(User)
        _sign_ins_without_history()


def _sign_ins_without_history():
    """Django saves `last_login` on every sign-in; the history excludes that field, so the row it
    would add shows no change: the sign-in time is saved without one."""
    from django.contrib.auth import user_logged_in
    from django.contrib.auth.models import update_last_login

    def save_last_login(sender, user, **kwargs):
        user.skip_history_when_saving = True
        try:
            update_last_login(sender, user, **kwargs)
        finally:
            del user.skip_history_when_saving

    user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
    user_logged_in.connect(save_last_login, dispatch_uid="accounts_save_last_login", weak=False)


def _forget_signed_in_users_on_change(User):
    """The signed-in user is cached (accounts.backends): a change to the row, the roles given or the
    roles themselves rebuilds it on the next request. Bulk updates of users bump `accounts` themselves."""
    from django.contrib.auth.models import Group
    from django.db.models.signals import m2m_changed

    from common.cache import bump, bump_on_change

    from .backends import account_generation

    bump_on_change(User, lambda user: account_generation(user.pk))
    bump_on_change(Group, "accounts")

    def roles_changed(sender, instance, action, reverse, pk_set, **kwargs):
        if not action.startswith("post_"):
            return
        if not reverse:
            bump(account_generation(instance.pk))
        elif pk_set:  # from the group's side (group.user_set.add/remove): the users named
            for user_id in pk_set:
                bump(account_generation(user_id))
        else:  # group.user_set.clear() names nobody: every signed-in user is rebuilt
            bump("accounts")

    m2m_changed.connect(roles_changed, sender=User.groups.through, weak=False, dispatch_uid="account-roles")
