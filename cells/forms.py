from django import forms
from django.utils.translation import gettext_lazy as _

from common.dates import DateInput
from common.forms import ModelMultipleChoiceField
from directives.models import Directive
from units.fields import ScopedField, ScopedMultipleField
from units.models import Cadre

from .models import Announcement, Attendance, Grade, Meeting

ATTENDANCE_PREFIX = "att_"
REASON_PREFIX = "reason_"


class MeetingForm(forms.Form):
    """A meeting and one attendance choice per member (present by default), phone-sized."""

    held_on = forms.DateField(label=_("Date"), widget=DateInput())
    kind = forms.ChoiceField(label=_("Kind"), choices=Meeting.Kind.choices, widget=forms.RadioSelect)
    starts_at = forms.TimeField(
        label=_("Start time"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    duration_minutes = forms.IntegerField(
        label=_("Length (minutes)"),
        min_value=1,
        max_value=600,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    directives = ModelMultipleChoiceField(
        label=_("Directives taken up"),
        queryset=Directive.objects.order_by("-issued_on"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    topic_title = forms.CharField(label=_("Topic"), max_length=255, required=False)
    # Chosen by id among the cell's members / the cadres assigned to it (the view's lists).
    chair = ScopedField(Cadre, by="pk", label=_("Chair"), widget=forms.Select, required=False)
    guests = ScopedMultipleField(Cadre, by="pk", label=_("Assigned cadres who attended"), required=False)
    minutes = forms.CharField(
        label=_("Short minutes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, members, guest_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = list(members)
        self.fields["chair"].limit_to(Cadre.objects.filter(pk__in=[m.pk for m in self.members]))
        self.fields["guests"].limit_to(guest_choices)
        self.fields["kind"].initial = Meeting.Kind.REGULAR
        for member in self.members:
            self.fields[f"{ATTENDANCE_PREFIX}{member.pk}"] = forms.ChoiceField(
                label=member.full_name,
                choices=Attendance.Status.choices,
                initial=Attendance.Status.PRESENT,
                widget=forms.RadioSelect,
            )
            self.fields[f"{REASON_PREFIX}{member.pk}"] = forms.CharField(
                label=_("Reason"), max_length=255, required=False
            )

    def member_rows(self):
        """One row per member for the attendance table: the template writes the radios itself (a
        cell has up to ~60 members; rendering 4 radio widgets each through widget templates cost
        ≈ 35 ms a page)."""
        choices = list(Attendance.Status.choices)
        rows = []
        for member in self.members:
            status, reason = self[f"{ATTENDANCE_PREFIX}{member.pk}"], self[f"{REASON_PREFIX}{member.pk}"]
            rows.append(
                {
                    "member": member,
                    "name": status.html_name,
                    "id": status.auto_id,
                    "value": str(status.value() or ""),
                    "choices": choices,
                    "errors": status.errors,
                    "reason_name": reason.html_name,
                    "reason": reason.value() or "",
                }
            )
        return rows

    def clean(self):
        cleaned = super().clean()
        # Marks for people who are not members (a tampered or stale page) are refused, not dropped.
        posted = {key for key in self.data if key.startswith(ATTENDANCE_PREFIX)}
        known = {f"{ATTENDANCE_PREFIX}{m.pk}" for m in self.members}
        if posted - known:
            raise forms.ValidationError(
                _(
                    "The attendance lists %(listed)d people but the cell has %(members)d members: "
                    "only the cell's own members can be marked."
                ),
                params={"listed": len(posted), "members": len(self.members)},
            )
        return cleaned

    def attendance(self) -> dict[int, tuple[str, str]]:
        return {
            m.pk: (
                self.cleaned_data[f"{ATTENDANCE_PREFIX}{m.pk}"],
                self.cleaned_data.get(f"{REASON_PREFIX}{m.pk}", ""),
            )
            for m in self.members
        }


class OverrideForm(forms.Form):
    grade = forms.ChoiceField(label=_("Grade decided"), choices=Grade.choices)
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason for changing the suggested grade.")},
    )


class AnnouncementForm(forms.ModelForm):
    class Meta:
        model = Announcement
        fields = [
            "number",
            "place",
            "issued_on",
            "title",
            "body",
            "recipients",
            "signer_title",
            "signer_name",
        ]
        widgets = {
            "issued_on": DateInput(),
            "body": forms.Textarea(attrs={"rows": 5}),
            "recipients": forms.Textarea(attrs={"rows": 3}),
        }


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for reopening"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason for reopening the period.")},
    )


class MeetingDeleteForm(forms.Form):
    """Deleting a meeting recorded by mistake: the reason is kept with it in the history."""

    reason = forms.CharField(
        label=_("Why delete it"),
        max_length=100,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 100}),
        error_messages={"required": _("Say why the meeting is deleted (e.g. recorded twice, wrong cell).")},
    )
