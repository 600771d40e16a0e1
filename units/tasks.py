from celery import shared_task
from django.apps import apps

from .tree import rebuild_paths

TREE_MODELS = {"units.Unit", "units.PartyOrg"}


@shared_task(acks_late=True)
def rebuild_tree_paths(model_label: str) -> int:
    """Fill in missing materialised paths of one tree after bulk writes. Idempotent: nodes that
    already have their path are left alone, so a retried or duplicated delivery changes nothing."""
    if model_label not in TREE_MODELS:
        raise ValueError(f"Not a tree model: {model_label}")
    return rebuild_paths(apps.get_model(model_label))


# The name does not match the "units.tasks.*" route, so the queue is named here: a worker started
# with `-Q imports` (docs/deploy.md) must receive it.
@shared_task(name="units.roster_import")
def roster_import_task(import_id: int):
    """Run a confirmed roster import in the background (a thin wrapper over the service).
    Idempotent: the service claims the queued import, so a second delivery does nothing."""
    from .services import roster_import_execute

    record = roster_import_execute(import_id=import_id)
    return record.status if record else None
