from tests.assignments.conftest import group_assignment  # noqa: F401  (fixtures shared with the fuzz tests)
from tests.pledges.conftest import lan  # noqa: F401
