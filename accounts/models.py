from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import roles


class RolesHistory(HistoricalRecords):
    """simple_history follows `groups` from the user's side only: a change from the group's side
    (`group.user_set.add/remove/clear`) reaches it with the group as the instance and fails. Here it
    leaves a history row on each user it changes, as the user's side does."""

    def m2m_changed(self, instance, action, attr, pk_set, reverse, **kwargs):
        if not reverse:
            return super().m2m_changed(instance, action, attr, pk_set, reverse, **kwargs)
        if action == "pre_clear":
            instance._users_cleared = list(instance.user_set.values_list("pk", flat=True))
            return None
        if action == "post_clear":
            pk_set = instance.__dict__.pop("_users_cleared", [])
        elif action not in ("post_add", "post_remove"):
            return None
        for user in User.objects.filter(pk__in=pk_set or []):
            super().m2m_changed(user, action, attr, pk_set, False, **kwargs)
        return None


class User(AbstractUser):
    """A person who signs in. Their home unit / organisation bounds what they see (units.scope)."""

    home_unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("home unit"),
        help_text=_("The user sees and edits only what lies under this unit."),
    )
    home_org = models.ForeignKey(
        "units.PartyOrg",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("home party organisation"),
    )
    cadre = models.OneToOneField(
        "units.Cadre",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="user",
        verbose_name=_("cadre record"),
    )

    # Who changed a user's home unit, organisation, cadre record or flags, and when; roles with them
    # (groups). Password hashes and sign-in times are not copied.
    history = RolesHistory(excluded_fields=["password", "last_login"], m2m_fields=["groups"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @cached_property
    def role_names(self) -> set[str]:
        return set(self.groups.values_list("name", flat=True))

    def has_role(self, role: str) -> bool:
        return role in self.role_names

    @property
    def sees_everything(self) -> bool:
        return self.is_superuser or self.has_role(roles.OFFICE)


class LockoutLift(models.Model):
    """A sign-in lockout (django-axes) lifted by the provincial office: who lifted which, and when."""

    username = models.CharField(_("username"), max_length=255, blank=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    failures = models.PositiveIntegerField(_("failed attempts"))
    last_failure_at = models.DateTimeField(_("last failed attempt"))
    lifted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("lifted by")
    )
    lifted_at = models.DateTimeField(_("lifted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("lifted lockout")
        verbose_name_plural = _("lifted lockouts")
        ordering = ["-lifted_at", "-pk"]

    def __str__(self):
        return f"{self.username} @ {self.ip_address}"


class TwoStepChange(models.Model):
    """Two-step sign-in turned on or off for a user: by whom and when (accounts.otp.two_step_on/off).

    The device itself (django-otp's TOTPDevice) holds a secret and counters rewritten at each code, so
    its rows are not copied into a history; this row is the audit entry."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+", verbose_name=_("user"))
    turned_on = models.BooleanField(_("turned on"))
    changed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("changed by")
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("two-step sign-in change")
        verbose_name_plural = _("two-step sign-in changes")
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.user_id}: {'on' if self.turned_on else 'off'}"
