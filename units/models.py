"""The administrative tree, the party-organisation tree, and the people in them.

Both trees keep `parent` as the truth and a materialised `path` ("1.12.345.") derived from it by
`units.tree` only, so "everything under this commune" is one indexed `path LIKE '1.12.%'` query.
The level of a node comes from its kind; how many levels exist is data (since 01-07-2025 a
commune may sit directly under the province), so the only rule is: a child sits below its parent.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.models import NFCModel

# Derived columns are not history: `path` and `history_paths` follow from the parents (units.tree),
# `search_text` from the names. Leaving them out also keeps set-based path rebuilds free of history.
TREE_HISTORY_EXCLUDED = ["path", "history_paths", "search_text"]


class TreeQuerySet(models.QuerySet):
    def valid_on(self, day: date | None = None):
        """Nodes valid on `day` (today by default): the structure in force on that date."""
        from django.utils import timezone

        day = day or timezone.localdate()
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def descendants_of(self, node, *, include_self=False):
        qs = self.filter(path__startswith=node.path)
        return qs if include_self else qs.exclude(pk=node.pk)

    def ancestors_of(self, node):
        return self.filter(pk__in=node.ancestor_ids()).order_by("level")


class TreeNode(NFCModel):
    """What both trees share: code, name, parent, derived level and path, validity and successor."""

    SEARCH_FIELDS = ("code", "name")
    LEVELS: dict[str, int] = {}

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    level = models.PositiveSmallIntegerField(_("level"), editable=False)
    # Written only by units.tree; the trailing dot keeps "1.2." from matching "1.23.".
    path = models.CharField(max_length=255, editable=False, default="", db_index=False)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("successor"),
    )
    # The paths of every node this one descends from by reorganisation (transitively), written with
    # the lineage edges (`units.tree.record_history_paths`). Closed nodes keep their paths for ever,
    # so their subtrees are this node's history: its users read them (`units.scope`) with no query.
    history_paths = models.JSONField(default=list, blank=True, editable=False)

    objects = TreeQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    @property
    def depth(self) -> int:
        return self.path.count(".")

    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.split(".")[:-2]] if self.path else []

    def clean(self):
        from . import tree

        super().clean()
        self.level = self.LEVELS.get(self.kind, 0)
        errors = {}
        if self.parent_id:
            parent = self.parent
            if self.pk and (parent.pk == self.pk or tree.inside(parent.path, self.path)):
                errors["parent"] = _("A unit cannot be placed under itself or one of its own descendants.")
            elif not tree.sits_below(self.level, parent.level):
                errors["parent"] = _(
                    "A %(kind)s (level %(level)s) cannot sit under %(parent)s, a %(parent_kind)s (level "
                    "%(parent_level)s): a child must sit below its parent's level."
                ) % {
                    "kind": self.get_kind_display(),
                    "level": self.level,
                    "parent": parent.name,
                    "parent_kind": parent.get_kind_display(),
                    "parent_level": parent.level,
                }
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = _("The end of validity cannot be before its start.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        from . import tree

        self.level = self.LEVELS[self.kind]
        tree.save_node(self, super().save, *args, **kwargs)


class Unit(TreeNode):
    """An administrative unit: province, district, commune, hamlet or self-governing group."""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Province")
        CITY = "city", _("City")
        DISTRICT = "district", _("District")
        TOWN = "town", _("Town")
        COMMUNE = "commune", _("Commune")
        WARD = "ward", _("Ward")
        TOWNSHIP = "township", _("Township")
        HAMLET = "hamlet", _("Hamlet")
        QUARTER = "quarter", _("Neighbourhood")
        GROUP = "group", _("Self-governing group")

    LEVELS = {
        Kind.PROVINCE: 1,
        Kind.CITY: 2,
        Kind.DISTRICT: 2,
        Kind.TOWN: 2,
        Kind.COMMUNE: 3,
        Kind.WARD: 3,
        Kind.TOWNSHIP: 3,
        Kind.HAMLET: 4,
        Kind.QUARTER: 4,
        Kind.GROUP: 5,
    }
    # Names of the levels, for per-level counts ("112/118 ấp").
    LEVEL_NAMES = {
        1: _("province"),
        2: _("district level"),
        3: _("commune level"),
        4: _("hamlet / neighbourhood"),
        5: _("self-governing group"),
    }

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)

    # Every writer records who and why: saves through the middleware or `_history_user`, bulk and
    # set-based writes (imports, reorganisations, the demo) through `common.history.record_rows`.
    history = HistoricalRecords(excluded_fields=TREE_HISTORY_EXCLUDED)

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["path"]
        indexes = [
            # Subtree queries (`path LIKE 'prefix%'`): scope filters, per-level counts, drill-down.
            models.Index(fields=["path"], name="unit_path_idx", opclasses=["varchar_pattern_ops"]),
            # Per-level counts under a node and "all communes" lists.
            models.Index(fields=["level", "path"], name="unit_level_path_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_validity_ordered",
            ),
        ]


class UnitPastPath(models.Model):
    """Where an administrative unit sat up to and including `until`, before a reorganisation
    effective the next day re-parented it in place (`units.reorg` writes it, set-based).

    A reorganised unit's row is closed and keeps its parent and path for ever; the hamlets and
    groups *below* it are the same rows before and after and their open rows get the new parent and
    path. This table keeps what they had, so the tree of any past date is derivable: a unit's path
    (and parent) on `day` is the row with the smallest `until` on or after `day`, else its current
    one (`units.selectors.path_on`, `parent_on`). The same rule as `cells.PastPath` for the party tree.
    """

    # The unique (unit, until) constraint is the index of the correlated lookup.
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", db_index=False)
    path = models.CharField(max_length=255)
    # The parent it had then: the past day's children of a unit are one indexed lookup.
    parent = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    until = models.DateField(_("path up to"))

    class Meta:
        verbose_name = _("earlier place of a unit")
        verbose_name_plural = _("earlier places of units")
        constraints = [
            # Two reorganisations on one date: the first one recorded the place of the day before.
            models.UniqueConstraint(fields=["unit", "until"], name="unitpastpath_unique_unit_until"),
        ]
        indexes = [
            # Everything that sat under a unit on a past day (per-level counts): `path LIKE 'prefix%'`.
            models.Index(fields=["path"], name="unitpastpath_path_idx", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self):
        return f"{self.unit_id} {self.path} (≤ {self.until:%d/%m/%Y})"


class PartyOrg(TreeNode):
    """A party organisation: provincial committee down to the party cell (chi bộ)."""

    class Kind(models.TextChoices):
        PROVINCIAL = "provincial", _("Provincial party organisation")
        DISTRICT = "district", _("District party organisation")
        GRASSROOTS_COMMITTEE = "grassroots_committee", _("Grassroots party organisation")
        GRASSROOTS_CELL = "grassroots_cell", _("Grassroots party cell")
        CELL = "cell", _("Party cell")

    LEVELS = {
        Kind.PROVINCIAL: 1,
        Kind.DISTRICT: 2,
        Kind.GRASSROOTS_COMMITTEE: 3,
        Kind.GRASSROOTS_CELL: 3,
        Kind.CELL: 4,
    }
    CELL_KINDS = (Kind.GRASSROOTS_CELL, Kind.CELL)

    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="party_orgs",
        verbose_name=_("administrative unit led"),
        help_text=_("Empty for an agency cell."),
    )
    secretary = models.ForeignKey(
        "Cadre",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("secretary"),
    )
    deputy_secretary = models.ForeignKey(
        "Cadre",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("deputy secretary"),
    )

    history = HistoricalRecords(excluded_fields=TREE_HISTORY_EXCLUDED)

    class Meta:
        verbose_name = _("party organisation")
        verbose_name_plural = _("party organisations")
        ordering = ["path"]
        indexes = [
            # Subtree queries over the party tree: scope, rollups by path prefix.
            models.Index(fields=["path"], name="partyorg_path_idx", opclasses=["varchar_pattern_ops"]),
            # "All cells under this committee" (rollup inputs, cell lists).
            models.Index(fields=["kind", "path"], name="partyorg_kind_path_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="partyorg_validity_ordered",
            ),
        ]

    @property
    def is_cell(self) -> bool:
        return self.kind in self.CELL_KINDS


class Cadre(NFCModel):
    """A cadre or party member (the roster's `Cán bộ` sheet)."""

    SEARCH_FIELDS = ("code", "full_name", "position")

    class Sex(models.TextChoices):
        MALE = "male", _("Male")
        FEMALE = "female", _("Female")

    class Level(models.TextChoices):
        PROVINCE = "province", _("Provincial")
        DISTRICT = "district", _("District")
        COMMUNE = "commune", _("Commune")

    code = models.CharField(_("code"), max_length=40, unique=True)
    full_name = models.CharField(_("full name"), max_length=255)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, blank=True)
    position = models.CharField(_("position"), max_length=255, blank=True)
    cadre_level = models.CharField(
        _("cadre level"),
        max_length=10,
        choices=Level.choices,
        blank=True,
        help_text=_("Empty for a party member who holds no cadre post."),
    )
    work_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="cadres", verbose_name=_("unit of work")
    )
    # Text, never a number: a leading 0 must survive.
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    is_party_member = models.BooleanField(_("party member"), default=True)
    party_org = models.ForeignKey(
        PartyOrg,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("party organisation"),
    )

    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("cadre / party member")
        verbose_name_plural = _("cadres / party members")
        ordering = ["full_name", "code"]
        indexes = [
            # Member lists of a cell and per-cell counts (meetings, rollups).
            models.Index(fields=["party_org", "full_name"], name="cadre_org_name_idx"),
            # Cadres by level in a unit (assignment pickers).
            models.Index(fields=["cadre_level", "work_unit"], name="cadre_level_unit_idx"),
        ]

    def __str__(self):
        return self.full_name


