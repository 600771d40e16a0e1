import pytest

from tests.assignments.conftest import group_assignment  # noqa: F401  (fixtures shared with the fuzz tests)
from tests.pledges.conftest import lan  # noqa: F401
from tests.security.conftest import media, primary_only  # noqa: F401
from tests.security.world import World, build


class FuzzWorld(World):
    """Printed short: hypothesis shows a failing example's arguments, not the whole world."""

    def __repr__(self):
        return "<world>"

    def _repr_pretty_(self, printer, cycle):
        printer.text("<world>")


@pytest.fixture
def world(media, tree, orgs, office, leader_a, cadre_a1, cadre_b1, secretary_a1, agency_user):  # noqa: F811
    """The security tests' two-district world: one record of every kind in each district."""
    w = build(tree, orgs, office, leader_a, cadre_a1, cadre_b1, secretary_a1, agency_user)
    w.__class__ = FuzzWorld
    return w
