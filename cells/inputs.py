"""Figures the rollup takes from other apps, each only if that app's selector can be imported.

An app that has not landed yet gives None: the figure is "unavailable" (shown as "chưa có dữ
liệu"), never zero. Each function returns per-cell dicts keyed by the cell's PartyOrg id.
"""

import importlib
import logging
from collections import defaultdict
from datetime import date

from units.models import Unit

log = logging.getLogger(__name__)


def _selector(module: str, name: str):
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


def available() -> dict[str, bool]:
    return {
        "petitions": _selector("assignments.selectors", "petition_counts") is not None,
        "assignments": _selector("assignments.selectors", "active_assignments") is not None,
        "pledges": _selector("pledges.selectors", "pledge_counts_by_org") is not None,
        "commitments": _selector("pledges.selectors", "commitment_counts_by_org") is not None,
        "remediation": _selector("pledges.selectors", "remediation_counts_by_org") is not None,
    }


def _by_org(rows, cell_ids, fields) -> dict[int, dict]:
    out = {}
    for row in rows:
        if row["org_id"] in cell_ids:
            out[row["org_id"]] = {field: row.get(field) or 0 for field in fields}
    return out


def snapshot(*, start: date, end: date, cell_units: dict[int, int]) -> dict:
    """Every other app's raw figures for the period, province-wide, once per run (a fan-out's parts
    share it through the cache instead of asking each app again). None for an app not there."""

    def call(module, name, **kwargs):
        fn = _selector(module, name)
        return None if fn is None else [dict(row) for row in fn(**kwargs)]

    petitions = call("assignments.selectors", "petition_counts", start=start, end=end)
    unit_paths = {}
    if petitions is not None:
        unit_paths = dict(
            Unit.objects.filter(pk__in=[r["unit_id"] for r in petitions]).values_list("pk", "path")
        )
    active = _selector("assignments.selectors", "active_assignments")
    assigned = None
    if active is not None:
        unit_ids = sorted({u for u in cell_units.values() if u})
        assigned = list(active(unit_ids=unit_ids, on=end).values_list("cadre_id", "unit_id"))
    return {
        "pledges": call("pledges.selectors", "pledge_counts_by_org", year=start.year),
        "commitments": call("pledges.selectors", "commitment_counts_by_org", year=start.year),
        "remediation": call("pledges.selectors", "remediation_counts_by_org", on=end),
        "petitions": petitions,
        "petition_unit_paths": unit_paths,
        "assigned": assigned,
    }


def pledges(snap, cell_ids: set[int]):
    rows = snap["pledges"]
    return None if rows is None else _by_org(rows, cell_ids, ("due", "published"))


def commitments(snap, cell_ids: set[int]):
    rows = snap["commitments"]
    return None if rows is None else _by_org(rows, cell_ids, ("total", "completed"))


def remediation(snap, cell_ids: set[int]):
    rows = snap["remediation"]
    return None if rows is None else _by_org(rows, cell_ids, ("total", "on_track"))


def petitions_by_unit(snap) -> dict[int, tuple[int, int]] | None:
    """Petitions raised anywhere in each unit's subtree: {unit_id: (raised, answered_in_time)}.

    Each counted unit's totals are added to every ancestor in its path (string prefixes, no tree
    walk). None if unavailable.
    """
    rows = snap["petitions"]
    if rows is None:
        return None
    paths = snap["petition_unit_paths"]
    per_unit = defaultdict(lambda: [0, 0])
    for row in rows:
        for part in paths.get(row["unit_id"], "").split(".")[:-1]:
            totals = per_unit[int(part)]
            totals[0] += row.get("raised") or 0
            totals[1] += row.get("answered_in_time") or 0
    return {unit_id: (raised, answered) for unit_id, (raised, answered) in per_unit.items()}


def petitions(snap, cell_units: dict[int, int]):
    """Petitions raised anywhere in each cell's unit subtree: {cell_id: {"raised", "answered_in_time"}},
    read off `petitions_by_unit` at the cells' units."""
    per_unit = petitions_by_unit(snap)
    if per_unit is None:
        return None
    return {
        cell_id: dict(zip(("raised", "answered_in_time"), per_unit.get(unit_id, (0, 0)), strict=True))
        for cell_id, unit_id in cell_units.items()
        if unit_id
    }


def assigned_cadres(snap, cell_units: dict[int, int]):
    """{cell_id: {cadre ids assigned to the cell's unit}}, or None if unavailable."""
    pairs = snap["assigned"]
    if pairs is None:
        return None
    unit_cells = defaultdict(list)
    for cell_id, unit_id in cell_units.items():
        if unit_id:
            unit_cells[unit_id].append(cell_id)
    out = defaultdict(set)
    for cadre_id, unit_id in pairs:
        for cell_id in unit_cells.get(unit_id, ()):
            out[cell_id].add(cadre_id)
    return out


def assigned_to(cell, *, on: date) -> set[int] | None:
    """The cadres assigned to one cell's unit on `on` (the meeting form's guest list)."""
    active = _selector("assignments.selectors", "active_assignments")
    if active is None or not cell.unit_id:
        return None
    return set(active(unit_ids=[cell.unit_id], on=on).values_list("cadre_id", flat=True))
