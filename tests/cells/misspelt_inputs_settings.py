"""Test settings with one of the rollup's figures misspelt (tests/cells/test_inputs.py starts the
project with them: it must refuse to start)."""

from config.settings.test import *  # noqa: F403
from config.settings.test import CELL_INPUT_PROVIDERS

CELL_INPUT_PROVIDERS = {**CELL_INPUT_PROVIDERS, "pledges": "pledges.selectors.pledge_count_by_org"}
