"""The API cast on top of tests/conftest.py and tests/assignments/conftest.py (cadre_a1 follows
Tổ A1-1-1): a token per user, and a JSON client that sends it."""

import json

import pytest

from api import tokens
from tests.assignments.conftest import group_assignment  # noqa: F401


class Api:
    def __init__(self, client, key=None):
        self.client, self.key = client, key

    def _headers(self):
        return {"HTTP_AUTHORIZATION": f"Bearer {self.key}"} if self.key else {}

    def get(self, path, **params):
        return self.client.get(f"/api/v1{path}", params, **self._headers())

    def post(self, path, data, raw=False):
        body = data if raw else json.dumps(data, default=str)
        return self.client.post(f"/api/v1{path}", body, content_type="application/json", **self._headers())


@pytest.fixture
def token_for():
    def make(user, **kwargs):
        return tokens.create(user=user, name="test", **kwargs)[1]

    return make


@pytest.fixture
def api_as(client, token_for):
    def make(user=None, **kwargs):
        return Api(client, token_for(user, **kwargs) if user else None)

    return make


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Photos are stored under MEDIA_ROOT: each test's in its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
