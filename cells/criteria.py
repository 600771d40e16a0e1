"""The versions of the meeting-quality and grading rules shipped with the product.

The data migration writes them; `in_force()` writes them again if the table is empty (a flushed
test database) so a rollup never runs without rules. The office edits or adds versions in the admin.
"""

from datetime import date

# (effective_from, fields). HD 12-HD/BTCTW (06-07-2018): attendance above 85 %, nobody absent
# without reason, nobody absent with reason more than 3 times in a row; a thematic meeting at least
# quarterly. HD 42-HD/BTCTW (28-10-2025, after CT 50-CT/TW): at least 90 minutes, 120 when regular
# and thematic are held together. Scores: QĐ 366-QĐ/TW (≥ 90 / 70 / 50); cap: HD 21-HD/BTCTW (20 %);
# weak: HD 27-HD/BTCTW (more than 1/3 of a đảng bộ's organisations).
DEFAULT_VERSIONS = [
    (
        date(2018, 7, 6),
        {
            "source": "HD 12-HD/BTCTW; HD 21-HD/BTCTW; HD 27-HD/BTCTW",
            "min_attendance_pct": 85,
            "max_excused_in_a_row": 3,
            "min_minutes": None,
            "min_minutes_combined": None,
        },
    ),
    (
        date(2025, 10, 28),
        {
            "source": "HD 12-HD/BTCTW; HD 42-HD/BTCTW; QĐ 366-QĐ/TW; HD 21-HD/BTCTW; HD 27-HD/BTCTW",
            "min_attendance_pct": 85,
            "max_excused_in_a_row": 3,
            "min_minutes": 90,
            "min_minutes_combined": 120,
            "meeting_day": 3,  # CT 50-CT/TW (23-07-2025): cells meet on the 3rd of each month
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
