from django import forms
from django.utils.translation import gettext_lazy as _

from common.dates import DateInput
from units.fields import ScopedField
from units.models import Cadre

from .models import Discipline


class DisciplineForm(forms.Form):
    cadre = ScopedField(Cadre, label=_("Member (cadre code)"))
    form = forms.ChoiceField(label=_("Form"), choices=Discipline.Form.choices)
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput())
    decision_number = forms.CharField(label=_("Decision number"), max_length=40, help_text="12-QĐ/UBKTTU")
    decided_by = forms.CharField(label=_("Decided by"), max_length=160, help_text=_("The body that decided."))
    reason = forms.CharField(label=_("Violation"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cadre"].scope_to(user)


class AnnulDisciplineForm(forms.Form):
    reason = forms.CharField(label=_("Reason for annulling"), widget=forms.Textarea(attrs={"rows": 2}))
