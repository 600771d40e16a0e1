"""The cells fixtures (a half-year of meetings, computed) for the cap on a committee's decisions."""

from tests.cells.conftest import computed, half_year  # noqa: F401
