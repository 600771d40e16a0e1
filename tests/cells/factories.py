import datetime

import factory

from cells.models import Attendance, Meeting
from tests.units.factories import CadreFactory


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    held_on = datetime.date(2026, 1, 10)
    kind = Meeting.Kind.REGULAR
    duration_minutes = 90


def members(cell, count, *, prefix=None):
    """`count` party members of `cell`, with stable codes."""
    prefix = prefix or cell.code
    return [
        CadreFactory(
            code=f"{prefix}-M{n}", full_name=f"Đảng viên {n} {cell.code}", party_org=cell, work_unit=cell.unit
        )
        for n in range(1, count + 1)
    ]


def meeting(cell, day, statuses, *, kind=Meeting.Kind.REGULAR, minutes=90, people, **extra):
    """A meeting with one attendance row per (member, status letter: P present, E excused, A absent)."""
    m = MeetingFactory(cell=cell, held_on=day, kind=kind, duration_minutes=minutes, **extra)
    codes = {"P": Attendance.Status.PRESENT, "E": Attendance.Status.EXCUSED, "A": Attendance.Status.ABSENT}
    Attendance.objects.bulk_create(
        [Attendance(meeting=m, member=p, status=codes[s]) for p, s in zip(people, statuses, strict=True)]
    )
    return m
