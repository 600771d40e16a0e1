"""Dates are typed day first, dd/mm/yyyy, in every browser and either interface language.

Why not `<input type="date">`: the browser lays its segments out in the *browser's* locale, not the
page's. In an English (US) Chromium the field reads mm/dd/yyyy; typing 15/12/2026 puts 15 in the month
segment, which clamps it to 12, and the form posts 2026-12-12. So every date field is a text field
(`DateInput` below) that shows and takes dd/mm/yyyy; the server parses it with DATE_INPUT_FORMATS,
which config/formats sets day first for both `vi` and `en` (ISO yyyy-mm-dd is accepted too, never
month first). A date that does not parse day first ("12/15/2026") is refused with the message
"Enter a valid date.", which the Vietnamese catalogue words as "type day/month/year".

Forms name this widget for their date fields; fields Django makes from model DateFields (ModelForms,
the admin) already get a text input that shows DATE_INPUT_FORMATS[0], i.e. dd/mm/yyyy, too.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

DATE_FORMAT = "%d/%m/%Y"


class DateInput(forms.DateInput):
    """A text field for dd/mm/yyyy: the numeric keyboard on phones, no browser date widget."""

    input_type = "text"

    def __init__(self, attrs=None, format=None):
        base = {"placeholder": _("dd/mm/yyyy"), "inputmode": "numeric", "autocomplete": "off", "size": 10}
        super().__init__(attrs={**base, **(attrs or {})}, format=format or DATE_FORMAT)
