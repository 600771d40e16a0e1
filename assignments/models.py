"""Support assignments ("phân công theo dõi, hỗ trợ"), field contacts, petitions and their routing.

A cadre follows a lower unit (`Assignment`); which unit levels a kind of cadre may follow is data the
provincial office edits (`LevelRule`). The assigned cadre records visits (`FieldContact`) and the
petitions people raise (`Petition`), which the office forwards to a responsible `Agency`; the agency's
users answer. Every status change is kept (`PetitionEvent`); nothing of the past is deleted: an
assignment that ends keeps its row with an end date.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.models import NFCModel, NFCText
from units.models import Cadre

DEFAULT_DUTY = "Theo dõi, hỗ trợ"


class CadreKind(models.TextChoices):
    """The capacity in which a cadre is assigned; the level rules are keyed on it."""

    PROVINCIAL_STANDING = "provincial_standing", _("Provincial standing committee member")
    PROVINCIAL_MEMBER = "provincial_member", _("Provincial committee member")
    DEPARTMENT_HEAD = "department_head", _("Head of a provincial department")
    FRONT_MASS_ORG = "front_mass_org", _("Head of the Front or a mass organisation")
    INSPECTION_MEMBER = "inspection_member", _("Provincial inspection committee member")
    DISTRICT = "district", _("District cadre")
    COMMUNE = "commune", _("Commune cadre")


# Which roster cadre level each capacity belongs to: a commune cadre cannot be assigned as a
# provincial standing committee member.
KIND_LEVEL = {
    CadreKind.PROVINCIAL_STANDING: Cadre.Level.PROVINCE,
    CadreKind.PROVINCIAL_MEMBER: Cadre.Level.PROVINCE,
    CadreKind.DEPARTMENT_HEAD: Cadre.Level.PROVINCE,
    CadreKind.FRONT_MASS_ORG: Cadre.Level.PROVINCE,
    CadreKind.INSPECTION_MEMBER: Cadre.Level.PROVINCE,
    CadreKind.DISTRICT: Cadre.Level.DISTRICT,
    CadreKind.COMMUNE: Cadre.Level.COMMUNE,
}


def infer_cadre_kind(cadre) -> str:
    """The most likely capacity of a cadre from their roster level and position (a default only)."""
    if cadre.cadre_level == Cadre.Level.DISTRICT:
        return CadreKind.DISTRICT
    if cadre.cadre_level == Cadre.Level.COMMUNE:
        return CadreKind.COMMUNE
    if cadre.cadre_level != Cadre.Level.PROVINCE:
        return ""
    position = (cadre.position or "").lower()
    if "kiểm tra" in position:
        return CadreKind.INSPECTION_MEMBER
    if "thường vụ" in position or "bí thư tỉnh ủy" in position or "phó bí thư" in position:
        return CadreKind.PROVINCIAL_STANDING
    if "sở" in position.split() or position.startswith("giám đốc"):
        return CadreKind.DEPARTMENT_HEAD
    if any(word in position for word in ("mttq", "mặt trận", "hội ", "đoàn")):
        return CadreKind.FRONT_MASS_ORG
    return CadreKind.PROVINCIAL_MEMBER


class LevelRule(models.Model):
    """One allowed pairing: cadres of this kind may follow units of this level.

    Seeded with the mission's defaults (0002 migration); the office edits them in the admin. A rule
    applies to assignments starting within its validity, so a changed rule does not rewrite history.
    """

    cadre_kind = models.CharField(_("kind of cadre"), max_length=24, choices=CadreKind.choices)
    unit_level = models.PositiveSmallIntegerField(
        _("unit level"), help_text=_("1 province, 2 district, 3 commune, 4 hamlet, 5 self-governing group.")
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assignment level rule")
        verbose_name_plural = _("assignment level rules")
        ordering = ["cadre_kind", "unit_level"]
        constraints = [
            models.UniqueConstraint(
                fields=["cadre_kind", "unit_level", "valid_from"], name="levelrule_unique_kind_level"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=F("valid_from")),
                name="levelrule_validity_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.get_cadre_kind_display()} → {self.unit_level}"

    @classmethod
    def allowed_levels(cls, cadre_kind: str, day) -> set[int]:
        rules = cls.objects.filter(cadre_kind=cadre_kind).filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )
        return set(rules.values_list("unit_level", flat=True))


class AssignmentQuerySet(models.QuerySet):
    def active_on(self, day=None):
        """Assignments in force on `day` (today by default): started, and not ended before it."""
        day = day or timezone.localdate()
        return self.filter(starts_on__lte=day).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))


class Assignment(NFCText):
    """A cadre follows and supports a unit from `starts_on` to `ends_on` (open-ended when empty)."""

    cadre = models.ForeignKey(
        Cadre, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("cadre")
    )
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="assignments", verbose_name=_("unit followed")
    )
    cadre_kind = models.CharField(_("assigned as"), max_length=24, choices=CadreKind.choices)
    duty = models.CharField(_("duty"), max_length=255, default=DEFAULT_DUTY)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    assigned_by = models.ForeignKey(
        "units.PartyOrg",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    # Set when the assignment passed to another cadre: the history of who followed the unit.
    succeeded_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("passed to"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = AssignmentQuerySet.as_manager()

    # Audit trail (who, when, before and after): see docs/architecture.md, Security and faults.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("support assignment")
        verbose_name_plural = _("support assignments")
        ordering = ["unit__path", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="assignment_dates_ordered",
            ),
            # One open-ended assignment per cadre and unit (overlaps of dated ones: the service).
            models.UniqueConstraint(
                fields=["cadre", "unit"], condition=Q(ends_on__isnull=True), name="assignment_one_open"
            ),
        ]
        indexes = [
            # Coverage: "does this unit have an active assignment" (EXISTS per unit), active_assignments().
            models.Index(fields=["unit", "starts_on", "ends_on"], name="assignment_unit_dates_idx"),
            # A cadre's own units (contact form, "my units") and per-cadre load.
            models.Index(fields=["cadre", "ends_on"], name="assignment_cadre_end_idx"),
            # "Ending within 30 days" on the coverage page.
            models.Index(fields=["ends_on"], name="assignment_ends_idx"),
        ]

    def __str__(self):
        return f"{self.cadre} → {self.unit}"

    def is_active(self, day=None) -> bool:
        day = day or timezone.localdate()
        return self.starts_on <= day and (self.ends_on is None or self.ends_on >= day)


class FieldContact(NFCText):
    """A visit or contact of an assigned cadre with the unit they follow (ghi nhận theo dõi, hỗ trợ)."""

    class Kind(models.TextChoices):
        VISIT = "visit", _("Visit")
        MEETING = "meeting", _("Cell meeting")
        PHONE = "phone", _("Phone or message")

    assignment = models.ForeignKey(
        Assignment, on_delete=models.PROTECT, related_name="contacts", verbose_name=_("assignment")
    )
    cadre = models.ForeignKey(Cadre, on_delete=models.PROTECT, related_name="+", verbose_name=_("cadre"))
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="field_contacts", verbose_name=_("unit")
    )
    contacted_on = models.DateField(_("date"))
    kind = models.CharField(_("kind of contact"), max_length=10, choices=Kind.choices, default=Kind.VISIT)
    directives = models.ManyToManyField(
        "directives.Directive", blank=True, related_name="+", verbose_name=_("directives disseminated")
    )
    items = models.ManyToManyField(
        "directives.DirectiveItem", blank=True, related_name="+", verbose_name=_("content items")
    )
    disseminated = models.TextField(_("what was disseminated"), blank=True)
    attended_cell_meeting = models.BooleanField(_("attended the cell meeting"), default=False)
    opinions = models.TextField(_("opinions raised"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # Set by the offline client (a UUID made on the phone): a replayed submission finds the row it
    # already stored instead of storing a second one (services, the API).
    client_id = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("field contact")
        verbose_name_plural = _("field contacts")
        ordering = ["-contacted_on", "-pk"]
        indexes = [
            # Contacts of a subtree in a period (lists, rollup of contacts per unit).
            models.Index(fields=["unit", "contacted_on"], name="contact_unit_date_idx"),
            # "My recent contacts" on the cadre's page: in the order shown, so the newest ten are read
            # straight off the index however many contacts the cadre has (id breaks same-day ties).
            models.Index(fields=["cadre", "contacted_on", "id"], name="contact_cadre_date_id_idx"),
        ]

    def __str__(self):
        return f"{self.unit} {self.contacted_on:%d/%m/%Y}"


class Agency(NFCModel):
    """A body that must answer petitions (UBND xã, Phòng Tài nguyên huyện, Sở...), kept by the office."""

    SEARCH_FIELDS = ("code", "name")

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("administrative unit"),
        help_text=_("The unit whose authority this agency belongs to."),
    )
    contact = models.CharField(_("address and phone"), max_length=255, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="AgencyMember",
        related_name="agencies",
        blank=True,
        verbose_name=_("users"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]

    def __str__(self):
        return self.name


class AgencyMember(models.Model):
    """A user who answers the petitions routed to an agency."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agency user")
        verbose_name_plural = _("agency users")
        constraints = [models.UniqueConstraint(fields=["agency", "user"], name="agencymember_unique")]

    def __str__(self):
        return f"{self.user} @ {self.agency}"


