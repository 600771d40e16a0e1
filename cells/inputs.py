"""Figures the rollup takes from other apps, through the selectors settings.CELL_INPUT_PROVIDERS names.

The apps below cells never import it (pyproject's import-linter contracts), so they cannot register
themselves: the setting lists, per figure, the dotted path of the selector that gives it. They are
imported when cells starts (CellsConfig.ready): a misspelt module or name stops the site there with
ImproperlyConfigured, instead of reading as a missing app. A figure left out of the setting (its app
not installed) gives None: "unavailable" (shown as "chưa có dữ liệu"), never zero. `snapshot()` asks
every app once per run; the rollup loads it into temporary tables (cells.rollup._load_inputs).
"""

from collections import defaultdict
from collections.abc import Callable
from datetime import date
from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from units.models import Unit

SOURCES = ("petitions", "assignments", "pledges", "commitments", "remediation")


@cache
def _resolve(paths: tuple[tuple[str, str], ...]) -> dict[str, Callable]:
    providers = {}
    for source, path in paths:
        if source not in SOURCES:
            raise ImproperlyConfigured(
                f"CELL_INPUT_PROVIDERS: unknown figure {source!r} (the rollup reads {', '.join(SOURCES)})."
            )
        try:
            providers[source] = import_string(path)
        except ImportError as exc:
            raise ImproperlyConfigured(f"CELL_INPUT_PROVIDERS[{source!r}]: cannot import {path!r}: {exc}") from exc
        if not callable(providers[source]):
            raise ImproperlyConfigured(f"CELL_INPUT_PROVIDERS[{source!r}]: {path!r} is not a function.")
    return providers


def providers() -> dict[str, Callable]:
    """The selectors of the figures the setting lists, imported once (ImproperlyConfigured for a path
    that does not import or a figure the rollup does not know)."""
    return _resolve(tuple(sorted(getattr(settings, "CELL_INPUT_PROVIDERS", {}).items())))


def _selector(source: str):
    return providers().get(source)


def available() -> dict[str, bool]:
    return {source: _selector(source) is not None for source in SOURCES}


def snapshot(*, start: date, end: date, cell_units: dict[int, int]) -> dict:
    """Every other app's raw figures for the period, province-wide, once per run (a fan-out's parts
    share it through the cache instead of asking each app again). None for an app not there."""

    def call(source, **kwargs):
        fn = _selector(source)
        return None if fn is None else [dict(row) for row in fn(**kwargs)]

    petitions = call("petitions", start=start, end=end)
    unit_paths = {}
    if petitions is not None:
        unit_paths = dict(
            Unit.objects.filter(pk__in=[r["unit_id"] for r in petitions]).values_list("pk", "path")
        )
    active = _selector("assignments")
    assigned = None
    if active is not None:
        unit_ids = sorted({u for u in cell_units.values() if u})
        assigned = list(active(unit_ids=unit_ids, on=end).values_list("cadre_id", "unit_id"))
    return {
        "pledges": call("pledges", year=start.year),
        "commitments": call("commitments", year=start.year),
        "remediation": call("remediation", on=end),
        "petitions": petitions,
        "petition_unit_paths": unit_paths,
        "assigned": assigned,
    }


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
    active = _selector("assignments")
    if active is None or not cell.unit_id:
        return None
    return set(active(unit_ids=[cell.unit_id], on=on).values_list("cadre_id", flat=True))
