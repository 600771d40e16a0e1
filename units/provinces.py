"""The old provinces' administrative units and the 2025 reform, read from `units/data/`.

Files (regenerated from the `vietnamadminunits` package by `manage.py extract_reform_data`; nothing
here needs the package):
- `<province>-units.csv`: an old province, its districts and communes with their GSO codes
  (`Mã đơn vị,Tên đơn vị,Loại đơn vị,Mã đơn vị cấp trên`): Bến Tre 83 (the seed), Trà Vinh 84,
  Vĩnh Long 86;
- `reform-2025-<province>-units.csv`: the province after 01-07-2025 and its communes, same format;
- `reform-2025-<province>.csv`: the reform by GSO code (`Mã đơn vị cũ,Mã đơn vị mới,Tỷ lệ chia
  tách`): each old province -> the new one, each district abolished (no new code), each commune ->
  its new commune(s).

`load(codes)` inserts the old provinces' units (and, by default, their party committees: the
provincial committee with its agency cells, one per district and one per commune) set-based and
idempotently: rows are matched by code, so a second run, or a run after the reform (whose closed
rows keep or archive their codes), adds nothing. `reform_rows(province)` gives the rows of the
`Sắp xếp đơn vị` sheet for the reform, built from the codes only; `apply_reform(province)` imports
that sheet as the office would (checked whole, then applied in one transaction).
"""

import csv
import io
from functools import cache
from pathlib import Path

from django.db import transaction

from common.text import fold, nfc

from .models import PartyOrg, Unit
from .tree import rebuild_paths

DATA = Path(__file__).parent / "data"
OLD_PROVINCES = {"83": "ben-tre-units.csv", "84": "tra-vinh-units.csv", "86": "vinh-long-units.csv"}
UNIT_KINDS = {
    "Tỉnh": Unit.Kind.PROVINCE,
    "Thành phố": Unit.Kind.CITY,
    "Huyện": Unit.Kind.DISTRICT,
    "Thị xã": Unit.Kind.TOWN,
    "Xã": Unit.Kind.COMMUNE,
    "Phường": Unit.Kind.WARD,
    "Thị trấn": Unit.Kind.TOWNSHIP,
}
PROVINCIAL_AGENCIES = [
    "Văn phòng Tỉnh ủy",
    "Ban Tổ chức Tỉnh ủy",
    "Ủy ban Kiểm tra Tỉnh ủy",
    "Ban Tuyên giáo và Dân vận Tỉnh ủy",
]


def slug(name: str) -> str:
    """'Tỉnh Trà Vinh' or 'Trà Vinh' -> 'tra-vinh' (file names)."""
    words = fold(name).split()
    if words[:2] == ["thanh", "pho"]:
        words = words[2:]
    elif words[:1] == ["tinh"]:
        words = words[1:]
    return "-".join(words)


@cache
def read(name: str) -> tuple[dict, ...]:
    """The rows of a CSV file of `units/data/` as dicts (cached: the files ship with the code)."""
    with (DATA / name).open(encoding="utf-8-sig", newline="") as fh:
        return tuple(csv.DictReader(fh))


def _unit(row) -> Unit:
    kind = UNIT_KINDS[row["Loại đơn vị"]]
    code, name = row["Mã đơn vị"], row["Tên đơn vị"]
    return Unit(code=code, name=name, kind=kind, level=Unit.LEVELS[kind], search_text=fold(f"{code} {name}"))


def new_org(code, name, kind, parent_id, unit_id) -> PartyOrg:
    """An unsaved party organisation for a bulk insert (level and search key filled, name NFC)."""
    name = nfc(name)
    return PartyOrg(
        code=code,
        name=name,
        kind=kind,
        parent_id=parent_id,
        unit_id=unit_id,
        level=PartyOrg.LEVELS[kind],
        search_text=fold(f"{code} {name}"),
    )


def _ids(model, codes) -> dict[str, int]:
    return dict(model.objects.filter(code__in=list(codes)).values_list("code", "pk"))


def load_units(codes=tuple(OLD_PROVINCES)) -> int:
    """Insert the units of the old provinces `codes` that are not stored yet; returns how many.
    One INSERT batch per level, then the paths set-based."""
    rows = [r for code in codes for r in read(OLD_PROVINCES[code])]
    added = 0
    for level in sorted({Unit.LEVELS[UNIT_KINDS[r["Loại đơn vị"]]] for r in rows}):
        batch = [r for r in rows if Unit.LEVELS[UNIT_KINDS[r["Loại đơn vị"]]] == level]
        parents = _ids(Unit, {r["Mã đơn vị cấp trên"] for r in batch if r["Mã đơn vị cấp trên"]})
        known = set(_ids(Unit, [r["Mã đơn vị"] for r in batch]))
        units = []
        for r in batch:
            if r["Mã đơn vị"] in known:
                continue
            unit = _unit(r)
            unit.parent_id = parents.get(r["Mã đơn vị cấp trên"])
            units.append(unit)
        Unit.objects.bulk_create(units, batch_size=2000, ignore_conflicts=True)
        added += len(units)
    rebuild_paths(Unit)
    return added


