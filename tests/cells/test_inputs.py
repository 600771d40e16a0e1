"""The rollup's figures from other apps come from the selectors settings.CELL_INPUT_PROVIDERS names:
a misspelt one stops the start; only a figure left out reads as unavailable ("chưa có dữ liệu")."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from cells import inputs

from .test_rollup import results, run_now

ROOT = Path(__file__).resolve().parents[2]


def test_a_misspelt_provider_stops_the_project_at_startup():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.cells.misspelt_inputs_settings"}
    done = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr
    assert "pledges.selectors.pledge_count_by_org" in done.stderr


@pytest.mark.parametrize(
    "path",
    [
        "pledges.selector.pledge_counts_by_org",  # the module
        "pledges.selectors.pledge_count_by_org",  # the function
    ],
)
def test_a_misspelt_provider_is_refused_not_reported_as_missing_data(settings, path):
    with override_settings(CELL_INPUT_PROVIDERS={**settings.CELL_INPUT_PROVIDERS, "pledges": path}):
        with pytest.raises(ImproperlyConfigured, match=path.replace(".", r"\.")):
            inputs.available()


def test_a_figure_the_rollup_does_not_read_is_refused(settings):
    with override_settings(
        CELL_INPUT_PROVIDERS={**settings.CELL_INPUT_PROVIDERS, "pledge": "pledges.selectors.pledge_counts_by_org"}
    ):
        with pytest.raises(ImproperlyConfigured, match="'pledge'"):
            inputs.available()


def test_every_figure_of_the_installed_apps_is_read():
    assert inputs.available() == dict.fromkeys(inputs.SOURCES, True)


@pytest.mark.django_db
def test_a_figure_left_out_is_unavailable_and_the_others_are_counted(settings, half_year, orgs):
    without_pledges = {k: v for k, v in settings.CELL_INPUT_PROVIDERS.items() if k != "pledges"}
    with override_settings(CELL_INPUT_PROVIDERS=without_pledges):
        run = run_now()
    a = results()["CBA1-1"]
    assert a.pledges_published is None  # shown as "chưa có dữ liệu", never as 0
    assert a.petitions_raised == 0
    assert run.sources["pledges"] is False and run.sources["petitions"] is True
