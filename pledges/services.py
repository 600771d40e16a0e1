"""Writes for pledges, commitments, evaluations and reviews.

Each service checks who may act (`pledges.rules`) and raises PermissionDenied otherwise, checks the
domain rules and raises ValidationError with a message for the user, and runs in one transaction.
"""

import hashlib
import logging
import secrets
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from common.uploads import store_checked
from directives.selectors import yearly_topics
from grading import engine as grading_engine
from units.models import Cadre, PartyOrg

from . import evidence as pledge_evidence
from . import rules, signals
from .models import (
    CYCLE,
    Commitment,
    CommitmentItem,
    Evaluation,
    EvaluationScore,
    Evidence,
    Grade,
    GradingRule,
    Milestone,
    Period,
    Pledge,
    PledgeItem,
    PledgeVersion,
    PressingIssue,
    ProgressAssessment,
    PublicComment,
    RemedialAction,
    Review,
    SelfAssessment,
    Shortcoming,
    period_end,
)
from .uploads import check_evidence

log = logging.getLogger(__name__)

# No 0/O, 1/l/I: short codes are read aloud and typed from paper.
SHORT_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
SHORT_LENGTH = 6


def new_short_code(rng=None) -> str:
    choice = rng.choice if rng else secrets.choice
    return "".join(choice(SHORT_ALPHABET) for _ in range(SHORT_LENGTH))


def _deny_unless(allowed: bool):
    if not allowed:
        raise PermissionDenied


def _check_owner(*, org: PartyOrg, cadre: Cadre | None, acting_user):
    """A person files their own record, a collective's is filed by its people; the office may file
    for anyone."""
    if acting_user.sees_everything:
        return
    if cadre is not None:
        _deny_unless(acting_user.cadre_id == cadre.pk)
    else:
        _deny_unless(acting_user.home_org_id == org.pk or acting_user.cadre_id == org.secretary_id)


def _owner_org(org, cadre):
    if cadre is not None:
        if cadre.party_org_id is None:
            raise ValidationError(_("This person belongs to no party organisation."))
        return cadre.party_org
    return org


# ---------------------------------------------------------------------------------------------
# Pledges
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def pledge_create(
    *, year: int, acting_user, cadre: Cadre | None = None, org: PartyOrg | None = None
) -> Pledge:
    """Start a person's (cadre) or a collective's (org) pledge for a year, with an empty draft.

    Rules: one pledge per person or collective and year; a person's pledge counts toward their
    party organisation."""
    org = _owner_org(org, cadre)
    _check_owner(org=org, cadre=cadre, acting_user=acting_user)
    existing = Pledge.objects.filter(
        year=year, **({"cadre": cadre} if cadre else {"org": org, "cadre": None})
    )
    if existing.exists():
        raise ValidationError(_("A pledge for %(year)s already exists.") % {"year": year})
    code = new_short_code()
    while Pledge.objects.filter(short_code=code).exists():
        code = new_short_code()
    pledge = Pledge.objects.create(org=org, cadre=cadre, year=year, short_code=code, created_by=acting_user)
    version = PledgeVersion.objects.create(pledge=pledge, number=1)
    pledge.current_version = version
    pledge.save(update_fields=["current_version"])
    return pledge


def _editable_version(pledge: Pledge) -> PledgeVersion:
    """The version to edit: the current draft/returned one, or a new draft copied from the
    published (or approved) one, which itself is left untouched."""
    current = pledge.current_version
    if current.is_editable:
        return current
    if current.status == PledgeVersion.Status.SUBMITTED:
        raise ValidationError(_("The pledge is waiting for approval and cannot be changed now."))
    new = PledgeVersion.objects.create(
        pledge=pledge,
        number=current.number + 1,
        theme=current.theme,
        topic_id=current.topic_id,
        shortcomings=current.shortcomings,
    )
    for item in current.items.prefetch_related("directive_items"):
        links = list(item.directive_items.all())
        item.pk, item.version = None, new
        item.save()
        item.directive_items.set(links)
    pledge.current_version = new
    pledge.save(update_fields=["current_version"])
    return new


