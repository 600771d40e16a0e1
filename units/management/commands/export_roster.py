"""manage.py export_roster FILE [--sheet NAME]

Writes the current data in the import format: an .xlsx with one sheet per roster (or only
--sheet), or a UTF-8 CSV of one sheet when FILE ends in .csv. Re-importing it changes nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from units.imports import SHEETS, sheet_resource
from units.workbooks import export_csv, export_workbook


class Command(BaseCommand):
    help = "Export the rosters (units, party organisations, cadres) as a workbook to re-import."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--sheet", default="", help="Export only this sheet (e.g. 'Cán bộ').")

    def handle(self, *args, file, sheet, **options):
        path = Path(file)
        resources = list(SHEETS)
        if sheet:
            resource = sheet_resource(sheet)
            if resource is None:
                raise CommandError(
                    _("Unknown sheet %(name)s. The sheets are: %(names)s.")
                    % {"name": sheet, "names": ", ".join(r.sheet_name for r in SHEETS)}
                )
            resources = [resource]
        if path.suffix.lower() == ".csv":
            if len(resources) != 1:
                raise CommandError(_("A CSV file holds one sheet: add --sheet NAME."))
            path.write_bytes(export_csv(resources[0]))
        else:
            path.write_bytes(export_workbook(resources))
        self.stdout.write(
            _("Wrote %(path)s (%(sheets)s).")
            % {"path": path, "sheets": ", ".join(r.sheet_name for r in resources)}
        )
