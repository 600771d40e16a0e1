"""Forms of the interpretations: a note (which chart or figure, which period, the text), an answer
(the note answered, the text) and an edit. Bad input re-shows what was typed with a Vietnamese message."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cells.models import Period
from common.text import nfc
from units.fields import ScopedField

from .models import TEXT_MAX, Interpretation

TEXT_ERRORS = {
    "required": _("Write the note before sending it."),
    "max_length": _("A note holds at most %(limit_value)d characters (this one has %(show_value)d)."),
}


def _text_field(label):
    return forms.CharField(
        label=label,
        max_length=TEXT_MAX,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": TEXT_MAX}),
        error_messages=TEXT_ERRORS,
    )


class _NFCTextMixin:
    def clean_text(self):
        text = nfc(self.cleaned_data["text"]).strip()
        if not text:
            raise forms.ValidationError(TEXT_ERRORS["required"], code="required")
        return text


class NoteForm(_NFCTextMixin, forms.Form):
    target = forms.ChoiceField(
        label=_("Chart or figure"),
        choices=[("", "—"), *Interpretation.Target.choices],
        error_messages={
            "required": _("Choose the chart or figure the note is about."),
            "invalid_choice": _("The dashboard has no chart or figure %(value)s."),
        },
    )
    ky = forms.CharField(
        widget=forms.HiddenInput,
        max_length=7,
        error_messages={"required": _("Choose the period the note is about.")},
    )
    text = _text_field(_("Note"))

    def clean_ky(self):
        code = self.cleaned_data["ky"].strip()
        period = Period.objects.filter(code=code).first()
        if period is None:
            raise forms.ValidationError(
                _("There is no period %(code)s: the note was not saved."), params={"code": code}, code="period"
            )
        return period


class AnswerForm(_NFCTextMixin, forms.Form):
    parent = ScopedField(
        Interpretation,
        by="pk",
        widget=forms.HiddenInput,
        not_found=_("This note no longer exists or is outside your scope: your answer was not sent."),
        error_messages={"required": _("Choose the note you answer.")},
    )
    text = _text_field(_("Answer"))

    def __init__(self, *args, notes=None, **kwargs):
        """`notes`: the notes this user may answer here (already narrowed through the scope)."""
        super().__init__(*args, **kwargs)
        if notes is not None:
            self.fields["parent"].limit_to(notes)


class EditForm(_NFCTextMixin, forms.Form):
    text = _text_field(_("Note"))
