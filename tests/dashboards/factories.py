"""Building blocks for dashboard tests: half-years of meetings and the real rollup over them."""

import datetime

from cells import periods, services, tasks
from cells.models import Meeting
from tests.cells.factories import meeting, members
from tests.units.factories import PartyOrgFactory, UnitFactory
from units.models import PartyOrg, Unit

D = datetime.date
TODAY = D(2026, 11, 26)


def monthly_meetings(cell, people, start: datetime.date, months: int, statuses: str):
    """One meeting a month for `months` months from `start` (the third a combined one), as the rules of
    2025 ask (CT 50: on the 3rd; HD 42: documents posted the day before), so it is a quality meeting."""
    for n in range(months):
        day = D(start.year + (start.month + n - 1) // 12, (start.month + n - 1) % 12 + 1, 3)
        kind = Meeting.Kind.COMBINED if n % 3 == 2 else Meeting.Kind.REGULAR
        meeting(
            cell,
            day,
            statuses,
            kind=kind,
            minutes=120,
            people=people,
            documents_posted_on=day - datetime.timedelta(days=1),
        )


def compute(code: str):
    """Run the real six-monthly rollup for `code` as on TODAY (the period is over)."""
    run = services.rollup_start(period=periods.ensure(code), enqueue=False, today=TODAY)
    tasks.rollup_period(code, run.pk)
    return run


def extra_commune(tree, orgs, n: int):
    """Another commune of Huyện A with its committee and one hamlet cell that meets every month."""
    commune = UnitFactory(code=f"AX{n}", name=f"Xã Thêm {n}", kind=Unit.Kind.COMMUNE, parent=tree["A"])
    hamlet = UnitFactory(code=f"AX{n}-1", name="Ấp 1", kind=Unit.Kind.HAMLET, parent=commune)
    committee = PartyOrgFactory(
        code=f"DBAX{n}",
        name=f"Đảng bộ xã Thêm {n}",
        kind=PartyOrg.Kind.GRASSROOTS_COMMITTEE,
        parent=orgs["A"],
        unit=commune,
    )
    cell = PartyOrgFactory(
        code=f"CBAX{n}-1",
        name=f"Chi bộ Ấp 1 xã Thêm {n}",
        kind=PartyOrg.Kind.CELL,
        parent=committee,
        unit=hamlet,
    )
    people = members(cell, 3)
    monthly_meetings(cell, people, D(2026, 1, 1), 6, "PPP")
    return committee
