"""The IDOR matrix: every URL pattern of the project, every role, both districts.

Each URL pattern must have a rule below (a new view that is not classified fails the test). Path
parameters are filled with the records of district A or B (tests/security/world.py). For each role:

- a signed-in role of one district asks for the other district's record (GET and an empty POST):
  never a 200, never a 500, and the database is unchanged afterwards (no write across scope);
- list pages, exports and admin lists are read by every role: no name of the other district in the
  body (HTML, JSON, CSV, Excel, Word);
- the provincial office reads both districts' records (200), which proves the parameters point at
  real records and the denials above are not vacuous;
- anonymous visitors get the sign-in page, except on the public pages of *published* pledges.

The matrix it checked is printed (run with -s to see it in CI).
"""

import csv
import hashlib
import io
import json
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.demo import OFFICE_APPS
from assignments.models import Petition
from common.text import fold
from directives.models import Directive, DirectiveItem
from units.imports import SHEETS
from units.workbooks import sheet_slug

from .world import DISTRICT_MODELS, NAMES, OTHER, PERIOD

pytestmark = pytest.mark.django_db

ROLES = [
    "office",
    "leader_a",
    "cadre_a1",
    "secretary_a1",
    "agency_a",
    "leader_b",
    "cadre_b1",
    "secretary_b1",
    "agency_b",
    "anonymous",
]
# Apps whose rows are fingerprinted before and after every request that could write.
DATA_APPS = ("units", "accounts", "assignments", "pledges", "cells", "directives", "dashboards", "auth", "notifications", "api")


@dataclass
class Rule:
    """How to request one URL pattern and what each role may get.

    kind: "object" (kwargs name a district's record), "list" (no record; read by everyone, names of
    the other district must not appear), "published" (public pledge pages), "office" (the office's
    tools, everyone else refused), "open" (no data: sign-in page, health check, language).
    """

    kind: str
    kwargs: object = None  # callable(world, district objs) -> dict
    query: object = None  # callable(world, district objs) -> dict, appended as a query string
    post: bool = True
    # Roles whose POST may change data on a list page by design (and why, in the rule comment).
    post_writes: tuple = ()
    office_status: tuple = (200,)
    admin_model: str = None
    admin_action: str = None


def o(key, attr="pk", name="pk"):
    return lambda w, d: {name: getattr(d.objs[key], attr)}


def _first_item():
    item = DirectiveItem.objects.select_related("directive").order_by("pk")[0]
    return {"code": item.directive.code, "pk": item.pk}


def unit_q(w, d):
    return {"unit": d.objs["unit"].code}


PERIOD_ORG = lambda w, d: {"period_code": PERIOD, "org_code": d.objs["committee"].code}  # noqa: E731


