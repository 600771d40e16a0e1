"""Interpretations (DHIS2's term): a leader's note on one chart or figure of a dashboard, that is a
party organisation and a six-monthly period, and the answers of the people in that scope.

The only data the dashboards own. One level of answers (an answer's `parent` is a note, never an
answer). Text is stored NFC and trimmed (`NFCText`) and shown escaped. Edited and deleted only by
their author; a deletion is soft (`deleted_at`), so the text stays in the history (simple_history).
Access is `dashboards.interpretations` (scope through `units.scope.org_q`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.models import NFCText

TEXT_MAX = 2000


class Interpretation(NFCText):
    class Target(models.TextChoices):
        # The dashboard's sections (`presenters.sections()` keys; a test keeps them in step).
        SUMMARY = "summary", _("Overview")
        GRADES = "grades", _("Cell grades")
        CHILDREN = "children", _("Directly under it")
        WEAK = "weak", _("Weak organisations")
        COVERAGE = "coverage", _("Assignment coverage")
        PLEDGES = "pledges", _("Pledges published")
        TREND = "trend", _("Trends")

    org = models.ForeignKey(
        "units.PartyOrg", on_delete=models.PROTECT, related_name="+", verbose_name=_("party organisation")
    )
    period = models.ForeignKey("cells.Period", on_delete=models.PROTECT, related_name="+", verbose_name=_("period"))
    target = models.CharField(_("chart or figure"), max_length=20, choices=Target.choices)
    text = models.TextField(_("note"), max_length=TEXT_MAX)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("answer to"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("interpretation")
        verbose_name_plural = _("interpretations")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["org", "period", "parent"], name="dash_interp_board")]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="dashboards_interpretation_text_required"),
        ]

    def __str__(self):
        return f"{self.org_id} {self.period_id} {self.target}: {self.text[:40]}"

    @property
    def is_answer(self) -> bool:
        return self.parent_id is not None

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None
