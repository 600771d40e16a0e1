"""Work commitments: the list, a new commitment and its editing, its page with the grader's
context, the owner's task results and self-assessment, the superior's evaluation and its
annulment, the history, and the evidence files."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import offered_to
from common.history import Source, history_page, part
from common.views import back_with_errors, submit
from grading import engine as grading_engine

from .. import evidence as pledge_evidence
from .. import rules, selectors, services
from ..forms import (
    AnnulForm,
    CommitmentForm,
    CommitmentItemFormSet,
    EvaluationForm,
    ItemResultForm,
    OwnerForm,
    SelfAssessmentForm,
    adding_row,
    quiet,
    with_added_row,
)
from ..models import (
    CYCLE,
    CommitmentItem,
    Evaluation,
    Evidence,
    Grade,
    Period,
    SelfAssessment,
    period_end,
)
from .base import FILES_ONLY, can_file, header_and_items, item_rows, page_of


@login_required
def commitment_index(request):
    year = request.GET.get("nam") or None
    commitments = page_of(request, selectors.commitments_for(request.user, year=year))
    for c in commitments:
        c.year_end_grade_label = Grade(c.year_end_grade).label if c.year_end_grade else ""
    return render(request, "pledges/commitments.html", {"commitments": commitments, "year": year})


@login_required
@offered_to(can_file, FILES_ONLY)
def commitment_create(request):
    owner_form = OwnerForm(request.POST or None, user=request.user)
    form = CommitmentForm(request.POST or None)

    def page(form, formset):
        context = {
            "owner_form": owner_form,
            "form": form,
            "formset": formset,
            "title": _("New work commitment"),
        }
        return render(request, "pledges/commitment_form.html", context)

    if request.method == "POST" and adding_row(request.POST):
        quiet(owner_form, form)
        return page(form, with_added_row(CommitmentItemFormSet, request.POST, "items"))
    formset = CommitmentItemFormSet(request.POST or None, prefix="items")
    return submit(
        request,
        form,
        lambda data: services.commitment_create(
            year=owner_form.cleaned_data["year"],
            summary=data["summary"],
            items=item_rows(formset),
            acting_user=request.user,
            **owner_form.owner_kwargs(),
        ),
        also=(owner_form, formset),
        success=_("The work commitment was registered."),
        then=lambda commitment: reverse("pledges:commitment", args=[commitment.pk]),
        invalid=lambda form: page(form, formset),
    )


def _item_initial(items):
    return [
        {
            "task": i.task,
            "deliverable": i.deliverable,
            "deadline": i.deadline,
            "directive_items": list(i.directive_items.all()),
        }
        for i in items
    ]


def _is_evaluated(commitment) -> bool:
    return any(not e.is_annulled for e in commitment.evaluations.all())


@login_required
def commitment_edit(request, pk):
    """The owner changes the tasks until the superior has evaluated the commitment."""
    commitment = selectors.commitment_for(request.user, pk)
    if not rules.can_edit(request.user, commitment):
        raise PermissionDenied
    if _is_evaluated(commitment):
        messages.error(request, _("This commitment has been evaluated and can no longer be changed."))
        return redirect("pledges:commitment", pk=commitment.pk)

    def save(data, items):
        services.commitment_update(
            commitment=commitment, summary=data["summary"], items=items, acting_user=request.user
        )

    def page(form, formset):
        context = {
            "form": form,
            "formset": formset,
            "commitment": commitment,
            "title": _("Edit work commitment"),
        }
        return render(request, "pledges/commitment_form.html", context)

    return header_and_items(
        request,
        CommitmentForm,
        CommitmentItemFormSet,
        initial={"summary": commitment.summary},
        item_initial=lambda: _item_initial(commitment.items.all()),
        save=save,
        success=_("The work commitment was saved."),
        then=reverse("pledges:commitment", args=[commitment.pk]),
        page=page,
    )


@login_required
def commitment_page(request, pk):
    commitment = selectors.commitment_for(request.user, pk)
    user = request.user
    can_decide = rules.can_decide(user, commitment)
    period = request.GET.get("ky", Period.YEAR_END)
    period = period if period in Period.values else Period.YEAR_END
    grading = _grading_context(commitment, period) if can_decide else {}
    context = {
        "commitment": commitment,
        "can_edit": rules.can_edit(user, commitment),
        "can_decide": can_decide,
        "assessment_form": SelfAssessmentForm(),
        "evaluation_form": _evaluation_form(commitment, grading, initial={"period": period}),
        **_evaluation_context(commitment, period, with_rule=can_decide),
        **grading,
    }
    return render(request, "pledges/commitment.html", context)


def _evaluation_form(commitment, grading, data=None, initial=None):
    return EvaluationForm(
        data,
        initial=initial,
        subject_choices=pledge_evidence.choices_for(commitment),
        sheet=grading.get("sheet"),
        proposal=grading.get("proposal"),
    )


def _grading_context(commitment, period, subject_type="", ad_hoc_on=None):
    """For the grader: the version in force on the period's last day (or why none applies), the
    scoring sheet and the points proposed from the record, the grade the record allows and what
    blocks the next one up, and the cap's count before saving."""
    end = period_end(commitment.year, period, ad_hoc_on)
    subject_type = subject_type or pledge_evidence.subject_type_for(commitment)
    context = {"grading_period": period, "grading_subject": subject_type, "grading_end": end}
    try:
        version = grading_engine.version_for(end)
    except ValidationError as exc:
        context["grading_error"] = " ".join(exc.messages)
        return context
    evidence = pledge_evidence.commitment_evidence(
        commitment, period, subject_type=subject_type, ad_hoc_on=ad_hoc_on
    )
    sheet = grading_engine.sheet_for(version, subject_type)
    proposal = grading_engine.propose(sheet, evidence) if sheet else None
    proposed_total = (
        grading_engine.total(proposal) if proposal and all(v is not None for v in proposal.values()) else None
    )
    context.update(
        version=version,
        cycle_allowed=version.allows(CYCLE[period]),
        sheet=sheet,
        proposal=proposal,
        proposed_total=proposed_total,
        evidence=evidence,
        assessment=grading_engine.assess(version, subject_type, evidence, proposed_total),
        cap=services.cap_status(
            org=commitment.org,
            year=commitment.year,
            period=period,
            is_collective=commitment.is_collective,
            day=end,
        ),
        item_form=ItemResultForm(),
    )
    return context


