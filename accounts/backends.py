"""Sign-in against the user table, as Django's ModelBackend, loading with the user the home unit and
home organisation that the scope check (units/scope.py) reads on nearly every page: one query a
request instead of three."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        user = (
            get_user_model()._default_manager.select_related("home_unit", "home_org")
            .filter(pk=user_id)
            .first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None