class PetitionCategory(NFCModel):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("petition category")
        verbose_name_plural = _("petition categories")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class AnswerDeadline(models.Model):
    """How many days a petition may wait for an answer at a level; a category may have its own."""

    category = models.ForeignKey(
        PetitionCategory,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deadlines",
        verbose_name=_("category"),
        help_text=_("Empty: the default for every category."),
    )
    unit_level = models.PositiveSmallIntegerField(_("unit level"))
    days = models.PositiveSmallIntegerField(_("days to answer"))

    class Meta:
        verbose_name = _("answer deadline")
        verbose_name_plural = _("answer deadlines")
        ordering = ["category", "unit_level"]
        constraints = [
            models.UniqueConstraint(fields=["category", "unit_level"], name="deadline_unique_category_level"),
            models.UniqueConstraint(
                fields=["unit_level"],
                condition=Q(category__isnull=True),
                name="deadline_unique_default_level",
            ),
        ]

    def __str__(self):
        return f"{self.category or '*'} / {self.unit_level}: {self.days}"

    @classmethod
    def days_for(cls, *, category, unit_level: int, fallback: int = 15) -> int:
        rows = dict(
            cls.objects.filter(Q(category=category) | Q(category__isnull=True), unit_level=unit_level)
            .order_by("category")
            .values_list("category_id", "days")
        )
        if category is not None and category.pk in rows:
            return rows[category.pk]
        return rows.get(None, fallback)


