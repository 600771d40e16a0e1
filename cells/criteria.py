"""The versions of the meeting-quality and grading rules shipped with the product, and how one
meeting is judged against the version in force on its date.

The data migrations write the versions; `in_force()` writes them again if the table is empty (a
flushed test database) so a rollup never runs without rules. The office edits or adds versions in the
admin. A version applies from its date on, never to meetings held before it: a 2018 meeting is judged by
HD 12 alone, whatever was issued later.
"""

from datetime import date, timedelta

from django.utils.translation import gettext as _

from common.numbers import number

# (effective_from, fields), as issued:
# - HD 12-HD/BTCTW (06-07-2018): attendance above 85 %, nobody absent without reason, nobody absent with
#   reason more than 3 times in a row in a year; at least 90 minutes; a thematic meeting at least
#   quarterly.
# - CT 50-CT/TW (23-07-2025): every cell holds its regular meeting on the 3rd of the month.
# - HD 42-HD/BTCTW (28-10-2025, implementing CT 50): at least 90 minutes, 120 when regular and thematic
#   are held together; documents on "Sổ tay đảng viên điện tử" at least a day ahead.
#   Not confirmed: whether HD 42 repeals HD 12 (its attendance rules are kept), and the day when the
#   3rd is a holiday (the office edits the version if a rule is issued).
# Scores: QĐ 366-QĐ/TW (≥ 90 / 70 / 50); cap: HD 21-HD/BTCTW (20 %); weak: HD 27-HD/BTCTW.
DEFAULT_VERSIONS = [
    (
        date(2018, 7, 6),
        {
            "source": "HD 12-HD/BTCTW; HD 21-HD/BTCTW; HD 27-HD/BTCTW",
            "min_attendance_pct": 85,
            "max_excused_in_a_row": 3,
            "min_minutes": 90,
            "min_minutes_combined": None,
            "meeting_day_of_month": None,
            "documents_days_ahead": None,
        },
    ),
    (
        date(2025, 7, 23),
        {
            "source": "HD 12-HD/BTCTW; CT 50-CT/TW; HD 21-HD/BTCTW; HD 27-HD/BTCTW",
            "min_attendance_pct": 85,
            "max_excused_in_a_row": 3,
            "min_minutes": 90,
            "min_minutes_combined": None,
            "meeting_day_of_month": 3,
            "documents_days_ahead": None,
        },
    ),
    (
        date(2025, 10, 28),
        {
            "source": "HD 12-HD/BTCTW; CT 50-CT/TW; HD 42-HD/BTCTW; QĐ 366-QĐ/TW; HD 21-HD/BTCTW; HD 27-HD/BTCTW",
            "min_attendance_pct": 85,
            "max_excused_in_a_row": 3,
            "min_minutes": 90,
            "min_minutes_combined": 120,
            "meeting_day_of_month": 3,
            "documents_days_ahead": 1,
        },
    ),
]


def seed(model):
    # Only the fields the (historical) model has: 0002 seeds before later migrations add fields.
    names = {f.name for f in model._meta.get_fields()}
    for effective_from, fields in DEFAULT_VERSIONS:
        model.objects.get_or_create(
            effective_from=effective_from, defaults={k: v for k, v in fields.items() if k in names}
        )


def in_force(day: date):
    from .models import QualityCriteria

    if not QualityCriteria.objects.exists():
        seed(QualityCriteria)
    return QualityCriteria.in_force(day)


def version_for(versions, day: date):
    """The version in force on `day` among `versions` (newest first); the oldest before them all."""
    for version in versions:
        if version.effective_from <= day:
            return version
    return versions[-1] if versions else None


def meeting_shortfalls(criteria, meeting, *, present: int, total: int, absent: int) -> list[str]:
    """What keeps `meeting` from meeting `criteria` (the version in force on its date), in Vietnamese."""
    from .models import Meeting

    out = []
    if not total or present * 100 <= total * float(criteria.min_attendance_pct):
        out.append(
            _("attendance %(pct)s%% (must be above %(min)s%%)")
            % {"pct": round(100 * present / total) if total else 0, "min": number(criteria.min_attendance_pct)}
        )
    if absent:
        out.append(_("%(n)d absent without reason") % {"n": absent})
    required = criteria.minutes_required(meeting.kind)
    if required and meeting.duration_minutes < required:
        out.append(
            _("%(minutes)d minutes (at least %(required)d)")
            % {"minutes": meeting.duration_minutes, "required": required}
        )
    day = criteria.meeting_day_of_month
    if day and meeting.kind in Meeting.REGULAR_KINDS and meeting.held_on.day != day:
        out.append(
            _("held on the %(held)d, not on the %(day)d of the month")
            % {"held": meeting.held_on.day, "day": day}
        )
    ahead = criteria.documents_days_ahead
    if ahead:
        posted = meeting.documents_posted_on
        if posted is None:
            out.append(_("documents not posted ahead"))
        elif posted > meeting.held_on - timedelta(days=ahead):
            out.append(
                _("documents posted on %(posted)s (at least %(days)d day(s) before the meeting)")
                % {"posted": posted.strftime("%d/%m/%Y"), "days": ahead}
            )
    return out
