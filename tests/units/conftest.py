import pytest


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded rosters are stored under MEDIA_ROOT: keep each test's files in its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