@transaction.atomic
def pledge_update(
    *, pledge: Pledge, theme: str, shortcomings: str, items: list[dict], acting_user, topic=None
) -> PledgeVersion:
    """Replace the content of the pledge's working version.

    Editing a published pledge makes a new version (a draft) and leaves the published version
    as it is; the public keeps seeing it until the new version is approved and published."""
    _deny_unless(rules.can_edit(acting_user, pledge))
    if not items:
        raise ValidationError(_("Register at least one concrete action."))
    version = _editable_version(pledge)
    if topic is not None and topic.pk not in {t.pk for t in yearly_topics(pledge.year)}:
        raise ValidationError({"topic": _("This is not a topic of %(year)d.") % {"year": pledge.year}})
    version.theme, version.shortcomings, version.topic = theme, shortcomings, topic
    version.save()
    version.items.all().delete()
    for order, data in enumerate(items, start=1):
        links = data.get("directive_items") or []
        fields = {k: v for k, v in data.items() if k != "directive_items"}
        item = PledgeItem.objects.create(version=version, order=order, **fields)
        if links:
            item.directive_items.set(links)
    return version


@transaction.atomic
def pledge_submit(*, pledge: Pledge, acting_user) -> PledgeVersion:
    _deny_unless(rules.can_edit(acting_user, pledge))
    version = PledgeVersion.objects.select_for_update().get(pk=pledge.current_version_id)
    if not version.is_editable:
        raise ValidationError(_("Only a draft or a returned pledge can be submitted."))
    if not version.items.exists():
        raise ValidationError(_("Register at least one concrete action before submitting."))
    version.status = PledgeVersion.Status.SUBMITTED
    version.submitted_at = timezone.now()
    version.return_comment = ""
    version.save(update_fields=["status", "submitted_at", "return_comment"])
    signals.pledge_submitted.send(sender=Pledge, pledge=pledge, version=version)
    return version


def _decidable(pledge: Pledge, acting_user) -> PledgeVersion:
    _deny_unless(rules.can_decide(acting_user, pledge))
    version = PledgeVersion.objects.select_for_update().get(pk=pledge.current_version_id)
    if version.status != PledgeVersion.Status.SUBMITTED:
        raise ValidationError(_("This pledge is not waiting for approval."))
    return version


@transaction.atomic
def pledge_approve(*, pledge: Pledge, acting_user, publish: bool = True) -> PledgeVersion:
    """The superior committee approves the submitted version (and by default publishes it)."""
    version = _decidable(pledge, acting_user)
    version.status = PledgeVersion.Status.APPROVED
    version.decided_by, version.decided_at = acting_user, timezone.now()
    version.save(update_fields=["status", "decided_by", "decided_at"])
    if publish:
        _publish(pledge, version)
    return version


@transaction.atomic
def pledge_return(*, pledge: Pledge, comment: str, acting_user) -> PledgeVersion:
    """The superior committee sends the submitted version back with a comment."""
    if not comment.strip():
        raise ValidationError(_("Say what must be changed."))
    version = _decidable(pledge, acting_user)
    version.status = PledgeVersion.Status.RETURNED
    version.return_comment = comment
    version.decided_by, version.decided_at = acting_user, timezone.now()
    version.save(update_fields=["status", "return_comment", "decided_by", "decided_at"])
    return version


@transaction.atomic
def pledge_publish(*, pledge: Pledge, acting_user) -> PledgeVersion:
    """Publish an approved version: the owner or the superior committee."""
    _deny_unless(rules.can_edit(acting_user, pledge) or rules.can_decide(acting_user, pledge))
    version = PledgeVersion.objects.select_for_update().get(pk=pledge.current_version_id)
    if version.status != PledgeVersion.Status.APPROVED:
        raise ValidationError(_("Only an approved pledge can be published."))
    _publish(pledge, version)
    return version


