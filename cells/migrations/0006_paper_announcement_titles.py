"""Announcement titles written by the old default ("…, kỳ 2026-H1") name the period in words, as the
new default does ("…, 6 tháng đầu năm 2026"). Idempotent: only titles ending with a period code."""

import re

from django.db import migrations

OLD_END = re.compile(r",? kỳ (?P<year>[0-9]{4})-H(?P<half>[12])$")


def rename(apps, schema_editor):
    Announcement = apps.get_model("cells", "Announcement")
    for announcement in Announcement.objects.filter(title__regex=r"kỳ [0-9]{4}-H[12]$").only("pk", "title"):
        match = OLD_END.search(announcement.title)
        if not match:
            continue
        half = "6 tháng đầu năm" if match["half"] == "1" else "6 tháng cuối năm"
        title = f"{announcement.title[: match.start()]}, {half} {match['year']}"
        Announcement.objects.filter(pk=announcement.pk).update(title=title)


class Migration(migrations.Migration):
    dependencies = [("cells", "0005_texts_meeting_day_documents")]

    operations = [migrations.RunPython(rename, migrations.RunPython.noop)]
