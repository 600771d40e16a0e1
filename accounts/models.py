from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import roles


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
