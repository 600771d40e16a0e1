"""Leaders' dashboards: one page per party organisation and period, and its Excel and PDF exports.

Thin views: `get_org_for` is the access helper (404 unknown, 403 outside the user's scope, or for a
user who is neither a leader nor the office); every read goes through `selectors.dashboard` inside
`use_replica()` (the read replica when one is configured).
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.text import slugify

from accounts import roles
from accounts.access import offered_to
from cells import periods
from common.cache import cached, cached_fragment, generations
from common.http import PDF, XLSX, attachment
from config.routers import use_replica
from units.models import PartyOrg
from units.scope import can_see_org
from units.selectors import org_by_code

from . import exports, interpretation_views, interpretations, presenters, selectors

# Up to this many organisations directly under it, their table is open; more (the province's 124
# communes) and it is one click away, so the page starts with the figures, not 150 rows.
CHILDREN_OPEN = 30


def can_read_dashboards(user) -> bool:
    return user.is_authenticated and (user.sees_everything or user.has_role(roles.LEADER))


def get_org_for(user, code) -> PartyOrg:
    """The organisation behind a dashboard: 404 for an unknown code, 403 outside the user's scope."""
    if not can_read_dashboards(user):
        raise PermissionDenied
    org = org_by_code(code, "unit", "parent")
    if org is None:
        raise Http404
    if not can_see_org(user, org):
        raise PermissionDenied
    return org


def _period_code(request) -> str | None:
    code = request.GET.get("ky") or None
    if code is not None:
        try:
            periods.bounds(code)
        except periods.BadPeriodCode as exc:
            raise Http404(str(exc)) from exc
    return code


def _board_key(request, code) -> tuple[PartyOrg, str | None, str]:
    """The scope check (every time) and the cache key of the dashboard's figures: per
    organisation, period and scope, since they change twice a year (the stored rollups) or may be
    `DASHBOARD_CACHE_SECONDS` old (coverage, petitions)."""
    user = request.user
    org = get_org_for(user, code)
    period_code = _period_code(request)
    scope = "all" if user.sees_everything else f"u{user.home_unit_id}-o{user.home_org_id}"
    return (
        org,
        period_code,
        f"dashboard:v3:{generations('announcements')[0]}:{org.pk}:{period_code or '-'}:{scope}",
    )


def _board(request, code, *, scoped=None):
    """The dashboard's figures, cached briefly: leaders open the same few pages again and again.
    `scoped`: what `_board_key` already returned for this request (the scope check runs once)."""
    org, period_code, key = scoped or _board_key(request, code)

    def build():
        with use_replica(), selectors.read_transaction():
            return selectors.dashboard(request.user, org, period_code=period_code)

    board = cached(key, build, settings.DASHBOARD_CACHE_SECONDS)
    if period_code and board.period is None:
        raise Http404
    return board


@login_required
@offered_to(can_read_dashboards)
def index(request):
    """The user's own dashboard: their home organisation (the province's for the office)."""
    user = request.user
    org = user.home_org
    if org is None and user.home_unit_id:
        org = PartyOrg.objects.valid_on().filter(unit=user.home_unit).order_by("level").first()
    if org is None and user.sees_everything:
        org = PartyOrg.objects.valid_on().filter(parent__isnull=True).order_by("path").first()
    if org is None:
        raise Http404
    return redirect("dashboards:org", code=org.code)


@login_required
def dashboard_page(request, code):
    scoped = _board_key(request, code)
    org, _period, key = scoped

    def context():
        board = _board(request, code, scoped=scoped)
        return {
            "board": board,
            "charts": presenters.charts(board),
            "summary": presenters.summary_rows(board),
            "sections": {
                key: (name, headers, rows) for key, name, headers, rows in presenters.sections(board)
            },
            "grade_labels": presenters.grade_labels(),
            "weak_rows": presenters.weak_table(board, limit=selectors.WEAK_SHOWN)[1],
            "children_open": CHILDREN_OPEN,
        }

    # The page's body is the same for everyone with this scope: kept as HTML alongside the figures.
    body = cached_fragment(f"{key}:html", "dashboards/_body.html", context, settings.DASHBOARD_CACHE_SECONDS)
    # Interpretations: rendered per reader below the cached body; their data is cached apart and
    # rebuilt as soon as a note changes (`interpretations.notes_for_board`).
    notes = interpretation_views.board_context(request, org, _period, origin=interpretation_views.FROM_DASHBOARD)
    return render(request, "dashboards/dashboard.html", {"org": org, "body": body, **notes})


def _filename(board, ext):
    period = board.period.code if board.period else ""
    return f"tong-hop-{slugify(board.org.code)}-{period}.{ext}"


@login_required
def dashboard_excel(request, code):
    board = _board(request, code)
    return attachment(exports.excel_bytes(board), _filename(board, "xlsx"), XLSX)


@login_required
def dashboard_pdf(request, code):
    board = _board(request, code)
    notes = interpretations.board_notes(board.org, board.period)
    return attachment(exports.pdf_bytes(board, notes=notes), _filename(board, "pdf"), PDF)