def _publish(pledge: Pledge, version: PledgeVersion):
    # Saved one by one (not a queryset update) so the audit trail records the superseding.
    for old in PledgeVersion.objects.filter(pledge=pledge, status=PledgeVersion.Status.PUBLISHED):
        old.status = PledgeVersion.Status.SUPERSEDED
        old.save(update_fields=["status"])
    version.status = PledgeVersion.Status.PUBLISHED
    version.published_at = timezone.now()
    version.save(update_fields=["status", "published_at"])
    pledge.published_version = version
    pledge.save(update_fields=["published_version"])
    signals.pledge_published.send(sender=Pledge, pledge=pledge, version=version)


# ---------------------------------------------------------------------------------------------
# Public comments
# ---------------------------------------------------------------------------------------------


def sender_hash(ip: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{ip}".encode()).hexdigest()


@transaction.atomic
def comment_submit(
    *, pledge: Pledge, body: str, name: str = "", contact: str = "", ip: str = ""
) -> PublicComment:
    """A citizen's supervision comment: stored as waiting for moderation, never shown before."""
    if pledge.published_version_id is None:
        raise ValidationError(_("This pledge is not published."))
    comment = PublicComment.objects.create(
        pledge=pledge, body=body, name=name, contact=contact, sender_hash=sender_hash(ip) if ip else ""
    )
    signals.comment_submitted.send(sender=PublicComment, comment=comment)
    return comment


@transaction.atomic
def comment_moderate(*, comment: PublicComment, approve: bool, acting_user) -> PublicComment:
    """The superior committee of the pledge's owner (or the office) approves or rejects."""
    _deny_unless(rules.can_decide(acting_user, comment.pledge))
    comment.status = PublicComment.Status.APPROVED if approve else PublicComment.Status.REJECTED
    comment.moderated_by, comment.moderated_at = acting_user, timezone.now()
    comment.save(update_fields=["status", "moderated_by", "moderated_at"])
    return comment


# ---------------------------------------------------------------------------------------------
# Work commitments, self-assessments, evaluations
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def commitment_create(
    *, year: int, items: list[dict], acting_user, summary: str = "", cadre=None, org=None
) -> Commitment:
    """Register a person's or a collective's work for a year: at least one deliverable."""
    org = _owner_org(org, cadre)
    _check_owner(org=org, cadre=cadre, acting_user=acting_user)
    _check_items(items)
    existing = Commitment.objects.filter(
        year=year, **({"cadre": cadre} if cadre else {"org": org, "cadre": None})
    )
    if existing.exists():
        raise ValidationError(_("A work commitment for %(year)s already exists.") % {"year": year})
    commitment = Commitment.objects.create(
        org=org, cadre=cadre, year=year, summary=summary, created_by=acting_user
    )
    _write_items(commitment, items)
    return commitment


def _check_items(items):
    if not items:
        raise ValidationError(_("Register at least one task with its deliverable."))


def _write_items(commitment, items):
    for order, data in enumerate(items, start=1):
        links = data.get("directive_items") or []
        fields = {k: v for k, v in data.items() if k != "directive_items"}
        item = CommitmentItem.objects.create(commitment=commitment, order=order, **fields)
        if links:
            item.directive_items.set(links)


@transaction.atomic
def commitment_update(*, commitment: Commitment, summary: str, items: list[dict], acting_user) -> Commitment:
    """The owner changes the tasks of their commitment; allowed until the superior has evaluated it
    (an evaluation in force for any period locks it; an annulled one does not)."""
    _deny_unless(rules.can_edit(acting_user, commitment))
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    if commitment.evaluations.active().exists():
        raise ValidationError(_("This commitment has been evaluated and can no longer be changed."))
    _check_items(items)
    commitment.summary = summary
    commitment.updated_by, commitment.updated_at = acting_user, timezone.now()
    commitment.save(update_fields=["summary", "updated_by", "updated_at"])
    commitment.items.all().delete()
    _write_items(commitment, items)
    return commitment


@transaction.atomic
def self_assessment_submit(
    *,
    commitment: Commitment,
    period: str,
    results: str,
    acting_user,
    self_grade: str = "",
    self_score: Decimal | None = None,
    files=(),
) -> SelfAssessment:
    """The owner's mid-year or year-end self-assessment; re-submitting replaces the text and adds
    the new evidence. Files are checked by content and size before anything is written."""
    _deny_unless(rules.can_edit(acting_user, commitment))
    if commitment.evaluations.active().filter(period=period).exists():
        raise ValidationError(_("This period has already been evaluated by the superior."))
    kinds = [check_evidence(f) for f in files]
    assessment, _created = SelfAssessment.objects.update_or_create(
        commitment=commitment,
        period=period,
        defaults={
            "results": results,
            "self_grade": self_grade,
            "self_score": self_score,
            "submitted_by": acting_user,
            "submitted_at": timezone.now(),
        },
    )
    for upload, checked in zip(files, kinds, strict=True):
        store_checked(
            Evidence, upload, checked, stem="evidence", uploaded_by=acting_user, assessment=assessment
        )
    return assessment


def grassroots_org(org: PartyOrg) -> PartyOrg | None:
    """The grassroots organisation (TCCSĐ) containing `org`, itself included: one query."""
    ids = [*org.ancestor_ids(), org.pk]
    return (
        PartyOrg.objects.filter(
            pk__in=ids, kind__in=(PartyOrg.Kind.GRASSROOTS_COMMITTEE, PartyOrg.Kind.GRASSROOTS_CELL)
        )
        .order_by("level")
        .first()
    )


def cap_status(*, org: PartyOrg, year: int, period: str, is_collective: bool, day: date):
    """The cap in force on `day` (grading.Cap) and the grades given so far under the grassroots
    organisation of `org` (None when no cap applies or `org` is under no grassroots organisation)."""
    top = grassroots_org(org)
    cap = grading_engine.cap_for(day)
    if top is None or cap is None:
        return None
    counts = dict(
        Evaluation.objects.active()
        .filter(
            year=year, period=period, is_collective=is_collective, commitment__org__path__startswith=top.path
        )
        .values_list("grade")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {
        "cap": cap,
        "org": top,
        "counts": counts,
        "now": grading_engine.cap_after(cap, top.name, counts, new=None, old=None),
    }


def _order_problems(commitment: Commitment, period: str) -> list[str]:
    """Grading order: lower collectives before higher; the collective before its members; the head
    after the unit(s) they lead. Only records that exist for the year are waited for."""
    problems = []
    done = Evaluation.objects.active().filter(period=period, year=commitment.year)
    pending = Commitment.objects.filter(year=commitment.year, cadre__isnull=True).exclude(
        pk__in=done.values("commitment_id")
    )
    if commitment.is_collective:
        lower = pending.filter(org__parent=commitment.org).count()
        if lower:
            problems.append(
                _("%(n)s organisation(s) directly under this one must be evaluated first.") % {"n": lower}
            )
    else:
        if pending.filter(org=commitment.org).exists():
            problems.append(
                _("The collective of %(org)s must be evaluated before its members.") % {"org": commitment.org}
            )
        led = pending.filter(org__secretary=commitment.cadre_id).exclude(org=commitment.org)
        for c in led.select_related("org")[:3]:
            problems.append(
                _("As head of %(org)s, this person is evaluated after that organisation.") % {"org": c.org}
            )
    return problems


def _sheet_scores(version, sheet, evidence, criteria, reasons):
    """The points entered per criterion of the scoring sheet, checked against each range and against
    what the record proposes (a change needs a reason): (problems, [(criterion, proposed, points,
    reason)], the proposed total, the total entered or None)."""
    errors, scores, proposed_total, score = [], [], None, None
    if not (version.uses_points and criteria):
        return errors, scores, proposed_total, score
    if sheet is None:
        raise ValidationError(_("%(rule)s has no scoring sheet for this subject.") % {"rule": version.label})
    proposal = grading_engine.propose(sheet, evidence)
    errors += grading_engine.check_scores(sheet, criteria)
    reasons = reasons or {}
    for criterion in sheet.criteria.all():
        points, proposed = criteria.get(criterion.pk), proposal.get(criterion.pk)
        reason = (reasons.get(criterion.pk) or "").strip()
        in_range = points is not None and 0 <= points <= criterion.max_points
        if in_range and proposed is not None and points != proposed and not reason:
            errors.append(
                _(
                    "“%(criterion)s”: %(points)s instead of the %(proposed)s proposed from the record: give the reason."
                )
                % {
                    "criterion": criterion.title,
                    "points": grading_engine.num(points),
                    "proposed": grading_engine.num(proposed),
                }
            )
        scores.append((criterion, proposed, points, reason))
    if not errors:
        score = grading_engine.total(criteria)
    if all(p is not None for p in proposal.values()):
        proposed_total = grading_engine.total(proposal)
    return errors, scores, proposed_total, score


def _score_problems(version, score, grade) -> list[str]:
    """Under a 100-point version the score is required and decides the grade."""
    if not version.uses_points:
        return []
    if score is None:
        return [_("%(rule)s grades on 100 points: enter the score.") % {"rule": version.code}]
    if grading_engine.grade_for_score(version, score) != grade:
        return [
            _("Under %(rule)s a score of %(score)s means “%(grade)s”.")
            % {
                "rule": version.code,
                "score": score,
                "grade": Grade(grading_engine.grade_for_score(version, score)).label,
            }
        ]
    return []


def _cap_problems(commitment, period, end, *, new, old) -> list[str]:
    """The cap on "xuất sắc" in force within the grassroots organisation, counting this grade."""
    cap = cap_status(
        org=commitment.org,
        year=commitment.year,
        period=period,
        is_collective=commitment.is_collective,
        day=end,
    )
    if not cap:
        return []
    try:
        grading_engine.refuse_over_cap(cap["cap"], cap["org"].name, cap["counts"], new=new, old=old)
    except ValidationError as exc:
        return exc.messages
    return []


@transaction.atomic
def evaluation_record(
    *,
    commitment: Commitment,
    period: str,
    grade: str,
    acting_user,
    score: Decimal | None = None,
    comment: str = "",
    annul_reason: str = "",
    criteria: dict | None = None,
    reasons: dict | None = None,
    subject_type: str = "",
    ad_hoc_on: date | None = None,
) -> Evaluation:
    """The superior committee grades a commitment for a period.

    Rules enforced: only the superior committee (403 otherwise); the rule version in force on the
    period's last day applies (`grading.engine.version_for`, refused when none), and must provide
    for that review cycle; under a 100-point version the score is required: per criterion of the
    subject's scoring sheet (`criteria`: criterion id -> points, each within its range; a point
    changed from what the record proposes needs a reason in `reasons`) or as a total; the score
    decides the grade; the grade's conditions (`grading.engine.check_grade`) over the evidence
    held (`pledges.evidence`); the grading order (`_order_problems`); the cap on "xuất sắc" in
    force (`grading.Cap`) within a grassroots organisation. Re-grading needs a reason: the
    evaluation in force is kept, annulled with that reason, and the new one recorded."""
    _deny_unless(rules.can_decide(acting_user, commitment))
    current = (
        Evaluation.objects.active().select_for_update().filter(commitment=commitment, period=period).first()
    )
    if current is not None and not annul_reason.strip():
        raise ValidationError(
            _(
                "This period is already graded “%(grade)s”. To re-grade, give the reason for annulling "
                "the earlier evaluation."
            )
            % {"grade": current.get_grade_display()}
        )
    if period == Period.AD_HOC and ad_hoc_on is None:
        raise ValidationError(_("An ad hoc review needs the date it covers up to."))
    if ad_hoc_on is not None and ad_hoc_on.year != commitment.year:
        raise ValidationError(
            _("The date of an ad hoc review must fall in %(year)s.") % {"year": commitment.year}
        )
    end = period_end(commitment.year, period, ad_hoc_on)
    version = grading_engine.version_for(end)
    grading_engine.check_cycle(version, CYCLE[period], Period(period).label)
    subject_type = subject_type or pledge_evidence.subject_type_for(commitment)
    if subject_type not in dict(pledge_evidence.choices_for(commitment)):
        raise ValidationError(_("This record cannot be graded as that subject."))
    evidence = pledge_evidence.commitment_evidence(
        commitment, period, subject_type=subject_type, ad_hoc_on=ad_hoc_on
    )
    sheet = grading_engine.sheet_for(version, subject_type)
    errors, scores, proposed_total, sheet_score = _sheet_scores(version, sheet, evidence, criteria, reasons)
    score = sheet_score if sheet_score is not None else score
    if not errors:
        errors += _score_problems(version, score, grade)
    if not errors:
        check = grading_engine.check_grade(version, subject_type, grade, evidence, score)
        if not check.ok:
            errors.append(f"{check.message} ({version.label})")
    errors += _order_problems(commitment, period)
    if grade == Grade.EXCELLENT and not errors:
        errors += _cap_problems(commitment, period, end, new=grade, old=current.grade if current else None)
    if errors:
        raise ValidationError(errors)
    if current is not None:
        _annul(current, annul_reason, acting_user)
    evaluation = Evaluation.objects.create(
        commitment=commitment,
        period=period,
        rule=GradingRule.objects.filter(symbol=version.code).first(),
        version=version,
        subject_type=subject_type,
        ends_on=end,
        proposed_score=proposed_total,
        grade=grade,
        score=score,
        comment=comment,
        evaluated_by=acting_user,
        evaluated_at=timezone.now(),
        year=commitment.year,
        is_collective=commitment.is_collective,
    )
    bulk_create_with_history(
        [
            EvaluationScore(evaluation=evaluation, criterion=c, proposed=p, points=v, reason=r)
            for c, p, v, r in scores
        ],
        EvaluationScore,
        default_user=acting_user,
    )
    return evaluation


@transaction.atomic
def item_result(
    *, item: CommitmentItem, completed_on: date | None, exceeded: bool, acting_user
) -> CommitmentItem:
    """The owner reports a task's result: the day it was completed (empty: not yet) and whether it
    exceeded the target. Refused once the commitment is evaluated (the grade rests on it)."""
    commitment = item.commitment
    _deny_unless(rules.can_edit(acting_user, commitment))
    if commitment.evaluations.active().exists():
        raise ValidationError(_("Evaluated: the tasks can no longer be changed."))
    if completed_on and completed_on > timezone.localdate():
        raise ValidationError(_("A task cannot be completed on a future date."))
    if exceeded and not completed_on:
        raise ValidationError(_("A task exceeds its target only once completed."))
    item.completed_on, item.exceeded = completed_on, exceeded
    item.save(update_fields=["completed_on", "exceeded"])
    return item


def _annul(evaluation: Evaluation, reason: str, acting_user):
    evaluation.annulled_at, evaluation.annulled_by, evaluation.annul_reason = (
        timezone.now(),
        acting_user,
        reason,
    )
    evaluation.save(update_fields=["annulled_at", "annulled_by", "annul_reason"])


@transaction.atomic
def evaluation_annul(*, evaluation: Evaluation, reason: str, acting_user) -> Evaluation:
    """The superior committee annuls an evaluation (kept, marked annulled: who, when, why); the
    period can then be graded again, and the owner may again change the commitment."""
    _deny_unless(rules.can_decide(acting_user, evaluation.commitment))
    if not reason.strip():
        raise ValidationError(_("Give the reason for annulling the evaluation."))
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if evaluation.is_annulled:
        raise ValidationError(_("This evaluation has already been annulled."))
    _annul(evaluation, reason, acting_user)
    return evaluation


# ---------------------------------------------------------------------------------------------
# Self-criticism reviews and remediation
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def review_create(*, year: int, acting_user, cadre=None, org=None, **fields) -> Review:
    org = _owner_org(org, cadre)
    _check_owner(org=org, cadre=cadre, acting_user=acting_user)
    existing = Review.objects.filter(
        year=year, **({"cadre": cadre} if cadre else {"org": org, "cadre": None})
    )
    if existing.exists():
        raise ValidationError(_("A review for %(year)s already exists.") % {"year": year})
    return Review.objects.create(org=org, cadre=cadre, year=year, created_by=acting_user, **fields)


@transaction.atomic
def shortcoming_add(
    *, review: Review, description: str, cause: str, actions: list[dict], acting_user, directive_items=()
) -> Shortcoming:
    """A shortcoming with its cause and remedial actions; each action has an owner, a final date
    and a roadmap of dated milestones (`milestones`: list of (date, text)) no later than it."""
    _deny_unless(rules.can_edit(acting_user, review))
    if not actions:
        raise ValidationError(_("Give at least one remedial action."))
    shortcoming = Shortcoming.objects.create(review=review, description=description, cause=cause)
    if directive_items:
        shortcoming.directive_items.set(directive_items)
    for data in actions:
        milestones = data.get("milestones") or []
        late = [d for d, _text in milestones if d > data["due_on"]]
        if late:
            raise ValidationError(_("A milestone cannot come after the action's final date."))
        action = RemedialAction.objects.create(
            shortcoming=shortcoming,
            org=review.org,
            description=data["description"],
            owner=data.get("owner"),
            due_on=data["due_on"],
        )
        bulk_create_with_history(
            [Milestone(action=action, due_on=d, description=text) for d, text in milestones],
            Milestone,
            default_user=acting_user,
        )
    return shortcoming


@transaction.atomic
def progress_assess(
    *, action: RemedialAction, assessed_on: date, status: str, acting_user, note: str = ""
) -> ProgressAssessment:
    """Record a progress assessment; the action takes its status, and "completed" closes it."""
    review = action.shortcoming.review
    _deny_unless(rules.can_follow_up(acting_user, review))
    if assessed_on > timezone.localdate():
        raise ValidationError(_("An assessment cannot be dated in the future."))
    assessment = ProgressAssessment.objects.create(
        action=action, assessed_on=assessed_on, status=status, note=note, assessed_by=acting_user
    )
    latest = action.assessments.order_by("-assessed_on", "-pk").first()
    action.status, action.last_assessed_on = latest.status, latest.assessed_on
    action.completed_on = latest.assessed_on if latest.status == RemedialAction.Status.DONE else None
    action.save(update_fields=["status", "last_assessed_on", "completed_on"])
    return assessment


@transaction.atomic
def milestone_mark(
    *, milestone: Milestone, done: bool, acting_user, done_on: date | None = None
) -> Milestone:
    """Mark a roadmap step done (on `done_on`, default today) or not done again: the review's
    owner, the action's owner, or the superior committee."""
    action = milestone.action
    review = action.shortcoming.review
    _deny_unless(
        rules.can_follow_up(acting_user, review)
        or (acting_user.cadre_id is not None and acting_user.cadre_id == action.owner_id)
    )
    if done:
        done_on = done_on or timezone.localdate()
        if done_on > timezone.localdate():
            raise ValidationError(_("A step cannot be marked done on a future date."))
        milestone.done_on, milestone.done_by = done_on, acting_user
    else:
        milestone.done_on, milestone.done_by = None, acting_user
    milestone.save(update_fields=["done_on", "done_by"])
    return milestone


def is_head(cadre_id) -> bool:
    return cadre_id is not None and PartyOrg.objects.filter(Q(secretary=cadre_id)).exists()


@transaction.atomic
def pressing_issue_attach(
    *, review: Review, source: str, text: str, acting_user, comment: PublicComment | None = None
) -> PressingIssue:
    """Attach a pressing issue raised by the public or a superior to a head's review. With
    `comment`: an approved public comment on the head's pledge of the review's year becomes the
    issue (source: the public; its text unless one is typed), at most once per review."""
    from .selectors import linkable_comments

    _deny_unless(rules.can_follow_up(acting_user, review))
    if not is_head(review.cadre_id):
        raise ValidationError(_("Pressing issues are attached to the review of a head (a secretary)."))
    if comment is not None:
        if not linkable_comments(review).filter(pk=comment.pk).exists():
            raise ValidationError(
                _("Only an approved comment on this person's pledge, not yet attached, can be linked.")
            )
        source, text = PressingIssue.Source.PUBLIC, text.strip() or comment.body
    if not text.strip():
        raise ValidationError(_("Describe the issue, or choose a public comment."))
    return PressingIssue.objects.create(
        review=review, source=source, text=text, comment=comment, added_by=acting_user
    )
