"""One access helper per kind of record (units.scope.fetch and the apps' selectors): 404 for a record
nobody has, 403 for one outside the user's subtree, on the pages, exports, admin and API alike; and
no module keeps a scope lookup of its own beside them."""

import ast
import re
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from api import tokens
from assignments.selectors import assignment_for, contact_for, petition_for
from cells.selectors import cell_for, meeting_for, task_for
from dashboards.selectors import note_for
from grading.selectors import discipline_for
from pledges.selectors import commitment_for, pledge_for, review_for
from units.scope import cadre_for, org_for, unit_for
from units.selectors import roster_import_for

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
APPS = ("accounts", "api", "assignments", "cells", "common", "config", "dashboards", "directives", "grading")
APPS += ("notifications", "pledges", "units")
NOBODY = 999_999

# kind -> (fetch of a district's record: objs, user -> record; fetch of one nobody has: user -> record)
HELPERS = {
    "unit": (lambda o, u: unit_for(u, o["unit"].code), lambda u: unit_for(u, "KHONG-CO")),
    "organisation": (lambda o, u: org_for(u, o["committee"].code), lambda u: org_for(u, "KHONG-CO")),
    "cadre": (lambda o, u: cadre_for(u, o["assignment"].cadre.code), lambda u: cadre_for(u, "KHONG-CO")),
    "cell": (lambda o, u: cell_for(u, o["cell"].code), lambda u: cell_for(u, "KHONG-CO")),
    "meeting": (
        lambda o, u: meeting_for(u, o["cell"].code, o["meeting"].pk)[1],
        lambda u: meeting_for(u, "CBA1-1", NOBODY),
    ),
    "task": (lambda o, u: task_for(u, o["cell"].code, o["task"].pk)[1], lambda u: task_for(u, "KHONG-CO", 1)),
    "assignment": (lambda o, u: assignment_for(u, o["assignment"].pk), lambda u: assignment_for(u, NOBODY)),
    "contact": (lambda o, u: contact_for(u, o["contact"].pk), lambda u: contact_for(u, NOBODY)),
    "petition": (lambda o, u: petition_for(u, o["petition"].pk), lambda u: petition_for(u, NOBODY)),
    "discipline": (lambda o, u: discipline_for(u, o["discipline"].pk), lambda u: discipline_for(u, NOBODY)),
    "pledge": (lambda o, u: pledge_for(u, o["pledge"].pk), lambda u: pledge_for(u, NOBODY)),
    "commitment": (lambda o, u: commitment_for(u, o["commitment"].pk), lambda u: commitment_for(u, NOBODY)),
    "review": (lambda o, u: review_for(u, o["review"].pk), lambda u: review_for(u, NOBODY)),
}


def test_each_access_helper_returns_the_users_own_refuses_the_other_district_and_knows_no_unknown(world):
    leader_a, office = world.users["leader_a"], world.users["office"]
    a, b = world.districts["A"].objs, world.districts["B"].objs
    for kind, (of_district, unknown) in HELPERS.items():
        assert of_district(a, leader_a).pk, kind  # their own: the record (the refusals are not vacuous)
        with pytest.raises(PermissionDenied):
            of_district(b, leader_a)
        assert of_district(b, office).pk, kind  # the office sees both districts
        with pytest.raises(Http404):
            unknown(office)
    # A dashboard note: on an organisation of the district; a roster import: the office's only.
    note = b["interpretation"]
    with pytest.raises(PermissionDenied):
        note_for(leader_a, note.pk)
    assert note_for(office, note.pk) == note
    with pytest.raises(Http404):
        note_for(office, NOBODY)
    with pytest.raises(PermissionDenied):
        roster_import_for(leader_a, world.roster_import.pk)
    with pytest.raises(Http404):
        roster_import_for(office, NOBODY)


