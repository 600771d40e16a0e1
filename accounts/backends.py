"""Sign-in against the user table, as Django's ModelBackend, loading with the user the home unit,
home organisation and roles that the scope checks (units/scope.py) and menus read on nearly every
page. The signed-in user is read from the cache (one round trip, no query) until the account, its
roles or the units change (the `account-<id>`, `accounts` and `units` generations, bumped on commit)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from common.cache import cached_at_generations


def account_generation(user_id) -> str:
    """Bumped whenever the user's row or roles change (accounts.apps)."""
    return f"account-{user_id}"


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        user = cached_at_generations(
            f"signed-in-user:v1:{user_id}",
            ("units", "accounts", account_generation(user_id)),
            lambda: self._load(user_id),
            settings.SIGNED_IN_USER_CACHE_SECONDS,
        )
        # Checked on every request, on the row as it is now (a deactivation bumps the generation).
        return user if user is not None and self.user_can_authenticate(user) else None

    def _load(self, user_id):
        user = (
            get_user_model()._default_manager.select_related("home_unit", "home_org")
            .filter(pk=user_id)
            .first()
        )
        if user is not None:
            user.role_names  # noqa: B018 - read now, so that the cached copy carries the roles
        return user
