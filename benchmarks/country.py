"""Generate the whole country for the six-monthly rollup: 34 provinces under one root, ≈ 3,300
communes, ≈ 140,000 cells of 40 members (5.6 M), six meetings per cell in 2026-H1 (840,000) and
one attendance row per member per meeting (33.6 M). Not the demo loader: the rows are made inside
PostgreSQL (INSERT ... SELECT over generate_series, the bulk path, with the attendance indexes
built after the load), in a database of its own.

    createdb -h 127.0.0.1 -U postgres pt_country
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pt_country .venv/bin/python benchmarks/country.py
    DATABASE_URL=... .venv/bin/python benchmarks/rollup.py --repeat 1 [--fanout]
    dropdb -h 127.0.0.1 -U postgres pt_country   # ≈ 8 GB

Options: --provinces 34 --communes 98 --cells 42 --members 40 (per parent). Deterministic (hashes
of the row numbers, no random generator). Prints each step's time and the row counts.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

ATTENDANCE_INDEXES = [
    "ALTER TABLE cells_attendance ADD CONSTRAINT cells_attendance_unique_member UNIQUE (meeting_id, member_id)",
    "CREATE INDEX cells_attendance_member_idx ON cells_attendance (member_id, meeting_id)",
    "CREATE INDEX cells_attendance_excused_idx ON cells_attendance (member_id, meeting_id) WHERE status = 'excused'",
]


def step(label, sql, params=None, *, table=None):
    """Run one bulk statement; skipped when `table` already has rows (a re-run resumes)."""
    if table and rows_in(table):
        print(f"{label}: {table} already filled, skipped", flush=True)
        return
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.rowcount
    print(f"{label}: {rows:,} rows in {time.perf_counter() - started:.1f} s", flush=True)


def rows_in(table: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {table})")
        return cursor.fetchone()[0]


def attendance_indexes(cursor) -> list[str]:
    cursor.execute(
        "SELECT indexname FROM pg_indexes WHERE tablename = 'cells_attendance' AND indexname <> 'cells_attendance_pkey'"
    )
    return [name for (name,) in cursor.fetchall()]


def drop_attendance_indexes():
    """Loading 33.6 M rows into indexed tables is several times slower: build them afterwards."""
    with connection.cursor() as cursor:
        for name in attendance_indexes(cursor):
            if name == "cells_attendance_unique_member":
                cursor.execute(f"ALTER TABLE cells_attendance DROP CONSTRAINT {name}")
            else:
                cursor.execute(f"DROP INDEX {name}")


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--provinces", type=int, default=34)
    parser.add_argument("--communes", type=int, default=98, help="per province")
    parser.add_argument("--cells", type=int, default=42, help="per commune")
    parser.add_argument("--members", type=int, default=40, help="per cell")
    args = parser.parse_args()
    assert connection.vendor == "postgresql", "PostgreSQL only"
    call_command("migrate", verbosity=0)
    if rows_in("cells_attendance"):
        sys.exit(
            "the database already has attendance: use an empty one (a re-run resumes an unfinished load)"
        )
    started = time.perf_counter()
    p, c, k, m = args.provinces, args.communes, args.cells, args.members
    communes, cells = p * c, p * c * k
    # Ids: 1 the root, 2.. the provinces, then the communes, then the cells (explicit, so paths are known).
    prov0, comm0, cell0 = 2, 2 + p, 2 + p + communes
    step(
        "units (one per organisation above the cells)",
        """INSERT INTO units_unit (id, search_text, code, name, level, path, kind, history_paths)
           VALUES (1, '', 'VN', 'Việt Nam', 1, '1.', 'province', '[]')""",
        table="units_unit",
    )
    step(
        "party organisations",
        f"""INSERT INTO units_partyorg (id, search_text, code, name, level, path, kind, history_paths, parent_id, unit_id)
            SELECT 1, '', 'TW', 'Đảng bộ toàn quốc', 1, '1.', 'provincial', '[]'::jsonb, NULL, 1
            UNION ALL
            SELECT {prov0} + i, '', 'P' || i, 'Đảng bộ tỉnh ' || i, 1, '1.' || ({prov0} + i) || '.',
                   'provincial', '[]'::jsonb, 1, 1 FROM generate_series(0, {p - 1}) i
            UNION ALL
            SELECT {comm0} + i, '', 'X' || i, 'Đảng bộ xã ' || i, 3,
                   '1.' || ({prov0} + i / {c}) || '.' || ({comm0} + i) || '.',
                   'grassroots_committee', '[]'::jsonb, {prov0} + i / {c}, 1 FROM generate_series(0, {communes - 1}) i
            UNION ALL
            SELECT {cell0} + i, '', 'C' || i, 'Chi bộ ' || i, 4,
                   '1.' || ({prov0} + i / {c * k}) || '.' || ({comm0} + i / {k}) || '.' || ({cell0} + i) || '.',
                   'cell', '[]'::jsonb, {comm0} + i / {k}, 1 FROM generate_series(0, {cells - 1}) i""",
        table="units_partyorg",
    )
    step(
        "members",
        f"""INSERT INTO units_cadre (id, search_text, code, full_name, sex, position, cadre_level, phone, email,
                is_party_member, party_org_id, work_unit_id)
            SELECT i + 1, '', 'M' || i, 'Đảng viên ' || i, 'male', '', '', '', '', true, {cell0} + i / {m}, 1
            FROM generate_series(0, {cells * m - 1}) i""",
        table="units_cadre",
    )
    step(
        "secretaries",
        f"UPDATE units_partyorg SET secretary_id = (id - {cell0}) * {m} + 1 WHERE kind = 'cell'",
    )
    # Six meetings per cell: regular in Jan, Feb, Apr, May; combined (regular + thematic) in Mar, Jun.
    step(
        "meetings of 2026-H1",
        f"""INSERT INTO cells_meeting (id, cell_id, status, held_on, kind, duration_minutes, minutes, place,
                discussion, resolution, recorded_at, updated_at, days_to_record, documents_posted_on)
            SELECT n, cell, 'held', held_on,
                   CASE WHEN month IN (3, 6) THEN 'combined' ELSE 'regular' END,
                   (ARRAY[60, 75, 90, 95, 100, 120, 150])[1 + (n::bigint * 7919) % 7] + CASE WHEN month IN (3, 6) THEN 30 ELSE 0 END,
                   '', '', '', '', now(), now(), (n::bigint * 104729) % 8,
                   CASE WHEN (n::bigint * 31) % 10 < 9 THEN held_on - 1 END
            FROM (
                SELECT (i - {cell0}) * 6 + month AS n, i AS cell, month,
                       make_date(2026, month, CASE WHEN (i * 13 + month) % 10 < 9 THEN 3 ELSE 5 + (i + month) % 20 END) AS held_on
                FROM generate_series({cell0}, {cell0 + cells - 1}) i, generate_series(1, 6) month
            ) s""",
        table="cells_meeting",
    )
    if not rows_in("cells_attendance"):
        drop_attendance_indexes()
    # The rows reference meetings and members made just above: skip the 67 M deferred foreign-key
    # checks (replica mode fires no triggers; superuser, this session only).
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
    # 85 % present, 10 % absent with reason, 5 % without; a member's statuses vary by meeting.
    step(
        "attendance",
        f"""INSERT INTO cells_attendance (meeting_id, member_id, status, reason)
            SELECT me.id, mb.id,
                   CASE WHEN h < 85 THEN 'present' WHEN h < 95 THEN 'excused' ELSE 'absent' END, ''
            FROM cells_meeting me
            JOIN LATERAL (
                SELECT x AS id, ((x * 2654435761 + me.id::bigint * 40503) % 1000003) % 100 AS h
                FROM generate_series((me.cell_id - {cell0}) * {m} + 1, (me.cell_id - {cell0} + 1) * {m}) x
            ) mb ON true""",
        table="cells_attendance",
    )
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = DEFAULT")
    for sql in ATTENDANCE_INDEXES:
        step(sql.split(" (")[0].lower(), sql)
    for table in ("units_unit", "units_partyorg", "units_cadre", "cells_meeting", "cells_attendance"):
        step(f"analyze {table}", f"VACUUM ANALYZE {table}")
        if table != "cells_attendance":
            step(
                f"sequence {table}",
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))",
            )
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        size = cursor.fetchone()[0]
    print(
        f"{cells:,} cells, {cells * m:,} members, {cells * 6:,} meetings, {cells * 6 * m:,} attendance rows;"
        f" {time.perf_counter() - started:.0f} s; database {size}"
    )


if __name__ == "__main__":
    main()
