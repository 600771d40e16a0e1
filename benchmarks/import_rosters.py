"""Roster import benchmark: the whole province's units sheet and its cadres, through the real
import pipeline (read .xlsx -> check every row -> bulk write with its history -> paths),
beside a plain bulk_create of the same rows (without history) as the floor.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python benchmarks/import_rosters.py [--scale 5] [--repeat 3]

Runs against a throw-away test database created from the configured one (`test_<name>`), so
real data is never touched. Prints rows/s, seconds, the ratio to the floor, and the process's
peak resident memory (an upper bound for the import: it includes generating the files).
"""

import argparse
import csv
import io
import os
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from common.text import fold, nfc  # noqa: E402
from units.imports import import_file  # noqa: E402
from units.models import Cadre, Unit  # noqa: E402
from units.tree import rebuild_paths  # noqa: E402

HAMLETS, GROUPS, DISTRICT_CADRES, COMMUNE_CADRES = 983, 14_676, 679, 6_038
KINDS = {
    "Tỉnh": "province",
    "Thành phố": "city",
    "Huyện": "district",
    "Thị xã": "town",
    "Xã": "commune",
    "Phường": "ward",
    "Thị trấn": "township",
    "Ấp": "hamlet",
    "Tổ nhân dân tự quản": "group",
}


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def unit_rows(scale: int) -> list[list]:
    """Province, 9 districts, 148 communes (real GSO codes), then hamlets and groups."""
    rng = random.Random(2021)
    with (ROOT / "units" / "data" / "ben-tre-units.csv").open(encoding="utf-8-sig") as fh:
        real = [
            [r["Mã đơn vị"], r["Tên đơn vị"], r["Loại đơn vị"], r["Mã đơn vị cấp trên"]]
            for r in csv.DictReader(fh)
        ]
    communes = [r for r in real if r[2] in ("Xã", "Phường", "Thị trấn")]
    hamlets = []
    for i in range(HAMLETS * scale):
        commune = communes[i % len(communes)]
        hamlets.append([f"{commune[0]}-{i:05d}", f"Ấp {i // len(communes) + 1}", "Ấp", commune[0]])
    groups = []
    for i in range(GROUPS * scale):
        hamlet = hamlets[rng.randrange(len(hamlets))]
        groups.append([f"{hamlet[0]}-{i:06d}", f"Tổ NDTQ số {i % 20 + 1}", "Tổ nhân dân tự quản", hamlet[0]])
    # Children first: the parent of a group is further down the sheet (the contract allows it).
    return groups + hamlets + real


def cadre_rows(units: list[list], scale: int) -> list[list]:
    rng = random.Random(2026)
    districts = [u[0] for u in units if u[2] in ("Thành phố", "Huyện", "Thị xã")]
    communes = [u[0] for u in units if u[2] in ("Xã", "Phường", "Thị trấn")]
    rows = []
    for i in range((DISTRICT_CADRES + COMMUNE_CADRES) * scale):
        district = i < DISTRICT_CADRES * scale
        unit = rng.choice(districts if district else communes)
        rows.append(
            [
                f"K{i:07d}",
                f"Nguyễn Văn {i}",
                f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1965, 2000)}",
                rng.choice(["Nam", "Nữ"]),
                "Chuyên viên",
                "Huyện" if district else "Xã",
                unit,
                int(f"9{rng.randint(0, 99_999_999):08d}"),
                "",
                "Có",
                "",
            ]
        )
    return rows


def xlsx(sheet: str, headers: list[str], rows: list[list]) -> bytes:
    book = Workbook(write_only=True)
    ws = book.create_sheet(sheet)
    ws.append(headers)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def timed(label, fn, rows, results):
    start = time.perf_counter()
    value = fn()
    seconds = time.perf_counter() - start
    results.append((label, rows, seconds, peak_mb()))
    print(
        f"{label:<46} {rows:>7} rows {seconds:7.2f} s {rows / seconds:9.0f} rows/s  peak {peak_mb():6.0f} MB",
        flush=True,
    )
    return value


def floor_units(units):
    """A plain bulk_create of the same rows, one level at a time, then the paths."""
    levels = {
        "province": 1,
        "city": 2,
        "district": 2,
        "town": 2,
        "commune": 3,
        "ward": 3,
        "township": 3,
        "hamlet": 4,
        "group": 5,
    }
    by_level = {}
    for code, name, kind, parent in units:
        by_level.setdefault(levels[KINDS[kind]], []).append((code, name, KINDS[kind], parent))
    ids = {}
    for level in sorted(by_level):
        Unit.objects.bulk_create(
            [
                Unit(
                    code=c,
                    name=nfc(n),
                    kind=k,
                    level=level,
                    parent_id=ids.get(p),
                    search_text=fold(f"{c} {n}"),
                )
                for c, n, k, p in by_level[level]
            ],
            batch_size=2000,
        )
        ids.update(Unit.objects.filter(level=level).values_list("code", "pk"))
    rebuild_paths(Unit)


