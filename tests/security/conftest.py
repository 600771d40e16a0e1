import pytest

from .world import build


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def world(media, tree, orgs, office, leader_a, cadre_a1, cadre_b1, secretary_a1, agency_user):
    return build(tree, orgs, office, leader_a, cadre_a1, cadre_b1, secretary_a1, agency_user)


@pytest.fixture
def primary_only():
    """One connection: the test settings' `replica` alias is a second connection to the same SQLite
    database, which cannot see this test's uncommitted rows (the dashboards read through it)."""
    from django.db import connections

    saved = connections.databases.pop("replica", None)
    try:
        yield
    finally:
        if saved is not None:
            connections.databases["replica"] = saved
