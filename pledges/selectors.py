"""Reads shared by the pledge pages and by the six-monthly rollup (`cells`).

Page selectors take the user and apply `units.scope.org_q` in SQL. The three rollup selectors at
the bottom take no user (the rollup task sees the whole province) and are set-based: a handful of
GROUP BY queries whatever the size of the tree, merged per organisation.
"""

from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce

from units.models import Cadre, PartyOrg
from units.scope import fetch, org_q

from . import rules
from .models import (
    PASSING_GRADES,
    Commitment,
    Evaluation,
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
)
from .rules import approver_org_id_expression

# Progress on a remedial action must be assessed at least every six months.
ASSESSMENT_INTERVAL = timedelta(days=183)


def _mine(user, field="cadre"):
    return Q(**{field: user.cadre_id}) if user.cadre_id else Q(pk__in=[])


def _in_scope_or_mine(user, prefix="org__"):
    """Records in the user's scope, plus their own. (`Q() | q` is `q` in Django, so an empty
    scope filter — the office sees everything — must not be OR-ed.)"""
    scope = org_q(user, prefix)
    return scope if not scope else scope | _mine(user)


def _year_q(year):
    """`?nam=` as typed: a year that is not a number filters nothing (every year is listed)."""
    try:
        year = int(year) if year else None
    except (TypeError, ValueError):
        year = None
    return Q(year=year) if year else Q()


# ---------------------------------------------------------------------------------------------
# Pledge pages
# ---------------------------------------------------------------------------------------------


def pledges_for(user, *, year=None):
    """Pledges in the user's scope (plus their own), newest year first, owners loaded."""
    return (
        Pledge.objects.filter(_in_scope_or_mine(user))
        .filter(_year_q(year))
        .select_related("org", "cadre", "current_version", "published_version")
        .order_by("-year", "org__path", "cadre__full_name")
    )


def _decided_by(user):
    """Records whose approving organisation (`pledges.rules.approver_org`) is in the user's scope:
    the SQL twin of `rules.is_superior`. Annotates ``approver_org_id``; returns the filter."""
    if user.sees_everything:
        return Q()
    return Q(approver_org_id__in=PartyOrg.objects.filter(org_q(user)).values("pk"))


def approval_queue(user):
    """Submitted pledges the user may decide on (`rules.can_decide`): their approving
    organisation is in scope, and they are not the user's own."""
    return (
        Pledge.objects.annotate(approver_org_id=approver_org_id_expression())
        .filter(_decided_by(user), current_version__status=PledgeVersion.Status.SUBMITTED)
        .exclude(_mine(user))
        .select_related("org", "cadre", "current_version")
        .order_by("current_version__submitted_at")
    )


def version_with_items(version_id):
    items = PledgeItem.objects.prefetch_related("directive_items__directive").order_by("order", "pk")
    return (
        PledgeVersion.objects.select_related("decided_by", "topic__directive")
        .prefetch_related(Prefetch("items", queryset=items))
        .get(pk=version_id)
    )


def pledge_by_short_code(code: str) -> Pledge:
    return Pledge.objects.select_related("org", "org__unit", "cadre", "published_version").get(
        short_code=code, published_version__isnull=False
    )


def public_pledge(code: str) -> Pledge:
    """A published pledge for its public page: only what the page itself shows (its content is
    cached; the selected columns are most of a cached page's cost)."""
    return (
        Pledge.objects.select_related("org", "cadre")
        .only("short_code", "year", "published_version", "cadre__full_name", "cadre__position", "org__name")
        .get(short_code=code, published_version__isnull=False)
    )


def approved_comments(pledge):
    return pledge.comments.filter(status=PublicComment.Status.APPROVED).order_by("created_at")