@login_required
def commitment_history(request, pk):
    """Changes of the commitment, its tasks, the self-assessments and the superior's evaluations."""
    commitment = selectors.commitment_for(request.user, pk)
    periods = dict(Period.choices)
    return history_page(
        request,
        Source(commitment.history.all()),
        Source(
            CommitmentItem.history.filter(commitment_id=pk),
            label=lambda r: part(CommitmentItem, r.task),
            exclude=("commitment",),
        ),
        Source(
            SelfAssessment.history.filter(commitment_id=pk),
            label=lambda r: part(SelfAssessment, periods.get(r.period, r.period)),
            exclude=("commitment",),
        ),
        Source(
            Evaluation.history.filter(commitment_id=pk),
            label=lambda r: part(Evaluation, periods.get(r.period, r.period)),
            exclude=("commitment",),
        ),
        title=f"{_('Work commitment')} {commitment.year} — {commitment.owner_name}",
        back_url=reverse("pledges:commitment", args=[pk]),
    )


def _evaluation_context(commitment, period="year_end", *, with_rule=True):
    """The evaluations in force and the annulled ones (with the version each was graded under)."""
    evaluations = list(
        commitment.evaluations.select_related("version", "rule").prefetch_related("scores__criterion")
    )
    return {
        "evaluations_in_force": [e for e in evaluations if not e.is_annulled],
        "annulled": [e for e in evaluations if e.is_annulled],
        "is_evaluated": any(not e.is_annulled for e in evaluations),
        "annul_form": AnnulForm(),
    }


def _commitment_url(commitment) -> str:
    return reverse("pledges:commitment", args=[commitment.pk])


@login_required
@require_POST
def item_result(request, pk, item_pk):
    commitment = selectors.commitment_for(request.user, pk)
    item = get_object_or_404(CommitmentItem, pk=item_pk, commitment=commitment)
    if not rules.can_edit(request.user, commitment):
        raise PermissionDenied
    back = _commitment_url(commitment)
    return submit(
        request,
        ItemResultForm(request.POST),
        lambda data: services.item_result(
            item=item, completed_on=data["completed_on"], exceeded=data["exceeded"], acting_user=request.user
        ),
        success=_("The result of the task was saved."),
        then=back,
        invalid=back_with_errors(request, back, joined=True),
    )