RULES = {
    "home": Rule("list"),
    "healthz": Rule("open"),
    "set_language": Rule("open", post=False),
    "accounts:login": Rule("open", post=False),
    "accounts:logout": Rule("open", post=False, office_status=(405,)),
    "accounts:password_change": Rule("list"),
    "accounts:password_change_done": Rule("list"),
    # Two-step sign-in pages act on the signed-in user's own device only (no district data).
    "accounts:otp_manage": Rule("list"),
    "accounts:otp_setup": Rule("list"),
    "accounts:otp_verify": Rule("list", office_status=(302,)),  # no device: straight on
    "accounts:lockouts": Rule("office"),
    # One's own page: no record of anyone else's.
    "accounts:profile": Rule("list"),
    "directives:list": Rule("list"),
    "directives:detail": Rule(
        "list", kwargs=lambda w, d: {"code": Directive.objects.order_by("code")[0].code}
    ),
    # The office replaces item texts with the official wording (a page per item, a sheet); everyone
    # reads an item's text history (no district data in it).
    "directives:text_sheet": Rule("office"),
    "directives:text_sheet_template": Rule("office"),
    "directives:item_text": Rule("office", kwargs=lambda w, d: _first_item()),
    "directives:item_history": Rule("list", kwargs=lambda w, d: _first_item()),
    "units:root": Rule("list", office_status=(302,)),
    "units:import_page": Rule("office"),
    "units:import_detail": Rule("office", kwargs=lambda w, d: {"pk": w.roster_import.pk}),
    "units:import_progress": Rule("office", kwargs=lambda w, d: {"pk": w.roster_import.pk}),
    # A token of nobody's work: 404 for the office too (a token is read only by the user who started it).
    "units:work_progress": Rule(
        "office", kwargs=lambda w, d: {"token": "0123456789abcdef0123456789abcdef"}, office_status=(404,)
    ),
    # The import has no rejected rows: 404 for the office too.
    "units:import_errors": Rule(
        "office", kwargs=lambda w, d: {"pk": w.roster_import.pk}, office_status=(404,)
    ),
    "units:import_template": Rule("office", kwargs=lambda w, d: {"slug": "tat-ca"}),
    "units:export": Rule("office", kwargs=lambda w, d: {"slug": sheet_slug(SHEETS[0])}),
    # Units reorganisation (merging communes): the office's tool.
    "units:reorg": Rule("office"),
    "units:worklist": Rule("office", kwargs=lambda w, d: {"pk": w.reorganisation.pk}),
    "units:detail": Rule("object", kwargs=o("unit", "code", "code")),
    # Pickers and search, asked for the other district's names (accents dropped): nothing of it shown.
    "units:pick": Rule("list", kwargs=lambda w, d: {"kind": "don-vi"}, query=lambda w, d: {"q": fold(NAMES[d.key][1])}),
    "units:pick/cadre": Rule(
        "list", kwargs=lambda w, d: {"kind": "can-bo"}, query=lambda w, d: {"q": d.objs["assignment"].cadre.code}
    ),
    "units:pick/org": Rule(
        "list", kwargs=lambda w, d: {"kind": "to-chuc-dang"}, query=lambda w, d: {"q": "dang bo"}
    ),
    # Folded, so the box re-showing the term is not read as a leak: only a result would show the name.
    "units:pick/petition": Rule(
        "list", kwargs=lambda w, d: {"kind": "don-vi-kien-nghi"}, query=lambda w, d: {"q": fold(NAMES[d.key][1])}
    ),
    "units:search": Rule("list", query=lambda w, d: {"q": fold(NAMES[d.key][1])}),
    "units:search?all": Rule("list", query=lambda w, d: {"q": "xa"}),
    "units:org_root": Rule("list", office_status=(302,)),
    "units:org": Rule("object", kwargs=o("committee", "code", "code")),
    "units:org/cell": Rule("object", kwargs=o("cell", "code", "code")),
    "assignments:mine": Rule("list", office_status=(302,)),  # the office has no assignments of its own
    "assignments:coverage": Rule("list"),
    "assignments:coverage?unit": Rule("object", query=unit_q),
    "assignments:assignment_list": Rule("list"),
    "assignments:assignment_list?unit": Rule("object", query=unit_q),
    "assignments:assignment_create": Rule("list"),
    "assignments:assignment_detail": Rule("object", kwargs=o("assignment")),
    "assignments:assignment_history": Rule("object", kwargs=o("assignment")),
    "assignments:assignment_end": Rule("object", kwargs=o("assignment"), office_status=(405,)),
    "assignments:assignment_hand_over": Rule("object", kwargs=o("assignment"), office_status=(405,)),
    "assignments:contact_list": Rule("list"),
    # Only cadres with an assignment record contacts; the office has none.
    "assignments:contact_create": Rule("list", office_status=(403,)),
    "assignments:contact_create?unit": Rule("list", query=unit_q, office_status=(403,)),
    "assignments:contact_detail": Rule("object", kwargs=o("contact")),
    "assignments:petition_list": Rule("list"),
    # Another district's unit code in the filter reads like a code nobody has (the form's message,
    # the user's own petitions unfiltered): a list, where no name of that district may appear.
    "assignments:petition_list?unit": Rule("list", query=unit_q),
    "assignments:petition_list?export=csv": Rule("list", query=lambda w, d: {"export": "csv"}),
    "assignments:petition_list?export=xlsx": Rule("list", query=lambda w, d: {"export": "xlsx"}),
    "assignments:petition_create": Rule("list"),
    "assignments:petition_create?unit": Rule("list", query=unit_q),
    "assignments:petition_detail": Rule("object", kwargs=o("petition")),
    "assignments:petition_history": Rule("object", kwargs=o("petition")),
    "assignments:petition_forward": Rule("object", kwargs=o("petition"), office_status=(405,)),
    "assignments:petition_status": Rule("object", kwargs=o("petition"), office_status=(405,)),
    "assignments:petition_verdict": Rule("object", kwargs=o("petition"), office_status=(405,)),
    "assignments:agencies": Rule("list"),
    # POST marks the user's own notifications read (cadres have some): their own rows only.
    "notifications:list": Rule("list", post_writes=("cadre_a1", "cadre_b1")),
    # The meetings and deadlines behind the home page's counts: in the user's scope.
    "notifications:waiting": Rule("list"),
    # A person's own preferences and browser subscriptions (an empty POST is refused, writes nothing).
    "notifications:preferences": Rule("list"),
    "notifications:push_subscribe": Rule("list", office_status=(405,)),
    "notifications:push_unsubscribe": Rule("list", office_status=(405,)),
    "notifications:push_forget": Rule("list", kwargs=lambda w, d: {"pk": 1}, office_status=(405,)),
    "pledges:index": Rule("list"),
    # Filed by a cadre or for their organisation; the office has neither, so the form is not offered.
    "pledges:create": Rule("list", office_status=(403,)),
    "pledges:queue": Rule("list"),
    "pledges:secretaries": Rule("list"),
    "pledges:sheet": Rule("object", kwargs=o("unit", "code", "unit_code")),
    "pledges:comments": Rule("list"),
    "pledges:comment_moderate": Rule("object", kwargs=o("comment"), office_status=(405,)),
    "pledges:detail": Rule("object", kwargs=o("draft_pledge")),
    "pledges:edit": Rule("object", kwargs=o("draft_pledge")),
    "pledges:history": Rule("object", kwargs=o("draft_pledge")),
    "pledges:submit": Rule("object", kwargs=o("draft_pledge"), office_status=(405,)),
    "pledges:approve": Rule("object", kwargs=o("draft_pledge"), office_status=(405,)),
    "pledges:return": Rule("object", kwargs=o("draft_pledge"), office_status=(405,)),
    "pledges:publish": Rule("object", kwargs=o("draft_pledge"), office_status=(405,)),
    "pledges:version": Rule("object", kwargs=lambda w, d: {"pk": d.objs["draft_pledge"].pk, "number": 1}),
    "pledges:commitments": Rule("list"),
    # Filed by a cadre or for their organisation; the office has neither, so the form is not offered.
    "pledges:commitment_create": Rule("list", office_status=(403,)),
    "pledges:commitment": Rule("object", kwargs=o("commitment")),
    "pledges:commitment_history": Rule("object", kwargs=o("commitment")),
    "pledges:self_assess": Rule("object", kwargs=o("commitment"), office_status=(405,)),
    # Only the owner's side edits a commitment: the office is sent back to the commitment.
    "pledges:commitment_edit": Rule("object", kwargs=o("commitment"), office_status=(302,)),
    "pledges:evaluate": Rule("object", kwargs=o("commitment"), office_status=(405,)),
    "pledges:evaluation_annul": Rule("object", kwargs=o("evaluation"), office_status=(405,)),
    "pledges:evidence": Rule("object", kwargs=o("evidence")),
    "pledges:item_result": Rule(
        "object",
        kwargs=lambda w, d: {"pk": d.objs["commitment"].pk, "item_pk": d.objs["commitment"].items.first().pk},
        office_status=(405,),
    ),
    "pledges:review_docx": Rule("object", kwargs=o("review")),
    "pledges:review_pdf": Rule("object", kwargs=o("review")),
    "grading:rules": Rule("list"),
    "grading:disciplines": Rule("list"),
    "grading:discipline_annul": Rule("object", kwargs=o("discipline"), office_status=(405,)),
    "grading:discipline_history": Rule("object", kwargs=o("discipline")),
    "pledges:reviews": Rule("list"),
    # Filed by a cadre or for their organisation; the office has neither, so the form is not offered.
    "pledges:review_create": Rule("list", office_status=(403,)),
    "pledges:review": Rule("object", kwargs=o("review")),
    "pledges:review_history": Rule("object", kwargs=o("review")),
    "pledges:shortcoming_add": Rule("object", kwargs=o("review"), office_status=(405,)),
    "pledges:issue_add": Rule("object", kwargs=o("review"), office_status=(405,)),
    "pledges:progress_add": Rule("object", kwargs=o("action"), office_status=(405,)),
    "pledges:milestone_mark": Rule("object", kwargs=o("milestone"), office_status=(405,)),
    "cells:index": Rule("list"),
    "cells:results": Rule("list", kwargs=lambda w, d: {"period_code": PERIOD}),
    "cells:results?to-chuc": Rule(
        "object",
        kwargs=lambda w, d: {"period_code": PERIOD},
        query=lambda w, d: {"to-chuc": d.objs["committee"].code},
    ),
    "cells:progress": Rule("list", kwargs=lambda w, d: {"period_code": PERIOD}),
    # Leaders and the office start the rollup: it recomputes the whole province's period from the
    # records (derived rows only, idempotent), so a district leader's start is a write by design.
    "cells:start": Rule(
        "list",
        kwargs=lambda w, d: {"period_code": PERIOD},
        post_writes=("leader_a", "leader_b"),
        office_status=(405,),
    ),
    "cells:announcement": Rule("object", kwargs=PERIOD_ORG),
    "cells:announcement_publish": Rule("object", kwargs=PERIOD_ORG, office_status=(405,)),
    "cells:announcement_reopen": Rule("object", kwargs=PERIOD_ORG, office_status=(405,)),
    "cells:announcement_docx": Rule("object", kwargs=PERIOD_ORG),
    "cells:announcement_pdf": Rule("object", kwargs=PERIOD_ORG),
    "cells:announcement_history": Rule("object", kwargs=PERIOD_ORG),
    "cells:grade_override": Rule(
        "object",
        kwargs=lambda w, d: {**PERIOD_ORG(w, d), "cell_code": d.objs["cell"].code},
        office_status=(405, 200),
    ),
    # The other district's cell under the role's own committee in the address.
    "cells:grade_override/mixed": Rule(
        "object",
        kwargs=lambda w, d: {**PERIOD_ORG(w, w.districts[OTHER[d.key]]), "cell_code": d.objs["cell"].code},
        office_status=(404, 405),
    ),
    "cells:cell": Rule("object", kwargs=o("cell", "code", "code")),
    "cells:cell_history": Rule("object", kwargs=o("cell", "code", "code")),
    "cells:meeting_new": Rule("object", kwargs=o("cell", "code", "code")),
    "cells:meeting": Rule(
        "object", kwargs=lambda w, d: {"code": d.objs["cell"].code, "pk": d.objs["meeting"].pk}
    ),
    "cells:meeting_edit": Rule(
        "object", kwargs=lambda w, d: {"code": d.objs["cell"].code, "pk": d.objs["meeting"].pk}
    ),
    "cells:meeting_history": Rule(
        "object", kwargs=lambda w, d: {"code": d.objs["cell"].code, "pk": d.objs["meeting"].pk}
    ),
    "cells:meeting_delete": Rule(
        "object",
        kwargs=lambda w, d: {"code": d.objs["cell"].code, "pk": d.objs["meeting"].pk},
        office_status=(405,),
    ),
    # The other district's meeting under the role's own cell in the address.
    "cells:meeting_delete/mixed": Rule(
        "object",
        kwargs=lambda w, d: {"code": w.districts[OTHER[d.key]].objs["cell"].code, "pk": d.objs["meeting"].pk},
        office_status=(405,),
    ),
    "cells:meeting/mixed": Rule(
        "object",
        kwargs=lambda w, d: {"code": w.districts[OTHER[d.key]].objs["cell"].code, "pk": d.objs["meeting"].pk},
        office_status=(404,),
    ),
    "cells:meeting_edit/mixed": Rule(
        "object",
        kwargs=lambda w, d: {"code": w.districts[OTHER[d.key]].objs["cell"].code, "pk": d.objs["meeting"].pk},
        office_status=(404,),
    ),
    "cells:meeting_history/mixed": Rule(
        "object",
        kwargs=lambda w, d: {"code": w.districts[OTHER[d.key]].objs["cell"].code, "pk": d.objs["meeting"].pk},
        office_status=(404,),
    ),
    # Meeting preparation and close-out (issue 17): each through the cell's access helper.
    "cells:meeting_plan": Rule("object", kwargs=o("cell", "code", "code")),
    "cells:meeting_replan": Rule(
        "object", kwargs=lambda w, d: {"code": d.objs["cell"].code, "pk": d.objs["planned"].pk}
    ),
    "cells:meeting_replan/mixed": Rule(
        "object",
        kwargs=lambda w, d: {"code": w.districts[OTHER[d.key]].objs["cell"].code, "pk": d.objs["planned"].pk},
        office_status=(404,),
    ),
    "cells:meeting_document": Rule(
        "object",
        kwargs=lambda w, d: {
            "code": d.objs["cell"].code,
            "pk": d.objs["meeting"].pk,
            "doc": d.objs["document"].pk,
        },
    ),
    "cells:meeting_document/mixed": Rule(
        "object",
        kwargs=lambda w, d: {
            "code": w.districts[OTHER[d.key]].objs["cell"].code,
            "pk": w.districts[OTHER[d.key]].objs["meeting"].pk,
            "doc": d.objs["document"].pk,
        },
        office_status=(404,),
    ),
    "cells:meeting_docx": Rule(
        "object", kwargs=lambda w, d: {"code": d.objs["cell"].code, "pk": d.objs["meeting"].pk}
    ),
    "cells:meeting_pdf": Rule(
        "object", kwargs=lambda w, d: {"code": d.objs["cell"].code, "pk": d.objs["meeting"].pk}
    ),
    "cells:task_add": Rule(
        "object",
        kwargs=lambda w, d: {"code": d.objs["cell"].code, "pk": d.objs["meeting"].pk},
        office_status=(405,),
    ),
    "cells:task_close": Rule(
        "object",
        kwargs=lambda w, d: {"code": d.objs["cell"].code, "pk": d.objs["task"].pk},
        office_status=(405,),
    ),
    "cells:task_history": Rule(
        "object", kwargs=lambda w, d: {"code": d.objs["cell"].code, "pk": d.objs["task"].pk}
    ),
    "cells:task_history/mixed": Rule(
        "object",
        kwargs=lambda w, d: {"code": w.districts[OTHER[d.key]].objs["cell"].code, "pk": d.objs["task"].pk},
        office_status=(404,),
    ),
    "dashboards:index": Rule("list", office_status=(200, 302)),
    "dashboards:org": Rule("object", kwargs=o("district_org", "code", "code")),
    "dashboards:excel": Rule("object", kwargs=o("district_org", "code", "code")),
    "dashboards:pdf": Rule("object", kwargs=o("district_org", "code", "code")),
    # Interpretations: read and answered by anyone in scope; edited and deleted by the author (the office).
    "dashboards:interpretations": Rule("object", kwargs=o("district_org", "code", "code")),
    "dashboards:interpretation_edit": Rule("object", kwargs=o("interpretation")),
    "dashboards:interpretation_delete": Rule("object", kwargs=o("interpretation"), office_status=(405,)),
    "dashboards:interpretation_history": Rule("object", kwargs=o("interpretation")),
    "assignments:contact_photo_add": Rule("object", kwargs=o("contact"), office_status=(405,)),
    "assignments:petition_photo_add": Rule("object", kwargs=o("petition"), office_status=(405,)),
    "assignments:photo": Rule("object", kwargs=o("photo")),
    # API tokens: one's own only (someone else's id is a 404, for the office too).
    "api_tokens:tokens": Rule("list"),
    "api_tokens:token_revoke": Rule("object", kwargs=o("api_token"), office_status=(405,)),
    # The API (issue 17), read here through the session the offline client also uses: JSON 401 for
    # the anonymous, lists scoped, a record of the other district 403. Writes are POST only (405 to
    # GET); an empty form POST is not JSON (400, nothing stored).
    "offline_sw": Rule("open"),
    "offline_manifest": Rule("open"),
    "api:api-root": Rule("open"),
    "api:openapi-json": Rule("open"),
    "api:openapi-view": Rule("open"),
    "api:units": Rule("list"),
    "api:unit": Rule("object", kwargs=o("unit", "code", "code")),
    "api:organisations": Rule("list"),
    "api:organisation": Rule("object", kwargs=o("cell", "code", "code")),
    "api:cadres": Rule("list"),
    "api:cadre": Rule(
        "object", kwargs=lambda w, d: {"code": w.users[f"cadre_{d.key.lower()}1"].cadre.code}
    ),
    "api:directives": Rule("list"),
    "api:directive": Rule("list", kwargs=lambda w, d: {"code": Directive.objects.order_by("code")[0].code}),
    "api:results": Rule("list"),
    "api:contact_create": Rule("list", office_status=(405,)),
    "api:petition_create": Rule("list", office_status=(405,)),
    "api:contact_photos": Rule("object", kwargs=lambda w, d: {"contact_id": d.objs["contact"].pk}, office_status=(405,)),
    "api:petition_photos": Rule("object", kwargs=lambda w, d: {"petition_id": d.objs["petition"].pk}, office_status=(405,)),
    "public_pledges:page": Rule("published", kwargs=o("pledge", "short_code", "code")),
    "public_pledges:version": Rule(
        "published", kwargs=lambda w, d: {"code": d.objs["pledge"].short_code, "number": 1}
    ),
}


