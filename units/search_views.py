"""Finding records outside the admin: the pickers' JSON endpoint, the search page (units, party
organisations, cadres by name or code, diacritic-insensitive), and the party-organisation tree."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from common.text import natural_sorted

from . import search
from .models import Cadre, PartyOrg, Unit
from .scope import can_see_org, can_see_unit, org_for, org_q


@login_required
@require_GET
def pick(request, kind):
    """`?q=` → up to 20 records of `kind` in the user's scope, as JSON, for static/js/picker.js."""
    model = search.KINDS.get(kind)
    if model is None:
        raise Http404
    found = search.find(model, request.user, request.GET.get("q", ""), scope=search.SCOPES.get(kind))
    return JsonResponse({"results": [search.as_json(obj) for obj in found]})


@login_required
def search_page(request):
    """Units, party organisations and cadres whose name or code holds every word typed."""
    query = (request.GET.get("q") or "").strip()[:200]
    sections = []
    if query:
        for slug, model, title in (
            ("don-vi", Unit, Unit._meta.verbose_name_plural),
            ("to-chuc-dang", PartyOrg, PartyOrg._meta.verbose_name_plural),
            ("can-bo", Cadre, Cadre._meta.verbose_name_plural),
        ):
            rows = search.find(model, request.user, query, limit=search.LIMIT + 1)
            sections.append(
                {"slug": slug, "title": title, "rows": rows[: search.LIMIT], "more": len(rows) > search.LIMIT}
            )
    return render(request, "units/search.html", {"query": query, "sections": sections})


@login_required
def org_root(request):
    """The user's home organisation (the office: the open root organisations)."""
    user = request.user
    if user.home_org_id:
        return redirect(reverse("units:org", args=[user.home_org.code]))
    if user.home_unit_id:
        # No organisation of their own: the ones leading their home unit.
        roots = PartyOrg.objects.valid_on().filter(unit_id=user.home_unit_id).filter(org_q(user)).order_by("code")
    else:
        roots = PartyOrg.objects.valid_on().filter(parent__isnull=True).filter(org_q(user)).order_by("code")
    roots = natural_sorted(roots, key=lambda o: o.name)
    if len(roots) == 1:
        return redirect(reverse("units:org", args=[roots[0].code]))
    return render(request, "units/org_roots.html", {"roots": roots})


@login_required
def org_page(request, code):
    """A party organisation: breadcrumb (its path's ids, one query), what it leads, its secretary,
    how many organisations and members lie under it (GROUP BYs on the path prefix), and its open
    children in natural order, each with its own count of children."""
    org = org_for(request.user, code)
    today = timezone.localdate()
    breadcrumb = list(PartyOrg.objects.ancestors_of(org))
    for node in breadcrumb:
        node.linked = can_see_org(request.user, node)
    open_q = (Q(children__valid_from__isnull=True) | Q(children__valid_from__lte=today)) & (
        Q(children__valid_to__isnull=True) | Q(children__valid_to__gte=today)
    )
    children = natural_sorted(
        PartyOrg.objects.valid_on(today)
        .filter(parent=org)
        .select_related("secretary", "unit")
        .annotate(child_count=Count("children", filter=open_q)),
        key=lambda o: o.name,
    )
    under = PartyOrg.objects.valid_on(today).filter(path__startswith=org.path).exclude(pk=org.pk)
    kind_counts = {row["kind"]: row["n"] for row in under.values("kind").annotate(n=Count("pk")).order_by()}
    members = Cadre.objects.filter(party_org__path__startswith=org.path).count()
    return render(
        request,
        "units/org.html",
        {
            "org": org,
            "breadcrumb": breadcrumb,
            "children": children,
            "kind_counts": [
                (label, kind_counts[kind]) for kind, label in PartyOrg.Kind.choices if kind in kind_counts
            ],
            "members": members,
            "unit_linked": org.unit_id is not None and can_see_unit(request.user, org.unit),
        },
    )