def _pages(o):
    """A page of each kind for a district's records, and the same page for a record nobody has."""
    cell, meeting = o["cell"], o["meeting"]
    return [
        (reverse("units:detail", args=[o["unit"].code]), reverse("units:detail", args=["KHONG-CO"])),
        (reverse("units:org", args=[o["committee"].code]), reverse("units:org", args=["KHONG-CO"])),
        (reverse("cells:cell", args=[cell.code]), reverse("cells:cell", args=["KHONG-CO"])),
        (
            reverse("cells:meeting", args=[cell.code, meeting.pk]),
            reverse("cells:meeting", args=[cell.code, NOBODY]),
        ),
        (
            reverse("cells:task_history", args=[cell.code, o["task"].pk]),
            reverse("cells:task_history", args=[cell.code, NOBODY]),
        ),
        (
            reverse("assignments:assignment_detail", args=[o["assignment"].pk]),
            reverse("assignments:assignment_detail", args=[NOBODY]),
        ),
        (
            reverse("assignments:contact_detail", args=[o["contact"].pk]),
            reverse("assignments:contact_detail", args=[NOBODY]),
        ),
        (
            reverse("assignments:petition_detail", args=[o["petition"].pk]),
            reverse("assignments:petition_detail", args=[NOBODY]),
        ),
        (
            reverse("grading:discipline_history", args=[o["discipline"].pk]),
            reverse("grading:discipline_history", args=[NOBODY]),
        ),
        (
            reverse("dashboards:interpretation_history", args=[o["interpretation"].pk]),
            reverse("dashboards:interpretation_history", args=[NOBODY]),
        ),
        (
            reverse("dashboards:org", args=[o["district_org"].code]),
            reverse("dashboards:org", args=["KHONG-CO"]),
        ),
    ]


def _exports(o):
    cell, meeting = o["cell"], o["meeting"]
    return [
        (
            reverse("cells:meeting_docx", args=[cell.code, meeting.pk]),
            reverse("cells:meeting_docx", args=[cell.code, NOBODY]),
        ),
        (
            reverse("cells:meeting_pdf", args=[cell.code, meeting.pk]),
            reverse("cells:meeting_pdf", args=[cell.code, NOBODY]),
        ),
        (
            reverse("dashboards:pdf", args=[o["district_org"].code]),
            reverse("dashboards:pdf", args=["KHONG-CO"]),
        ),
    ]


def test_pages_and_exports_refuse_the_other_district_with_403_and_an_unknown_record_with_404(
    client, world, primary_only
):
    client.force_login(world.users["leader_a"])
    b = world.districts["B"].objs
    a = world.districts["A"].objs
    # The unknown records sit under the user's own cell and organisation: below another district's,
    # the refusal of the cell comes first (403).
    for (other, _), (_, unknown) in zip(_pages(b) + _exports(b), _pages(a) + _exports(a), strict=True):
        assert client.get(other).status_code == 403, other
        assert client.get(unknown).status_code == 404, unknown
    client.force_login(world.users["office"])
    for other, _unknown in _pages(b) + _exports(b):
        assert client.get(other).status_code == 200, other  # the same addresses exist and open


def test_the_api_refuses_the_other_district_with_403_and_an_unknown_code_with_404(client, world):
    key = tokens.create(user=world.users["leader_a"], name="test")[1]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    b = world.districts["B"].objs
    for path in (
        f"/api/v1/units/{b['unit'].code}",
        f"/api/v1/organisations/{b['committee'].code}",
        f"/api/v1/cadres/{b['assignment'].cadre.code}",
    ):
        assert client.get(path, **auth).status_code == 403, path
        assert client.get(path.rsplit("/", 1)[0] + "/KHONG-CO", **auth).status_code == 404, path
    a = world.districts["A"].objs
    assert client.get(f"/api/v1/units/{a['unit'].code}", **auth).status_code == 200


ADMIN_KINDS = ("unit", "committee", "assignment", "contact", "petition", "discipline", "meeting", "agency")


