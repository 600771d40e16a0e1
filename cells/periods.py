"""Six-monthly periods: the one module that knows period boundaries.

A period code is "<year>-H1" (01/01-30/06) or "<year>-H2" (01/07-31/12). Periods are derived from
their code, so they exist without anyone creating them: `ensure()` writes the row the first time a
page, a service or the scheduled task needs it (idempotent, `ignore_conflicts`).
Boundaries are calendar dates in Asia/Ho_Chi_Minh (settings.TIME_ZONE): "is the period over" is
asked with `timezone.localdate()`, never with a UTC date.
"""

import re
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

CODE_RE = re.compile(r"^(?P<year>[0-9]{4})-H(?P<half>[12])\Z")  # ASCII digits; no trailing newline


class BadPeriodCode(ValueError):
    pass


def bounds(code: str) -> tuple[date, date]:
    """(first day, last day) of the period `code`; BadPeriodCode for anything else."""
    match = CODE_RE.match(code or "")
    if not match or not 2000 <= int(match["year"]) <= 2100:
        raise BadPeriodCode(_("“%(code)s” is not a period: write it like 2026-H1.") % {"code": code})
    year, half = int(match["year"]), int(match["half"])
    return (date(year, 1, 1), date(year, 6, 30)) if half == 1 else (date(year, 7, 1), date(year, 12, 31))


def name(code: str) -> str:
    """The period as a document writes it: "6 tháng đầu năm 2026" for 2026-H1, "6 tháng cuối năm
    2025" for 2025-H2 (never the code, which is for URLs and files)."""
    bounds(code)
    year = int(code[:4])
    if code.endswith("H1"):
        return _("first six months of %(year)s") % {"year": year}
    return _("last six months of %(year)s") % {"year": year}


def code_for(day: date) -> str:
    return f"{day.year}-H{1 if day.month <= 6 else 2}"


def previous_code(code: str) -> str:
    year, half = int(code[:4]), int(code[-1])
    return f"{year}-H1" if half == 2 else f"{year - 1}-H2"


def months(start: date, end: date) -> list[date]:
    """First days of the months from `start` to `end` inclusive."""
    out, day = [], date(start.year, start.month, 1)
    while day <= end:
        out.append(day)
        day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return out


def month_end(day: date) -> date:
    nxt = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return date.fromordinal(nxt.toordinal() - 1)


def ensure(code: str):
    """The Period row for `code`, created on first use."""
    from .models import Period

    start, end = bounds(code)
    period, _created = Period.objects.get_or_create(code=code, defaults={"starts_on": start, "ends_on": end})
    return period


def ensure_recent(count: int = 4, *, today: date | None = None):
    """The current period and the `count - 1` before it, newest first, created if missing."""
    from .models import Period

    code = code_for(today or timezone.localdate())
    codes = []
    for _i in range(count):
        codes.append(code)
        code = previous_code(code)
    found = list(Period.objects.filter(code__in=codes).select_related("current_run").order_by("-starts_on"))
    if len(found) == len(codes):
        return found  # the usual case: a page reads them, no write (twice a year one creates them)
    Period.objects.bulk_create(
        [Period(code=c, starts_on=bounds(c)[0], ends_on=bounds(c)[1]) for c in codes], ignore_conflicts=True
    )
    return list(Period.objects.filter(code__in=codes).select_related("current_run").order_by("-starts_on"))
