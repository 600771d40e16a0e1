from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Notification, Preference


class PreferenceForm(forms.ModelForm):
    """E-mail at once / daily digest / none, Web Push on or off, and which kinds go out at all
    (the others stay in the bell)."""

    kinds = forms.MultipleChoiceField(
        label=_("Send these by e-mail and push"),
        choices=Notification.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Preference
        fields = ["email", "push"]
        widgets = {"email": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].choices = Preference.Email.choices
        every = [value for value, _label in Notification.Kind.choices]
        self.initial.setdefault("kinds", [k for k in every if k not in (self.instance.muted or [])])

    def save(self, commit=True):
        chosen = set(self.cleaned_data["kinds"])
        self.instance.muted = [value for value, _label in Notification.Kind.choices if value not in chosen]
        return super().save(commit)