def load_committees(codes=tuple(OLD_PROVINCES)) -> int:
    """The party committees of the old provinces `codes`: Đảng bộ tỉnh (code DB<province>) with
    its agency cells (CBTU<province>-n), one committee per district and per commune (DB<unit
    code>), each under its unit's parent's committee. Only the missing ones; returns how many."""
    added = 0
    for code in codes:
        rows = read(OLD_PROVINCES[code])
        unit_ids = _ids(Unit, [r["Mã đơn vị"] for r in rows])
        province = rows[0]
        short = province["Tên đơn vị"].split(" ", 1)[1]
        levels = [
            [(province, PartyOrg.Kind.PROVINCIAL, f"Đảng bộ tỉnh {short}")],
            [
                (r, PartyOrg.Kind.DISTRICT, f"Đảng bộ {r['Tên đơn vị']}")
                for r in rows[1:]
                if UNIT_KINDS[r["Loại đơn vị"]] in (Unit.Kind.CITY, Unit.Kind.DISTRICT, Unit.Kind.TOWN)
            ],
            [
                (r, PartyOrg.Kind.GRASSROOTS_COMMITTEE, f"Đảng bộ {r['Tên đơn vị']}")
                for r in rows[1:]
                if Unit.LEVELS[UNIT_KINDS[r["Loại đơn vị"]]] == 3
            ],
        ]
        for level in levels:
            parents = _ids(PartyOrg, [f"DB{r['Mã đơn vị cấp trên']}" for r, _kind, _name in level])
            known = set(_ids(PartyOrg, [f"DB{r['Mã đơn vị']}" for r, _kind, _name in level]))
            orgs = [
                new_org(
                    f"DB{r['Mã đơn vị']}",
                    name,
                    kind,
                    parents.get(f"DB{r['Mã đơn vị cấp trên']}"),
                    unit_ids.get(r["Mã đơn vị"]),
                )
                for r, kind, name in level
                if f"DB{r['Mã đơn vị']}" not in known
            ]
            PartyOrg.objects.bulk_create(orgs, batch_size=2000, ignore_conflicts=True)
            added += len(orgs)
        top = _ids(PartyOrg, [f"DB{code}"]).get(f"DB{code}")
        agencies = {f"CBTU{code}-{i + 1}": name for i, name in enumerate(PROVINCIAL_AGENCIES)}
        known = set(_ids(PartyOrg, agencies))
        cells = [
            new_org(c, f"Chi bộ {name} {short}", PartyOrg.Kind.GRASSROOTS_CELL, top, None)
            for c, name in agencies.items()
            if c not in known and top is not None
        ]
        PartyOrg.objects.bulk_create(cells, ignore_conflicts=True)
        added += len(cells)
    rebuild_paths(PartyOrg)
    return added


@transaction.atomic
def load(codes=("84", "86"), *, committees=True) -> dict[str, int]:
    """Load the old provinces `codes` (by default the two merged with Bến Tre, whose demo loads
    it) and their party committees; returns how many rows of each were added."""
    added = {"units": load_units(codes)}
    if committees:
        added["party_orgs"] = load_committees(codes)
    return added


# The 2025 reform ------------------------------------------------------------------------------


def reform_files(province: str) -> tuple[str, str]:
    """(mapping file, new units file) of the reform of `province` (its name after 01-07-2025)."""
    name = slug(province)
    files = (f"reform-2025-{name}.csv", f"reform-2025-{name}-units.csv")
    if not all((DATA / f).exists() for f in files):
        raise LookupError(name)
    return files


def old_province_of() -> dict[str, str]:
    """Every stored old unit's code -> its province's code (from the old provinces' files)."""
    out = {}
    for code, name in OLD_PROVINCES.items():
        out.update({r["Mã đơn vị"]: code for r in read(name)})
    return out


def reform_rows(province: str, *, only_from=(), date="01/07/2025") -> list[list[str]]:
    """The `Sắp xếp đơn vị` rows (without the header) of the 2025 reform of `province`, by GSO
    code; `only_from` keeps the part that came from these old provinces (names or codes)."""
    mapping_file, units_file = reform_files(province)
    new_units = {r["Mã đơn vị"]: r for r in read(units_file)}
    new_province = read(units_file)[0]
    province_of = old_province_of()
    wanted = set(OLD_PROVINCES)
    if only_from:
        folded = {fold(p) for p in only_from}
        wanted = {
            code
            for code, name in OLD_PROVINCES.items()
            if code in only_from or any(f in fold(read(name)[0]["Tên đơn vị"]) for f in folded)
        }
    rows = []
    for r in read(mapping_file):
        old, new = r["Mã đơn vị cũ"], r["Mã đơn vị mới"]
        if province_of.get(old) not in wanted:
            continue
        if not new:
            rows.append([old, "", "", "", "", date, ""])
            continue
        unit = new_units[new]
        parent = "" if unit is new_province else new_province["Mã đơn vị"]
        rows.append([old, new, unit["Tên đơn vị"], unit["Loại đơn vị"], parent, date, r["Tỷ lệ chia tách"]])
    return rows


SHEET_HEADERS = [
    "Mã đơn vị cũ",
    "Mã đơn vị mới",
    "Tên đơn vị mới",
    "Loại đơn vị mới",
    "Mã đơn vị cấp trên mới",
    "Ngày hiệu lực",
    "Tỷ lệ chia tách",
]


def reform_workbook(rows) -> bytes:
    """A workbook with one `Sắp xếp đơn vị` sheet of `rows` (from `reform_rows`)."""
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Sắp xếp đơn vị"
    ws.append(SHEET_HEADERS)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def apply_reform(province: str = "Vĩnh Long", *, only_from=(), date="01/07/2025", dry_run=False):
    """Import the reform's sheet through the roster pipeline (the page's and the command's path):
    every row checked, nothing written if one is refused. Returns the import plan (its `errors`)."""
    from .imports import import_file

    data = reform_workbook(reform_rows(province, only_from=only_from, date=date))
    return import_file(data, f"sap-xep-{slug(province)}.xlsx", dry_run=dry_run)
