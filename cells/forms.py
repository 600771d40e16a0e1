from django import forms
from django.utils.translation import gettext_lazy as _

from common.dates import DateInput
from common.forms import ModelMultipleChoiceField, MultipleFileField
from directives.models import Directive, DirectiveItem
from pledges.forms import DirectiveItemField
from pledges.uploads import max_bytes
from units.fields import ScopedField, ScopedMultipleField
from units.models import Cadre

from .models import Announcement, Attendance, Grade, Meeting, MeetingTask

ATTENDANCE_PREFIX = "att_"
REASON_PREFIX = "reason_"


def item_label(item) -> str:
    status = "" if item.is_official else " · " + str(_("paraphrase"))
    return f"{item.directive.symbol} {item.code}: {item.key_phrase or item.text[:60]}{status}"


class MeetingForm(forms.Form):
    """A meeting and one attendance choice per member (present by default), phone-sized."""

    held_on = forms.DateField(label=_("Date"), widget=DateInput())
    kind = forms.ChoiceField(label=_("Kind"), choices=Meeting.Kind.choices, widget=forms.RadioSelect)
    starts_at = forms.TimeField(
        label=_("Start time"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    ends_at = forms.TimeField(
        label=_("End time"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    duration_minutes = forms.IntegerField(
        label=_("Length (minutes)"),
        min_value=1,
        max_value=600,
        required=False,
        help_text=_("Computed from the start and end times when both are given."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    place = forms.CharField(label=_("Place"), max_length=255, required=False)
    directives = ModelMultipleChoiceField(
        label=_("Directives taken up"),
        queryset=Directive.objects.order_by("-issued_on"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    items = ModelMultipleChoiceField(
        label=_("Content items taken up"),
        queryset=DirectiveItem.objects.select_related("directive").order_by("directive__issued_on", "order"),
        required=False,
    )
    topic_title = forms.CharField(label=_("Topic"), max_length=255, required=False)
    # Made by the offline client (static/js/offline.js): a replayed submission stores once.
    client_id = forms.UUIDField(required=False, widget=forms.HiddenInput)
    documents_posted_on = forms.DateField(
        label=_("Documents posted on Sổ tay đảng viên điện tử on"), required=False, widget=DateInput()
    )
    # Chosen by id among the cell's members / the cadres assigned to it (the view's lists).
    chair = ScopedField(Cadre, by="pk", label=_("Chair"), widget=forms.Select, required=False)
    recorder = ScopedField(Cadre, by="pk", label=_("Minutes taken by"), widget=forms.Select, required=False)
    guests = ScopedMultipleField(Cadre, by="pk", label=_("Assigned cadres who attended"), required=False)
    minutes = forms.CharField(
        label=_("Short minutes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    discussion = forms.CharField(
        label=_("Discussion"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    resolution = forms.CharField(
        label=_("Resolution (conclusion)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    votes_for = forms.IntegerField(label=_("Votes for"), min_value=0, max_value=999, required=False)
    votes_against = forms.IntegerField(label=_("Votes against"), min_value=0, max_value=999, required=False)
    votes_abstain = forms.IntegerField(label=_("Abstentions"), min_value=0, max_value=999, required=False)

    def __init__(self, *args, members, guest_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = list(members)
        self.fields["chair"].limit_to(Cadre.objects.filter(pk__in=[m.pk for m in self.members]))
        self.fields["recorder"].limit_to(Cadre.objects.filter(pk__in=[m.pk for m in self.members]))
        self.fields["guests"].limit_to(guest_choices)
        self.fields["kind"].initial = Meeting.Kind.REGULAR
        self.fields["items"].label_from_instance = item_label
        self.fields["items"].widget.attrs["size"] = 6
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
        posted, held = cleaned.get("documents_posted_on"), cleaned.get("held_on")
        if posted and held and posted > held:
            self.add_error(
                "documents_posted_on",
                _("The documents cannot be posted after the meeting (%(day)s).")
                % {"day": held.strftime("%d/%m/%Y")},
            )
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


class AgendaItemField(DirectiveItemField):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.label = _("Directive items on the agenda")


class MeetingPlanForm(forms.Form):
    """The next meeting as the secretary plans it: day (the criteria's day proposed), time, place,
    the directives and items on the agenda, documents for the members."""

    planned_on = forms.DateField(label=_("Date"), widget=DateInput())
    kind = forms.ChoiceField(label=_("Kind"), choices=Meeting.Kind.choices, widget=forms.RadioSelect)
    starts_at = forms.TimeField(
        label=_("Start time"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    duration_minutes = forms.IntegerField(
        label=_("Length (minutes)"),
        min_value=1,
        max_value=600,
        required=False,
        help_text=_("Empty: the minimum of the rules in force."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    place = forms.CharField(label=_("Place"), max_length=255, required=False)
    directives = ModelMultipleChoiceField(
        label=_("Directives on the agenda"),
        queryset=Directive.objects.order_by("-issued_on"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    items = AgendaItemField()
    topic_title = forms.CharField(label=_("Topic"), max_length=255, required=False)
    files = MultipleFileField(label=_("Documents (PDF, JPEG or PNG)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].initial = Meeting.Kind.REGULAR
        self.fields["files"].help_text = _("At most %(mb)s MB per file.") % {
            "mb": max_bytes() // (1024 * 1024)
        }

    def clean_files(self):
        from pledges.uploads import check_evidence

        files = self.cleaned_data["files"]
        errors = []
        for f in files:
            try:
                check_evidence(f)
            except forms.ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise forms.ValidationError(errors)
        return files


class TaskForm(forms.Form):
    """One task of the cell's resolution: what, who (a member of the cell), by when."""

    title = forms.CharField(
        label=_("Task"), max_length=500, error_messages={"required": _("Write what is to be done.")}
    )
    owner = ScopedField(
        Cadre,
        by="pk",
        label=_("Responsible member"),
        widget=forms.Select,
        error_messages={"required": _("Name the member of the cell who is responsible for the task.")},
    )
    deadline = forms.DateField(
        label=_("Deadline"),
        widget=DateInput(),
        error_messages={"required": _("Give the deadline of the task.")},
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].limit_to(Cadre.objects.filter(pk__in=[m.pk for m in members]))
        self.fields["owner"].empty_label = "—"


class TaskCloseForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (MeetingTask.Status.DONE, MeetingTask.Status.DONE.label),
            (MeetingTask.Status.DROPPED, MeetingTask.Status.DROPPED.label),
        ],
        initial=MeetingTask.Status.DONE,
    )
    note = forms.CharField(label=_("Result"), max_length=500, required=False)


class MeetingDeleteForm(forms.Form):
    """Deleting a meeting recorded by mistake: the reason is kept with it in the history."""

    reason = forms.CharField(
        label=_("Why delete it"),
        max_length=100,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 100}),
        error_messages={"required": _("Say why the meeting is deleted (e.g. recorded twice, wrong cell).")},
    )
