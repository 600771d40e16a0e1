from django import forms
from django.utils.translation import gettext_lazy as _

from .imports import SHEETS
from .services import max_upload_bytes, too_large_message


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Roster workbook"),
        help_text=_("An Excel workbook (.xlsx) or a UTF-8 CSV file, in the template's format."),
    )
    sheet = forms.ChoiceField(label=_("Sheets to import"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sheet"].choices = [("", _("Every sheet in the file"))] + [
            (r.sheet_name, r.sheet_name) for r in SHEETS
        ]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > max_upload_bytes():
            raise forms.ValidationError(too_large_message(upload.size))
        return upload


class RosterConfirmForm(forms.Form):
    only_valid = forms.BooleanField(required=False, label=_("Import only the valid rows"))