class Petition(NFCModel):
    """What people asked of the authorities at a unit, and its path to an answer."""

    # The folded content (common.text.fold), so the admin's search finds "ben tre" in "Bến Tre".
    SEARCH_FIELDS = ("content",)
    search_text = models.TextField(editable=False, blank=True, default="")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        FORWARDED = "forwarded", _("Forwarded")
        IN_PROGRESS = "in_progress", _("Being handled")
        ANSWERED = "answered", _("Answered")
        RESOLVED = "resolved", _("Resolved")
        RETURNED = "returned", _("Returned")

    # The flow: who may move a petition where is checked by the service.
    TRANSITIONS = {
        Status.NEW: {Status.FORWARDED},
        Status.FORWARDED: {Status.IN_PROGRESS, Status.ANSWERED, Status.RESOLVED, Status.RETURNED},
        Status.IN_PROGRESS: {Status.ANSWERED, Status.RESOLVED, Status.RETURNED},
        Status.ANSWERED: set(),
        Status.RESOLVED: set(),
        Status.RETURNED: {Status.FORWARDED},
    }
    OPEN = (Status.NEW, Status.FORWARDED, Status.IN_PROGRESS, Status.RETURNED)
    ANSWERED_STATES = (Status.ANSWERED, Status.RESOLVED)

    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="petitions", verbose_name=_("raised at")
    )
    contact = models.ForeignKey(
        FieldContact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="petitions",
        verbose_name=_("field contact"),
    )
    raised_on = models.DateField(_("date raised"))
    raised_by = models.ForeignKey(
        Cadre,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by cadre"),
    )
    category = models.ForeignKey(
        PetitionCategory, on_delete=models.PROTECT, related_name="+", verbose_name=_("category")
    )
    content = models.TextField(_("content"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NEW)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="petitions",
        verbose_name=_("responsible agency"),
    )
    forwarded_on = models.DateField(_("date forwarded"), null=True, blank=True)
    due_on = models.DateField(_("answer due"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_on = models.DateField(_("date answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    return_reason = models.TextField(_("reason returned"), blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    redirect_to = models.CharField(_("where to turn instead"), max_length=255, blank=True)
    # The people's verdict after the answer, recorded by the cadre: feeds "resolved" figures.
    people_satisfied = models.BooleanField(_("resolved in the people's view"), null=True, blank=True)
    verdict_on = models.DateField(_("date of the people's verdict"), null=True, blank=True)
    # Escalation: the level currently holding the overdue petition, and when that level's time runs out.
    escalation_level = models.PositiveSmallIntegerField(_("escalated to level"), null=True, blank=True)
    level_due_on = models.DateField(null=True, blank=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # Set by the offline client (a UUID made on the phone): a replayed submission finds the row it
    # already stored instead of storing a second one (services, the API).
    client_id = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    # Audit trail (who, when, before and after): see docs/architecture.md, Security and faults.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        ordering = ["-raised_on", "-pk"]
        indexes = [
            # petition_counts() for the rollup and period filters: raised_on range grouped by unit.
            models.Index(fields=["raised_on", "unit"], name="petition_raised_unit_idx"),
            # The agency's inbox and per-agency figures.
            models.Index(fields=["agency", "status"], name="petition_agency_status_idx"),
            # The daily escalation task: open petitions whose level deadline has passed.
            models.Index(fields=["status", "level_due_on"], name="petition_status_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__isnull=True) | Q(due_on__gte=F("raised_on")),
                name="petition_due_after_raised",
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.category}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    def is_overdue(self, day=None) -> bool:
        day = day or timezone.localdate()
        return self.status in self.OPEN and self.due_on is not None and self.due_on < day

    @property
    def declined_by(self) -> str:
        """Who returned the petition: the person if known, and the agency they answered for."""
        person = (self.returned_by.get_full_name() or self.returned_by.username) if self.returned_by else ""
        agency = self.agency.name if self.agency_id else ""
        return ", ".join(part for part in (person, agency) if part)

    def answered_in_time(self) -> bool | None:
        if self.answered_on is None:
            return None
        return self.due_on is None or self.answered_on <= self.due_on


class PetitionEvent(NFCText):
    """One change of a petition: status (or escalation), when, by whom, with what note."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=12, choices=Petition.Status.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=Petition.Status.choices)
    note = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("petition history entry")
        verbose_name_plural = _("petition history")
        ordering = ["petition", "at", "pk"]

    def __str__(self):
        return f"{self.petition_id}: {self.from_status} → {self.to_status}"


def photo_path(instance, filename):
    # A name of our own: the uploaded name is kept only as a label, never as a path.
    return f"assignments/photos/{timezone.localdate():%Y/%m}/{instance.token}{instance.extension}"


class FieldPhoto(models.Model):
    """A photo (JPEG or PNG) attached to a field contact or a petition, checked as evidence files are
    (`common.uploads.check_attachment`). Stored under MEDIA_ROOT and served only through the scoped
    view of the record it belongs to."""

    contact = models.ForeignKey(
        FieldContact, on_delete=models.CASCADE, null=True, blank=True, related_name="photos"
    )
    petition = models.ForeignKey(
        Petition, on_delete=models.CASCADE, null=True, blank=True, related_name="photos"
    )
    file = models.FileField(_("file"), upload_to=photo_path, max_length=255)
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
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(contact__isnull=False, petition__isnull=True)
                | Q(contact__isnull=True, petition__isnull=False),
                name="fieldphoto_one_owner",
            ),
        ]

    def __str__(self):
        return self.original_name
