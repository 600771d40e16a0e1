"""Pages for pledges, commitments and reviews (signed in), and the public pledge pages.

One access helper per object kind fetches with its relations and checks scope: 404 for an
unknown object, 403 outside scope. Writes go through pledges.services.
"""

from functools import partial

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.access import offered_to
from common.cache import cached_fragment, generations
from common.history import Source, history_page, part
from common.http import DOCX, PDF, attachment
from grading import engine as grading_engine
from units.models import Unit
from units.scope import can_see_unit

from . import documents as pledge_documents
from . import evidence as pledge_evidence
from . import rules, selectors, services, throttle
from .forms import (
    AnnulForm,
    CommentForm,
    CommitmentForm,
    CommitmentItemFormSet,
    EvaluationForm,
    ItemResultForm,
    MilestoneForm,
    OwnerForm,
    PledgeForm,
    PledgeItemFormSet,
    PressingIssueForm,
    ProgressForm,
    RemedialActionFormSet,
    ReturnForm,
    ReviewForm,
    SelfAssessmentForm,
    ShortcomingForm,
    adding_row,
    quiet,
    with_added_row,
)
from .links import client_ip, public_url
from .models import (
    CYCLE,
    Commitment,
    CommitmentItem,
    Evaluation,
    Evidence,
    Grade,
    Milestone,
    Period,
    Pledge,
    PledgeItem,
    PledgeVersion,
    PublicComment,
    RemedialAction,
    Review,
    SelfAssessment,
    Shortcoming,
    period_end,
)
from .qr import qr_svg

PAGE_SIZE = 50


def _year(request) -> int:
    """`?nam=`, or this year when it is not a year (not a number, or outside 1–9999)."""
    try:
        year = int(request.GET.get("nam", ""))
    except ValueError:
        year = 0
    return year if 1 <= year <= 9999 else timezone.localdate().year


def _add_errors(request, exc: ValidationError):
    for message in exc.messages:
        messages.error(request, message)


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("trang"))


# ---------------------------------------------------------------------------------------------
# Access helpers
# ---------------------------------------------------------------------------------------------


def get_pledge_for(user, pk) -> Pledge:
    pledge = get_object_or_404(
        Pledge.objects.select_related(
            "org",
            "org__unit",
            "org__parent",
            "org__parent__unit",
            "cadre",
            "current_version",
            "published_version",
        ),
        pk=pk,
    )
    if not rules.can_view(user, pledge):
        raise PermissionDenied
    return pledge


def get_commitment_for(user, pk) -> Commitment:
    try:
        commitment = selectors.commitment_detail(pk)
    except Commitment.DoesNotExist as exc:
        raise Http404 from exc
    if not rules.can_view(user, commitment):
        raise PermissionDenied
    return commitment


def get_review_for(user, pk) -> Review:
    try:
        review = selectors.review_detail(pk)
    except Review.DoesNotExist as exc:
        raise Http404 from exc
    if not rules.can_view(user, review):
        raise PermissionDenied
    return review


# ---------------------------------------------------------------------------------------------
# Pledges (signed in)
# ---------------------------------------------------------------------------------------------


@login_required
def pledge_index(request):
    year = request.GET.get("nam") or None
    pledges = _page(request, selectors.pledges_for(request.user, year=year))
    return render(
        request,
        "pledges/index.html",
        {"pledges": pledges, "year": year, "queue_count": selectors.approval_queue(request.user).count()},
    )


def can_file(user) -> bool:
    """Whether OwnerForm offers anything to file for: the user's own record (a cadre) or the collective
    one of their party organisation. Without either the new-record forms could never be saved."""
    return bool(user.cadre_id or user.home_org_id)


FILES_ONLY = gettext_lazy(
    "Pledges, work commitments and reviews are filed by cadres, for themselves or for the collective "
    "of their party organisation; your account has neither a cadre record nor an organisation."
)


