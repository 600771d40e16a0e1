"""What pledges holds as evidence for a grade, and the grading subject of a commitment.

`grading` never imports pledges: the commitment's tasks, its owner's remediation milestones and the
earlier shortcomings still open are read here and handed to `grading.evidence.gather`, which adds
discipline and what the other apps' providers hold (cells: meeting quality; assignments: petitions).
"""

from django.db.models import F
from django.utils import timezone

from grading import engine
from grading import evidence as grading_evidence
from grading.models import SubjectType

from .models import Milestone, Period, RemedialAction, period_end, period_start


def subject_type_for(commitment) -> str:
    """A collective: its party organisation (the leadership collective may be chosen instead); a
    person who is secretary or deputy of an organisation: an individual cadre; else a member."""
    if commitment.is_collective:
        return SubjectType.PARTY_ORG
    from .rules import led_orgs

    return SubjectType.CADRE if led_orgs(commitment.cadre_id).exists() else SubjectType.MEMBER


def choices_for(commitment):
    if commitment.is_collective:
        kinds = (SubjectType.PARTY_ORG, SubjectType.LEADERSHIP)
    else:
        kinds = (SubjectType.CADRE, SubjectType.MEMBER)
    return [(k.value, k.label) for k in kinds]


def bounds(commitment, period, ad_hoc_on=None):
    start = period_start(commitment.year, period)
    if period in (Period.YEAR_END, Period.TERM, Period.AD_HOC, Period.MID_YEAR):
        start = period_start(commitment.year, Period.YEAR_END)
    return start, period_end(commitment.year, period, ad_hoc_on)


def commitment_evidence(commitment, period, *, subject_type=None, ad_hoc_on=None) -> engine.Evidence:
    start, end = bounds(commitment, period, ad_hoc_on)
    today = timezone.localdate()
    as_of = min(end, today)
    ev = engine.Evidence()
    items = list(commitment.items.all())
    if any(i.completed_on for i in items):
        due = [i for i in items if (start <= i.deadline <= end) or (i.completed_on and start <= i.completed_on <= end)]
        counted = 0
        for item in due:
            done = item.completed_on is not None and item.completed_on <= end
            if done and item.completed_on <= item.deadline:
                ev.tasks_on_time += 1
            elif done:
                ev.tasks_late += 1
            elif item.deadline <= as_of:
                ev.tasks_not_done += 1
            else:
                continue  # not due yet
            counted += 1
            ev.tasks_exceeded += int(done and item.exceeded)
        ev.tasks_total = counted
    owner = (
        {"action__shortcoming__review__cadre": commitment.cadre_id}
        if commitment.cadre_id
        else {"action__shortcoming__review__org": commitment.org_id, "action__shortcoming__review__cadre": None}
    )
    milestones = Milestone.objects.filter(due_on__gte=start, due_on__lte=as_of, **owner)
    total = milestones.count()
    if total:
        ev.remediation_total = total
        ev.remediation_met = milestones.filter(done_on__isnull=False, done_on__lte=F("due_on")).count()
    earlier = {k.replace("action__", ""): v for k, v in owner.items()}
    ev.remediation_open = RemedialAction.objects.filter(
        completed_on__isnull=True, shortcoming__review__year__lt=commitment.year, **earlier
    ).count()
    subject = grading_evidence.Subject(
        subject_type=subject_type or subject_type_for(commitment),
        org=commitment.org,
        cadre=commitment.cadre,
        start=start,
        end=end,
    )
    return grading_evidence.gather(subject, ev)

