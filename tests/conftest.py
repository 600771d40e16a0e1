"""The cast: a small province with two districts, so cross-scope tests read like sentences.

    Tỉnh P ── Huyện A ── Xã A1 ── Ấp A1-1 ── Tổ A1-1-1
          │          └─ Xã A2
          └─ Huyện B ── Xã B1 ── Ấp B1-1

office (sees all) · leader_a (Huyện A) · cadre_a1 (Xã A1) · cadre_b1 (Xã B1) · secretary_a1 (Chi bộ Ấp A1-1)
· agency_user (no home unit) · anonymous (the client without sign-in).
"""

import pytest

from accounts import roles
from tests.accounts.factories import UserFactory
from tests.units.factories import CadreFactory, PartyOrgFactory, UnitFactory
from units.models import PartyOrg, Unit


def pytest_collection_modifyitems(items):
    """Transactional tests (browser journeys, real Celery workers) flush the database afterwards,
    which would also wipe what migrations seed (directives, roles). Serialized rollback restores it."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        transactional = marker.kwargs.get("transaction") if marker else False
        uses_live_db = {"transactional_db", "live_server", "celery_worker"} & set(getattr(item, "fixturenames", ()))
        if transactional or (marker is None and uses_live_db):
            kwargs = dict(marker.kwargs) if marker else {}
            kwargs.update(transaction=True, serialized_rollback=True)
            item.add_marker(pytest.mark.django_db(**kwargs), append=False)


@pytest.fixture
def tree(db):
    u = {}
    u["P"] = UnitFactory(code="P", name="Tỉnh Phú Hưng", kind=Unit.Kind.PROVINCE)
    u["A"] = UnitFactory(code="A", name="Huyện An Định", kind=Unit.Kind.DISTRICT, parent=u["P"])
    u["B"] = UnitFactory(code="B", name="Huyện Bình Lộc", kind=Unit.Kind.DISTRICT, parent=u["P"])
    u["A1"] = UnitFactory(code="A1", name="Xã An Hòa", kind=Unit.Kind.COMMUNE, parent=u["A"])
    u["A2"] = UnitFactory(code="A2", name="Xã An Phú", kind=Unit.Kind.COMMUNE, parent=u["A"])
    u["B1"] = UnitFactory(code="B1", name="Xã Bình Đông", kind=Unit.Kind.COMMUNE, parent=u["B"])
    u["A1-1"] = UnitFactory(code="A1-1", name="Ấp 1", kind=Unit.Kind.HAMLET, parent=u["A1"])
    u["B1-1"] = UnitFactory(code="B1-1", name="Ấp 1", kind=Unit.Kind.HAMLET, parent=u["B1"])
    u["A1-1-1"] = UnitFactory(code="A1-1-1", name="Tổ NDTQ số 1", kind=Unit.Kind.GROUP, parent=u["A1-1"])
    return u


@pytest.fixture
def orgs(tree):
    o = {}
    o["P"] = PartyOrgFactory(code="DBP", name="Đảng bộ tỉnh", kind=PartyOrg.Kind.PROVINCIAL, unit=tree["P"])
    o["A"] = PartyOrgFactory(
        code="DBA", name="Đảng bộ huyện A", kind=PartyOrg.Kind.DISTRICT, parent=o["P"], unit=tree["A"]
    )
    o["B"] = PartyOrgFactory(
        code="DBB", name="Đảng bộ huyện B", kind=PartyOrg.Kind.DISTRICT, parent=o["P"], unit=tree["B"]
    )
    o["A1"] = PartyOrgFactory(
        code="DBA1",
        name="Đảng bộ xã An Hòa",
        kind=PartyOrg.Kind.GRASSROOTS_COMMITTEE,
        parent=o["A"],
        unit=tree["A1"],
    )
    o["B1"] = PartyOrgFactory(
        code="DBB1",
        name="Đảng bộ xã Bình Đông",
        kind=PartyOrg.Kind.GRASSROOTS_COMMITTEE,
        parent=o["B"],
        unit=tree["B1"],
    )
    o["A1-1"] = PartyOrgFactory(
        code="CBA1-1", name="Chi bộ Ấp 1", kind=PartyOrg.Kind.CELL, parent=o["A1"], unit=tree["A1-1"]
    )
    o["B1-1"] = PartyOrgFactory(
        code="CBB1-1", name="Chi bộ Ấp 1", kind=PartyOrg.Kind.CELL, parent=o["B1"], unit=tree["B1-1"]
    )
    return o


@pytest.fixture
def office(db):
    return UserFactory(username="office", first_name="Văn phòng", roles=[roles.OFFICE], is_staff=True)


@pytest.fixture
def leader_a(tree, orgs):
    return UserFactory(username="leader_a", roles=[roles.LEADER], home_unit=tree["A"], home_org=orgs["A"])


@pytest.fixture
def cadre_a1(tree, orgs):
    cadre = CadreFactory(code="CA1", full_name="Trần Thị Lan", work_unit=tree["A1"], party_org=orgs["A1-1"])
    return UserFactory(
        username="cadre_a1", roles=[roles.CADRE], home_unit=tree["A1"], home_org=orgs["A1"], cadre=cadre
    )


@pytest.fixture
def cadre_b1(tree, orgs):
    cadre = CadreFactory(code="CB1", full_name="Lê Văn Bình", work_unit=tree["B1"], party_org=orgs["B1-1"])
    return UserFactory(
        username="cadre_b1", roles=[roles.CADRE], home_unit=tree["B1"], home_org=orgs["B1"], cadre=cadre
    )


@pytest.fixture
def secretary_a1(tree, orgs):
    return UserFactory(
        username="secretary_a1", roles=[roles.CELL_SECRETARY], home_unit=tree["A1-1"], home_org=orgs["A1-1"]
    )


@pytest.fixture
def agency_user(db):
    return UserFactory(username="agency_user")


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker (in a thread) consuming from Redis; skipped without REDIS_URL."""
    from django.conf import settings

    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set: the real-worker Celery tests need Redis")
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30) as worker:
        yield worker


@pytest.fixture
def page_cache(settings):
    """Pages cached as in production (coverage, public pledge pages, dashboards), on the configured
    cache (Redis when REDIS_URL is set) under a key prefix of the test's own."""
    import uuid

    settings.COVERAGE_CACHE_SECONDS = settings.PUBLIC_PAGE_CACHE_SECONDS = 120
    settings.CALENDAR_CACHE_SECONDS = settings.PERSONAL_PAGE_CACHE_SECONDS = 120
    settings.DASHBOARD_CACHE_SECONDS = 120
    settings.CACHES = {
        name: {**config, "KEY_PREFIX": uuid.uuid4().hex} for name, config in settings.CACHES.items()
    }
