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


def pledges(cell_ids: set[int], *, year: int):
    fn = _selector("pledges.selectors", "pledge_counts_by_org")
    return None if fn is None else _by_org(fn(year=year), cell_ids, ("due", "published"))


def commitments(cell_ids: set[int], *, year: int):
    fn = _selector("pledges.selectors", "commitment_counts_by_org")
    return None if fn is None else _by_org(fn(year=year), cell_ids, ("total", "completed"))


def remediation(cell_ids: set[int], *, on: date):
    fn = _selector("pledges.selectors", "remediation_counts_by_org")
    return None if fn is None else _by_org(fn(on=on), cell_ids, ("total", "on_track"))


def petitions(cell_units: dict[int, int], *, start: date, end: date):
    """Petitions raised anywhere in each cell's unit subtree: {cell_id: {"raised", "answered_in_time"}}.

    `cell_units` maps cell id -> the Unit id it leads. Each counted unit's totals are added to
    every ancestor in its path (string prefixes, no tree walk), then read off at the cells' units.
    """
    fn = _selector("assignments.selectors", "petition_counts")
    if fn is None:
        return None
    rows = list(fn(start=start, end=end))
    paths = dict(Unit.objects.filter(pk__in=[r["unit_id"] for r in rows]).values_list("pk", "path"))
    per_unit = defaultdict(lambda: [0, 0])
    for row in rows:
        for part in paths.get(row["unit_id"], "").split(".")[:-1]:
            totals = per_unit[int(part)]
            totals[0] += row.get("raised") or 0
            totals[1] += row.get("answered_in_time") or 0
    return {
        cell_id: {"raised": per_unit[unit_id][0], "answered_in_time": per_unit[unit_id][1]}
        for cell_id, unit_id in cell_units.items()
        if unit_id
    }


def assigned_cadres(cell_units: dict[int, int], *, on: date):
    """{cell_id: {cadre ids assigned to the cell's unit on `on`}}, or None if unavailable."""
    fn = _selector("assignments.selectors", "active_assignments")
    if fn is None:
        return None
    unit_cells = defaultdict(list)
    for cell_id, unit_id in cell_units.items():
        if unit_id:
            unit_cells[unit_id].append(cell_id)
    out = defaultdict(set)
    for cadre_id, unit_id in fn(unit_ids=list(unit_cells), on=on).values_list("cadre_id", "unit_id"):
        for cell_id in unit_cells[unit_id]:
            out[cell_id].add(cadre_id)
    return out
