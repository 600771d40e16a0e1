from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.dates import DateInput
from common.forms import ModelMultipleChoiceField, MultipleFileField
from directives.models import DirectiveItem
from directives.selectors import yearly_topics
from units.fields import ScopedField
from units.models import Cadre

from .models import Grade, Period, PressingIssue, PublicComment, RemedialAction
from .uploads import max_bytes

DATE_INPUT = DateInput()


class DirectiveItemField(ModelMultipleChoiceField):
    def __init__(self, **kwargs):
        queryset = DirectiveItem.objects.select_related("directive").order_by("directive__issued_on", "order")
        super().__init__(queryset=queryset, required=False, label=_("Linked directive items"), **kwargs)
        self.widget.attrs["size"] = 6

    def label_from_instance(self, obj):
        return item_label(obj)


def item_label(item, length=70) -> str:
    """An item in a list: symbol, code, key phrase or the start of its text, and "paraphrase" unless the
    office confirmed it as the official text."""
    status = "" if item.is_official else " · " + str(_("paraphrase"))
    return f"{item.directive.symbol} {item.code}: {item.key_phrase or item.text[:length]}{status}"


class OwnerForm(forms.Form):
    """Whose record: the signed-in person, or the collective of their home organisation."""

    year = forms.IntegerField(label=_("Year"), min_value=2016, max_value=2100)
    owner = forms.ChoiceField(label=_("For"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        choices = []
        if user.cadre_id:
            choices.append(("self", _("Myself (%(name)s)") % {"name": user.cadre.full_name}))
        if user.home_org_id:
            choices.append(("org", _("The collective of %(org)s") % {"org": user.home_org.name}))
        self.fields["owner"].choices = choices
        self.fields["year"].initial = timezone.localdate().year
        self.user = user

    def owner_kwargs(self) -> dict:
        if self.cleaned_data["owner"] == "self":
            return {"cadre": self.user.cadre}
        return {"org": self.user.home_org}


class PledgeForm(forms.Form):
    """The pledge's header. The topic of the year is chosen among those 01-KL/TW (or a later
    conclusion) gives for the pledge's year; a year without one keeps the free-text theme only."""

    topic = forms.ChoiceField(
        label=_("Topic of the year (chuyên đề năm)"),
        required=False,
        error_messages={"invalid_choice": _("Choose one of the topics of the pledge's year.")},
    )
    theme = forms.CharField(label=_("Theme of the year"), max_length=255, required=False)
    shortcomings = forms.CharField(
        label=_("Own shortcomings and how to fix them"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, year=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.year = year
        self.topics = {str(t.pk): t for t in (yearly_topics(year) if year else [])}
        field = self.fields["topic"]
        if self.topics:
            field.choices = [("", _("— choose the topic —"))] + [
                (pk, item_label(t, 120)) for pk, t in self.topics.items()
            ]
            field.required = True
            field.error_messages["required"] = _("Choose the topic of %(year)d.") % {"year": year}
            field.help_text = _("From 01-KL/TW: the year's topic, or the whole term's theme.")
        else:
            field.widget = forms.HiddenInput()
            field.help_text = ""

    def clean_topic(self):
        value = self.cleaned_data.get("topic")
        return self.topics.get(value) if value else None


class PledgeItemForm(forms.Form):
    study = forms.CharField(label=_("What to study"), widget=forms.Textarea(attrs={"rows": 2}))
    follow = forms.CharField(
        label=_("What to follow"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    action = forms.CharField(label=_("Concrete action"), widget=forms.Textarea(attrs={"rows": 2}))
    deliverable = forms.CharField(label=_("Deliverable"), max_length=255)
    deadline = forms.DateField(label=_("Deadline"), widget=DATE_INPUT)
    directive_items = DirectiveItemField()


# The name of the submit button that adds an empty row to a formset (server side: no script
# needed, and the CSP forbids inline ones). What was typed in the other rows is kept.
ADD_ROW = "them-dong"


def adding_row(data) -> bool:
    return ADD_ROW in data


def with_added_row(formset_class, data, prefix, form_kwargs=None):
    """The formset bound to `data` with one more (empty) row, and without error messages: the user
    asked for a row, not a check."""
    data = data.copy()
    key = f"{prefix}-TOTAL_FORMS"
    try:
        total = int(data.get(key, "0"))
    except ValueError:
        total = 0
    data[key] = str(max(0, min(total + 1, formset_class.max_num)))
    formset = formset_class(data, prefix=prefix, form_kwargs=form_kwargs)
    quiet(formset)
    return formset


def quiet(*forms_or_formsets):
    """Render bound forms/formsets with what was typed but without validating them."""
    for f in forms_or_formsets:
        if isinstance(f, forms.BaseFormSet):
            f._errors, f._non_form_errors = [], f.error_class()
            quiet(*f.forms)
        else:
            f._errors = ErrorDict()


class BaseItemFormSet(forms.BaseFormSet):
    empty_message = _("Register at least one item.")

    def _construct_form(self, i, **kwargs):
        """Every row shares one evaluated list of choices for its model choice fields shown as a list
        (one query per formset, not one per row; a code typed in a text box lists nothing)."""
        form = super()._construct_form(i, **kwargs)
        cache = self.__dict__.setdefault("_choice_cache", {})
        for name, field in form.fields.items():
            listed = isinstance(field.widget, forms.widgets.ChoiceWidget)
            if isinstance(field, forms.ModelChoiceField) and listed:
                if name not in cache:
                    cache[name] = list(field.choices)
                field.widget.choices = cache[name]
        return form

    def items(self) -> list[dict]:
        return [
            f.cleaned_data
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.has_changed()
        ]

    def clean(self):
        super().clean()
        if not any(self.errors) and not self.items():
            raise ValidationError(self.empty_message)


# Rows a pledge, commitment or review may list. Django's default (1,000, and up to 2,000 forms built
# from a forged count) let one request build and re-render thousands of rows, each with every
# directive item as a choice: seconds of work for the server.
MAX_ROWS = 50


def item_formset(form, extra=1, empty_message=None):
    attrs = {"empty_message": empty_message} if empty_message else {}
    formset = type(f"{form.__name__}Set", (BaseItemFormSet,), attrs)
    return forms.formset_factory(
        form,
        formset=formset,
        extra=extra,
        can_delete=True,
        max_num=MAX_ROWS,
        absolute_max=MAX_ROWS,
        validate_max=True,
    )


PledgeItemFormSet = item_formset(PledgeItemForm)


class ReturnForm(forms.Form):
    comment = forms.CharField(label=_("What must be changed"), widget=forms.Textarea(attrs={"rows": 3}))


class CommentForm(forms.Form):
    """A public supervision comment. `website` is a honeypot: hidden from people, filled by bots."""

    name = forms.CharField(label=_("Your name (optional)"), max_length=120, required=False)
    contact = forms.CharField(label=_("Phone or e-mail (optional)"), max_length=120, required=False)
    body = forms.CharField(label=_("Your comment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    website = forms.CharField(required=False, label=_("Leave this field empty"))


class CommitmentForm(forms.Form):
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class CommitmentItemForm(forms.Form):
    task = forms.CharField(label=_("Task"), widget=forms.Textarea(attrs={"rows": 2}))
    deliverable = forms.CharField(label=_("Deliverable"), max_length=255)
    deadline = forms.DateField(label=_("Deadline"), widget=DATE_INPUT)
    directive_items = DirectiveItemField()


CommitmentItemFormSet = item_formset(CommitmentItemForm)


class SelfAssessmentForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=Period.choices)
    results = forms.CharField(label=_("Results achieved"), widget=forms.Textarea(attrs={"rows": 4}))
    self_grade = forms.ChoiceField(label=_("Self-grade"), choices=[("", "—"), *Grade.choices], required=False)
    self_score = forms.DecimalField(label=_("Self-score (0–100)"), min_value=0, max_value=100, required=False)
    files = MultipleFileField(label=_("Evidence (PDF, JPEG or PNG)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = max_bytes() // (1024 * 1024)
        self.fields["files"].help_text = _("At most %(mb)s MB per file.") % {"mb": limit}

    def clean_files(self):
        from .uploads import check_evidence

        files = self.cleaned_data["files"]
        errors = []
        for f in files:
            try:
                check_evidence(f)
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return files


class EvaluationForm(forms.Form):
    """The superior's grade. With a scoring sheet (QĐ 366), one field per criterion (`c<id>`,
    initial: the points proposed from the record) and one for the reason of an adjustment (`r<id>`);
    the total is their sum."""

    period = forms.ChoiceField(label=_("Period"), choices=Period.choices, initial=Period.YEAR_END)
    ad_hoc_on = forms.DateField(
        label=_("Ad hoc review up to"), widget=DATE_INPUT, required=False, help_text=_("Only for an ad hoc review.")
    )
    subject_type = forms.ChoiceField(label=_("Graded as"), required=False)
    grade = forms.ChoiceField(label=_("Grade"), choices=Grade.choices)
    score = forms.DecimalField(label=_("Score (0–100)"), min_value=0, max_value=100, required=False)
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    annul_reason = forms.CharField(
        label=_("Reason for annulling the earlier evaluation"),
        help_text=_(
            "Only when re-grading a period already graded: the earlier evaluation is kept, annulled."
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args, subject_choices=(), sheet=None, proposal=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject_type"].choices = [("", "—"), *subject_choices]
        self.criteria = []
        for criterion in sheet.criteria.all() if sheet else ():
            proposed = (proposal or {}).get(criterion.pk)
            # No max_value here: a score out of its range is refused by the engine naming the rule.
            points = forms.DecimalField(
                label=criterion.title, required=False, initial=proposed, decimal_places=2, max_digits=5
            )
            reason = forms.CharField(label=_("Reason for the adjustment"), required=False, max_length=500)
            self.fields[f"c{criterion.pk}"], self.fields[f"r{criterion.pk}"] = points, reason
            self.criteria.append((criterion, proposed, f"c{criterion.pk}", f"r{criterion.pk}"))
        if self.criteria:
            self.fields["score"].help_text = _("Filled from the criteria below.")

    def criterion_rows(self):
        return [(c, proposed, self[cf], self[rf]) for c, proposed, cf, rf in self.criteria]

    def criteria_data(self):
        data = self.cleaned_data
        points = {c.pk: data.get(cf) for c, _p, cf, _rf in self.criteria}
        if not any(v is not None for v in points.values()):
            return None, None
        return points, {c.pk: data.get(rf, "") for c, _p, _cf, rf in self.criteria}


class ItemResultForm(forms.Form):
    completed_on = forms.DateField(label=_("Completed on"), widget=DATE_INPUT, required=False)
    exceeded = forms.BooleanField(label=_("Exceeded the target"), required=False)


class AnnulForm(forms.Form):
    reason = forms.CharField(label=_("Reason for annulling"), widget=forms.Textarea(attrs={"rows": 2}))


class MilestoneForm(forms.Form):
    done = forms.BooleanField(required=False)
    done_on = forms.DateField(label=_("Done on"), widget=DATE_INPUT, required=False)


class ReviewForm(OwnerForm):
    strengths = forms.CharField(
        label=_("Strengths"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    responsibility = forms.CharField(
        label=_("Responsibility"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    earlier_results = forms.CharField(
        label=_("Results of remedying earlier shortcomings"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    self_grade = forms.ChoiceField(label=_("Self-grade"), choices=[("", "—"), *Grade.choices], required=False)


class ShortcomingForm(forms.Form):
    """A shortcoming and its cause; its remedial actions come in `RemedialActionFormSet`."""

    description = forms.CharField(label=_("Shortcoming"), widget=forms.Textarea(attrs={"rows": 2}))
    cause = forms.CharField(label=_("Cause"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    directive_items = DirectiveItemField()


class RemedialActionForm(forms.Form):
    """One remedial action with its owner (a cadre in the user's scope), final date and roadmap
    (one step per line)."""

    description = forms.CharField(label=_("Remedial action"), widget=forms.Textarea(attrs={"rows": 2}))
    owner_code = ScopedField(Cadre, label=_("Owner (cadre code)"), required=False)
    due_on = forms.DateField(label=_("To be completed by"), widget=DATE_INPUT)
    milestones = forms.CharField(
        label=_("Roadmap"),
        help_text=_("One step per line: dd/mm/yyyy then the step, e.g. “30/06/2026 Hold a dialogue”."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_code"].scope_to(user)

    def clean_milestones(self):
        steps = []
        for n, line in enumerate(self.cleaned_data["milestones"].splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            day, _sep, text = line.partition(" ")
            try:
                when = datetime.strptime(day, "%d/%m/%Y").date()
            except ValueError as exc:
                raise ValidationError(
                    _("Line %(n)s: start with a date written dd/mm/yyyy.") % {"n": n}
                ) from exc
            if not text.strip():
                raise ValidationError(_("Line %(n)s: say what the step is.") % {"n": n})
            steps.append((when, text.strip()))
        return steps

    def clean(self):
        data = super().clean()
        due, steps = data.get("due_on"), data.get("milestones") or []
        if due and any(d > due for d, _text in steps):
            self.add_error("milestones", _("A milestone cannot come after the action's final date."))
        return data

    def action_data(self) -> dict:
        d = self.cleaned_data
        return {
            "description": d["description"],
            "owner": d["owner_code"],
            "due_on": d["due_on"],
            "milestones": d["milestones"],
        }


RemedialActionFormSet = item_formset(
    RemedialActionForm, empty_message=_("Give at least one remedial action.")
)


class ProgressForm(forms.Form):
    assessed_on = forms.DateField(label=_("Assessed on"), widget=DATE_INPUT, initial=timezone.localdate)
    status = forms.ChoiceField(label=_("Status"), choices=RemedialAction.Status.choices)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class CommentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        who = obj.name or _("Anonymous")
        return f"{timezone.localtime(obj.created_at):%d/%m/%Y} · {who}: {obj.body[:90]}"


class PressingIssueForm(forms.Form):
    """An issue typed in, or a public comment on the head's pledge taken as the issue."""

    comment = CommentChoiceField(
        label=_("From a public comment"),
        queryset=PublicComment.objects.none(),
        required=False,
        empty_label=_("— none: type the issue below —"),
    )
    source = forms.ChoiceField(label=_("Raised by"), choices=PressingIssue.Source.choices)
    text = forms.CharField(label=_("Issue"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, comments=None, **kwargs):
        super().__init__(*args, **kwargs)
        if comments is not None:
            self.fields["comment"].queryset = comments
        else:
            del self.fields["comment"]

    def clean(self):
        data = super().clean()
        if data.get("comment"):
            data["source"] = PressingIssue.Source.PUBLIC
        elif not (data.get("text") or "").strip() and "text" not in self.errors:
            self.add_error("text", _("Describe the issue, or choose a public comment."))
        return data
