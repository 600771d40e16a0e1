"""Pledge fixtures on top of the cast (tests/conftest.py).

cadre_a1 (Trần Thị Lan) is a member of Chi bộ Ấp 1 (A1-1) under Đảng bộ xã An Hòa (A1): as a plain
member her pledge is decided by whoever's scope covers her cell (secretary_a1, leader_a, the office);
as `lan`, the cell's secretary, by whoever's scope covers A1 (leader_a and the office) — never by
cadre_b1. See pledges.rules.approver_org.
"""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def lan(cadre_a1):
    """cadre_a1's cadre record, made secretary of her cell so she is a head."""
    cadre = cadre_a1.cadre
    org = cadre.party_org
    org.secretary = cadre
    org.save()
    return cadre


def login(client, user):
    client.force_login(user)
    return client
