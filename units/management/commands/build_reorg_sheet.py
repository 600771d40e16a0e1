"""manage.py build_reorg_sheet PROVINCE FILE [--from OLD_PROVINCE ...] [--date 01/07/2025]

Builds a `Sắp xếp đơn vị` sheet for the 2025 reform of PROVINCE (its name after 01-07-2025, e.g.
"Vĩnh Long") from the reform's files in `units/data/` (`units.provinces`), by GSO code only: each
old province -> the new province; each old district abolished (empty new code); each old commune
-> its new commune(s) under the new province. `--from "Bến Tre"` keeps only the part that came from
that old province. The data say which new communes a divided commune went to, not which hamlets:
a divided commune's hamlets are shared equally (the share column) — the office should check those
rows before importing. Import the file on the roster import page or with
`import_roster FILE --sheet "Sắp xếp đơn vị"`. The files are regenerated from the
`vietnamadminunits` package by `manage.py extract_reform_data`.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from units.provinces import reform_rows, reform_workbook
from units.resources import DMYDateWidget


class Command(BaseCommand):
    help = "Build a 'Sắp xếp đơn vị' sheet for a province's 2025 reform (by GSO code, from units/data/)."

    def add_arguments(self, parser):
        parser.add_argument("province", help="The province after the reform, e.g. 'Vĩnh Long'.")
        parser.add_argument("file", help="The .xlsx to write.")
        parser.add_argument(
            "--from",
            dest="only_from",
            action="append",
            default=[],
            help="Only this old province (repeatable).",
        )
        parser.add_argument("--date", default="01/07/2025", help="Effective date, dd/mm/yyyy.")

    def handle(self, *args, province, file, only_from, date, **options):
        try:
            DMYDateWidget().clean(date)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        try:
            rows = reform_rows(province, only_from=only_from, date=date)
        except LookupError:
            raise CommandError(
                f"No data for the 2025 reform of {province!r} in units/data/: "
                f"run manage.py extract_reform_data --province {province!r}."
            ) from None
        if not rows:
            raise CommandError(f"None of {', '.join(only_from)} was merged into {province}.")
        Path(file).write_bytes(reform_workbook(rows))
        splits = len({r[0] for r in rows if r[6]})
        self.stdout.write(
            f"Wrote {file}: {len(rows)} rows, {len({r[1] for r in rows if r[1]}) - 1} new communes, "
            f"{splits} divided commune(s) with equal shares to check."
        )
