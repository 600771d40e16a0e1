"""Each node's `history_paths` (the paths of what it descends from by reorganisation), filled in for
the reorganisations already applied: in date order, so a predecessor's list is complete before its
successors read it."""

from django.db import migrations, models


def fill(apps, schema_editor):
    for node_name, lineage_name in (("Unit", "Lineage"), ("PartyOrg", "OrgLineage")):
        node_model = apps.get_model("units", node_name)
        lineage_model = apps.get_model("units", lineage_name)
        paths = dict(node_model.objects.filter(lineage_out__isnull=False).values_list("pk", "path").distinct())
        found: dict[int, set[str]] = {}
        for pred, succ in lineage_model.objects.order_by("effective_on", "pk").values_list(
            "predecessor_id", "successor_id"
        ):
            found.setdefault(succ, set()).update({paths[pred], *found.get(pred, ())})
        nodes = list(node_model.objects.filter(pk__in=found).only("pk"))
        for node in nodes:
            ordered = sorted(found[node.pk])
            node.history_paths = [p for i, p in enumerate(ordered) if not any(p.startswith(q) for q in ordered[:i])]
        node_model.objects.bulk_update(nodes, ["history_paths"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("units", "0005_unit_past_path"),
    ]

    operations = [
        migrations.AddField(
            model_name="partyorg",
            name="history_paths",
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.AddField(
            model_name="unit",
            name="history_paths",
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
