from django import forms
from django.utils.translation import gettext_lazy as _


class OfficialTextForm(forms.Form):
    text = forms.CharField(
        label=_("Official text"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Type or paste the official text.")},
    )


class OfficialTextSheetForm(forms.Form):
    sheet = forms.FileField(
        label=_("Sheet of official texts (.xlsx)"),
        error_messages={"required": _("Choose the sheet to upload.")},
    )
