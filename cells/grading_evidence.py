"""Evidence for a grade (grading.evidence provider): a collective's meeting quality, from the
rollup's stored results of the six-monthly periods inside the graded period (their current runs)."""

from django.db.models import F, Sum

from .models import OrgResult


def meeting_quality(subject, evidence):
    if not subject.is_collective:
        return
    sums = OrgResult.objects.filter(
        org=subject.org,
        period__starts_on__gte=subject.start,
        period__ends_on__lte=subject.end,
        period__current_run=F("run"),
    ).aggregate(ok=Sum("meetings_quality_ok"), total=Sum("meetings_total"))
    if sums["total"]:
        evidence.meetings_total, evidence.meetings_ok = sums["total"], sums["ok"] or 0

