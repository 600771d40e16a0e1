"""Server time of the leaders' dashboards on the configured database.

Run after `manage.py load_demo` (same DATABASE_URL):

    DATABASE_URL=... .venv/bin/python benchmarks/dashboard.py [--runs 5] [--period 2026-H1] [--exports]

Renders every district committee's dashboard (/tong-hop/<code>/) through Django's test client as
the office (middleware, view, queries, template: everything but the network), once to warm up, then
`--runs` times each, and prints p50/p95/max over all district pages with their query counts (primary
and replica together); then the province page and a sample of commune pages, and with `--exports`
the Excel and PDF of the province.
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

from django.conf import settings  # noqa: E402
from django.db import connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts import roles  # noqa: E402
from accounts.models import User  # noqa: E402
from cells.models import OrgResult, Period  # noqa: E402
from units.models import PartyOrg  # noqa: E402


def percentile(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def measure(client, url, runs):
    """(times in ms, queries of one request) for `runs` requests after a warm-up."""
    aliases = [a for a in ("default", "replica") if a in connections.databases]
    contexts = [CaptureQueriesContext(connections[a]) for a in aliases]
    for ctx in contexts:
        ctx.__enter__()
    response = client.get(url)
    for ctx in reversed(contexts):
        ctx.__exit__(None, None, None)
    assert response.status_code == 200, (url, response.status_code)
    queries = sum(len(ctx) for ctx in contexts)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    return times, queries


def report(name, times, queries):
    print(
        f"{name:<34} p50 {percentile(times, 50):7.1f} ms  p95 {percentile(times, 95):7.1f} ms  "
        f"max {max(times):7.1f} ms  queries {min(queries)}-{max(queries)}  ({len(times)} requests)"
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--period", default="", help="period code (default: the latest computed)")
    parser.add_argument("--communes", type=int, default=20, help="how many commune pages to sample")
    parser.add_argument("--exports", action="store_true", help="also time the province's Excel and PDF")
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    user = (
        User.objects.filter(groups__name=roles.OFFICE).first()
        or User.objects.filter(is_superuser=True).first()
    )
    period = (
        Period.objects.get(code=args.period)
        if args.period
        else Period.objects.filter(current_run__isnull=False).order_by("-starts_on").first()
    )
    root = PartyOrg.objects.valid_on().filter(parent__isnull=True).order_by("path").first()
    if user is None or period is None or root is None:
        sys.exit("Load the demo first (manage.py load_demo): no office user, computed period or party tree.")
    client = Client()
    client.force_login(user)
    db = settings.DATABASES["default"]
    print(
        f"database: {connections['default'].vendor} {db['NAME']}; replica: {'replica' in connections.databases}"
    )
    print(
        f"period {period.code}: {OrgResult.objects.filter(run_id=period.current_run_id).count()} stored results; "
        f"{PartyOrg.objects.count()} party organisations"
    )

    def url(org, suffix=""):
        return f"/tong-hop/{org.code}/{suffix}?ky={period.code}"

    districts = list(PartyOrg.objects.valid_on().filter(kind=PartyOrg.Kind.DISTRICT).order_by("path"))
    times, queries = [], []
    for org in districts:
        t, q = measure(client, url(org), args.runs)
        times += t
        queries.append(q)
    report(f"every district ({len(districts)})", times, queries)

    t, q = measure(client, url(root), args.runs)
    report("province", t, [q])

    communes = list(
        PartyOrg.objects.valid_on()
        .filter(kind=PartyOrg.Kind.GRASSROOTS_COMMITTEE)
        .order_by("path")[
            :: max(
                1, PartyOrg.objects.filter(kind=PartyOrg.Kind.GRASSROOTS_COMMITTEE).count() // args.communes
            )
        ][: args.communes]
    )
    times, queries = [], []
    for org in communes:
        t, q = measure(client, url(org), args.runs)
        times += t
        queries.append(q)
    report(f"communes (sample of {len(communes)})", times, queries)

    if args.exports:
        for suffix in ("excel/", "pdf/"):
            t, q = measure(client, url(root, suffix), max(1, args.runs // 2))
            report(f"province {suffix.rstrip('/')}", t, [q])


if __name__ == "__main__":
    main()
