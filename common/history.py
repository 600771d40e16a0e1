"""The change history of a record, for its page in the app (who, when, what, before → after).

django-simple-history keeps one row per save or delete of a tracked model. `changes()` reads the rows
of one record (and, optionally, of the records that make it up: a pledge's versions and items, a
meeting's attendance), newest first, and turns each into an `Entry` with the fields that changed,
labelled with the field's verbose name and shown as a person reads them: choice labels, the related
record's name, dates dd/mm/yyyy.

Queries are bounded whatever the number of rows: per source one query for the rows and at most one
for the earlier rows they are compared with, then one for the people and one per kind of related
record named in the changes. A page holds `limit` entries; `offset` reads further back.

Scope is the caller's: views fetch the record through its own access helper first.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PAGE_SIZE = 50
EMPTY = "–"

# Fields whose change the entry itself already says (its author and time), or that only mirror others.
HIDDEN = {"search_text", "updated_at", "updated_by", "current_version", "published_version"}

# Labels of fields declared without a verbose name (their automatic English name is not translated).
FIELD_LABELS = {
    "answered_by": gettext_lazy("answered by"),
    "returned_by": gettext_lazy("returned by"),
    "recorded_by": gettext_lazy("recorded by"),
    "created_by": gettext_lazy("created by"),
    "decided_by": gettext_lazy("decided by"),
    "decided_at": gettext_lazy("decided at"),
    "submitted_at": gettext_lazy("submitted at"),
    "published_at": gettext_lazy("published at"),
    "published_by": gettext_lazy("published by"),
    "evaluated_by": gettext_lazy("evaluated by"),
    "evaluated_at": gettext_lazy("evaluated at"),
    "submitted_by": gettext_lazy("submitted by"),
    "member": gettext_lazy("member"),
    "meeting": gettext_lazy("meeting"),
    "period": gettext_lazy("period"),
    "org": gettext_lazy("party organisation"),
    "pledge": gettext_lazy("pledge"),
    "version": gettext_lazy("version"),
    "commitment": gettext_lazy("work commitment"),
    "review": gettext_lazy("self-criticism review"),
    "shortcoming": gettext_lazy("shortcoming"),
    "action": gettext_lazy("remedial action"),
    "created_on": gettext_lazy("created on"),
}

KINDS = {
    "+": gettext_lazy("Created"),
    "~": gettext_lazy("Changed"),
    "-": gettext_lazy("Deleted"),
}


@dataclass
class Source:
    """History rows to show: `history` is a queryset of one historical model (e.g. `obj.history.all()`,
    `PledgeItem.history.filter(version__pledge=…)`); `label(row)` names the part a row is about
    (empty for the record itself); `exclude` names fields not to show; `link(row)` an address to
    read more (e.g. a deleted record's history in the administration)."""

    history: models.QuerySet
    label: Callable | None = None
    exclude: tuple = ()
    link: Callable | None = None  # link(row) -> URL or "": where more is shown (a deleted record)


@dataclass
class Change:
    field: str
    label: str
    old: str
    new: str


@dataclass
class Entry:
    when: datetime.datetime
    who: str
    kind: str  # "+", "~", "-"
    kind_label: str
    part: str
    changes: list[Change] = field(default_factory=list)
    link: str = ""
    reason: str = ""  # simple_history's change reason (e.g. why a meeting was deleted)


@dataclass
class HistoryPage:
    entries: list[Entry]
    offset: int
    limit: int
    has_more: bool

    @property
    def next_offset(self) -> int:
        return self.offset + self.limit

    @property
    def previous_offset(self) -> int | None:
        return max(self.offset - self.limit, 0) if self.offset else None


def user_name(user) -> str:
    if user is None:
        return _("System")
    return user.get_full_name() or user.username


def field_label(model_field) -> str:
    verbose = model_field.verbose_name
    if not isinstance(verbose, Promise) and model_field.name in FIELD_LABELS:
        verbose = FIELD_LABELS[model_field.name]
    return capfirst(str(verbose))


def _rows(source: Source, want: int):
    """The newest `want` rows of a source, each with `_prev_id`: its record's previous history row."""
    model = source.history.model
    pk = model.instance_type._meta.pk.attname
    previous = (
        model._default_manager.filter(**{pk: OuterRef(pk), "history_id__lt": OuterRef("history_id")})
        .order_by("-history_id")
        .values("history_id")[:1]
    )
    return list(
        source.history.annotate(_prev_id=Subquery(previous)).order_by("-history_date", "-history_id")[:want]
    )


def _previous_rows(model, rows, at_hand) -> dict:
    """The earlier rows the given rows are compared with, in one query (those not already at hand)."""
    known = {r.history_id: r for r in at_hand}
    wanted = {r._prev_id for r in rows if r.history_type == "~" and r._prev_id and r._prev_id not in known}
    if wanted:
        known.update({r.history_id: r for r in model._default_manager.filter(history_id__in=wanted)})
    return known


def _without_replacements(merged, sources):
    """Drop the pairs an edit writes when it replaces a part by an identical one (a pledge's actions
    are deleted and written again on every save): same author, same values, within a minute."""
    created = defaultdict(list)
    for row, i in merged:
        if row.history_type == "+":
            created[(i, row.history_user_id, _values(row, sources[i]))].append(row)
    dropped = set()
    for row, i in merged:
        if row.history_type != "-":
            continue
        for twin in created.get((i, row.history_user_id, _values(row, sources[i])), ()):
            if (
                _record_id(twin) != _record_id(row)  # written in its place, not one record made and deleted
                and id(twin) not in dropped
                and abs((twin.history_date - row.history_date).total_seconds()) < 60
            ):
                dropped |= {id(twin), id(row)}
                break
    return [(row, i) for row, i in merged if id(row) not in dropped]


def _record_id(row):
    return getattr(row, row.instance_type._meta.pk.attname)


def _values(row, source) -> tuple:
    return tuple(getattr(row, f.attname) for f in _fields(source.history.model, source.exclude))


def _fields(model, exclude) -> list:
    """The fields of a tracked model that an entry may show: editable, not hidden."""
    return [
        f
        for f in model.instance_type._meta.concrete_fields
        if f.editable and not f.primary_key and f.name not in HIDDEN and f.name not in exclude
    ]


def changes(*targets, limit: int = PAGE_SIZE, offset: int = 0) -> HistoryPage:
    """The history of a record, newest first: `changes(obj)` or `changes(Source(...), Source(...))`."""
    sources = [t if isinstance(t, Source) else Source(t.history.all()) for t in targets]
    offset, limit = max(int(offset), 0), max(int(limit), 1)
    picked, has_more = _page(sources, offset, limit)
    # The changes of each entry, with raw values first; names are looked up below in few queries.
    raw = [(row, source, _diffs(row, source, previous)) for row, source, previous in picked]
    names = _names(raw)
    entries = [
        _entry(row, source, diffs, names)
        for row, source, diffs in raw
        # An edit of hidden fields only (a pointer to the newest version, a timestamp) is not shown.
        if not (row.history_type == "~" and not diffs and row._prev_id)
    ]
    return HistoryPage(entries=entries, offset=offset, limit=limit, has_more=has_more)


def _page(sources, offset, limit):
    """The rows of one page across the sources, newest first, each with its source and the earlier
    rows it is compared with; and whether there is a next page."""
    want = offset + limit + 1
    fetched = {}  # source index -> its rows
    merged = []
    for i, source in enumerate(sources):
        fetched[i] = _rows(source, want)
        merged += [(row, i) for row in fetched[i]]
    merged.sort(key=lambda p: (p[0].history_date, p[0].history_id), reverse=True)
    has_more = len(merged) > offset + limit
    # A page may show fewer than `limit` entries when parts were rewritten unchanged.
    merged = _without_replacements(merged[offset : offset + limit], sources)
    # The earlier rows the shown ones are compared with: at hand, or one query per source.
    previous = {}
    for i, source in enumerate(sources):
        shown = [row for row, j in merged if j == i]
        if shown:
            previous[i] = _previous_rows(source.history.model, shown, fetched[i])
    return [(row, sources[i], previous[i]) for row, i in merged], has_more


def _diffs(row, source, previous) -> list[tuple]:
    """(field, old value, new value) for each shown field an edit changed."""
    if row.history_type != "~":
        return []
    before = previous.get(row._prev_id)
    if before is None:
        return []
    pairs = (
        (f, getattr(before, f.attname), getattr(row, f.attname))
        for f in _fields(source.history.model, source.exclude)
    )
    return [(f, old, new) for f, old, new in pairs if old != new]


def _names(raw) -> dict:
    """Names of the users and related records the entries mention: model -> {id: name}, one query
    per related model."""
    User = get_user_model()
    ids = defaultdict(set)  # related model -> ids
    for row, _source, diffs in raw:
        if row.history_user_id:
            ids[User].add(row.history_user_id)
        for f, old, new in diffs:
            if f.is_relation:
                ids[f.related_model] |= {v for v in (old, new) if v is not None}
    names = {}
    for target, pks in ids.items():
        if target is User:
            names[User] = {u.pk: user_name(u) for u in User._default_manager.filter(pk__in=pks)}
            continue
        # select_related(): the non-null relations a name is usually made of (an assignment's cadre).
        objs = target._default_manager.select_related().filter(pk__in=pks)
        names[target] = {obj.pk: str(obj) for obj in objs}
    return names


def _entry(row, source, diffs, names) -> Entry:
    if row.history_user_id:
        who = names[get_user_model()].get(row.history_user_id) or f"#{row.history_user_id}"
    else:
        who = _("System")
    return Entry(
        when=row.history_date,
        who=who,
        kind=row.history_type,
        kind_label=str(KINDS.get(row.history_type, row.history_type)),
        part=str(source.label(row)) if source.label else "",
        changes=[
            Change(f.name, field_label(f), display(f, old, names), display(f, new, names))
            for f, old, new in sorted(diffs, key=lambda d: d[0].creation_counter)
        ],
        link=(source.link(row) or "") if source.link else "",
        reason=getattr(row, "history_change_reason", None) or "",
    )


def display(model_field, value, names=None) -> str:
    """A stored value as a person reads it: choice label, related record's name, dd/mm/yyyy."""
    if value is None or value == "":
        return EMPTY
    if model_field.is_relation:
        found = (names or {}).get(model_field.related_model, {}).get(value)
        return found if found is not None else _("#%(id)s (deleted)") % {"id": value}
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return str(value)


def page_params(request) -> int:
    """The offset asked for in `?tu=` (0 when absent or not a number; at most a million, beyond
    which the database refuses the number)."""
    try:
        return min(max(int(request.GET.get("tu", 0)), 0), 1_000_000)
    except (TypeError, ValueError):
        return 0


def history_page(request, *targets, title, back_url, deleted_hint=""):
    """The "change history" page of a record already fetched through its scoped access helper."""
    from django.shortcuts import render

    return render(
        request,
        "common/history.html",
        {
            "record_title": title,
            "back_url": back_url,
            "history": changes(*targets, offset=page_params(request)),
            "deleted_hint": deleted_hint,
        },
    )


def part(model, text="", limit: int = 80) -> str:
    """How an entry names the part of a record it is about: "Pledge item: Đọc sách …"."""
    name = capfirst(str(model._meta.verbose_name))
    text = str(text or "")
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"{name}: {text}" if text else name


# Writing history set-based ----------------------------------------------------------------------
# simple_history writes a row per save() through signals; bulk_create/update() and QuerySet.update()
# send none. These write the history of many rows in one INSERT … SELECT from the tracked table, so
# an import of 15,000 rows records them in a few statements and no model instance is built.

REASON_LENGTH = 100  # simple_history's history_change_reason column


def _history_select(queryset, *, history_type: str, user, reason: str, values: dict, when):
    from django.db.models import F, Value

    history = queryset.model.history.model
    columns, selected = [], {}
    for f in history._meta.concrete_fields:
        if f.attname == "history_id":
            continue
        if f.attname == "history_date":
            expr = Value(when, output_field=f)
        elif f.attname == "history_type":
            expr = Value(history_type, output_field=f)
        elif f.attname == "history_change_reason":
            expr = Value((reason or "")[:REASON_LENGTH] or None, output_field=f)
        elif f.attname == "history_user_id":
            expr = Value(getattr(user, "pk", None), output_field=models.IntegerField())
        elif f.attname in values:
            expr = Value(values[f.attname], output_field=f)
        else:
            expr = F(f.attname)
        columns.append(f.column)
        selected[f"hcol{len(columns)}"] = expr
    sql, params = queryset.order_by().annotate(**selected).values_list(*selected).query.sql_with_params()
    return history._meta.db_table, columns, sql, params


def _request_user():
    """The signed-in user of the request being served (simple_history's middleware keeps it), or
    None in a task or a command: who a bulk write is recorded under when the caller names nobody."""
    from simple_history.models import HistoricalRecords

    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    return user if getattr(user, "is_authenticated", False) else None


def record_rows(
    queryset, *, history_type: str = "~", user=None, reason: str = "", values=None, when=None
) -> int:
    """One history row per row of `queryset` (a tracked model's), as it is stored (or with `values`
    — attname -> value — as it is about to be): written by `user` (None: the system) because of
    `reason`. `history_type` "+" created, "~" changed. One statement; returns the rows written."""
    from django.core.exceptions import EmptyResultSet
    from django.db import connections

    if user is None:
        user = _request_user()

    try:
        table, columns, sql, params = _history_select(
            queryset,
            history_type=history_type,
            user=user,
            reason=reason,
            values=values or {},
            when=when or timezone.now(),
        )
    except EmptyResultSet:  # `pk__in=[]`: nothing to record
        return 0
    connection = connections[queryset.db]
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {connection.ops.quote_name(table)} ({quoted}) {sql}", params)
        return cursor.rowcount


def update_with_history(queryset, *, user=None, reason: str = "", **values) -> int:
    """`queryset.update(**values)` (plain values, by attname or field name) with one history row
    per updated row, written set-based before the update with the values it sets (the same rows:
    both run in one transaction)."""
    from django.db import transaction

    model = queryset.model
    by_attname = {
        model._meta.get_field(name).attname: value.pk if isinstance(value, models.Model) else value
        for name, value in values.items()
    }
    with transaction.atomic(using=queryset.db):
        record_rows(queryset, user=user, reason=reason, values=by_attname)
        return queryset.update(**values)


def record_missing(model, *, user=None, reason: str = "") -> int:
    """A "created" history row for every row of `model` that has none yet (rows written without
    history: COPY, bulk_create(ignore_conflicts=True) of which only some rows were new)."""
    history = model.history.model
    pk = model._meta.pk.attname
    have = history._default_manager.filter(**{pk: models.OuterRef(pk)})
    return record_rows(
        model._default_manager.filter(~models.Exists(have)), history_type="+", user=user, reason=reason
    )