def comment_queue(user):
    """Comments waiting for moderation on pledges whose superior committee the user sits on
    (`rules.can_decide` on the pledge), the user's own pledge excluded."""
    return (
        PublicComment.objects.annotate(approver_org_id=approver_org_id_expression("pledge__"))
        .filter(_decided_by(user), status=PublicComment.Status.PENDING)
        .exclude(_mine(user, "pledge__cadre"))
        .select_related("pledge", "pledge__org", "pledge__cadre")
        .order_by("created_at")
    )


def orgs_valid_in(year: int):
    start, end = date(year, 1, 1), date(year, 12, 31)
    return PartyOrg.objects.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=end)).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=start)
    )


def secretaries_overview(user, *, year: int, level: int):
    """Organisations of one level in scope with their secretary and that secretary's pledge
    status for the year; plus, for every level, how many secretaries have published."""
    # At most one pledge per person and year (pledge_one_per_person_year). `order_by()` drops
    # Pledge's default ordering on `org__path`: its join to the organisation inside the subquery took
    # the outer query's unaliased table name, so `secretary_id` was read from the pledge's own
    # organisation instead of the row's and every row got the same pledge.
    pledges = Pledge.objects.filter(year=year, cadre=OuterRef("secretary_id")).order_by()
    orgs = orgs_valid_in(year).filter(org_q(user))
    rows = (
        orgs.filter(level=level)
        .select_related("secretary", "unit")
        .annotate(
            pledge_id=Subquery(pledges.values("pk")[:1]),
            pledge_status=Subquery(pledges.values("current_version__status")[:1]),
            published=Exists(pledges.filter(published_version__isnull=False)),
        )
        .order_by("path")
    )
    per_level = (
        orgs.filter(secretary__isnull=False)
        .annotate(published=Exists(pledges.filter(published_version__isnull=False)))
        .values("level")
        .annotate(total=Count("pk"), done=Count("pk", filter=Q(published=True)))
        .order_by("level")
    )
    return rows, list(per_level)


def sheet_pledges(unit, *, year: int) -> list:
    """Published pledges of the leaders of `unit` and of the units above it (secretaries and
    deputies of the organisations leading them, and those organisations' collective pledges),
    province first, each person before their organisation's collective pledge: what is posted
    at the self-governing groups. Three queries."""
    orgs = list(
        orgs_valid_in(year)
        .filter(unit_id__in=[*unit.ancestor_ids(), unit.pk])
        .only("pk", "level", "secretary_id", "deputy_secretary_id")
    )
    rank = {}
    for org in orgs:
        for cadre_id, n in ((org.secretary_id, 0), (org.deputy_secretary_id, 1)):
            if cadre_id:
                rank.setdefault(("cadre", cadre_id), (org.level, n))
        rank[("org", org.pk)] = (org.level, 2)
    leaders = [key[1] for key in rank if key[0] == "cadre"]
    items = PledgeItem.objects.order_by("order", "pk")
    pledges = (
        Pledge.objects.filter(year=year, published_version__isnull=False)
        .filter(Q(cadre_id__in=leaders) | Q(cadre__isnull=True, org__in=[o.pk for o in orgs]))
        .select_related("org", "cadre", "published_version")
        .prefetch_related(Prefetch("published_version__items", queryset=items))
    )
    return sorted(pledges, key=lambda p: rank[("cadre", p.cadre_id) if p.cadre_id else ("org", p.org_id)])


# ---------------------------------------------------------------------------------------------
# Commitments and reviews pages
# ---------------------------------------------------------------------------------------------


def commitments_for(user, *, year=None):
    # One evaluation in force per commitment and period (evaluation_one_in_force_per_period); no
    # default ordering in the subquery (it joined the commitment and its organisation).
    year_end = (
        Evaluation.objects.active().filter(commitment=OuterRef("pk"), period=Period.YEAR_END).order_by()
    )
    return (
        Commitment.objects.filter(_in_scope_or_mine(user))
        .filter(_year_q(year))
        .select_related("org", "cadre")
        .annotate(
            year_end_grade=Subquery(year_end.values("grade")[:1]),
            item_count=Count("items", distinct=True),
        )
        .order_by("-year", "org__path", "cadre__full_name")
    )


