import pytest

from units.models import Unit
from units.tasks import rebuild_tree_paths


def _bulk_hamlets(parent, n):
    Unit.objects.bulk_create(
        [
            Unit(code=f"{parent.code}-h{i}", name=f"Ấp {i}", kind=Unit.Kind.HAMLET, level=4, parent=parent)
            for i in range(n)
        ]
    )


@pytest.mark.django_db
def test_rebuilding_paths_twice_gives_the_same_result(tree):
    _bulk_hamlets(tree["A2"], 5)
    assert rebuild_tree_paths("units.Unit") == 5
    paths = dict(Unit.objects.values_list("code", "path"))
    assert rebuild_tree_paths("units.Unit") == 0
    assert dict(Unit.objects.values_list("code", "path")) == paths


@pytest.mark.django_db
def test_it_refuses_a_model_that_is_not_a_tree():
    with pytest.raises(ValueError):
        rebuild_tree_paths("accounts.User")


@pytest.mark.celery_worker
def test_a_real_worker_rebuilds_paths_through_redis(celery_worker, tree):
    _bulk_hamlets(tree["B1"], 3)
    result = rebuild_tree_paths.delay("units.Unit")
    assert result.get(timeout=30) == 3
    hamlet = Unit.objects.get(code="B1-h2")
    assert hamlet.path == f"{tree['B1'].path}{hamlet.pk}."