def floor_cadres(cadres):
    ids = dict(Unit.objects.values_list("code", "pk"))
    Cadre.objects.bulk_create(
        [
            Cadre(
                code=r[0],
                full_name=r[1],
                sex="male" if r[3] == "Nam" else "female",
                position=r[4],
                cadre_level="district" if r[5] == "Huyện" else "commune",
                work_unit_id=ids[r[6]],
                phone=f"0{r[7]}",
                is_party_member=True,
                search_text=fold(f"{r[0]} {r[1]} {r[4]}"),
            )
            for r in cadres
        ],
        batch_size=2000,
    )


def one_round(units, cadres, units_xlsx, cadres_xlsx, results):
    """Import both sheets, re-import the units, then the floor on emptied tables; empties them again."""
    plan = timed(
        "import units sheet (read, check, write)",
        lambda: import_file(units_xlsx, "u.xlsx"),
        len(units),
        results,
    )
    assert plan.counts["Đơn vị"]["new"] == len(units) and not plan.errors, plan.errors[:3]
    plan = timed(
        "import cadres sheet (read, check, write)",
        lambda: import_file(cadres_xlsx, "c.xlsx"),
        len(cadres),
        results,
    )
    assert plan.counts["Cán bộ"]["new"] == len(cadres) and not plan.errors, plan.errors[:3]
    plan = timed(
        "re-import units sheet (nothing to write)",
        lambda: import_file(units_xlsx, "u.xlsx"),
        len(units),
        results,
    )
    assert plan.counts["Đơn vị"]["unchanged"] == len(units)
    assert Unit.objects.filter(path="").count() == 0
    # Every row written has its history row, written by the import (the re-import wrote none).
    history = (Unit.history.count(), Cadre.history.count())
    assert history == (len(units), len(cadres)), history
    print(f"history rows written by the imports: units {history[0]}, cadres {history[1]}")
    empty_tables()
    timed("floor: bulk_create units (+ paths)", lambda: floor_units(units), len(units), results)
    timed("floor: bulk_create cadres", lambda: floor_cadres(cadres), len(cadres), results)
    empty_tables()


def empty_tables():
    with connection.cursor() as cursor:  # not delete(): that writes one history row per deleted row
        for model in (Cadre, Cadre.history.model, Unit.history.model):
            cursor.execute(f"DELETE FROM {model._meta.db_table}")
        for level in (5, 4, 3, 2, 1):
            cursor.execute(f"DELETE FROM {Unit._meta.db_table} WHERE level = %s", [level])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=1, help="multiply hamlets, groups and cadres")
    parser.add_argument(
        "--repeat", type=int, default=1, help="rounds; the best time of each step is compared"
    )
    args = parser.parse_args()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        print(f"database: {connection.vendor} {connection.settings_dict['NAME']}, scale {args.scale}")
        units = unit_rows(args.scale)
        cadres = cadre_rows(units, args.scale)
        from tests.units.workbooks import CADRE_HEADERS, UNIT_HEADERS

        units_xlsx = xlsx("Đơn vị", UNIT_HEADERS, units)
        cadres_xlsx = xlsx("Cán bộ", CADRE_HEADERS, cadres)
        print(
            f"files: units {len(units_xlsx) / 1e6:.1f} MB, cadres {len(cadres_xlsx) / 1e6:.1f} MB; "
            f"peak after generating {peak_mb():.0f} MB"
        )
        results = []
        for _round in range(args.repeat):
            one_round(units, cadres, units_xlsx, cadres_xlsx, results)
        by = {}
        for label, _rows, seconds, _mb in results:
            by[label] = min(seconds, by.get(label, seconds))  # best of the rounds: the machine is shared
        if args.repeat > 1:
            print(
                f"best of {args.repeat}: "
                + ", ".join(f"{label.split(' (')[0]} {s:.2f} s" for label, s in by.items())
            )
        units_ratio = by["import units sheet (read, check, write)"] / by["floor: bulk_create units (+ paths)"]
        cadres_ratio = by["import cadres sheet (read, check, write)"] / by["floor: bulk_create cadres"]
        print(
            f"ratio import/floor: units {units_ratio:.1f}x, cadres {cadres_ratio:.1f}x; peak memory {peak_mb():.0f} MB"
        )
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
