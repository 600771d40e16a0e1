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
    _place(node, old_path)


@transaction.atomic
def follow_parent(node):
    """A bulk write changed the node's parent: its path and its subtree's follow (no save())."""
    _place(node, node.path)


def _place(node, old_path: str):
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


def record_history_paths(model, lineage_model, successor_ids) -> int:
    """Set each successor's `history_paths`: its predecessors' paths and theirs, transitively (a
    predecessor's own list was written when it was the successor). One read, one bulk UPDATE."""
    found: dict[int, set[str]] = {pk: set() for pk in successor_ids}
    edges = lineage_model.objects.filter(successor_id__in=found).values_list(
        "successor_id", "predecessor__path", "predecessor__history_paths"
    )
    for successor_id, path, earlier in edges:
        found[successor_id].add(path)
        found[successor_id].update(earlier or ())
    nodes = list(model.objects.filter(pk__in=found).only("pk", "history_paths"))
    for node in nodes:
        # A descendant of a path already held adds nothing: keep the shortest prefixes only.
        paths = sorted(found[node.pk])
        node.history_paths = [p for i, p in enumerate(paths) if not any(p.startswith(q) for q in paths[:i])]
    model.objects.bulk_update(nodes, ["history_paths"], batch_size=500)
    return len(nodes)


# The rules of both trees (the model's validation, the roster sheets and reorganisations) ----------


def sits_below(level: int, parent_level: int) -> bool:
    """A child sits below its parent's level (how many levels lie between is data)."""
    return parent_level < level


def inside(path: str, ancestor_path: str) -> bool:
    """Whether the node at `path` is the node at `ancestor_path` or lies in its subtree: placing
    the latter under the former would create a cycle."""
    return bool(ancestor_path) and path.startswith(ancestor_path)


def find_loop(code, parent_of: dict) -> list | None:
    """Follow parents from `code` through `parent_of` (code -> parent code; a code missing from it
    ends the chain): the chain up to the first code met twice (`[a, b, a]`), or None."""
    seen = []
    while code in parent_of and code not in seen:
        seen.append(code)
        code = parent_of[code]
    return seen + [code] if code in seen else None


def depths(codes, parent_of: dict) -> tuple[dict, list]:
    """For each of `codes`: how many parents lie above it through `parent_of` before a code with
    no parent (1 for a root), or -1 when its chain goes round (a loop or into one). Also the loops
    found, each as `[a, b, ..., a]`. Linear: every chain is walked once."""
    depth: dict = {}
    loops = []
    for code in codes:
        if code in depth:
            continue
        chain, node = [], code
        while node and node not in depth and node in parent_of and node not in chain:
            chain.append(node)
            node = parent_of[node]
        if node in chain:
            loop = chain[chain.index(node) :] + [node]
            loops.append(loop)
            for member in loop[:-1]:
                depth[member] = -1
            chain = chain[: chain.index(node)]
            base = -1
        else:
            base = depth.get(node, 0) if node else 0
        for member in reversed(chain):
            base = base + 1 if base >= 0 else -1
            depth[member] = base
    return depth, loops
