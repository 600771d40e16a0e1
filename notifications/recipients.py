"""Who an event waits on, for the events whose sender does not say (meetings, pledges). Each is a
fixed number of queries."""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Q

from accounts import roles
from assignments.models import Assignment
from units.models import PartyOrg


def _users():
    return get_user_model().objects.filter(is_active=True)


def meeting_people(meeting, day: datetime.date | None = None) -> set[int]:
    """The cell's members who have an account and the cadres assigned to support the cell's unit on
    the meeting's day (HD 42: notified when planned and the day before). Two queries."""
    day = day or meeting.held_on
    cell = meeting.cell
    people = set(_users().filter(cadre__party_org_id=cell.pk).values_list("pk", flat=True))
    if cell.unit_id:
        people |= set(
            Assignment.objects.active_on(day)
            .filter(unit_id=cell.unit_id, cadre__user__is_active=True)
            .values_list("cadre__user__pk", flat=True)
        )
    people.discard(None)
    return people


def committee_people(org: PartyOrg, *, exclude_cadre_id=None) -> set[int]:
    """The people who decide for `org`'s committee: leaders and secretaries whose home organisation
    is `org`, else the nearest organisation above with someone; the provincial office when nobody in
    the chain has an account. Two queries."""
    chain = [org.pk, *reversed(org.ancestor_ids())]  # nearest first
    rows = (
        _users()
        .filter(home_org_id__in=chain, groups__name__in=(roles.LEADER, roles.CELL_SECRETARY))
        .exclude(Q(cadre_id__isnull=False) & Q(cadre_id=exclude_cadre_id))
        .values_list("home_org_id", "pk")
    )
    by_org: dict[int, set[int]] = {}
    for org_id, uid in rows:
        by_org.setdefault(org_id, set()).add(uid)
    for org_id in chain:
        if by_org.get(org_id):
            return by_org[org_id]
    return set(_users().filter(groups__name=roles.OFFICE).values_list("pk", flat=True))


def owner_people(record) -> set[int]:
    """The owner of a pledge (a person's own, or a collective's secretary): one query."""
    cadre_id = record.cadre_id or record.org.secretary_id
    if cadre_id is None:
        return set()
    return set(_users().filter(cadre_id=cadre_id).values_list("pk", flat=True))
