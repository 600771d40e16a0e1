"""manage.py import_roster FILE [--sheet NAME] [--dry-run] [--only-valid]

Checks the workbook, prints the counts of each sheet and every rejected row, writes it unless
--dry-run (all or nothing unless --only-valid), and exits non-zero when any row was rejected or
the file could not be read. The import is recorded like one from the page."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from units.imports import error_message
from units.models import RosterImport
from units.resources import RowError
from units.services import roster_import_file


class Command(BaseCommand):
    help = "Import a roster workbook (.xlsx or .csv) in the ROSTER-FORMAT contract."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--sheet", default="", help="Import only this sheet (e.g. 'Đơn vị').")
        parser.add_argument("--dry-run", action="store_true", help="Check and report; write nothing.")
        parser.add_argument(
            "--only-valid", action="store_true", help="Write the valid rows even when others are rejected."
        )

    def handle(self, *args, file, sheet, dry_run, only_valid, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        record = roster_import_file(path=path, sheet=sheet, dry_run=dry_run, only_valid=only_valid)
        if record.status == RosterImport.Status.REFUSED:
            raise CommandError(record.message)
        for name, c in record.counts.items():
            self.stdout.write(
                _(
                    "%(sheet)s: %(new)s new, %(updated)s updated, %(unchanged)s unchanged, %(rejected)s rejected"
                )
                % {"sheet": name, **c}
            )
        for e in record.errors:
            self.stderr.write(error_message(RowError(**e)))
        if record.status == RosterImport.Status.DONE:
            self.stdout.write(self.style.SUCCESS(_("Imported (record #%(pk)s).") % {"pk": record.pk}))
        elif dry_run:
            self.stdout.write(_("Dry run: nothing was written."))
        elif record.message:
            self.stderr.write(record.message)
        if record.rejected or record.status == RosterImport.Status.FAILED:
            raise CommandError(
                _("%(n)s row(s) rejected.") % {"n": record.rejected} if record.rejected else record.message
            )