class RosterImport(models.Model):
    """One roster upload (page, admin or command): who, when, which file and sheets, what the
    preview found and what was written. Kept as the history of imports."""

    class Status(models.TextChoices):
        REFUSED = "refused", _("Refused")  # the file itself could not be read
        PREVIEWED = "previewed", _("Checked, waiting for confirmation")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Nothing imported")
        # The process running it died (worker killed, machine restarted): nothing was written;
        # the office can run it again from the kept file.
        STOPPED = "stopped", _("Interrupted")

    class Source(models.TextChoices):
        PAGE = "page", _("Import page")
        ADMIN = "admin", _("Administration")
        COMMAND = "command", _("Command line")

    created_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.PAGE)
    file_name = models.CharField(_("file name"), max_length=255)
    # Kept for the confirmation step, the background task and the error workbook.
    file = models.FileField(_("file"), upload_to="roster-imports/%Y/%m/", blank=True)
    sheet = models.CharField(
        _("requested sheet"), max_length=40, blank=True, help_text=_("Empty: every sheet.")
    )
    sheets = models.CharField(_("sheets"), max_length=255, blank=True)
    dry_run = models.BooleanField(_("check only"), default=False)
    only_valid = models.BooleanField(_("only the valid rows"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PREVIEWED)
    message = models.TextField(_("message"), blank=True)
    # {sheet: {"new": n, "updated": n, "unchanged": n, "rejected": n}}
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    # [{"sheet", "row", "column", "value", "message"}], rows numbered as Excel shows them.
    errors = models.JSONField(_("errors"), default=list, blank=True)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)

    class Meta:
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The history list on the import page (newest first).
            models.Index(fields=["-created_at"], name="rosterimport_created_idx"),
        ]

    def __str__(self):
        return self.file_name

    @property
    def rejected(self) -> int:
        return sum(c.get("rejected", 0) for c in self.counts.values())

    @property
    def writable(self) -> int:
        return sum(c.get("new", 0) + c.get("updated", 0) for c in self.counts.values())