@login_required
@offered_to(can_file, FILES_ONLY)
def pledge_create(request):
    form = OwnerForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            pledge = services.pledge_create(
                year=form.cleaned_data["year"], acting_user=request.user, **form.owner_kwargs()
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("pledges:edit", pk=pledge.pk)
    return render(request, "pledges/create.html", {"form": form, "title": _("New pledge")})


@login_required
def pledge_page(request, pk):
    pledge = get_pledge_for(request.user, pk)
    version = selectors.version_with_items(pledge.current_version_id)
    user = request.user
    return render(
        request,
        "pledges/detail.html",
        {
            "pledge": pledge,
            "version": version,
            "versions": pledge.versions.order_by("-number"),
            "can_edit": rules.can_edit(user, pledge),
            "can_decide": rules.can_decide(user, pledge),
            "return_form": ReturnForm(),
            "public_url": public_url(request, pledge.short_code),
        },
    )


@login_required
def pledge_version_page(request, pk, number):
    pledge = get_pledge_for(request.user, pk)
    version = get_object_or_404(PledgeVersion, pledge=pledge, number=number)
    return render(
        request,
        "pledges/version.html",
        {"pledge": pledge, "version": selectors.version_with_items(version.pk)},
    )


@login_required
def pledge_history(request, pk):
    """Changes of the pledge, its versions (status, decisions) and their actions, newest first."""
    pledge = get_pledge_for(request.user, pk)
    numbers = dict(PledgeVersion.objects.filter(pledge=pledge).values_list("pk", "number"))

    def version_label(row):
        return _("Version %(number)s") % {"number": row.number}

    def item_label(row):
        return f"{version_label(PledgeVersion(number=numbers.get(row.version_id, '?')))} · {part(PledgeItem, row.action)}"

    return history_page(
        request,
        Source(pledge.history.all()),
        Source(PledgeVersion.history.filter(pledge_id=pledge.pk), label=version_label, exclude=("pledge",)),
        Source(
            PledgeItem.history.filter(version__pledge_id=pledge.pk), label=item_label, exclude=("version",)
        ),
        title=f"{_('Pledge')} {pledge.year} — {pledge.owner_name}",
        back_url=reverse("pledges:detail", args=[pledge.pk]),
    )


def _header_and_items(request, form_class, formset_class, *, initial, item_initial, save):
    """A header form with its item rows (pledge, commitment). "Add a row" re-shows what was typed
    with one more empty row; a valid post calls `save(cleaned_data, items)`; a ValidationError from
    the service is shown on the form. Returns (form, formset, saved)."""
    if request.method == "POST" and adding_row(request.POST):
        form = form_class(request.POST)
        quiet(form)
        return form, with_added_row(formset_class, request.POST, "items"), False
    if request.method == "POST":
        form = form_class(request.POST)
        formset = formset_class(request.POST, prefix="items")
        if form.is_valid() and formset.is_valid():
            try:
                save(
                    form.cleaned_data,
                    [{k: v for k, v in d.items() if k != "DELETE"} for d in formset.items()],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return form, formset, True
        return form, formset, False
    return form_class(initial=initial), formset_class(prefix="items", initial=item_initial()), False


@login_required
def pledge_edit(request, pk):
    """Edit the working version; on a published pledge the first save makes a new version."""
    pledge = get_pledge_for(request.user, pk)
    if not rules.can_edit(request.user, pledge):
        raise PermissionDenied
    source = selectors.version_with_items(pledge.current_version_id)

    def save(data, items):
        services.pledge_update(
            pledge=pledge,
            theme=data["theme"],
            topic=data.get("topic"),
            shortcomings=data["shortcomings"],
            items=items,
            acting_user=request.user,
        )

    form, formset, saved = _header_and_items(
        request,
        partial(PledgeForm, year=pledge.year),
        PledgeItemFormSet,
        initial={"theme": source.theme, "shortcomings": source.shortcomings, "topic": source.topic_id},
        item_initial=lambda: [
            {
                "study": i.study,
                "follow": i.follow,
                "action": i.action,
                "deliverable": i.deliverable,
                "deadline": i.deadline,
                "directive_items": list(i.directive_items.all()),
            }
            for i in source.items.all()
        ],
        save=save,
    )
    if saved:
        messages.success(request, _("The pledge was saved."))
        return redirect("pledges:detail", pk=pledge.pk)
    return render(
        request,
        "pledges/edit.html",
        {"pledge": pledge, "form": form, "formset": formset, "new_version": not source.is_editable},
    )


def _pledge_action(request, pk, action, success):
    pledge = get_pledge_for(request.user, pk)
    try:
        action(pledge)
    except ValidationError as exc:
        _add_errors(request, exc)
    else:
        messages.success(request, success)
    return redirect("pledges:detail", pk=pledge.pk)


@login_required
@require_POST
def pledge_submit(request, pk):
    return _pledge_action(
        request,
        pk,
        lambda p: services.pledge_submit(pledge=p, acting_user=request.user),
        _("The pledge was submitted to the superior committee."),
    )


@login_required
@require_POST
def pledge_approve(request, pk):
    publish = request.POST.get("publish") == "1"
    return _pledge_action(
        request,
        pk,
        lambda p: services.pledge_approve(pledge=p, publish=publish, acting_user=request.user),
        _("The pledge was approved and published.") if publish else _("The pledge was approved."),
    )


@login_required
@require_POST
def pledge_publish(request, pk):
    return _pledge_action(
        request,
        pk,
        lambda p: services.pledge_publish(pledge=p, acting_user=request.user),
        _("The pledge was published."),
    )


@login_required
@require_POST
def pledge_return(request, pk):
    pledge = get_pledge_for(request.user, pk)
    if not rules.can_decide(request.user, pledge):
        raise PermissionDenied
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.pledge_return(
                pledge=pledge, comment=form.cleaned_data["comment"], acting_user=request.user
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The pledge was returned with your comment."))
            return redirect("pledges:detail", pk=pledge.pk)
    version = selectors.version_with_items(pledge.current_version_id)
    return render(
        request,
        "pledges/detail.html",
        {
            "pledge": pledge,
            "version": version,
            "versions": pledge.versions.order_by("-number"),
            "can_decide": True,
            "return_form": form,
        },
        status=400,
    )


@login_required
def approval_queue(request):
    pledges = _page(request, selectors.approval_queue(request.user))
    return render(request, "pledges/queue.html", {"pledges": pledges})


@login_required
def secretaries_page(request):
    """Per level and year: which secretaries have published their pledge and which have not."""
    year = _year(request)
    try:
        level = int(request.GET.get("cap", "3"))
    except ValueError:
        level = 3
    rows, per_level = selectors.secretaries_overview(request.user, year=year, level=level)
    names = {1: _("Provincial"), 2: _("District"), 3: _("Grassroots"), 4: _("Party cells")}
    for row in per_level:
        row["name"] = names.get(row["level"], row["level"])
    return render(
        request,
        "pledges/secretaries.html",
        {"rows": _page(request, rows), "per_level": per_level, "year": year, "level": level, "names": names},
    )


@login_required
def print_sheet(request, unit_code):
    """The A4 sheet for a commune or hamlet: its leaders' published pledges with QR codes."""
    unit = get_object_or_404(Unit, code=unit_code)
    if not can_see_unit(request.user, unit):
        raise PermissionDenied
    year = _year(request)
    pledges = list(selectors.sheet_pledges(unit, year=year))
    for p in pledges:
        p.url = public_url(request, p.short_code)
        p.qr = qr_svg(p.url, scale=2)
    return render(request, "pledges/sheet.html", {"unit": unit, "year": year, "pledges": pledges})


@login_required
def comment_queue(request):
    comments = _page(request, selectors.comment_queue(request.user))
    return render(request, "pledges/comments.html", {"comments": comments})


@login_required
@require_POST
def comment_moderate(request, pk):
    comment = get_object_or_404(PublicComment.objects.select_related("pledge__org__parent__unit"), pk=pk)
    services.comment_moderate(
        comment=comment, approve=request.POST.get("approve") == "1", acting_user=request.user
    )
    messages.success(
        request,
        _("The comment was approved.") if comment.status == "approved" else _("The comment was rejected."),
    )
    return redirect("pledges:comments")


# ---------------------------------------------------------------------------------------------
# Public pages (no sign-in)
# ---------------------------------------------------------------------------------------------


def public_page(request, code, number=None):
    """A published pledge for everyone: its published version (or an older one from the history),
    the QR code of its short address, approved comments, and the comment form."""
    try:
        pledge = selectors.public_pledge(code)
    except Pledge.DoesNotExist as exc:
        raise Http404 from exc
    if number is None:
        version = PledgeVersion(pk=pledge.published_version_id)  # the body reads it by its id
    else:
        version = get_object_or_404(
            PledgeVersion.objects.only("pk"),
            pledge=pledge,
            number=number,
            status__in=(PledgeVersion.Status.PUBLISHED, PledgeVersion.Status.SUPERSEDED),
        )
    status = 200
    form = CommentForm()
    if request.method == "POST":
        form = CommentForm(request.POST)
        if not throttle.allow(client_ip(request)):
            form.add_error(None, _("Too many comments from your address. Please try again later."))
            status = 429
        elif form.is_valid():
            if not form.cleaned_data["website"]:  # the honeypot stays empty for people
                services.comment_submit(
                    pledge=selectors.pledge_by_short_code(code),
                    body=form.cleaned_data["body"],
                    name=form.cleaned_data["name"],
                    contact=form.cleaned_data["contact"],
                    ip=client_ip(request),
                )
            messages.success(request, _("Thank you. Your comment will be shown once it has been reviewed."))
            return redirect("public_pledges:page", code=pledge.short_code)
    # The empty comment form is the same for everyone (its CSRF token stays in the page).
    fields = (
        cached_fragment(
            "pledge-comment-form:v1",
            "pledges/_comment_fields.html",
            lambda: {"form": form},
            settings.PUBLIC_PAGE_CACHE_SECONDS,
        )
        if not form.is_bound
        else ""
    )
    return render(
        request,
        "pledges/public.html",
        {"pledge": pledge, "body": _public_body(request, pledge, version), "form": form, "fields": fields},
        status=status,
    )


def _public_body(request, pledge, version):
    """The public page's content (version, QR code, history, approved comments): the same for
    every reader, kept as HTML until the pledge, a version or a comment changes."""

    url = public_url(request, pledge.short_code)  # the host is part of the page (address, QR code)

    def context():
        return {
            "pledge": pledge,
            "version": selectors.version_with_items(version.pk),
            "is_current": version.pk == pledge.published_version_id,
            "history": pledge.versions.filter(
                status__in=(PledgeVersion.Status.PUBLISHED, PledgeVersion.Status.SUPERSEDED)
            ).order_by("-number"),
            "comments": selectors.approved_comments(pledge),
            "url": url,
            "qr": qr_svg(url, scale=4),
        }

    (changes,) = generations(f"pledge-{pledge.pk}")
    key = f"pledge-public:v1:{pledge.pk}:{version.pk}:{changes}:{url}"
    return cached_fragment(key, "pledges/_public_body.html", context, settings.PUBLIC_PAGE_CACHE_SECONDS)


# ---------------------------------------------------------------------------------------------
# Work commitments
# ---------------------------------------------------------------------------------------------


@login_required
def commitment_index(request):
    year = request.GET.get("nam") or None
    commitments = _page(request, selectors.commitments_for(request.user, year=year))
    for c in commitments:
        c.year_end_grade_label = Grade(c.year_end_grade).label if c.year_end_grade else ""
    return render(request, "pledges/commitments.html", {"commitments": commitments, "year": year})


@login_required
@offered_to(can_file, FILES_ONLY)
def commitment_create(request):
    owner_form = OwnerForm(request.POST or None, user=request.user)
    form = CommitmentForm(request.POST or None)
    if request.method == "POST" and adding_row(request.POST):
        quiet(owner_form, form)
        formset = with_added_row(CommitmentItemFormSet, request.POST, "items")
    else:
        formset = CommitmentItemFormSet(request.POST or None, prefix="items")
    if (
        request.method == "POST"
        and not adding_row(request.POST)
        and owner_form.is_valid()
        and form.is_valid()
        and formset.is_valid()
    ):
        try:
            commitment = services.commitment_create(
                year=owner_form.cleaned_data["year"],
                summary=form.cleaned_data["summary"],
                items=[{k: v for k, v in d.items() if k != "DELETE"} for d in formset.items()],
                acting_user=request.user,
                **owner_form.owner_kwargs(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The work commitment was registered."))
            return redirect("pledges:commitment", pk=commitment.pk)
    return render(
        request,
        "pledges/commitment_form.html",
        {"owner_form": owner_form, "form": form, "formset": formset, "title": _("New work commitment")},
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
    commitment = get_commitment_for(request.user, pk)
    if not rules.can_edit(request.user, commitment):
        raise PermissionDenied
    if _is_evaluated(commitment):
        messages.error(request, _("This commitment has been evaluated and can no longer be changed."))
        return redirect("pledges:commitment", pk=commitment.pk)

    def save(data, items):
        services.commitment_update(
            commitment=commitment, summary=data["summary"], items=items, acting_user=request.user
        )

    form, formset, saved = _header_and_items(
        request,
        CommitmentForm,
        CommitmentItemFormSet,
        initial={"summary": commitment.summary},
        item_initial=lambda: _item_initial(commitment.items.all()),
        save=save,
    )
    if saved:
        messages.success(request, _("The work commitment was saved."))
        return redirect("pledges:commitment", pk=commitment.pk)
    return render(
        request,
        "pledges/commitment_form.html",
        {"form": form, "formset": formset, "commitment": commitment, "title": _("Edit work commitment")},
    )


@login_required
def commitment_page(request, pk):
    commitment = get_commitment_for(request.user, pk)
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
    commitment = get_commitment_for(request.user, pk)
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


@login_required
@require_POST
def item_result(request, pk, item_pk):
    commitment = get_commitment_for(request.user, pk)
    item = get_object_or_404(CommitmentItem, pk=item_pk, commitment=commitment)
    if not rules.can_edit(request.user, commitment):
        raise PermissionDenied
    form = ItemResultForm(request.POST)
    if form.is_valid():
        try:
            services.item_result(
                item=item,
                completed_on=form.cleaned_data["completed_on"],
                exceeded=form.cleaned_data["exceeded"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The result of the task was saved."))
    else:
        messages.error(request, " ".join(m for errs in form.errors.values() for m in errs))
    return redirect("pledges:commitment", pk=commitment.pk)


@login_required
@require_POST
def self_assess(request, pk):
    commitment = get_commitment_for(request.user, pk)
    if not rules.can_edit(request.user, commitment):
        raise PermissionDenied
    form = SelfAssessmentForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.self_assessment_submit(
                commitment=commitment,
                period=data["period"],
                results=data["results"],
                self_grade=data["self_grade"],
                self_score=data["self_score"],
                files=data["files"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The self-assessment was saved."))
            return redirect("pledges:commitment", pk=commitment.pk)
    return render(
        request,
        "pledges/commitment.html",
        {
            "commitment": commitment,
            "can_edit": True,
            "assessment_form": form,
            "evaluation_form": EvaluationForm(subject_choices=pledge_evidence.choices_for(commitment)),
            **_evaluation_context(commitment, with_rule=False),
        },
        status=400,
    )


@login_required
@require_POST
def evaluate(request, pk):
    commitment = get_commitment_for(request.user, pk)
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
    if form.is_valid():
        data = form.cleaned_data
        criteria, reasons = form.criteria_data()
        try:
            services.evaluation_record(
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
                acting_user=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The evaluation was recorded."))
            return redirect("pledges:commitment", pk=commitment.pk)
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


@login_required
@require_POST
def evaluation_annul(request, pk):
    """The superior committee annuls an evaluation in force (kept, marked annulled with the reason)."""
    evaluation = get_object_or_404(Evaluation, pk=pk)
    commitment = get_commitment_for(request.user, evaluation.commitment_id)
    if not rules.can_decide(request.user, commitment):
        raise PermissionDenied
    form = AnnulForm(request.POST)
    if form.is_valid():
        try:
            services.evaluation_annul(
                evaluation=evaluation, reason=form.cleaned_data["reason"], acting_user=request.user
            )
        except ValidationError as exc:
            _add_errors(request, exc)
        else:
            messages.success(request, _("The evaluation was annulled; the period can be graded again."))
    else:
        messages.error(request, _("Give the reason for annulling the evaluation."))
    return redirect("pledges:commitment", pk=commitment.pk)


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


# ---------------------------------------------------------------------------------------------
# Self-criticism reviews and remediation
# ---------------------------------------------------------------------------------------------


@login_required
def review_index(request):
    year = request.GET.get("nam") or None
    today = timezone.localdate()
    return render(
        request,
        "pledges/reviews.html",
        {
            "reviews": _page(request, selectors.reviews_for(request.user, year=year)),
            "overdue": selectors.overdue_actions(request.user, on=today)[:50],
            "year": year,
            "today": today,
        },
    )


@login_required
@offered_to(can_file, FILES_ONLY)
def review_create(request):
    form = ReviewForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            review = services.review_create(
                year=data["year"],
                strengths=data["strengths"],
                responsibility=data["responsibility"],
                earlier_results=data["earlier_results"],
                self_grade=data["self_grade"],
                acting_user=request.user,
                **form.owner_kwargs(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("pledges:review", pk=review.pk)
    return render(request, "pledges/create.html", {"form": form, "title": _("New self-criticism review")})


def _review_context(request, review, **forms):
    user = request.user
    is_head = services.is_head(review.cadre_id)
    can_assess = rules.can_follow_up(user, review)
    issue_form = forms.get("issue_form")
    if issue_form is None and is_head and can_assess:
        issue_form = PressingIssueForm(comments=selectors.linkable_comments(review))
    return {
        "review": review,
        "today": timezone.localdate(),
        "can_edit": rules.can_edit(user, review),
        "can_assess": can_assess,
        "user_cadre_id": user.cadre_id,
        "is_head": is_head,
        "shortcoming_form": forms.get("shortcoming_form") or ShortcomingForm(),
        "action_formset": forms.get("action_formset")
        or RemedialActionFormSet(prefix="actions", form_kwargs={"user": user}),
        "progress_form": ProgressForm(),
        "issue_form": issue_form,
    }


@login_required
def review_history(request, pk):
    """Changes of the review, its shortcomings, the remedial actions and their milestones."""
    review = get_review_for(request.user, pk)
    return history_page(
        request,
        Source(review.history.all()),
        Source(
            Shortcoming.history.filter(review_id=pk),
            label=lambda r: part(Shortcoming, r.description),
            exclude=("review",),
        ),
        Source(
            RemedialAction.history.filter(shortcoming__review_id=pk),
            label=lambda r: part(RemedialAction, r.description),
            exclude=("shortcoming",),
        ),
        Source(
            Milestone.history.filter(action__shortcoming__review_id=pk),
            label=lambda r: part(Milestone, r.description),
            exclude=("action",),
        ),
        title=f"{_('Self-criticism review')} {review.year} — {review.owner_name}",
        back_url=reverse("pledges:review", args=[pk]),
    )


@login_required
def review_page(request, pk):
    review = get_review_for(request.user, pk)
    return render(request, "pledges/review.html", _review_context(request, review))


def _review_document(request, pk):
    review = get_review_for(request.user, pk)
    code = request.GET.get("mau") or None
    try:
        return review, pledge_documents.build(review, code if code in pledge_documents.HD43 else code and "?")
    except (pledge_documents.FormNotAvailable, ValidationError) as exc:
        messages.error(request, str(exc) if isinstance(exc, pledge_documents.FormNotAvailable) else " ".join(exc.messages))
        return review, None


@login_required
def review_docx(request, pk):
    """HD 43's form for the review (01 collective; 2A/2B/2C individual, `?mau=`), filled from the record."""
    review, doc = _review_document(request, pk)
    if doc is None:
        return redirect("pledges:review", pk=review.pk)
    return attachment(pledge_documents.docx_bytes(doc), f"kiem-diem-{review.year}-mau-{doc.code}-{review.pk}.docx", DOCX)


@login_required
def review_pdf(request, pk):
    review, doc = _review_document(request, pk)
    if doc is None:
        return redirect("pledges:review", pk=review.pk)
    return attachment(pledge_documents.pdf_bytes(doc), f"kiem-diem-{review.year}-mau-{doc.code}-{review.pk}.pdf", PDF)


@login_required
@require_POST
def shortcoming_add(request, pk):
    """A shortcoming with several remedial actions (a formset; "add a row" re-shows the form with
    one more empty action, keeping what was typed)."""
    review = get_review_for(request.user, pk)
    if not rules.can_edit(request.user, review):
        raise PermissionDenied
    form = ShortcomingForm(request.POST)
    if adding_row(request.POST):
        quiet(form)
        formset = with_added_row(RemedialActionFormSet, request.POST, "actions", {"user": request.user})
        context = _review_context(request, review, shortcoming_form=form, action_formset=formset)
        return render(request, "pledges/review.html", context)
    formset = RemedialActionFormSet(request.POST, prefix="actions", form_kwargs={"user": request.user})
    if form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        try:
            services.shortcoming_add(
                review=review,
                description=data["description"],
                cause=data["cause"],
                directive_items=data["directive_items"],
                actions=[f.action_data() for f in _filled(formset)],
                acting_user=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The shortcoming and its remedies were added."))
            return redirect("pledges:review", pk=review.pk)
    context = _review_context(request, review, shortcoming_form=form, action_formset=formset)
    return render(request, "pledges/review.html", context, status=400)


def _filled(formset):
    return [
        f for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.has_changed()
    ]


@login_required
@require_POST
def progress_add(request, pk):
    action = get_object_or_404(RemedialAction.objects.select_related("shortcoming__review"), pk=pk)
    review = get_review_for(request.user, action.shortcoming.review_id)
    form = ProgressForm(request.POST)
    if form.is_valid():
        try:
            services.progress_assess(action=action, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(request, exc)
        else:
            messages.success(request, _("The progress assessment was recorded."))
    else:
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
    return redirect("pledges:review", pk=review.pk)


@login_required
@require_POST
def milestone_mark(request, pk):
    """Mark a roadmap step done (or not done again) from the review page."""
    milestone = get_object_or_404(Milestone.objects.select_related("action__shortcoming"), pk=pk)
    review = get_review_for(request.user, milestone.action.shortcoming.review_id)
    form = MilestoneForm(request.POST)
    if form.is_valid():
        try:
            services.milestone_mark(
                milestone=milestone,
                done=form.cleaned_data["done"],
                done_on=form.cleaned_data["done_on"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            _add_errors(request, exc)
        else:
            messages.success(
                request,
                _("The step was marked done.") if milestone.done_on else _("The step was marked not done."),
            )
    else:
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
    return redirect("pledges:review", pk=review.pk)


@login_required
@require_POST
def pressing_issue_add(request, pk):
    review = get_review_for(request.user, pk)
    if not rules.can_follow_up(request.user, review):
        raise PermissionDenied
    form = PressingIssueForm(request.POST, comments=selectors.linkable_comments(review))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.pressing_issue_attach(
                review=review,
                source=data["source"],
                text=data["text"],
                comment=data.get("comment"),
                acting_user=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The issue was attached to the review."))
            return redirect("pledges:review", pk=review.pk)
    return render(
        request, "pledges/review.html", _review_context(request, review, issue_form=form), status=400
    )