def test_the_admin_hides_the_other_districts_records_and_refuses_their_history(client, world):
    client.force_login(world.staff_leader_a)
    for kind in ADMIN_KINDS:
        own, other = world.districts["A"].objs[kind], world.districts["B"].objs[kind]
        meta = type(own)._meta
        change = f"admin:{meta.app_label}_{meta.model_name}_change"
        assert client.get(reverse(change, args=[own.pk])).status_code == 200, kind
        # Not in the scoped list: the admin answers as for a record that does not exist.
        assert client.get(reverse(change, args=[other.pk])).status_code == 302, kind
        if hasattr(type(own), "history"):
            history = f"admin:{meta.app_label}_{meta.model_name}_history"
            assert client.get(reverse(history, args=[other.pk])).status_code == 403, kind
            assert client.get(reverse(history, args=[own.pk])).status_code == 200, kind


# --- no scope lookup of its own --------------------------------------------------------------------

# Modules where the access helpers live.
HELPER_MODULES = re.compile(r"^(units/scope\.py|\w+/selectors\.py)$")
SCOPE_CHECKS = {"can_see_unit", "can_see_org", "can_see_cadre", "unit_q", "org_q", "cadre_q", "restrict"}
# What only units.scope reads: the prefixes of the user's subtree (units.tree and units.reorg write them).
SUBTREE_PREFIXES = re.compile(r"home_unit\.path|home_org\.path|\.history_paths")
PREFIX_WRITERS = {"units/scope.py", "units/tree.py", "units/reorg.py", "units/models.py"}


def _modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if "/migrations/" not in rel:
                yield rel, path.read_text()


def _names_called(node) -> set[str]:
    """Names of the functions a function calls; a `.get(...)` counts only with keyword arguments
    (a lookup such as `.get(pk=…)`, not `request.GET.get("page")`)."""
    names = set()
    for call in ast.walk(node):
        if isinstance(call, ast.Call):
            f = call.func
            name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
            if name != "get" or call.keywords:
                names.add(name)
    return names


def _raises_permission_denied(node) -> bool:
    return any(
        isinstance(r, ast.Raise) and r.exc is not None and "PermissionDenied" in ast.unparse(r.exc)
        for r in ast.walk(node)
    )


def own_lookups(rel, source) -> list[str]:
    """The scope lookups a module defines: a `get_<kind>_for` function, or a function that fetches one
    record (get_object_or_404, .first(), .get()) and refuses it with a scope check of its own."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        called = _names_called(node)
        fetches = bool(called & {"get_object_or_404", "first", "get"})
        if re.fullmatch(r"_?get_\w+_for", node.name) or (
            fetches and called & SCOPE_CHECKS and _raises_permission_denied(node)
        ):
            found.append(f"{rel}:{node.lineno} {node.name}")
    return found


def test_no_module_keeps_a_scope_lookup_of_its_own():
    found = []
    for rel, source in _modules():
        if HELPER_MODULES.match(rel):
            continue
        found += own_lookups(rel, source)
        if (
            rel.endswith("admin.py")
            and rel != "common/admin.py"
            and re.search(r"from units\.scope import", source)
        ):
            found.append(f"{rel}: admin scoping of its own (set `scope` on common.admin.ScopedAdmin)")
        if rel not in PREFIX_WRITERS:
            found += [f"{rel}: reads {m.group(0)}" for m in SUBTREE_PREFIXES.finditer(source)]
    assert found == [], found


def test_the_check_finds_a_scope_lookup_written_beside_the_helpers():
    """The check above is not vacuous: the copies this project had are caught."""
    copy = """
def get_org_for(user, code):
    return PartyOrg.objects.get(code=code)

def _unit_param(request):
    unit = get_object_or_404(Unit, code=request.GET["unit"])
    if not can_see_unit(request.user, unit):
        raise PermissionDenied
    return unit
"""
    assert [line.split(" ")[1] for line in own_lookups("x/views.py", copy)] == ["get_org_for", "_unit_param"]
