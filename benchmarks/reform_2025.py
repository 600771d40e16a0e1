"""Time the 2025 merger on real data: loading Trà Vinh and Vĩnh Long, then the whole reform sheet.

    DATABASE_URL=... .venv/bin/python manage.py migrate && DATABASE_URL=... .venv/bin/python manage.py load_demo
    DATABASE_URL=... .venv/bin/python benchmarks/reform_2025.py [--keep]

With the Bến Tre demo loaded (983 hamlets, 14,676 groups, ≈1,290 cells, 52,000 people) it loads the
two other old provinces (`units.provinces.load`), checks the reform sheet (the preview) and applies
it (`units.provinces.apply_reform`, the roster pipeline a user goes through), then checks the result
(Tỉnh Vĩnh Long, 124 communes directly under it). Everything runs in one transaction rolled back at
the end, so the database is left as it was, unless --keep.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

import datetime  # noqa: E402

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from units import provinces  # noqa: E402
from units.models import Cadre, PartyOrg, Unit  # noqa: E402


class Rollback(Exception):
    pass


def timed(label, fn):
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - started
    print(f"{label}: {elapsed:.2f} s, {len(queries)} queries")  # noqa: T201
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", action="store_true", help="Commit instead of rolling back.")
    args = parser.parse_args()
    print(  # noqa: T201
        f"{connection.vendor}: {Unit.objects.filter(level=4).count()} hamlets, "
        f"{Unit.objects.filter(level=5).count()} groups, {PartyOrg.objects.count()} organisations, "
        f"{Cadre.objects.count()} people"
    )
    try:
        with transaction.atomic():
            added = timed("load Trà Vinh + Vĩnh Long", lambda: provinces.load(("84", "86")))
            print(f"  added {added}")  # noqa: T201
            plan = timed("check the reform sheet (preview)", lambda: provinces.apply_reform(dry_run=True))
            assert not plan.errors, plan.errors[:3]
            plan = timed("apply the reform sheet", provinces.apply_reform)
            assert not plan.errors, plan.errors[:3]
            now = Unit.objects.valid_on(datetime.date(2025, 7, 1))
            province = now.get(level=1)
            communes = now.filter(level=3)
            print(  # noqa: T201
                f"  {province.name}: {communes.count()} communes "
                f"({communes.filter(kind=Unit.Kind.COMMUNE).count()} xã, "
                f"{communes.filter(kind=Unit.Kind.WARD).count()} phường), "
                f"{communes.exclude(parent=province).count()} not directly under it, "
                f"{now.filter(level=4).count()} hamlets"
            )
            if not args.keep:
                raise Rollback
    except Rollback:
        print("rolled back")  # noqa: T201


if __name__ == "__main__":
    main()