# ---------------------------------------------------------------------------------------------
# The URL patterns, walked from the root resolver.


def walk(patterns, ns=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from walk(p.url_patterns, f"{ns}{p.namespace}:" if p.namespace else ns)
        elif isinstance(p, URLPattern):
            yield f"{ns}{p.name}" if p.name else f"{ns}<unnamed {p.pattern}>", p


def project_patterns():
    """Every non-admin pattern name (the admin's are classified by admin_rules)."""
    return [name for name, _p in walk(get_resolver().url_patterns) if not name.startswith("admin:")]


# ---------------------------------------------------------------------------------------------
# The admin: every registered model, classified by whether its rows belong to a district.

ADMIN_SITE_RULES = {
    "admin:index": Rule("list"),
    "admin:login": Rule("open", post=False, office_status=(302,)),
    "admin:logout": Rule("open", post=False, office_status=(405,)),
    "admin:password_change": Rule("list"),
    "admin:password_change_done": Rule("list"),
    "admin:jsi18n": Rule("open"),
    "admin:autocomplete": Rule("list", office_status=(403,)),  # without its parameters
    # Redirects to a record's own page (which checks scope) when the model has one: no data itself.
    "admin:view_on_site": Rule(
        "open",
        post=False,
        kwargs=lambda w, d: {
            "content_type_id": ContentType.objects.get_for_model(Petition).pk,
            "object_id": w.districts["B"].objs["petition"].pk,
        },
    ),
    "admin:app_list": Rule("list", kwargs=lambda w, d: {"app_label": "assignments"}),
}


def admin_pattern_names():
    return [name for name, _p in walk(get_resolver().url_patterns) if name.startswith("admin:")]


def district_object(label, key, world):
    model = apps.get_model(label)
    path = DISTRICT_MODELS[label]
    prefix = world.tree[key].path
    obj = model._default_manager.filter(**{f"{path}__startswith": prefix}).order_by("pk").first()
    assert obj is not None, f"the world has no {label} in district {key}"
    return obj


def office_may(model, action) -> bool:
    """What the model's admin itself grants the office (some admins are read-only by design)."""
    from django.test import RequestFactory

    from accounts.models import User

    request = RequestFactory().get("/")
    request.user = User.objects.get(username="office")
    ma = admin.site._registry[model]
    check = {"add": ma.has_add_permission, "delete": ma.has_delete_permission}.get(action)
    if check is None:
        return True
    return check(request) if action == "add" else check(request, None)


def admin_rule(name):
    """The rule for one of the admin's model URL names (admin:<app>_<model>_<action>)."""
    if name in ADMIN_SITE_RULES:
        return ADMIN_SITE_RULES[name]
    if name.startswith("admin:<unnamed"):
        return None  # redirects to the change page / catch-all 404: covered through the change pages
    for model, _admin in admin.site._registry.items():
        label = model._meta.label_lower
        base = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
        if name == "admin:auth_user_password_change" and label == "accounts.user":
            action = "password"
        elif name.startswith(base):
            action = name[len(base) :]
        else:
            continue
        district = label in DISTRICT_MODELS
        if action in ("changelist", "add", "import", "process_import", "export"):
            if not district:
                granted = model._meta.app_label in OFFICE_APPS and office_may(model, action)
                office = (200,) if granted else (403,)
                return Rule("office", admin_model=label, office_status=office)
            status = (200,) if office_may(model, action) else (403,)
            if action == "process_import":
                status = (302, 405)
            return Rule("list", admin_model=label, office_status=status)
        if not district:
            return Rule("office", admin_model=label, kwargs=None, admin_action=action)
        kw = "id" if action == "password" else "object_id"
        if action == "simple_history":  # one past version of a record: positional (object, version)

            def version_args(w, d, label=label):
                obj = district_object(label, d.key, w)
                return {"__args__": [obj.pk, obj.history.order_by("-history_id")[0].history_id]}

            return Rule("object", admin_model=label, admin_action=action, kwargs=version_args)
        return Rule(
            "object",
            admin_model=label,
            admin_action=action,
            office_status=(200,) if office_may(model, action) else (403,),
            kwargs=lambda w, d, label=label, kw=kw: {kw: district_object(label, d.key, w).pk},
        )
    raise AssertionError(f"admin URL {name} belongs to no registered model: classify it")


# ---------------------------------------------------------------------------------------------
# Reading what came back.


def body_text(response) -> str:
    if getattr(response, "streaming", False):
        raw = b"".join(response.streaming_content)
    else:
        raw = response.content
    ctype = response.get("Content-Type", "")
    if "spreadsheetml" in ctype:
        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(raw), read_only=True)
        return "\n".join(
            str(v)
            for ws in wb.worksheets
            for row in ws.iter_rows(values_only=True)
            for v in row
            if v is not None
        )
    if "wordprocessingml" in ctype:
        import docx

        d = docx.Document(io.BytesIO(raw))
        cells = [c.text for t in d.tables for r in t.rows for c in r.cells]
        return "\n".join([p.text for p in d.paragraphs] + cells)
    if "json" in ctype:
        return json.dumps(json.loads(raw), ensure_ascii=False)
    if "text/csv" in ctype:
        return "\n".join(",".join(r) for r in csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    if ctype.startswith("application/pdf"):
        return ""  # compressed streams: the PDF's scope is the same access helper as the .docx's
    return raw.decode("utf-8", errors="replace")


def fingerprint() -> str:
    """A hash of every row of the project's tables (and auth): any write changes it."""
    h = hashlib.sha256()
    for app in DATA_APPS:
        for model in apps.get_app_config(app).get_models():
            for row in model._default_manager.order_by("pk").values_list():
                h.update(repr(row).encode())
    return h.hexdigest()


@dataclass
class Matrix:
    rows: dict = field(default_factory=dict)
    failures: list = field(default_factory=list)

    def note(self, url, role, text):
        self.rows.setdefault(url, {})[role] = text

    def fail(self, url, role, why):
        self.failures.append(f"{url} × {role}: {why}")

    def print(self, roles):
        width = max(len(u) for u in self.rows) + 1
        print("\nIDOR matrix (other district's record: GET/POST status; office: A,B):")
        print("url".ljust(width) + " ".join(r[:12].ljust(12) for r in roles))
        for url, cells in sorted(self.rows.items()):
            print(url.ljust(width) + " ".join(cells.get(r, "-")[:12].ljust(12) for r in roles))
        print(f"{len(self.rows)} URL rows × {len(roles)} roles checked")


# ---------------------------------------------------------------------------------------------


def clients(world):
    out = {}
    for role, user in list(world.users.items()) + [("staff_leader_a", world.staff_leader_a)]:
        c = Client()
        if user is not None:
            c.force_login(user)
        out[role] = c
    return out


def leaks(text, role, world):
    """Names of a district the role must not see, found in the text."""
    home = world.home(role)
    if role == "office":
        return []
    foreign = NAMES[OTHER[home]] if home else NAMES["A"] + NAMES["B"]
    return [n for n in foreign if n in text]


def check_url(m, world, cl, label, name, rule, roles, fp):
    """Request one URL pattern as every role; record and check. Returns the new fingerprint."""
    url_name = label.split("?")[0].split("/")[0]

    def url_for(d):
        kwargs = rule.kwargs(world, d) if rule.kwargs else {}
        if "__args__" in kwargs:
            url = reverse(url_name, args=kwargs["__args__"])
        else:
            url = reverse(url_name, kwargs=kwargs)
        if rule.query:
            url += "?" + urlencode(rule.query(world, d))
        return url

    for role in roles:
        c = cl[role]
        home = world.home(role)
        if rule.kind == "open":
            r = c.get(url_for(world.districts["A"]))
            m.note(label, role, str(r.status_code))
            if r.status_code >= 500:
                m.fail(label, role, f"{r.status_code}")
            continue
        if rule.kind == "published":
            statuses = []
            for d in world.districts.values():
                published = c.get(url_for(d))
                draft_kwargs = rule.kwargs(world, d) | {"code": d.objs["draft_pledge"].short_code}
                draft = c.get(reverse(url_name, kwargs=draft_kwargs))
                statuses.append(f"{published.status_code}/{draft.status_code}")
                if published.status_code != 200:
                    m.fail(label, role, f"published pledge answered {published.status_code}")
                if draft.status_code != 404:
                    m.fail(label, role, f"unpublished pledge answered {draft.status_code}")
            m.note(label, role, ",".join(statuses))
            continue
        if role == "office":
            statuses = []
            for d in world.districts.values():
                r = c.get(url_for(d))
                statuses.append(str(r.status_code))
                if r.status_code not in rule.office_status:
                    m.fail(label, role, f"office got {r.status_code}, expected {rule.office_status}")
            m.note(label, role, ",".join(statuses))
            continue
        # Everyone else: the other district's record (both for the anonymous and agency-less).
        targets = [world.districts[OTHER[home]]] if home else list(world.districts.values())
        if rule.kind in ("list", "office") and not rule.kwargs:
            targets = targets[:1]
        cell = []
        for d in targets:
            url = url_for(d)
            r = c.get(url)
            status = r.status_code
            if status >= 500:
                m.fail(label, role, f"GET {status}")
            elif rule.kind in ("object", "office") and status == 200:
                m.fail(label, role, "GET 200 on the other district's record")
            elif status == 200:
                found = leaks(body_text(r), role, world)
                if found:
                    m.fail(label, role, f"GET shows {found}")
            # The API answers a JSON 401 (token_missing) where pages send to the sign-in page.
            if role == "anonymous" and status not in (301, 302, 401, 403, 404, 405):
                m.fail(label, role, f"anonymous GET {status}")
            post_status = "-"
            if rule.post:
                r = c.post(url, {})
                post_status = str(r.status_code)
                if r.status_code >= 500:
                    m.fail(label, role, f"POST {r.status_code}")
                elif rule.kind in ("object", "office") and r.status_code == 200:
                    m.fail(label, role, "POST 200 on the other district's record")
                elif r.status_code == 200:
                    found = leaks(body_text(r), role, world)
                    if found:
                        m.fail(label, role, f"POST shows {found}")
                after = fingerprint()
                if after != fp:
                    if role not in rule.post_writes:
                        m.fail(label, role, f"POST {r.status_code} changed the database")
                    fp = after
            cell.append(f"{status}/{post_status}")
        m.note(label, role, ",".join(cell))
    return fp


@pytest.fixture(autouse=True)
def quiet_refusals():
    """Hundreds of 403/404/405 warnings would bury the matrix; errors (500) still log."""
    import logging

    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


def test_every_url_pattern_is_classified(office):
    names = set(project_patterns())
    ruled = {label.split("?")[0].split("/")[0] for label in RULES}
    assert sorted(names - ruled) == [], "new URL patterns without a rule in the IDOR matrix"
    assert sorted(ruled - names) == [], "rules for URL patterns that no longer exist"
    for name in admin_pattern_names():
        admin_rule(name)  # raises for an admin URL that belongs to nothing known


def test_no_read_or_write_across_districts(world, primary_only, capsys):
    m = Matrix()
    cl = clients(world)
    fp = fingerprint()
    for label, rule in RULES.items():
        fp = check_url(m, world, cl, label, label, rule, ROLES, fp)
    with capsys.disabled():
        m.print(ROLES)
    assert m.failures == [], "\n".join(m.failures)


def test_the_admin_scopes_every_district_model(world, primary_only, capsys):
    """The admin, read by every role and by a leader of district A made staff with every permission
    on district models: no other district's row in any list, form or change page."""
    m = Matrix()
    cl = clients(world)
    roles = ["office", "staff_leader_a", "leader_a", "anonymous"]
    world.users["staff_leader_a"] = world.staff_leader_a
    fp = fingerprint()
    for name in admin_pattern_names():
        rule = admin_rule(name)
        if rule is None:
            continue
        if rule.kind == "office" and rule.admin_action not in (None, "changelist", "add"):
            rule.kwargs = None  # reference data: the staff leader has no permission at all
            continue
        fp = check_url(m, world, cl, name, name, rule, roles, fp)
    with capsys.disabled():
        m.print(roles)
    assert m.failures == [], "\n".join(m.failures)
