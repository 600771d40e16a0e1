"""The only writer of the materialised `path` of both trees.

`parent` is the truth; `path` is "<ancestor ids>.<own id>." and is rebuilt here after every
write that can change it: one row (save_node) or set-based after bulk writes (rebuild_paths).
"""

from django.db import transaction
from django.db.models import CharField, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat, Substr

from common.cache import bump


def _own_path(node) -> str:
    prefix = node.parent.path if node.parent_id else ""
    return f"{prefix}{node.pk}."


@transaction.atomic
def save_node(node, save, *args, **kwargs):
    """Save one node and keep its path and its descendants' paths right."""
    old_path = node.path
    save(*args, **kwargs)
    new_path = _own_path(node)
    if new_path == old_path:
        return
    model = type(node)
    model.objects.filter(pk=node.pk).update(path=new_path)
    node.path = new_path
    if old_path:
        # The node moved: re-prefix the whole subtree in one UPDATE.
        model.objects.filter(path__startswith=old_path).exclude(pk=node.pk).update(
            path=Concat(Value(new_path), Substr("path", len(old_path) + 1), output_field=CharField())
        )


def rebuild_paths(model) -> int:
    """Fill in the path of every node whose path is empty, level by level, set-based.

    One UPDATE per tree depth (at most a handful), each touching every node whose parent's path
    is known: used after bulk inserts (demo, roster import), which leave `path` empty.
    """
    total = 0
    roots = model.objects.filter(path="", parent__isnull=True)
    total += roots.update(path=Concat(Cast("pk", CharField()), Value("."), output_field=CharField()))
    while True:
        parent_path = model.objects.filter(pk=OuterRef("parent_id")).values("path")[:1]
        updated = (
            model.objects.filter(path="", parent__isnull=False)
            .exclude(parent__path="")
            .update(
                path=Concat(
                    Subquery(parent_path, output_field=CharField()),
                    Cast("pk", CharField()),
                    Value("."),
                    output_field=CharField(),
                )
            )
        )
        total += updated
        if not updated:
            if total:
                bump("units")  # bulk inserts send no signals
            return total