@login_required
@require_POST
def self_assess(request, pk):
    commitment = selectors.commitment_for(request.user, pk)
    if not rules.can_edit(request.user, commitment):
        raise PermissionDenied

    def page(form):
        context = {
            "commitment": commitment,
            "can_edit": True,
            "assessment_form": form,
            "evaluation_form": EvaluationForm(subject_choices=pledge_evidence.choices_for(commitment)),
            **_evaluation_context(commitment, with_rule=False),
        }
        return render(request, "pledges/commitment.html", context, status=400)

    return submit(
        request,
        SelfAssessmentForm(request.POST, request.FILES),
        lambda data: services.self_assessment_submit(
            commitment=commitment,
            period=data["period"],
            results=data["results"],
            self_grade=data["self_grade"],
            self_score=data["self_score"],
            files=data["files"],
            acting_user=request.user,
        ),
        success=_("The self-assessment was saved."),
        then=_commitment_url(commitment),
        invalid=page,
    )


def _record_evaluation(commitment, form, acting_user):
    data = form.cleaned_data
    criteria, reasons = form.criteria_data()
    return services.evaluation_record(
        commitment=commitment,
        period=data["period"],
        grade=data["grade"],
        score=data["score"],
        comment=data["comment"],
        annul_reason=data["annul_reason"],
        criteria=criteria,
        reasons=reasons,
        subject_type=data["subject_type"],
        ad_hoc_on=data["ad_hoc_on"],
        acting_user=acting_user,
    )


@login_required
@require_POST
def evaluate(request, pk):
    commitment = selectors.commitment_for(request.user, pk)
    if not rules.can_decide(request.user, commitment):
        raise PermissionDenied
    # The period and subject re-shown are ones the form accepts: a forged value never reaches a query.
    probe = EvaluationForm(request.POST, subject_choices=pledge_evidence.choices_for(commitment))
    probe.is_valid()
    period = probe.cleaned_data.get("period", Period.YEAR_END)
    grading = _grading_context(
        commitment, period, probe.cleaned_data.get("subject_type", ""), probe.cleaned_data.get("ad_hoc_on")
    )
    form = _evaluation_form(commitment, grading, data=request.POST)

    def page(form):
        context = {
            "commitment": commitment,
            "can_decide": True,
            "can_edit": rules.can_edit(request.user, commitment),
            "assessment_form": SelfAssessmentForm(),
            "evaluation_form": form,
            **_evaluation_context(commitment, period),
            **grading,
        }
        return render(request, "pledges/commitment.html", context, status=400)

    return submit(
        request,
        form,
        lambda data: _record_evaluation(commitment, form, request.user),
        success=_("The evaluation was recorded."),
        then=_commitment_url(commitment),
        invalid=page,
    )


@login_required
@require_POST
def evaluation_annul(request, pk):
    """The superior committee annuls an evaluation in force (kept, marked annulled with the reason)."""
    evaluation = get_object_or_404(Evaluation, pk=pk)
    commitment = selectors.commitment_for(request.user, evaluation.commitment_id)
    if not rules.can_decide(request.user, commitment):
        raise PermissionDenied
    back = _commitment_url(commitment)

    def refused(form):
        if "reason" in form.errors:  # the form's own check: no reason given
            messages.error(request, _("Give the reason for annulling the evaluation."))
        for message in form.non_field_errors():  # the service's refusal
            messages.error(request, message)
        return redirect(back)

    return submit(
        request,
        AnnulForm(request.POST),
        lambda data: services.evaluation_annul(
            evaluation=evaluation, reason=data["reason"], acting_user=request.user
        ),
        success=_("The evaluation was annulled; the period can be graded again."),
        then=back,
        invalid=refused,
    )


@login_required
def evidence_download(request, pk):
    """Serve one evidence file to users in scope of its commitment (403 otherwise)."""
    evidence = get_object_or_404(
        Evidence.objects.select_related("assessment__commitment__org__unit", "assessment__commitment__cadre"),
        pk=pk,
    )
    if not rules.can_view(request.user, evidence.assessment.commitment):
        raise PermissionDenied
    response = FileResponse(
        evidence.file.open("rb"), content_type=evidence.content_type, filename=evidence.original_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