class Reorganisation(models.Model):
    """One reorganisation (merge, split, move, rename, abolition of a level, or a sheet of them):
    who applied it, when, from which date, and what it moved (`summary`). Written only by
    `units.reorg`; never edited afterwards (the audit of the map's history)."""

    class Kind(models.TextChoices):
        MERGE = "merge", _("Merge")
        SPLIT = "split", _("Split")
        MOVE = "move", _("Move")
        RENAME = "rename", _("Rename")
        ABOLISH_LEVEL = "abolish_level", _("Abolition of a level")
        SHEET = "sheet", _("Reorganisation sheet")

    kind = models.CharField(_("operation"), max_length=16, choices=Kind.choices)
    effective_on = models.DateField(_("effective date"))
    title = models.CharField(_("title"), max_length=255)
    note = models.TextField(_("note"), blank=True)
    # {"units_closed": n, "units_opened": n, "orgs_closed": n, ..., "followers": {label: {...}}}
    summary = models.JSONField(_("what moved"), default=dict, blank=True)
    created_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("applied by"),
    )
    created_at = models.DateTimeField(_("applied at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reorganisation")
        verbose_name_plural = _("reorganisations")
        ordering = ["-effective_on", "-pk"]
        indexes = [
            # The history list of reorganisations (newest effective date first).
            models.Index(fields=["-effective_on"], name="reorg_effective_idx"),
        ]

    def __str__(self):
        return self.title


class LineageBase(models.Model):
    """Predecessor -> successor from `effective_on`, with the share a successor took (splits)."""

    reorganisation = models.ForeignKey(
        Reorganisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("reorganisation")
    )
    effective_on = models.DateField(_("effective date"))
    share = models.DecimalField(
        _("share"),
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("For a split: the share of the hamlets or groups this successor took (0-1)."),
    )

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.predecessor_id} → {self.successor_id}"


class Lineage(LineageBase):
    """An administrative unit's lineage edge; many-to-many (merges and splits)."""

    predecessor = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="lineage_out", verbose_name=_("predecessor")
    )
    successor = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="lineage_in", verbose_name=_("successor")
    )

    class Meta:
        verbose_name = _("unit lineage")
        verbose_name_plural = _("unit lineage")
        ordering = ["effective_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="lineage_unique_pair"),
        ]
        indexes = [
            # The unit page's lineage section: where a unit came from (and where it went: FK index).
            models.Index(fields=["successor", "effective_on"], name="lineage_successor_idx"),
        ]


class OrgLineage(LineageBase):
    """A party organisation's lineage edge (a commune's committee follows its commune)."""

    predecessor = models.ForeignKey(
        PartyOrg, on_delete=models.PROTECT, related_name="lineage_out", verbose_name=_("predecessor")
    )
    successor = models.ForeignKey(
        PartyOrg, on_delete=models.PROTECT, related_name="lineage_in", verbose_name=_("successor")
    )

    class Meta:
        verbose_name = _("party organisation lineage")
        verbose_name_plural = _("party organisation lineage")
        ordering = ["effective_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="orglineage_unique_pair"),
        ]
        indexes = [
            # Dashboards' trend across a merge: the predecessors of an organisation.
            models.Index(fields=["successor", "effective_on"], name="orglineage_successor_idx"),
        ]
