"""Pledges (CT 05), work commitments with their evaluation, and self-criticism reviews.

Every pledge, commitment and review belongs to an *owner*: a person (``cadre`` set) or a
collective (``cadre`` empty). ``org`` is always set: for a person it is the party organisation
the person belonged to when the record was created (their ``party_org``), for a collective it is
the collective itself. Scope checks and the rollup both go through ``org`` (its ``path``).

Grading rules are data (``GradingRule``), not constants: each version has the date it took
effect, and an evaluation stores the version in force at the end of its period.
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.models import NFCModel


class Grade(models.TextChoices):
    """The four grades, the same for organisations and individuals (QĐ 132 / 124 / 366)."""

    EXCELLENT = "hoan_thanh_xuat_sac", _("Hoàn thành xuất sắc nhiệm vụ")
    GOOD = "hoan_thanh_tot", _("Hoàn thành tốt nhiệm vụ")
    COMPLETED = "hoan_thanh", _("Hoàn thành nhiệm vụ")
    FAILED = "khong_hoan_thanh", _("Không hoàn thành nhiệm vụ")


# Grades that count as "completed" for the rollup (everything but "không hoàn thành").
PASSING_GRADES = (Grade.EXCELLENT, Grade.GOOD, Grade.COMPLETED)


class Period(models.TextChoices):
    """Review periods of a year's commitment. Which ones a rule version provides for is data
    (`grading.RuleVersion.cycles`, through `CYCLE`): QĐ 132/124 yearly; QĐ 366 also quarterly, per
    term and when needed."""

    Q1 = "q1", _("Quarter I")
    Q2 = "q2", _("Quarter II")
    MID_YEAR = "mid_year", _("Mid-year")
    Q3 = "q3", _("Quarter III")
    Q4 = "q4", _("Quarter IV")
    YEAR_END = "year_end", _("Year-end")
    TERM = "term", _("Term (ending this year)")
    AD_HOC = "ad_hoc", _("Ad hoc")


# Period -> grading.models.Cycle value.
CYCLE = {
    Period.Q1: "quarter",
    Period.Q2: "quarter",
    Period.Q3: "quarter",
    Period.Q4: "quarter",
    Period.MID_YEAR: "mid_year",
    Period.YEAR_END: "year",
    Period.TERM: "term",
    Period.AD_HOC: "ad_hoc",
}

_QUARTER_END = {Period.Q1: (3, 31), Period.Q2: (6, 30), Period.MID_YEAR: (6, 30), Period.Q3: (9, 30)}
_QUARTER_START = {Period.Q2: 4, Period.Q3: 7, Period.Q4: 10}


def period_end(year: int, period: str, ad_hoc_on: date | None = None) -> date:
    """The last day of an assessment period: the day whose rule version applies."""
    if period == Period.AD_HOC and ad_hoc_on is not None:
        return ad_hoc_on
    month, day = _QUARTER_END.get(period, (12, 31))
    return date(year, month, day)


def period_start(year: int, period: str) -> date:
    return date(year, _QUARTER_START.get(period, 1), 1)


class GradingRuleQuerySet(models.QuerySet):
    def in_force(self, on: date):
        """The rule version in force on `on`: the latest one that took effect on or before it."""
        return self.filter(effective_from__lte=on).order_by("-effective_from").first()


class GradingRule(models.Model):
    """A version of the evaluation and grading rules (QĐ 132 → QĐ 124 → QĐ 366).

    Superseded by `grading.RuleVersion` (issue 16): evaluations are decided by the grading engine and
    carry `Evaluation.version`; this row is still written on each evaluation (`rule`, by symbol) so
    older evaluations and reports read as before. Its thresholds and cap are no longer consulted."""

    symbol = models.CharField(_("number and symbol"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=255)
    effective_from = models.DateField(_("in force from"), unique=True)
    uses_points = models.BooleanField(
        _("scored on 100 points"), default=False, help_text=_("QĐ 366: the grade follows the score.")
    )
    excellent_min = models.DecimalField(
        _("minimum score for excellent"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    good_min = models.DecimalField(
        _("minimum score for good"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    completed_min = models.DecimalField(
        _("minimum score for completed"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    excellent_cap_percent = models.PositiveSmallIntegerField(
        _("cap on excellent (percent of good)"),
        null=True,
        blank=True,
        help_text=_("Within a grassroots organisation, excellent may not exceed this share of good."),
    )
    excellent_requires_remedied = models.BooleanField(
        _("excellent requires earlier shortcomings remedied"), default=False
    )
    cap_source = models.CharField(_("source of the cap"), max_length=80, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = GradingRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("grading rule version")
        verbose_name_plural = _("grading rule versions")
        ordering = ["-effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(uses_points=False)
                | Q(excellent_min__isnull=False, good_min__isnull=False, completed_min__isnull=False),
                name="gradingrule_points_need_thresholds",
            ),
        ]

    def __str__(self):
        return self.symbol

    def grade_for_score(self, score: Decimal) -> str:
        if score >= self.excellent_min:
            return Grade.EXCELLENT
        if score >= self.good_min:
            return Grade.GOOD
        if score >= self.completed_min:
            return Grade.COMPLETED
        return Grade.FAILED


class OwnedQuerySet(models.QuerySet):
    def individual(self):
        return self.filter(cadre__isnull=False)

    def collective(self):
        return self.filter(cadre__isnull=True)


class Owned(NFCModel):
    """Owner fields shared by pledges, commitments and reviews (see the module docstring)."""

    org = models.ForeignKey(
        "units.PartyOrg", on_delete=models.PROTECT, related_name="+", verbose_name=_("party organisation")
    )
    cadre = models.ForeignKey(
        "units.Cadre",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
        help_text=_("Empty for the collective's own record."),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_collective(self) -> bool:
        return self.cadre_id is None

    @property
    def owner_name(self) -> str:
        return self.cadre.full_name if self.cadre_id else self.org.name


# ---------------------------------------------------------------------------------------------
# Pledges
# ---------------------------------------------------------------------------------------------


class Pledge(Owned):
    """A yearly pledge (bản đăng ký học tập và làm theo). Its content lives in versions."""

    SEARCH_FIELDS = ("short_code",)

    short_code = models.CharField(_("short code"), max_length=12, unique=True)
    # Both written only by pledges.services: the newest version, and the one the public sees.
    current_version = models.ForeignKey(
        "PledgeVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current version"),
    )
    published_version = models.ForeignKey(
        "PledgeVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published version"),
    )

    # Audit trail (who, when, before and after): see docs/architecture.md, Security and faults.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        ordering = ["-year", "org__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "year"], condition=Q(cadre__isnull=False), name="pledge_one_per_person_year"
            ),
            models.UniqueConstraint(
                fields=["org", "year"], condition=Q(cadre__isnull=True), name="pledge_one_per_collective_year"
            ),
        ]
        indexes = [
            # Rollup (pledge_counts_by_org) and per-org lists: year then organisation.
            models.Index(fields=["year", "org"], name="pledge_year_org_idx"),
            # Secretaries page: "has this secretary a pledge this year".
            models.Index(fields=["year", "cadre"], name="pledge_year_cadre_idx"),
        ]

    def __str__(self):
        return f"{self.short_code} {self.year}"


class PledgeVersion(NFCModel):
    """One version of a pledge's content. Editing a published pledge makes a new version; the
    published one stays as it was, readable on the public page's history."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned for changes")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published")
        SUPERSEDED = "superseded", _("Superseded by a later version")

    EDITABLE = (Status.DRAFT, Status.RETURNED)

    pledge = models.ForeignKey(
        Pledge, on_delete=models.CASCADE, related_name="versions", verbose_name=_("pledge")
    )
    number = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    theme = models.CharField(
        _("theme of the year"),
        max_length=255,
        blank=True,
        help_text=_("The term's theme / the year's topic."),
    )
    topic = models.ForeignKey(
        "directives.DirectiveItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("yearly topic"),
        help_text=_("The year's topic of 01-KL/TW (chuyên đề năm) the pledge follows."),
    )
    shortcomings = models.TextField(
        _("own shortcomings and how to fix them"), blank=True, help_text=_("Required by CT 05.")
    )
    submitted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("submitted at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    return_comment = models.TextField(_("comment when returned"), blank=True)
    published_at = models.DateTimeField(null=True, blank=True, verbose_name=_("published at"))
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    # Audit trail (who, when, before and after): see docs/architecture.md, Security and faults.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pledge version")
        verbose_name_plural = _("pledge versions")
        ordering = ["pledge", "number"]
        constraints = [
            models.UniqueConstraint(fields=["pledge", "number"], name="pledgeversion_unique_number"),
        ]
        indexes = [
            # Approval queue: submitted versions.
            models.Index(fields=["status"], name="pledgeversion_status_idx"),
        ]

    def __str__(self):
        return f"{self.pledge.short_code} v{self.number}"

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE


class PledgeItem(NFCModel):
    """One registered action: what to study, what to follow, the concrete action, the deliverable."""

    version = models.ForeignKey(PledgeVersion, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    study = models.TextField(_("what to study"))
    follow = models.TextField(_("what to follow"), blank=True)
    action = models.TextField(_("concrete action"))
    deliverable = models.CharField(_("deliverable"), max_length=255)
    deadline = models.DateField(_("deadline"))
    directive_items = models.ManyToManyField(
        "directives.DirectiveItem", blank=True, related_name="+", verbose_name=_("linked directive items")
    )

    # Audit trail (who, when, before and after): see docs/architecture.md, Security and faults.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pledge item")
        verbose_name_plural = _("pledge items")
        ordering = ["version", "order", "pk"]

    def __str__(self):
        return self.action[:60]


class PublicComment(NFCModel):
    """A supervision comment sent by anyone from the public page; shown only once approved."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for moderation")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    pledge = models.ForeignKey(
        Pledge, on_delete=models.CASCADE, related_name="comments", verbose_name=_("pledge")
    )
    name = models.CharField(_("your name"), max_length=120, blank=True)
    contact = models.CharField(_("phone or e-mail"), max_length=120, blank=True)
    body = models.TextField(_("comment"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    # A keyed hash of the sender's address: enough to spot floods, no raw IP kept.
    sender_hash = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False, verbose_name=_("created at"))
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("public comment")
        verbose_name_plural = _("public comments")
        ordering = ["-created_at"]
        indexes = [
            # Public page (approved comments of a pledge) and the moderation queue (pending).
            models.Index(fields=["pledge", "status", "created_at"], name="comment_pledge_status_idx"),
            models.Index(fields=["status", "created_at"], name="comment_status_idx"),
        ]

    def __str__(self):
        return self.body[:40]


# ---------------------------------------------------------------------------------------------
# Work commitments and their evaluation
# ---------------------------------------------------------------------------------------------


class Commitment(Owned):
    """A yearly work commitment with deliverables (đăng ký công việc, cam kết có sản phẩm)."""

    summary = models.TextField(_("summary"), blank=True)
    # Who last changed the commitment's content, and when (the owner may edit until evaluated).
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    # Audit trail (who, when, before and after): see docs/architecture.md, Security and faults.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("work commitment")
        verbose_name_plural = _("work commitments")
        ordering = ["-year", "org__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "year"],
                condition=Q(cadre__isnull=False),
                name="commitment_one_per_person_year",
            ),
            models.UniqueConstraint(
                fields=["org", "year"],
                condition=Q(cadre__isnull=True),
                name="commitment_one_per_collective_year",
            ),
        ]
        indexes = [
            # Rollup (commitment_counts_by_org) and the commitments list: year then organisation.
            models.Index(fields=["year", "org"], name="commitment_year_org_idx"),
        ]

    def __str__(self):
        return f"{self.year} #{self.pk}"


class CommitmentItem(NFCModel):
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    task = models.TextField(_("task"))
    deliverable = models.CharField(_("deliverable"), max_length=255)
    deadline = models.DateField(_("deadline"))
    directive_items = models.ManyToManyField(
        "directives.DirectiveItem", blank=True, related_name="+", verbose_name=_("linked directive items")
    )
    # The result the owner reports (evidence for the grade: on time, late, exceeded).
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    exceeded = models.BooleanField(_("exceeded the target"), default=False)

    # Audit trail (who, when, before and after): see docs/architecture.md, Security and faults.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("commitment item")
        verbose_name_plural = _("commitment items")
        ordering = ["commitment", "order", "pk"]

    def __str__(self):
        return self.task[:60]


class SelfAssessment(NFCModel):
    """The owner's own mid-year or year-end assessment, with evidence."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="assessments")
    period = models.CharField(_("period"), max_length=10, choices=Period.choices)
    results = models.TextField(_("results achieved"))
    self_grade = models.CharField(_("self-grade"), max_length=24, choices=Grade.choices, blank=True)
    self_score = models.DecimalField(_("self-score"), max_digits=5, decimal_places=2, null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)

    # Audit trail (who, when, before and after): see docs/architecture.md, Security and faults.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        ordering = ["commitment", "period"]
        constraints = [
            models.UniqueConstraint(fields=["commitment", "period"], name="selfassessment_one_per_period"),
            models.CheckConstraint(
                condition=Q(self_score__isnull=True) | Q(self_score__gte=0, self_score__lte=100),
                name="selfassessment_score_0_100",
            ),
        ]

    def __str__(self):
        return f"{self.commitment_id} {self.period}"


def evidence_path(instance, filename):
    # A name of our own: the uploaded name is kept only as a label, never as a path.
    return f"pledges/evidence/{instance.assessment.commitment.year}/{instance.token}{instance.extension}"


class Evidence(models.Model):
    """A PDF or image attached to a self-assessment. Stored under MEDIA_ROOT (outside the web
    root) and served only through the scoped download view."""

    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=255)
    token = models.CharField(max_length=32, unique=True, editable=False)
    extension = models.CharField(max_length=8, editable=False)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["assessment", "uploaded_at"]

    def __str__(self):
        return self.original_name


class EvaluationQuerySet(models.QuerySet):
    def active(self):
        """Evaluations in force: not annulled."""
        return self.filter(annulled_at__isnull=True)


class Evaluation(NFCModel):
    """The superior's grading of a commitment for a period, under the rule version then in force.

    Re-grading never overwrites: the earlier evaluation is kept, annulled (who, when, why), and a
    new one is recorded. At most one evaluation per commitment and period is in force."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="evaluations")
    period = models.CharField(_("period"), max_length=10, choices=Period.choices)
    rule = models.ForeignKey(
        GradingRule, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("rule")
    )
    # The rule version graded under (grading.RuleVersion): kept for ever, old rows keep theirs.
    version = models.ForeignKey(
        "grading.RuleVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rule version"),
    )
    subject_type = models.CharField(_("graded as"), max_length=12, blank=True)
    ends_on = models.DateField(_("period ends on"), null=True, blank=True)
    proposed_score = models.DecimalField(
        _("score proposed from the record"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    grade = models.CharField(_("grade"), max_length=24, choices=Grade.choices)
    comment = models.TextField(_("comment"), blank=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    evaluated_at = models.DateTimeField(default=timezone.now)
    # Denormalised from the commitment so the cap and order checks are one indexed GROUP BY.
    year = models.PositiveSmallIntegerField(editable=False)
    is_collective = models.BooleanField(editable=False)
    annulled_at = models.DateTimeField(_("annulled on"), null=True, blank=True)
    annulled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("annulled by"),
    )
    annul_reason = models.TextField(_("reason for annulling"), blank=True)

    objects = EvaluationQuerySet.as_manager()

    # Audit trail (who, when, before and after): see docs/architecture.md, Security and faults.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["commitment", "period", "evaluated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "period"],
                condition=Q(annulled_at__isnull=True),
                name="evaluation_one_in_force_per_period",
            ),
            models.CheckConstraint(
                condition=Q(annulled_at__isnull=True) | ~Q(annul_reason=""),
                name="evaluation_annulled_with_reason",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=100),
                name="evaluation_score_0_100",
            ),
        ]
        indexes = [
            # The 20% cap check and the grade counts on the evaluations page.
            models.Index(fields=["year", "period", "is_collective", "grade"], name="evaluation_cap_idx"),
        ]

    def __str__(self):
        return f"{self.commitment_id} {self.period} {self.grade}"

    @property
    def is_annulled(self) -> bool:
        return self.annulled_at is not None

    @property
    def version_label(self) -> str:
        if self.version_id:
            return self.version.label
        return self.rule.symbol if self.rule_id else ""


class EvaluationScore(models.Model):
    """One criterion's points in an evaluation: what the record proposed, what the grader gave, why."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey("grading.Criterion", on_delete=models.PROTECT, related_name="+")
    proposed = models.DecimalField(_("proposed"), max_digits=5, decimal_places=2, null=True, blank=True)
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=2)
    reason = models.TextField(_("reason for the adjustment"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criterion score")
        verbose_name_plural = _("criterion scores")
        ordering = ["evaluation", "criterion__group", "criterion__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "criterion"], name="evaluationscore_unique_criterion"
            ),
        ]

    def __str__(self):
        return f"{self.criterion_id}: {self.points}"

    @property
    def adjusted(self) -> bool:
        return self.proposed is not None and self.proposed != self.points


# ---------------------------------------------------------------------------------------------
# Self-criticism reviews and remediation
# ---------------------------------------------------------------------------------------------


class Review(Owned):
    """A self-criticism review (kiểm điểm tự phê bình và phê bình) of a person or a collective."""

    strengths = models.TextField(_("strengths"), blank=True)
    responsibility = models.TextField(_("responsibility"), blank=True)
    earlier_results = models.TextField(_("results of remedying earlier shortcomings"), blank=True)
    self_grade = models.CharField(_("self-grade"), max_length=24, choices=Grade.choices, blank=True)

    # Audit trail (who, when, before and after): see docs/architecture.md, Security and faults.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("self-criticism review")
        verbose_name_plural = _("self-criticism reviews")
        ordering = ["-year", "org__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "year"], condition=Q(cadre__isnull=False), name="review_one_per_person_year"
            ),
            models.UniqueConstraint(
                fields=["org", "year"], condition=Q(cadre__isnull=True), name="review_one_per_collective_year"
            ),
        ]
        indexes = [
            # Reviews list of an organisation's subtree by year.
            models.Index(fields=["year", "org"], name="review_year_org_idx"),
        ]

    def __str__(self):
        return f"{self.year} #{self.pk}"


