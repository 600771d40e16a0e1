"""Cell meetings (sinh hoạt chi bộ), six-monthly periods, the versioned quality criteria, the
computed results per (organisation, period) and the announcement that publishes and locks them.

Results are written only by `cells.rollup`; each rollup run stages its rows under its own
`RollupRun` and the period's `current_run` is switched in one transaction, so readers always see
one complete run (a crash part-way leaves the previous result in place).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from common.models import NFCModel, NFCText


class Grade(models.TextChoices):
    """The four grades of QĐ 366-QĐ/TW, the same for organisations and individuals."""

    EXCELLENT = "excellent", _("Excellently completed tasks")
    GOOD = "good", _("Well completed tasks")
    PASS = "pass", _("Completed tasks")
    FAIL = "fail", _("Did not complete tasks")


class QualityCriteria(models.Model):
    """One version of the rules a meeting and a grade are measured by, in force from `effective_from`.

    The version in force on a period's last day grades that period; a meeting is checked against the
    version in force on its date. Never constants in code: the office adds a row when a rule changes.
    """

    effective_from = models.DateField(_("in force from"), unique=True)
    source = models.CharField(_("source documents"), max_length=255)
    min_attendance_pct = models.DecimalField(
        _("attendance must be above (%)"), max_digits=5, decimal_places=2, default=85
    )
    max_excused_in_a_row = models.PositiveSmallIntegerField(
        _("most absences with reason in a row"), default=3
    )
    min_minutes = models.PositiveSmallIntegerField(
        _("minimum length of a meeting (minutes)"), null=True, blank=True, help_text=_("Empty: no minimum.")
    )
    min_minutes_combined = models.PositiveSmallIntegerField(
        _("minimum length of a combined regular and thematic meeting (minutes)"), null=True, blank=True
    )
    meeting_day_of_month = models.PositiveSmallIntegerField(
        _("regular meetings are held on this day of the month"),
        null=True,
        blank=True,
        help_text=_("Empty: any day (CT 50-CT/TW from 23/07/2025: the 3rd)."),
    )
    documents_days_ahead = models.PositiveSmallIntegerField(
        _("meeting documents posted at least this many days ahead"),
        null=True,
        blank=True,
        help_text=_(
            "Empty: not required (HD 42-HD/BTCTW from 28/10/2025: one day, on Sổ tay đảng viên điện tử)."
        ),
    )
    thematic_every_months = models.PositiveSmallIntegerField(
        _("a thematic meeting every (months)"), default=3
    )
    record_within_days = models.PositiveSmallIntegerField(
        _("a meeting is recorded on time within (days)"), default=7
    )
    excellent_min_score = models.PositiveSmallIntegerField(_("score for “excellent” from"), default=90)
    good_min_score = models.PositiveSmallIntegerField(_("score for “good” from"), default=70)
    pass_min_score = models.PositiveSmallIntegerField(_("score for “completed” from"), default=50)
    excellent_cap_pct = models.PositiveSmallIntegerField(
        _("“excellent” at most this percentage of “good” in a grassroots organisation"), default=20
    )
    # "More than 1/3 of its organisations weak" (HD 27-HD/BTCTW): a fraction, compared exactly.
    weak_orgs_numerator = models.PositiveSmallIntegerField(
        _("weak above this many weak cells ..."), default=1
    )
    weak_orgs_denominator = models.PositiveSmallIntegerField(_("... out of this many"), default=3)

    class Meta:
        verbose_name = _("quality criteria version")
        verbose_name_plural = _("quality criteria versions")
        ordering = ["-effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(pass_min_score__lte=models.F("good_min_score"))
                & Q(good_min_score__lte=models.F("excellent_min_score")),
                name="cells_criteria_scores_ordered",
            ),
            models.CheckConstraint(
                condition=Q(weak_orgs_denominator__gt=0), name="cells_criteria_weak_den_positive"
            ),
        ]

    def __str__(self):
        return f"{self.source} ({self.effective_from:%d/%m/%Y})"

    @classmethod
    def in_force(cls, day):
        """The version in force on `day` (the oldest one for days before every version)."""
        return (
            cls.objects.filter(effective_from__lte=day).first()
            or cls.objects.order_by("effective_from").first()
        )

    def minutes_required(self, kind: str) -> int | None:
        if kind == Meeting.Kind.COMBINED:
            return self.min_minutes_combined or self.min_minutes
        return self.min_minutes


class Period(models.Model):
    """A six-monthly period, e.g. 2026-H1 = 01/01/2026-30/06/2026 (boundaries: cells.periods)."""

    code = models.CharField(_("period"), max_length=7, unique=True)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    current_run = models.ForeignKey(
        "RollupRun",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("results shown from run"),
    )

    class Meta:
        verbose_name = _("period")
        verbose_name_plural = _("periods")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="cells_period_ordered"
            ),
        ]

    def __str__(self):
        return self.code

    @property
    def name(self) -> str:
        """How titles and documents name the period, "6 tháng đầu năm 2026" (cells.periods.name)."""
        from .periods import name

        return name(self.code)

    @property
    def label(self) -> str:
        return f"{self.name} ({self.starts_on:%d/%m}–{self.ends_on:%d/%m/%Y})"

    def contains(self, day) -> bool:
        return self.starts_on <= day <= self.ends_on


class Meeting(NFCText):
    """One cell meeting, recorded by the cell secretary (usually from a phone)."""

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Regular (monthly)")
        THEMATIC = "thematic", _("Thematic")
        COMBINED = "combined", _("Regular and thematic together")

    REGULAR_KINDS = (Kind.REGULAR, Kind.COMBINED)
    THEMATIC_KINDS = (Kind.THEMATIC, Kind.COMBINED)

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")

    cell = models.ForeignKey(
        "units.PartyOrg", on_delete=models.PROTECT, related_name="meetings", verbose_name=_("party cell")
    )
    # A planned meeting is dated on its planned day until it is held; only held meetings count
    # (calendar, rollup). `planned_on` keeps the day it was planned for.
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.HELD)
    planned_on = models.DateField(_("planned for"), null=True, blank=True)
    held_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.REGULAR)
    starts_at = models.TimeField(_("start time"), null=True, blank=True)
    ends_at = models.TimeField(_("end time"), null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("length (minutes)"))
    place = models.CharField(_("meeting place"), max_length=255, blank=True)
    chair = models.ForeignKey(
        "units.Cadre",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chair"),
    )
    recorder = models.ForeignKey(
        "units.Cadre",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("minutes taken by"),
    )
    minutes = models.TextField(_("short minutes"), blank=True)
    # Made by the offline client (static/js/offline.js): a meeting sent again is stored once.
    client_id = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    documents_posted_on = models.DateField(
        _("documents posted on"),
        null=True,
        blank=True,
        help_text=_("The day the meeting's documents were posted on Sổ tay đảng viên điện tử."),
    )
    discussion = models.TextField(_("discussion"), blank=True)
    resolution = models.TextField(_("resolution (conclusion)"), blank=True)
    votes_for = models.PositiveSmallIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("votes against"), null=True, blank=True)
    votes_abstain = models.PositiveSmallIntegerField(_("abstentions"), null=True, blank=True)
    guests = models.ManyToManyField(
        "units.Cadre",
        blank=True,
        related_name="meetings_attended_as_guest",
        verbose_name=_("assigned cadres who attended"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    # Whole days between the meeting and its recording (local dates): "recorded on time" in the rollup.
    days_to_record = models.PositiveSmallIntegerField(default=0, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    # Audit trail (who, when, before and after): see docs/architecture.md, Security and faults.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cell meeting")
        verbose_name_plural = _("cell meetings")
        ordering = ["-held_on"]
        constraints = [
            models.UniqueConstraint(fields=["cell", "held_on", "kind"], name="cells_meeting_unique_day_kind"),
            models.CheckConstraint(
                condition=Q(duration_minutes__gt=0), name="cells_meeting_duration_positive"
            ),
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True)
                | Q(ends_at__isnull=True)
                | Q(ends_at__gt=models.F("starts_at")),
                name="cells_meeting_ends_after_start",
            ),
        ]
        indexes = [
            # A cell's calendar and meeting list; per-cell rollup figures over a date range.
            models.Index(fields=["cell", "held_on"], name="cells_meeting_cell_day_idx"),
            # The rollup's scan of one period's meetings across the province.
            models.Index(fields=["held_on", "cell"], name="cells_meeting_day_cell_idx"),
        ]

    def __str__(self):
        return f"{self.cell} {self.held_on:%d/%m/%Y}"

    @property
    def is_thematic(self) -> bool:
        return self.kind in self.THEMATIC_KINDS

    @property
    def is_planned(self) -> bool:
        return self.status == self.Status.PLANNED


class MeetingTopic(NFCModel):
    """What a meeting took up, linked to a directive (and optionally one of its items)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="topics")
    directive = models.ForeignKey(
        "directives.Directive",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("directive"),
    )
    item = models.ForeignKey(
        "directives.DirectiveItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("content item"),
    )
    title = models.CharField(_("topic"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("meeting topic")
        verbose_name_plural = _("meeting topics")
        constraints = [
            models.CheckConstraint(
                condition=Q(directive__isnull=False) | Q(item__isnull=False) | ~Q(title=""),
                name="cells_topic_not_empty",
            ),
        ]

    def __str__(self):
        return self.title or str(self.directive or self.item)


def meeting_document_path(instance, filename):
    # A name of our own: the uploaded name is kept only as a label, never as a path.
    return f"cells/documents/{instance.meeting.held_on:%Y}/{instance.token}{instance.extension}"


class MeetingDocument(models.Model):
    """A document attached to a planned meeting (PDF, JPEG or PNG, checked like pledge evidence).
    Stored under MEDIA_ROOT (outside the web root) and served only through the scoped view."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("file"), upload_to=meeting_document_path, max_length=255)
    token = models.CharField(max_length=32, unique=True, editable=False)
    extension = models.CharField(max_length=8, editable=False)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    # Audit trail (who, when, before and after): see docs/architecture.md, Security and faults.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")
        ordering = ["meeting", "uploaded_at"]

    def __str__(self):
        return self.original_name


class MeetingTask(NFCText):
    """One task of a cell's resolution: decided at `meeting`, owned by a member, due by `deadline`.
    It is on the agenda of every later meeting of the cell until it is closed (who and when)."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("task", "Open")
        DONE = "done", pgettext_lazy("task", "Done")
        DROPPED = "dropped", pgettext_lazy("task", "Dropped")

    cell = models.ForeignKey(
        "units.PartyOrg", on_delete=models.PROTECT, related_name="+", verbose_name=_("party cell")
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("decided at the meeting")
    )
    title = models.CharField(_("task"), max_length=500)
    owner = models.ForeignKey(
        "units.Cadre", on_delete=models.PROTECT, related_name="+", verbose_name=_("owner")
    )
    deadline = models.DateField(_("deadline"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    close_note = models.CharField(_("result"), max_length=500, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # Audit trail (who, when, before and after): see docs/architecture.md, Security and faults.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("task of the resolution")
        verbose_name_plural = _("tasks of the resolution")
        ordering = ["deadline", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="cells_task_title_required"),
            models.CheckConstraint(
                condition=Q(status="open", closed_at__isnull=True)
                | (~Q(status="open") & Q(closed_at__isnull=False)),
                name="cells_task_closed_when_not_open",
            ),
        ]
        indexes = [
            # A meeting's agenda: the cell's tasks still open (or closed since) on its day.
            models.Index(fields=["cell", "status"], name="cells_task_cell_status_idx"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Attendance(models.Model):
    """One member at one meeting: present, absent with reason (excused) or absent without."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        EXCUSED = "excused", _("Absent with reason")
        ABSENT = "absent", _("Absent without reason")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey("units.Cadre", on_delete=models.PROTECT, related_name="attendance")
    status = models.CharField(_("attendance"), max_length=8, choices=Status.choices)
    reason = models.CharField(_("reason"), max_length=255, blank=True)

    # Audit trail (who, when, before and after): see docs/architecture.md, Security and faults.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="cells_attendance_unique_member"),
        ]
        indexes = [
            # "Absent with reason more than 3 times in a row": each member's meetings in date order.
            models.Index(fields=["member", "meeting"], name="cells_attendance_member_idx"),
            # The rollup's candidates for a streak of excused absences: the few excused rows only.
            models.Index(
                fields=["member", "meeting"],
                condition=Q(status="excused"),
                name="cells_attendance_excused_idx",
            ),
        ]

    def __str__(self):
        return f"{self.member_id} {self.status}"


class RollupRun(models.Model):
    """One computation of a period's results: its progress, and from what and when it was computed.

    At most one pending or running run per period (a partial unique constraint): that is the lock.
    A worker claims a pending run with a conditional UPDATE, so a redelivered task does nothing.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a worker")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    ACTIVE = (Status.PENDING, Status.RUNNING)

    period = models.ForeignKey(
        Period, on_delete=models.CASCADE, related_name="runs", verbose_name=_("period")
    )
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("step"), max_length=120, blank=True)
    provisional = models.BooleanField(
        _("provisional"), default=False, help_text=_("Computed before the period was over.")
    )
    as_of = models.DateField(_("figures up to"))
    fan_out = models.BooleanField(_("fanned out per district"), default=False)
    parts_total = models.PositiveIntegerField(default=0)
    parts_done = models.PositiveIntegerField(default=0)
    criteria = models.ForeignKey(QualityCriteria, on_delete=models.PROTECT, null=True, related_name="+")
    sources = models.JSONField(_("inputs used"), default=dict, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("finished at"))
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("rollup run")
        verbose_name_plural = _("rollup runs")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["period"],
                condition=Q(status__in=["pending", "running"]),
                name="cells_one_active_run_per_period",
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="cells_run_progress_max_100"),
        ]
        indexes = [
            # The results page: the latest runs of a period.
            models.Index(fields=["period", "-created_at"], name="cells_run_period_idx"),
        ]

    def __str__(self):
        return f"{self.period_id} #{self.pk} {self.status}"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None


class OrgResult(models.Model):
    """The figures of one organisation for one period, as computed by one run.

    A cell's row holds its own figures; every other organisation's row sums the cells under it
    (set-based, over the path). Figures from apps that are not there yet are NULL: unavailable,
    never zero.
    """

    run = models.ForeignKey(RollupRun, on_delete=models.CASCADE, related_name="results")
    period = models.ForeignKey(
        Period, on_delete=models.CASCADE, related_name="results", verbose_name=_("period")
    )
    org = models.ForeignKey(
        "units.PartyOrg",
        on_delete=models.CASCADE,
        related_name="cell_results",
        verbose_name=_("party organisation"),
    )
    is_cell = models.BooleanField(default=False, verbose_name=_("is a cell"))
    # A copy of the organisation's path when computed: the aggregation joins on it.
    path = models.CharField(max_length=255)
    cell_count = models.PositiveIntegerField(default=0, verbose_name=_("cells"))
    members = models.PositiveIntegerField(default=0, verbose_name=_("members"))
    meetings_due = models.PositiveIntegerField(default=0, verbose_name=_("meetings due"))
    meetings_held = models.PositiveIntegerField(default=0, verbose_name=_("meetings held"))
    thematic_due = models.PositiveIntegerField(default=0)
    thematic_held = models.PositiveIntegerField(default=0)
    thematic_on_directives = models.PositiveIntegerField(default=0)
    meetings_total = models.PositiveIntegerField(default=0)
    meetings_quality_ok = models.PositiveIntegerField(default=0)
    meetings_on_time = models.PositiveIntegerField(default=0)
    attendance_expected = models.PositiveIntegerField(default=0)
    attendance_present = models.PositiveIntegerField(default=0)
    attendance_absent = models.PositiveIntegerField(default=0)
    excused_streaks = models.PositiveIntegerField(default=0)
    cells_reported_on_time = models.PositiveIntegerField(default=0)
    meetings_with_assigned = models.PositiveIntegerField(null=True, blank=True)
    pledges_due = models.PositiveIntegerField(null=True, blank=True)
    pledges_published = models.PositiveIntegerField(null=True, blank=True)
    commitments_total = models.PositiveIntegerField(null=True, blank=True)
    commitments_completed = models.PositiveIntegerField(null=True, blank=True)
    petitions_raised = models.PositiveIntegerField(null=True, blank=True)
    petitions_answered_in_time = models.PositiveIntegerField(null=True, blank=True)
    remediation_total = models.PositiveIntegerField(null=True, blank=True)
    remediation_on_track = models.PositiveIntegerField(null=True, blank=True)
    score = models.DecimalField(
        max_digits=5, decimal_places=1, null=True, blank=True, verbose_name=_("score")
    )
    suggested_grade = models.CharField(
        max_length=10, choices=Grade.choices, blank=True, verbose_name=_("suggested grade")
    )
    excellent_count = models.PositiveIntegerField(default=0)
    good_count = models.PositiveIntegerField(default=0)
    pass_count = models.PositiveIntegerField(default=0)
    fail_count = models.PositiveIntegerField(default=0)
    weak_count = models.PositiveIntegerField(default=0)
    is_weak = models.BooleanField(default=False, verbose_name=_("weak"))
    excellent_over_cap = models.BooleanField(default=False)
    responsible = models.CharField(_("leaders responsible"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        constraints = [
            models.UniqueConstraint(fields=["run", "org"], name="cells_result_unique_run_org"),
        ]
        indexes = [
            # The aggregation step (cell rows of one run) and the announcement's list of cells by path.
            models.Index(fields=["run", "is_cell", "path"], name="cells_result_run_path_idx"),
            # An organisation's history across periods.
            models.Index(fields=["org", "period"], name="cells_result_org_period_idx"),
        ]

    def __str__(self):
        return f"{self.org_id} {self.period_id}"

    @staticmethod
    def _pct(part, whole):
        if part is None or whole is None or not whole:
            return None
        return round(100 * part / whole, 1)

    @property
    def attendance_pct(self):
        return self._pct(self.attendance_present, self.attendance_expected)

    @property
    def meetings_pct(self):
        return self._pct(self.meetings_held, self.meetings_due)

    @property
    def pledges_pct(self):
        return self._pct(self.pledges_published, self.pledges_due)

    @property
    def petitions_pct(self):
        return self._pct(self.petitions_answered_in_time, self.petitions_raised)

    @property
    def reporting_pct(self):
        return self._pct(self.cells_reported_on_time, self.cell_count)


class PastPath(models.Model):
    """The path a party organisation had up to and including `until`, before a reorganisation
    effective the next day re-parented it in place (`cells.reorg` writes it).

    Closed organisations keep their path for ever; the cells and organisations *below* a
    reorganised one are the same rows before and after, and their open rows get the new path. This
    table keeps what they had, so the structure of any past date is derivable: an organisation's
    path on `day` is the row with the smallest `until` on or after `day`, else its current path
    (`cells.structure`). Periods are computed, locked and read on the structure of their last day.
    """

    org = models.ForeignKey("units.PartyOrg", on_delete=models.CASCADE, related_name="+")
    path = models.CharField(max_length=255)
    until = models.DateField(_("path up to"))

    class Meta:
        verbose_name = _("earlier path of an organisation")
        verbose_name_plural = _("earlier paths of organisations")
        constraints = [
            # Two reorganisations on one date: the first one recorded the path of the day before.
            models.UniqueConstraint(fields=["org", "until"], name="cells_pastpath_unique_org_until"),
        ]

    def __str__(self):
        return f"{self.org_id} {self.path} (≤ {self.until:%d/%m/%Y})"


class GradeOverride(NFCText):
    """The superior committee's decision replacing a suggested grade, with its reason."""

    org = models.ForeignKey(
        "units.PartyOrg", on_delete=models.CASCADE, related_name="+", verbose_name=_("party organisation")
    )
    period = models.ForeignKey(
        Period, on_delete=models.CASCADE, related_name="overrides", verbose_name=_("period")
    )
    grade = models.CharField(_("grade"), max_length=10, choices=Grade.choices)
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(auto_now=True, verbose_name=_("decided at"))

    # Audit trail (who, when, before and after): see docs/architecture.md, Security and faults.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("grade decided by the superior committee")
        verbose_name_plural = _("grades decided by the superior committee")
        constraints = [
            models.UniqueConstraint(fields=["org", "period"], name="cells_override_unique_org_period"),
            models.CheckConstraint(condition=~Q(reason=""), name="cells_override_reason_required"),
        ]

    def __str__(self):
        return f"{self.org_id} {self.period_id} {self.grade}"


class Announcement(NFCModel):
    """Thông báo kết quả: the superior committee's announcement of its cells' results for a period.

    Publishing locks the period for every cell under `org`: their meetings, attendance and grades
    dated in the period cannot change until the committee reopens it with a recorded reason.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    org = models.ForeignKey(
        "units.PartyOrg", on_delete=models.PROTECT, related_name="+", verbose_name=_("issuing committee")
    )
    period = models.ForeignKey(
        Period, on_delete=models.PROTECT, related_name="announcements", verbose_name=_("period")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    number = models.CharField(_("number"), max_length=40, blank=True, help_text="15-TB/HU")
    place = models.CharField(_("place"), max_length=80, blank=True)
    issued_on = models.DateField(_("date"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=255)
    body = models.TextField(_("body"), blank=True)
    recipients = models.TextField(_("recipients"), blank=True, help_text=_("One per line."))
    signer_title = models.CharField(_("signing as"), max_length=120, blank=True)
    signer_name = models.CharField(_("signed by"), max_length=120, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, verbose_name=_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    # Audit trail (who, when, before and after): see docs/architecture.md, Security and faults.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("announcement of results")
        verbose_name_plural = _("announcements of results")
        constraints = [
            models.UniqueConstraint(fields=["org", "period"], name="cells_announcement_unique_org_period"),
        ]
        indexes = [
            # The lock check: published announcements of a period (then a path-prefix match).
            models.Index(fields=["period", "status"], name="cells_announcement_lock_idx"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class PeriodReopening(NFCText):
    """A published period reopened by the superior committee, with the reason (kept for audit)."""

    announcement = models.ForeignKey(
        Announcement, on_delete=models.CASCADE, related_name="reopenings", verbose_name=_("announcement")
    )
    reason = models.TextField(_("reason"))
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("reopened by")
    )
    reopened_at = models.DateTimeField(auto_now_add=True, verbose_name=_("reopened at"))

    class Meta:
        verbose_name = _("reopening of a period")
        verbose_name_plural = _("reopenings of periods")
        ordering = ["-reopened_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="cells_reopening_reason_required"),
        ]

    def __str__(self):
        return f"{self.announcement_id} {timezone.localtime(self.reopened_at):%d/%m/%Y}"
