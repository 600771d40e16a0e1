"""Party directives (resolutions, instructions, regulations, conclusions) and their content items.

Item texts carry a verification status: texts not yet checked against the official document are
shown as such until the provincial office confirms them.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.models import NFCModel


class Verification(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed by the office")
    FOUND = "found", _("Found in a public source")
    PARTIAL = "partial", _("Partly verified")
    UNCERTAIN = "uncertain", _("Not verified: check against the official text")


class Directive(NFCModel):
    SEARCH_FIELDS = ("symbol", "title", "issuer")

    class Kind(models.TextChoices):
        RESOLUTION = "resolution", _("Resolution")
        INSTRUCTION = "instruction", _("Instruction")
        REGULATION = "regulation", _("Regulation")
        CONCLUSION = "conclusion", _("Conclusion")
        GUIDANCE = "guidance", _("Guidance")

    code = models.SlugField(_("short code"), max_length=40, unique=True)
    symbol = models.CharField(_("number and symbol"), max_length=40, unique=True, help_text="05-CT/TW")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    issuer = models.CharField(_("issuing body"), max_length=120)
    issued_on = models.DateField(_("date issued"))
    term = models.CharField(_("term (khóa)"), max_length=10, blank=True)
    title = models.TextField(_("title"))
    summary = models.TextField(_("summary"), blank=True)
    verification = models.CharField(
        _("verification"), max_length=10, choices=Verification.choices, default=Verification.UNCERTAIN
    )
    sources = models.TextField(_("sources"), blank=True, help_text=_("One address per line."))
    related = models.ManyToManyField(
        "self", through="DirectiveLink", symmetrical=False, related_name="+", blank=True
    )

    class Meta:
        verbose_name = _("directive")
        verbose_name_plural = _("directives")
        ordering = ["-issued_on", "symbol"]

    def __str__(self):
        return self.symbol

    @property
    def source_list(self) -> list[str]:
        return [line for line in self.sources.splitlines() if line.strip()]


class ItemGroup(NFCModel):
    directive = models.ForeignKey(
        Directive, on_delete=models.CASCADE, related_name="groups", verbose_name=_("directive")
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=255)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("item group")
        verbose_name_plural = _("item groups")
        ordering = ["directive", "order"]
        constraints = [
            models.UniqueConstraint(fields=["directive", "code"], name="itemgroup_unique_code"),
        ]

    def __str__(self):
        return self.name


class DirectiveItem(NFCModel):
    SEARCH_FIELDS = ("code", "text")

    directive = models.ForeignKey(
        Directive, on_delete=models.CASCADE, related_name="items", verbose_name=_("directive")
    )
    group = models.ForeignKey(
        ItemGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("group"),
    )
    code = models.CharField(_("code"), max_length=20)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("content"))
    key_phrase = models.CharField(
        _("key phrase"),
        max_length=120,
        blank=True,
        help_text=_("A few words of the item as the sources give them, to find it in the official text."),
    )
    sources = models.TextField(_("sources"), blank=True, help_text=_("One address per line."))
    verification = models.CharField(
        _("verification"), max_length=10, choices=Verification.choices, default=Verification.UNCERTAIN
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("confirmed at"))

    # Every wording the item had: the shipped paraphrase, each replacement by the official text.
    history = HistoricalRecords(excluded_fields=["search_text", "order"])

    class Meta:
        verbose_name = _("content item")
        verbose_name_plural = _("content items")
        ordering = ["directive", "order"]
        constraints = [
            models.UniqueConstraint(fields=["directive", "code"], name="directiveitem_unique_code"),
        ]

    def __str__(self):
        return f"{self.directive.symbol} {self.code}"

    @property
    def is_unverified(self) -> bool:
        return self.verification == Verification.UNCERTAIN

    @property
    def is_official(self) -> bool:
        """The text is the official wording, confirmed by the office; otherwise a paraphrase."""
        return self.verification == Verification.CONFIRMED

    @property
    def source_list(self) -> list[str]:
        return [line for line in self.sources.splitlines() if line.strip()]


class DirectiveLink(models.Model):
    """A relation between documents: `source` continues or replaces `target`."""

    class Kind(models.TextChoices):
        CONTINUES = "continues", _("continues")
        REPLACES = "replaces", _("replaces")

    source = models.ForeignKey(
        Directive, on_delete=models.CASCADE, related_name="links_out", verbose_name=_("from directive")
    )
    target = models.ForeignKey(
        Directive, on_delete=models.CASCADE, related_name="links_in", verbose_name=_("related directive")
    )
    kind = models.CharField(_("relation"), max_length=10, choices=Kind.choices)

    class Meta:
        verbose_name = _("link between documents")
        verbose_name_plural = _("links between documents")
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="directivelink_unique"),
            models.CheckConstraint(
                condition=~models.Q(source=models.F("target")), name="directivelink_not_self"
            ),
        ]

    def __str__(self):
        return f"{self.source} {self.get_kind_display()} {self.target}"