def commitment_detail(pk):
    return _commitment_detail_qs().get(pk=pk)


def _commitment_detail_qs():
    return Commitment.objects.select_related("org", "org__unit", "org__parent", "cadre").prefetch_related(
        "items__directive_items__directive",
        "assessments__evidence",
        Prefetch(
            "evaluations",
            queryset=Evaluation.objects.select_related("rule", "evaluated_by", "annulled_by").order_by(
                "period", "evaluated_at", "pk"
            ),
        ),
    )


def reviews_for(user, *, year=None):
    return (
        Review.objects.filter(_in_scope_or_mine(user))
        .filter(_year_q(year))
        .select_related("org", "cadre")
        .annotate(
            action_count=Count("shortcomings__actions", distinct=True),
            open_count=Count(
                "shortcomings__actions",
                filter=Q(shortcomings__actions__completed_on__isnull=True),
                distinct=True,
            ),
        )
        .order_by("-year", "org__path", "cadre__full_name")
    )


def review_detail(pk):
    return _review_detail_qs().get(pk=pk)


def _review_detail_qs():
    actions = RemedialAction.objects.select_related("owner").prefetch_related(
        Prefetch("milestones", queryset=Milestone.objects.select_related("done_by")),
        Prefetch("assessments", queryset=ProgressAssessment.objects.select_related("assessed_by")),
    )
    return Review.objects.select_related("org", "org__unit", "org__parent", "cadre").prefetch_related(
        "shortcomings__directive_items__directive",
        Prefetch("shortcomings__actions", queryset=actions),
        Prefetch("pressing_issues", queryset=PressingIssue.objects.select_related("comment", "added_by")),
    )


def linkable_comments(review):
    """Approved public comments on the reviewed person's pledge of the review's year that are not
    yet attached to the review: what the head's review can take as pressing issues."""
    if review.cadre_id is None:
        return PublicComment.objects.none()
    return (
        PublicComment.objects.filter(
            pledge__cadre_id=review.cadre_id,
            pledge__year=review.year,
            status=PublicComment.Status.APPROVED,
        )
        .exclude(pk__in=review.pressing_issues.filter(comment__isnull=False).values("comment_id"))
        .order_by("-created_at")
    )


def overdue_actions(user, *, on: date):
    """Open remedial actions in scope whose final date has passed, or whose progress has not been
    assessed for six months: the highlighted list."""
    return (
        RemedialAction.objects.filter(org_q(user, "org__"), completed_on__isnull=True)
        .filter(
            Q(due_on__lt=on)
            | Q(last_assessed_on__lt=on - ASSESSMENT_INTERVAL)
            | Q(last_assessed_on__isnull=True, created_on__lt=on - ASSESSMENT_INTERVAL)
        )
        .select_related("org", "owner", "shortcoming__review", "shortcoming__review__cadre")
        .order_by("due_on")
    )


# ---------------------------------------------------------------------------------------------
# For the six-monthly rollup (called by cells). No user: the whole province.
# ---------------------------------------------------------------------------------------------


def _merge(*grouped, keys):
    rows: dict[int, dict] = {}
    for key, queryset in zip(keys, grouped, strict=True):
        for org_id, n in queryset:
            row = rows.setdefault(org_id, {"org_id": org_id, **dict.fromkeys(keys, 0)})
            row[key] += n
    return rows