class Shortcoming(NFCModel):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="shortcomings")
    description = models.TextField(_("shortcoming"))
    cause = models.TextField(_("cause"), blank=True)
    directive_items = models.ManyToManyField(
        "directives.DirectiveItem", blank=True, related_name="+", verbose_name=_("linked directive items")
    )

    # Audit trail (who, when, before and after): see docs/architecture.md, Security and faults.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("shortcoming")
        verbose_name_plural = _("shortcomings")
        ordering = ["review", "pk"]

    def __str__(self):
        return self.description[:60]


class RemedialAction(NFCModel):
    """A remedy with an owner and a roadmap of dated milestones.

    ``status`` and ``last_assessed_on`` mirror the latest progress assessment and are written only
    by ``pledges.services.progress_assess``."""

    class Status(models.TextChoices):
        ON_TRACK = "on_track", _("On schedule")
        LATE = "late", _("Behind schedule")
        DONE = "done", _("Completed")

    shortcoming = models.ForeignKey(Shortcoming, on_delete=models.CASCADE, related_name="actions")
    # Denormalised from the review so the remediation rollup groups without two joins.
    org = models.ForeignKey(
        "units.PartyOrg",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("party organisation"),
    )
    description = models.TextField(_("remedial action"))
    owner = models.ForeignKey(
        "units.Cadre",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("to be completed by"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ON_TRACK)
    last_assessed_on = models.DateField(_("last assessed"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    created_on = models.DateField(default=timezone.localdate)

    # Audit trail (who, when, before and after): see docs/architecture.md, Security and faults.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("remedial action")
        verbose_name_plural = _("remedial actions")
        ordering = ["due_on", "pk"]
        indexes = [
            # remediation_counts_by_org: open actions as of a date, grouped by organisation.
            models.Index(fields=["org", "created_on", "completed_on"], name="action_org_open_idx"),
        ]

    def __str__(self):
        return self.description[:60]

    def is_overdue(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.completed_on is None and self.due_on < today

    def assessment_overdue(self, today: date | None = None) -> bool:
        """Progress must be assessed at least every six months."""
        today = today or timezone.localdate()
        last = self.last_assessed_on or self.created_on
        return self.completed_on is None and (today - last).days > 183


class Milestone(NFCModel):
    action = models.ForeignKey(RemedialAction, on_delete=models.CASCADE, related_name="milestones")
    due_on = models.DateField(_("due on"))
    description = models.CharField(_("step"), max_length=255)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("marked done by"),
    )

    # Audit trail (who, when, before and after): see docs/architecture.md, Security and faults.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["action", "due_on"]

    def __str__(self):
        return self.description

    def is_overdue(self, today: date | None = None) -> bool:
        return self.done_on is None and self.due_on < (today or timezone.localdate())


class ProgressAssessment(NFCModel):
    """A periodic (at least six-monthly) assessment of one remedial action."""

    action = models.ForeignKey(RemedialAction, on_delete=models.CASCADE, related_name="assessments")
    assessed_on = models.DateField(_("assessed on"))
    status = models.CharField(_("status"), max_length=10, choices=RemedialAction.Status.choices)
    note = models.TextField(_("note"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("progress assessment")
        verbose_name_plural = _("progress assessments")
        ordering = ["action", "-assessed_on", "-pk"]
        indexes = [
            # Latest assessment of an action as of a date (remediation rollup).
            models.Index(fields=["action", "assessed_on"], name="progress_action_date_idx"),
        ]

    def __str__(self):
        return f"{self.action_id} {self.assessed_on} {self.status}"


class PressingIssue(NFCModel):
    """A pressing issue raised by the public or by a superior, attached to the head's review."""

    class Source(models.TextChoices):
        PUBLIC = "public", _("Raised by the public")
        SUPERIOR = "superior", _("Raised by a superior")

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="pressing_issues")
    source = models.CharField(_("raised by"), max_length=10, choices=Source.choices)
    text = models.TextField(_("issue"))
    comment = models.ForeignKey(
        PublicComment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("public comment"),
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("pressing issue")
        verbose_name_plural = _("pressing issues")
        ordering = ["review", "added_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "comment"],
                condition=Q(comment__isnull=False),
                name="pressingissue_comment_once_per_review",
            ),
        ]

    def __str__(self):
        return self.text[:60]
