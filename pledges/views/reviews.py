"""Self-criticism reviews and remediation: the list, a new review, its page and history, the
shortcomings with their remedial actions, progress assessments, roadmap steps and the pressing
issues attached to a head's review."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import offered_to
from common.history import Source, history_page, part
from common.views import back_with_errors, submit

from .. import rules, selectors, services
from ..forms import (
    MilestoneForm,
    PressingIssueForm,
    ProgressForm,
    RemedialActionFormSet,
    ReviewForm,
    ShortcomingForm,
    adding_row,
    quiet,
    with_added_row,
)
from ..models import Milestone, RemedialAction, Shortcoming
from .base import FILES_ONLY, can_file, page_of


def _review_url(review) -> str:
    return reverse("pledges:review", args=[review.pk])


@login_required
def review_index(request):
    year = request.GET.get("nam") or None
    today = timezone.localdate()
    return render(
        request,
        "pledges/reviews.html",
        {
            "reviews": page_of(request, selectors.reviews_for(request.user, year=year)),
            "overdue": selectors.overdue_actions(request.user, on=today)[:50],
            "year": year,
            "today": today,
        },
    )


@login_required
@offered_to(can_file, FILES_ONLY)
def review_create(request):
    form = ReviewForm(request.POST or None, user=request.user)
    return submit(
        request,
        form,
        lambda data: services.review_create(
            year=data["year"],
            strengths=data["strengths"],
            responsibility=data["responsibility"],
            earlier_results=data["earlier_results"],
            self_grade=data["self_grade"],
            acting_user=request.user,
            **form.owner_kwargs(),
        ),
        success=None,
        then=_review_url,
        invalid=lambda form: render(
            request, "pledges/create.html", {"form": form, "title": _("New self-criticism review")}
        ),
    )


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
    review = selectors.review_for(request.user, pk)
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
    review = selectors.review_for(request.user, pk)
    return render(request, "pledges/review.html", _review_context(request, review))


def _filled(formset):
    return [
        f for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.has_changed()
    ]


@login_required
@require_POST
def shortcoming_add(request, pk):
    """A shortcoming with several remedial actions (a formset; "add a row" re-shows the form with
    one more empty action, keeping what was typed)."""
    review = selectors.review_for(request.user, pk)
    if not rules.can_edit(request.user, review):
        raise PermissionDenied
    form = ShortcomingForm(request.POST)
    if adding_row(request.POST):
        quiet(form)
        formset = with_added_row(RemedialActionFormSet, request.POST, "actions", {"user": request.user})
        context = _review_context(request, review, shortcoming_form=form, action_formset=formset)
        return render(request, "pledges/review.html", context)
    formset = RemedialActionFormSet(request.POST, prefix="actions", form_kwargs={"user": request.user})
    return submit(
        request,
        form,
        lambda data: services.shortcoming_add(
            review=review,
            description=data["description"],
            cause=data["cause"],
            directive_items=data["directive_items"],
            actions=[f.action_data() for f in _filled(formset)],
            acting_user=request.user,
        ),
        also=(formset,),
        success=_("The shortcoming and its remedies were added."),
        then=_review_url(review),
        invalid=lambda form: render(
            request,
            "pledges/review.html",
            _review_context(request, review, shortcoming_form=form, action_formset=formset),
            status=400,
        ),
    )


@login_required
@require_POST
def progress_add(request, pk):
    action = get_object_or_404(RemedialAction.objects.select_related("shortcoming__review"), pk=pk)
    review = selectors.review_for(request.user, action.shortcoming.review_id)
    back = _review_url(review)
    return submit(
        request,
        ProgressForm(request.POST),
        lambda data: services.progress_assess(action=action, acting_user=request.user, **data),
        success=_("The progress assessment was recorded."),
        then=back,
        invalid=back_with_errors(request, back),
    )


@login_required
@require_POST
def milestone_mark(request, pk):
    """Mark a roadmap step done (or not done again) from the review page."""
    milestone = get_object_or_404(Milestone.objects.select_related("action__shortcoming"), pk=pk)
    review = selectors.review_for(request.user, milestone.action.shortcoming.review_id)
    back = _review_url(review)
    return submit(
        request,
        MilestoneForm(request.POST),
        lambda data: services.milestone_mark(
            milestone=milestone, done=data["done"], done_on=data["done_on"], acting_user=request.user
        ),
        success=lambda _result: (
            _("The step was marked done.") if milestone.done_on else _("The step was marked not done.")
        ),
        then=back,
        invalid=back_with_errors(request, back),
    )


@login_required
@require_POST
def pressing_issue_add(request, pk):
    review = selectors.review_for(request.user, pk)
    if not rules.can_follow_up(request.user, review):
        raise PermissionDenied
    return submit(
        request,
        PressingIssueForm(request.POST, comments=selectors.linkable_comments(review)),
        lambda data: services.pressing_issue_attach(
            review=review,
            source=data["source"],
            text=data["text"],
            comment=data.get("comment"),
            acting_user=request.user,
        ),
        success=_("The issue was attached to the review."),
        then=_review_url(review),
        invalid=lambda form: render(
            request, "pledges/review.html", _review_context(request, review, issue_form=form), status=400
        ),
    )