def pledge_counts_by_org(*, year: int):
    """Pledges due and published in `year`, one dict ``{"org_id", "due", "published"}`` per
    party organisation valid during the year (every such organisation has a row).

    *Due* (pledges that must be published) counts, for organisation X:
      - X's own collective pledge (1 for every organisation valid in the year), and
      - the personal pledge of every secretary of any valid organisation (provincial committee
        down to the cell) whose ``party_org`` is X — a person is counted once even if they are
        secretary of several organisations.
    *Published* counts those same pledges that have a published version (an earlier published
    version stays published while a revision is being approved).
    Four GROUP BY queries, merged per organisation.
    """
    orgs = orgs_valid_in(year)
    secretaries = Cadre.objects.filter(pk__in=orgs.values("secretary_id"), party_org__isnull=False)
    published = Pledge.objects.filter(year=year, published_version__isnull=False)
    rows = _merge(
        ((pk, 1) for pk in orgs.values_list("pk", flat=True)),
        secretaries.values_list("party_org_id").annotate(n=Count("pk")).order_by(),
        published.filter(cadre__isnull=True, org__in=orgs)
        .values_list("org_id")
        .annotate(n=Count("pk"))
        .order_by(),
        published.filter(cadre__in=secretaries)
        .values_list("cadre__party_org_id")
        .annotate(n=Count("pk"))
        .order_by(),
        keys=("due", "due", "published", "published"),
    )
    return [{"org_id": r["org_id"], "due": r["due"], "published": r["published"]} for r in rows.values()]


def commitment_counts_by_org(*, year: int):
    """Work commitments of `year` per party organisation: ``{"org_id", "total", "completed"}``.

    A commitment counts toward its ``org`` (a person's party organisation, or the collective).
    *Completed*: its year-end evaluation in force (not annulled) by the superior rated it at least "Hoàn thành nhiệm vụ".
    Organisations without commitments have no row. One GROUP BY query.
    """
    done = Evaluation.objects.active().filter(
        commitment=OuterRef("pk"), period=Period.YEAR_END, grade__in=PASSING_GRADES
    )
    return list(
        Commitment.objects.filter(year=year)
        .annotate(done=Exists(done))
        .values("org_id")
        .annotate(total=Count("pk"), completed=Count("pk", filter=Q(done=True)))
        .order_by("org_id")
        .values("org_id", "total", "completed")
    )


def remediation_counts_by_org(*, on: date):
    """Remedial actions open on date `on`, per party organisation: ``{"org_id", "total", "on_track"}``.

    An action counts toward its review's ``org``. *Open on `on`*: created on or before `on` and
    not completed by then. *On track*: open, its final date not passed on `on`, and either its
    latest progress assessment made in the six months up to `on` says "đúng tiến độ", or it has
    had no assessment yet and is less than six months old (none was due). An action whose last
    assessment is older than six months is not on track. Organisations without open actions have
    no row. One GROUP BY query.
    """
    since = on - ASSESSMENT_INTERVAL
    latest = (
        ProgressAssessment.objects.filter(action=OuterRef("pk"), assessed_on__lte=on, assessed_on__gt=since)
        .order_by("-assessed_on", "-pk")
        .values("status")[:1]
    )
    on_track = Q(due_on__gte=on) & (
        Q(latest_status=RemedialAction.Status.ON_TRACK) | Q(latest_status="", created_on__gt=since)
    )
    return list(
        RemedialAction.objects.filter(created_on__lte=on)
        .filter(Q(completed_on__isnull=True) | Q(completed_on__gt=on))
        .annotate(latest_status=Coalesce(Subquery(latest), Value("")))
        .values("org_id")
        .annotate(total=Count("pk"), on_track=Count("pk", filter=on_track))
        .order_by("org_id")
        .values("org_id", "total", "on_track")
    )


# --- access helpers (units.scope.fetch: 404 unknown, 403 for whoever may not read it) -------------


def pledge_for(user, pk) -> Pledge:
    qs = Pledge.objects.select_related(
        "org",
        "org__unit",
        "org__parent",
        "org__parent__unit",
        "cadre",
        "current_version",
        "published_version",
    )
    return fetch(qs, rules.can_view, user, pk=pk)


def commitment_for(user, pk) -> Commitment:
    return fetch(_commitment_detail_qs(), rules.can_view, user, pk=pk)


def review_for(user, pk) -> Review:
    return fetch(_review_detail_qs(), rules.can_view, user, pk=pk)
