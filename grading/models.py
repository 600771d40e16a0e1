"""The evaluation and grading rules as dated data (QĐ 132 → QĐ 124 → QĐ 366), caps and discipline.

`grading` sits below the features (pledges, cells): it imports only `common` and `units`. The
engine (`grading.engine`) reads these rows; what the system holds as evidence is passed in by the
callers or gathered through providers the feature apps register (`grading.evidence`).

- `RuleVersion`: one regulation, in force from `effective_from` until the next one. A period is
  graded by the version in force on its last day. Its review cycles and its forms are data.
- `ScoringSheet` / `Criterion`: per subject type (QĐ 366's annexes), the criteria and their points
  (30 general + 70 task results). Versions without points have no sheet.
- `Condition`: an extra condition of one grade (all tasks on time, share exceeded, nobody
  disciplined, late-task ceiling …): a kind the engine knows how to check, its parameters, its
  source and whether that source was read (`verified`).
- `Cap`: a dated, sourced cap on a grade (≤ 20 % of "tốt" may be "xuất sắc").
- `Discipline`: a disciplinary measure against a member (kỷ luật): form, date, decision, by whom.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.models import NFCModel, NFCText


class Grade(models.TextChoices):
    """The four grades, the same for organisations and individuals (values as pledges stores them)."""

    EXCELLENT = "hoan_thanh_xuat_sac", _("Hoàn thành xuất sắc nhiệm vụ")
    GOOD = "hoan_thanh_tot", _("Hoàn thành tốt nhiệm vụ")
    COMPLETED = "hoan_thanh", _("Hoàn thành nhiệm vụ")
    FAILED = "khong_hoan_thanh", _("Không hoàn thành nhiệm vụ")


# Highest first.
GRADE_ORDER = [Grade.EXCELLENT, Grade.GOOD, Grade.COMPLETED, Grade.FAILED]


class Cycle(models.TextChoices):
    """When a review is held (QĐ 366 Art. 4: per term, year, quarter or when needed)."""

    QUARTER = "quarter", _("Quarterly")
    MID_YEAR = "mid_year", _("Mid-year")
    YEAR = "year", _("Yearly")
    TERM = "term", _("Per term")
    AD_HOC = "ad_hoc", _("Ad hoc (when needed)")


class SubjectType(models.TextChoices):
    """Who is graded: QĐ 366's annexes, grouped as the product records them."""

    PARTY_ORG = "party_org", _("Party organisation")
    LEADERSHIP = "leadership", _("Leadership collective")
    CADRE = "cadre", _("Individual cadre (holding a post)")
    MEMBER = "member", _("Party member")


COLLECTIVE_TYPES = (SubjectType.PARTY_ORG, SubjectType.LEADERSHIP)


class RuleVersionQuerySet(models.QuerySet):
    def in_force(self, on):
        """The version in force on `on`: the latest that took effect on or before it (None before all)."""
        return self.filter(effective_from__lte=on).order_by("-effective_from").first()


