"""Steps of the fault scenarios, each run in a fresh Django process against the throwaway servers
(`python -m tests.faults.scenario <step> [args]`, DATABASE_URL/REDIS_URL from procs.django_env).
The last line printed is a JSON object the test reads. The data are the test suite's own fixtures
(the cast of tests/conftest.py and the half-year of tests/cells/conftest.py)."""

import datetime
import json
import sys

import django

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

TODAY = datetime.date(2026, 11, 26)
PERIOD = "2026-H1"


def _fixture(fn, *args, **kwargs):
    return fn.__wrapped__(*args, **kwargs)


def seed() -> dict:
    """The cast, its two cells' half-year of meetings and the office user."""
    from tests import conftest
    from tests.cells import conftest as cells_conftest

    tree = _fixture(conftest.tree, None)
    orgs = _fixture(conftest.orgs, tree)
    _fixture(cells_conftest.half_year, orgs)
    office = _fixture(conftest.office, None)
    return {"office": office.pk, "orgs": len(orgs)}


def rollup_inline() -> dict:
    """An undisturbed rollup, computed in this process and published: the reference result."""
    from cells import periods, services, tasks

    run = services.rollup_start(period=periods.ensure(PERIOD), enqueue=False, today=TODAY)
    return {"run": run.pk, **tasks.rollup_period(PERIOD, run.pk)}


def rollup_start() -> dict:
    """Start a rollup as the product does: a pending run and a message on the broker."""
    from cells import periods, services

    run = services.rollup_start(period=periods.ensure(PERIOD), today=TODAY)
    return {"run": run.pk, "status": run.status}


def roster(hamlets: int) -> bytes:
    """`hamlets` new hamlets under Xã A1, each with one self-governing group: two generations."""
    from tests.units.workbooks import UNIT_HEADERS, xlsx

    rows = [UNIT_HEADERS]
    for n in range(1, hamlets + 1):
        rows.append([f"A1-F{n:05d}", f"Ấp Phú {n}", "Ấp", "A1"])
        rows.append([f"A1-F{n:05d}-1", f"Tổ NDTQ số 1 ấp Phú {n}", "Tổ nhân dân tự quản", f"A1-F{n:05d}"])
    return xlsx({"Đơn vị": rows})


def _office_client() -> Client:
    from accounts.models import User

    setup_test_environment()
    client = Client()
    client.force_login(User.objects.get(username="office"))
    return client


def import_upload(hamlets: str) -> dict:
    """Upload a roster on the import page and confirm it (a background import above 2,000 rows)."""
    from units.models import RosterImport

    client = _office_client()
    data = roster(int(hamlets))
    preview = client.post(reverse("units:import_page"), {"file": SimpleUploadedFile("phu.xlsx", data)})
    assert preview.status_code == 302, preview.status_code
    confirm = client.post(preview.url, {})
    assert confirm.status_code == 302, confirm.status_code
    record = RosterImport.objects.latest("pk")
    return {"import": record.pk, "status": record.status, "rows": record.rows_total}


def import_page(pk: str) -> dict:
    """What the office sees of an import: its page, its progress fragment and the import list."""
    from units.models import RosterImport

    client = _office_client()
    progress = client.get(reverse("units:import_progress", args=[pk]))
    page = client.get(reverse("units:import_detail", args=[pk]))
    listing = client.get(reverse("units:import_page"))
    record = RosterImport.objects.get(pk=pk)
    return {
        "status": record.status,
        "message": record.message,
        "progress_code": progress.status_code,
        "still_polling": 'data-running="1"' in progress.content.decode(),
        "page_code": page.status_code,
        "page": page.content.decode(),
        "list_code": listing.status_code,
    }


def import_rerun(pk: str) -> dict:
    """Press "Run again" on an interrupted import."""
    from units.models import RosterImport

    client = _office_client()
    response = client.post(reverse("units:import_detail", args=[pk]), {"action": "rerun"})
    return {"code": response.status_code, "status": RosterImport.objects.get(pk=pk).status}


STEPS = {f.__name__: f for f in (seed, rollup_inline, rollup_start, import_upload, import_page, import_rerun)}

if __name__ == "__main__":
    step, *args = sys.argv[1:]
    print(json.dumps(STEPS[step](*args), default=str))
