"""Server time of the whole province's coverage page on the configured database.

Run after `manage.py load_demo` (same DATABASE_URL):

    DATABASE_URL=... .venv/bin/python benchmarks/coverage.py [--runs 20] [--unit 83]

Renders /phan-cong/bao-phu/ through Django's test client as the office (middleware, view, queries,
template: everything but the network), once to warm up, then `--runs` times, and prints the median,
the best and the worst, the number of queries, and the time of each selector alone.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts import roles  # noqa: E402
from accounts.models import User  # noqa: E402
from assignments import selectors  # noqa: E402
from units.models import Unit  # noqa: E402


def timed(fn, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times), max(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--unit", default="", help="unit code (default: the root of the tree)")
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    unit = (
        Unit.objects.get(code=args.unit)
        if args.unit
        else Unit.objects.filter(parent__isnull=True).order_by("code").first()
    )
    user = (
        User.objects.filter(groups__name=roles.OFFICE).first()
        or User.objects.filter(is_superuser=True).first()
    )
    if unit is None or user is None:
        sys.exit("Load the demo first (manage.py load_demo): no unit or no office user.")
    client = Client()
    client.force_login(user)
    url = f"/phan-cong/bao-phu/?unit={unit.code}"
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    query_count = len(queries)  # read now: every request resets the connection's query log
    print(f"database: {connection.vendor} {settings.DATABASES['default']['NAME']}")
    print(
        f"unit: {unit.name} ({Unit.objects.filter(path__startswith=unit.path).count()} units in its subtree)"
    )
    median, best, worst = timed(lambda: client.get(url), args.runs)
    print(
        f"coverage page: median {median:.1f} ms, best {best:.1f} ms, worst {worst:.1f} ms "
        f"over {args.runs} runs; {query_count} queries, {len(response.content)} bytes"
    )
    for name, fn in [
        ("coverage()", lambda: selectors.coverage(unit)),
        ("coverage_by_child()", lambda: selectors.coverage_by_child(unit)),
        ("cadre_load()", lambda: selectors.cadre_load(unit)),
        ("uncovered_units(level 5)", lambda: list(selectors.uncovered_units(unit, level=5))),
    ]:
        median, best, _worst = timed(fn, args.runs)
        print(f"  {name:<26} median {median:.1f} ms, best {best:.1f} ms")


if __name__ == "__main__":
    main()