class RuleVersion(NFCText):
    code = models.CharField(_("number and symbol"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=255)
    issued_on = models.DateField(_("issued on"))
    effective_from = models.DateField(_("in force from"), unique=True)
    uses_points = models.BooleanField(_("scored on 100 points"), default=False)
    general_points = models.PositiveSmallIntegerField(_("points for general criteria"), null=True, blank=True)
    task_points = models.PositiveSmallIntegerField(_("points for task results"), null=True, blank=True)
    excellent_min = models.DecimalField(
        _("“xuất sắc” from"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    good_min = models.DecimalField(_("“tốt” from"), max_digits=5, decimal_places=2, null=True, blank=True)
    completed_min = models.DecimalField(
        _("“hoàn thành” from"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    cycles = models.JSONField(_("review cycles allowed"), default=list, help_text=_("Values of Cycle."))
    forms = models.JSONField(_("forms"), default=list, help_text=_("[[code, title], …] of the guidance."))
    forms_source = models.CharField(_("guidance for the forms"), max_length=120, blank=True)
    source = models.CharField(_("source"), max_length=255, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = RuleVersionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("grading rule version")
        verbose_name_plural = _("grading rule versions")
        ordering = ["-effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(uses_points=False)
                | Q(excellent_min__isnull=False, good_min__isnull=False, completed_min__isnull=False),
                name="grading_version_points_need_thresholds",
            ),
        ]

    def __str__(self):
        return f"QĐ {self.code}"

    @property
    def label(self) -> str:
        return f"QĐ {self.code} ({self.issued_on:%d/%m/%Y})"

    def allows(self, cycle: str) -> bool:
        return cycle in self.cycles

    def min_for(self, grade):
        return {
            Grade.EXCELLENT: self.excellent_min,
            Grade.GOOD: self.good_min,
            Grade.COMPLETED: self.completed_min,
        }.get(grade)


class ScoringSheet(NFCText):
    version = models.ForeignKey(
        RuleVersion, on_delete=models.CASCADE, related_name="sheets", verbose_name=_("rule version")
    )
    subject_type = models.CharField(_("subject"), max_length=12, choices=SubjectType.choices)
    annex = models.CharField(_("annex"), max_length=120, blank=True)
    form = models.CharField(_("review form"), max_length=8, blank=True, help_text="01, 2A, 2B, 2C")

    class Meta:
        verbose_name = _("scoring sheet")
        verbose_name_plural = _("scoring sheets")
        ordering = ["version", "subject_type"]
        constraints = [
            models.UniqueConstraint(fields=["version", "subject_type"], name="grading_sheet_unique_subject"),
        ]

    def __str__(self):
        return f"{self.version} · {self.get_subject_type_display()}"


class Criterion(NFCText):
    class Group(models.TextChoices):
        GENERAL = "general", _("General criteria")
        TASKS = "tasks", _("Task results")

    class EvidenceKey(models.TextChoices):
        """What the system holds that proposes this criterion's points (empty: the grader's judgement)."""

        TASKS_ON_TIME = "tasks_on_time", _("Commitments completed on time")
        TASKS_EXCEEDED = "tasks_exceeded", _("Commitments exceeded")
        REMEDIATION = "remediation", _("Remediation milestones met")
        MEETINGS = "meetings", _("Meeting quality")
        PETITIONS = "petitions", _("Petitions answered in time")
        DISCIPLINE = "discipline", _("No discipline")

    sheet = models.ForeignKey(ScoringSheet, on_delete=models.CASCADE, related_name="criteria")
    group = models.CharField(_("group"), max_length=8, choices=Group.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("criterion"), max_length=255)
    max_points = models.DecimalField(_("maximum points"), max_digits=5, decimal_places=2)
    evidence = models.CharField(_("proposed from"), max_length=16, choices=EvidenceKey.choices, blank=True)
    verified = models.BooleanField(
        _("wording checked against the official text"),
        default=False,
        help_text=_("Unchecked: the product's paraphrase and split of the points."),
    )

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["sheet", "group", "order"]
        constraints = [
            models.CheckConstraint(condition=Q(max_points__gt=0), name="grading_criterion_points_positive"),
        ]

    def __str__(self):
        return self.title


class Condition(NFCText):
    class Kind(models.TextChoices):
        ALL_ON_TIME = "all_on_time", _("Every task completed on time")
        ALL_DONE = "all_done", _("Every task completed")
        EXCEEDED_SHARE = "exceeded_share", _("A share of tasks exceeded")
        LATE_CEILING = "late_ceiling", _("At most a share of tasks late")
        MIN_DONE_SHARE = "min_done_share", _("At least a share of targets met")
        NOBODY_DISCIPLINED = "nobody_disciplined", _("Nobody disciplined (leadership, subordinates)")
        NOT_DISCIPLINED = "not_disciplined", _("Not disciplined in the period")
        REMEDIED = "remedied", _("Earlier shortcomings remedied")
        MIN_SCORE_ALL = "min_score_all", _("No criterion below a share of its points")

    version = models.ForeignKey(RuleVersion, on_delete=models.CASCADE, related_name="conditions")
    grade = models.CharField(_("grade"), max_length=24, choices=Grade.choices)
    kind = models.CharField(_("condition"), max_length=20, choices=Kind.choices)
    subject_types = models.JSONField(_("for"), default=list, blank=True, help_text=_("Empty: every subject."))
    percent = models.PositiveSmallIntegerField(_("share (%)"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=120)
    verified = models.BooleanField(_("read in the official text"), default=False)

    class Meta:
        verbose_name = _("condition of a grade")
        verbose_name_plural = _("conditions of grades")
        ordering = ["version", "grade", "pk"]

    def __str__(self):
        return f"{self.version} · {self.get_grade_display()} · {self.get_kind_display()}"

    def applies_to(self, subject_type: str) -> bool:
        return not self.subject_types or subject_type in self.subject_types


class CapQuerySet(models.QuerySet):
    def in_force(self, on, grade=Grade.EXCELLENT):
        return (
            self.filter(grade=grade, effective_from__lte=on)
            .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
            .order_by("-effective_from")
            .first()
        )


class Cap(NFCText):
    """At most `percent` % of those rated `base_grade` within one group may be rated `grade`."""

    grade = models.CharField(_("grade capped"), max_length=24, choices=Grade.choices, default=Grade.EXCELLENT)
    base_grade = models.CharField(_("share of"), max_length=24, choices=Grade.choices, default=Grade.GOOD)
    percent = models.PositiveSmallIntegerField(_("at most (%)"))
    group = models.CharField(
        _("counted within"),
        max_length=120,
        help_text=_("e.g. a grassroots organisation; a committee's cells"),
    )
    effective_from = models.DateField(_("in force from"))
    effective_to = models.DateField(_("in force until"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=120)
    confirmed = models.BooleanField(
        _("confirmed for the rule version in force"),
        default=False,
        help_text=_("Unconfirmed: a setting the office keeps until the official text is read."),
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = CapQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cap on a grade")
        verbose_name_plural = _("caps on grades")
        ordering = ["-effective_from"]
        constraints = [
            models.CheckConstraint(condition=Q(percent__lte=100), name="grading_cap_percent_max_100"),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=models.F("effective_from")),
                name="grading_cap_dates_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.percent}% ({self.source})"


class Discipline(NFCModel):
    """A disciplinary measure against a member (kỷ luật đảng). Never deleted: an annulment is recorded."""

    class Form(models.TextChoices):
        REPRIMAND = "khien_trach", _("Khiển trách")
        WARNING = "canh_cao", _("Cảnh cáo")
        DISMISSAL = "cach_chuc", _("Cách chức")
        EXPULSION = "khai_tru", _("Khai trừ")

    SEARCH_FIELDS = ("decision_number", "decided_by")

    cadre = models.ForeignKey(
        "units.Cadre", on_delete=models.PROTECT, related_name="disciplines", verbose_name=_("member")
    )
    # The member's party organisation when recorded: scope and the collective's conditions.
    org = models.ForeignKey(
        "units.PartyOrg", on_delete=models.PROTECT, related_name="+", verbose_name=_("party organisation")
    )
    form = models.CharField(_("form"), max_length=12, choices=Form.choices)
    decided_on = models.DateField(_("decided on"))
    decision_number = models.CharField(_("decision number"), max_length=40)
    decided_by = models.CharField(_("decided by"), max_length=160, help_text=_("The body that decided."))
    reason = models.TextField(_("violation"), blank=True)
    annulled_on = models.DateField(_("annulled on"), null=True, blank=True)
    annul_reason = models.TextField(_("reason for annulling"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("disciplinary measure")
        verbose_name_plural = _("disciplinary measures")
        ordering = ["-decided_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "decision_number"], name="grading_discipline_unique_decision"
            ),
            models.CheckConstraint(
                condition=Q(annulled_on__isnull=True) | ~Q(annul_reason=""),
                name="grading_discipline_annulled_with_reason",
            ),
        ]
        indexes = [models.Index(fields=["org", "decided_on"], name="grading_discipline_org_idx")]

    def __str__(self):
        return f"{self.get_form_display()} {self.decision_number}"
