"""The API as another system sees it: tokens, scope, hidden fields, replays, rate limit, errors."""

import datetime
import uuid

import pytest
from django.utils import timezone

from api.models import ApiToken
from assignments.models import FieldContact, Petition

pytestmark = pytest.mark.django_db


# --- who may call ------------------------------------------------------------------------------


def test_without_a_token_the_api_answers_401_in_vietnamese_with_a_code(api_as, tree):
    response = api_as().get("/units")
    assert response.status_code == 401
    assert response.json()["code"] == "token_missing"
    assert "mã API" in response.json()["detail"]


def test_an_unknown_a_malformed_header_a_revoked_and_an_expired_token_are_401_each_with_its_code(
    client, api_as, token_for, leader_a
):
    from api import tokens

    bad = client.get("/api/v1/units", HTTP_AUTHORIZATION="Bearer pt_nothing")
    assert (bad.status_code, bad.json()["code"]) == (401, "token_invalid")
    odd = client.get("/api/v1/units", HTTP_AUTHORIZATION="Token abc")
    assert (odd.status_code, odd.json()["code"]) == (401, "token_malformed")

    key = token_for(leader_a)
    assert client.get("/api/v1/units", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    tokens.revoke(ApiToken.objects.get())
    revoked = client.get("/api/v1/units", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert (revoked.status_code, revoked.json()["code"]) == (401, "token_revoked")
    assert "thu hồi" in revoked.json()["detail"]

    key = token_for(leader_a, days=1)
    ApiToken.objects.filter(revoked_at__isnull=True).update(
        created_at=timezone.now() - datetime.timedelta(days=3),
        expires_at=timezone.now() - datetime.timedelta(days=2),
    )
    expired = client.get("/api/v1/units", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert (expired.status_code, expired.json()["code"]) == (401, "token_expired")


def test_tokens_are_stored_hashed(token_for, leader_a):
    key = token_for(leader_a)
    token = ApiToken.objects.get()
    assert key not in (token.key_hash, token.prefix) and len(token.key_hash) == 64
    assert key.startswith(token.prefix)


# --- scope ---------------------------------------------------------------------------------------


def test_lists_hold_only_the_owners_subtree(api_as, tree, orgs, leader_a):
    api = api_as(leader_a)
    codes = {u["code"] for u in api.get("/units", limit=100).json()["items"]}
    assert codes == {"A", "A1", "A2", "A1-1", "A1-1-1"}
    orgs_seen = {o["code"] for o in api.get("/organisations").json()["items"]}
    assert "DBB" not in orgs_seen and "CBB1-1" not in orgs_seen and "DBA1" in orgs_seen


def test_one_record_outside_scope_is_403_and_an_unknown_one_404(api_as, tree, orgs, leader_a):
    api = api_as(leader_a)
    assert api.get("/units/A1").status_code == 200
    outside = api.get("/units/B1")
    assert (outside.status_code, outside.json()["code"]) == (403, "forbidden")
    unknown = api.get("/units/ZZZ")
    assert (unknown.status_code, unknown.json()["code"]) == (404, "not_found")
    assert api.get("/organisations/DBB1").status_code == 403
    assert api.get("/units", parent="B").status_code == 403


def test_the_office_sees_everything(api_as, tree, office):
    assert api_as(office).get("/units").json()["count"] == len(tree)


# --- hidden fields -------------------------------------------------------------------------------


def test_phone_and_birth_date_only_for_the_office(api_as, tree, orgs, leader_a, office, cadre_a1):
    cadre = cadre_a1.cadre
    cadre.phone, cadre.birth_date = "0912345678", datetime.date(1980, 5, 9)
    cadre.save()
    seen = api_as(leader_a).get(f"/cadres/{cadre.code}").json()
    assert seen["full_name"] == "Trần Thị Lan"
    assert seen["phone"] is None and seen["birth_date"] is None
    listed = api_as(leader_a).get("/cadres").json()["items"]
    assert all(c["phone"] is None for c in listed) and "0912345678" not in str(listed)
    full = api_as(office).get(f"/cadres/{cadre.code}").json()
    assert full["phone"] == "0912345678" and full["birth_date"] == "1980-05-09"


def test_a_cadre_of_another_district_is_403(api_as, leader_a, cadre_b1):
    assert api_as(leader_a).get(f"/cadres/{cadre_b1.cadre.code}").status_code == 403


# --- directives, results ---------------------------------------------------------------------------


def test_directives_are_listed(api_as, leader_a):
    body = api_as(leader_a).get("/directives", limit=500).json()
    assert any(d["symbol"] == "05-CT/TW" for d in body["items"])


# --- writes: replay stores once ------------------------------------------------------------------


def _contact(client_id, **extra):
    return {
        "client_id": str(client_id),
        "unit": "A1-1-1",
        "contacted_on": timezone.localdate().isoformat(),
        "kind": "visit",
        "disseminated": "Quán triệt Chỉ thị 05.",
        "petitions": [{"category": "ha-tang", "content": "Đường đal xuống cấp."}],
        **extra,
    }


def test_a_replayed_contact_stores_once(api_as, tree, cadre_a1, group_assignment):
    api = api_as(cadre_a1)
    cid = uuid.uuid4()
    first = api.post("/contacts", _contact(cid))
    assert first.status_code == 201, first.content
    again = api.post("/contacts", _contact(cid))
    assert again.status_code == 200 and again.json()["replayed"] is True
    assert again.json()["id"] == first.json()["id"]
    assert FieldContact.objects.count() == 1 and Petition.objects.count() == 1
    assert FieldContact.objects.get().client_id == cid


def test_someone_elses_client_id_is_refused(api_as, tree, cadre_a1, cadre_b1, group_assignment):
    cid = uuid.uuid4()
    assert api_as(cadre_a1).post("/contacts", _contact(cid)).status_code == 201
    assert api_as(cadre_b1).post("/contacts", _contact(cid)).status_code == 403
    assert FieldContact.objects.count() == 1


def test_a_contact_for_a_unit_outside_scope_is_403_and_nothing_is_stored(api_as, tree, cadre_a1, group_assignment):
    response = api_as(cadre_a1).post("/contacts", _contact(uuid.uuid4(), unit="B1-1"))
    assert response.status_code == 403
    assert FieldContact.objects.count() == 0


def test_a_stale_draft_for_a_closed_unit_is_a_409_conflict_with_the_reason(
    api_as, tree, cadre_a1, group_assignment
):
    group = tree["A1-1-1"]
    group.valid_to = timezone.localdate() - datetime.timedelta(days=1)
    group.save()
    response = api_as(cadre_a1).post("/contacts", _contact(uuid.uuid4()))
    assert response.status_code == 409
    assert response.json()["code"] == "unit_closed"
    assert group.name in response.json()["detail"]
    assert FieldContact.objects.count() == 0


def test_a_replayed_petition_stores_once(api_as, tree, leader_a):
    api = api_as(leader_a)
    data = {
        "client_id": str(uuid.uuid4()),
        "unit": "A1",
        "category": "dat-dai",
        "content": "Đề nghị cấp giấy chứng nhận.",
        "raised_on": timezone.localdate().isoformat(),
    }
    assert api.post("/petitions", data).status_code == 201
    assert api.post("/petitions", data).status_code == 200
    assert Petition.objects.count() == 1


def test_malformed_json_is_400_with_a_code(api_as, tree, cadre_a1):
    response = api_as(cadre_a1).post("/contacts", '{"client_id": "x", ', raw=True)
    assert response.status_code == 400
    assert response.json()["code"] == "malformed_json"
    assert "JSON" in response.json()["detail"]


def test_invalid_fields_are_422_with_the_fields_named(api_as, tree, cadre_a1):
    response = api_as(cadre_a1).post("/contacts", {"client_id": "not-a-uuid", "unit": "A1-1-1"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert {"client_id", "contacted_on"} <= {e["field"] for e in body["errors"]}


# --- rate limit ----------------------------------------------------------------------------------


def test_the_rate_limit_counts_per_token(settings, api_as, tree, leader_a, leader_a1_user):
    settings.API_RATE = "3/m"
    first = api_as(leader_a)
    for _i in range(3):
        assert first.get("/units/A").status_code == 200
    limited = first.get("/units/A")
    assert limited.status_code == 429 and limited.json()["code"] == "rate_limited"
    assert "Retry-After" in limited.headers
    # Another token (even of someone else) has its own count.
    assert api_as(leader_a1_user).get("/units/A1").status_code == 200


@pytest.fixture
def leader_a1_user(tree, orgs):
    from accounts import roles
    from tests.accounts.factories import UserFactory

    return UserFactory(username="leader_a1", roles=[roles.LEADER], home_unit=tree["A1"], home_org=orgs["A1"])


# --- the session (the offline client in the browser) ------------------------------------------------


def test_the_signed_in_browser_may_post_with_its_csrf_token(tree, cadre_a1, group_assignment):
    import json

    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(cadre_a1)
    without = browser.post("/api/v1/contacts", json.dumps(_contact(uuid.uuid4())), content_type="application/json")
    assert without.status_code == 403 and without.json()["code"] == "csrf_failed"
    browser.get("/phan-cong/ghi-nhan/moi/")
    token = browser.cookies["csrftoken"].value
    ok = browser.post(
        "/api/v1/contacts",
        json.dumps(_contact(uuid.uuid4())),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert ok.status_code == 201, ok.content


# --- OpenAPI and docs --------------------------------------------------------------------------------


def test_openapi_document_is_valid_openapi_3(client):
    from openapi_spec_validator import validate

    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    assert spec["openapi"].startswith("3.")
    validate(spec)
    assert {"/api/v1/units", "/api/v1/contacts", "/api/v1/results"} <= set(spec["paths"])
    assert "BearerToken" in spec["components"]["securitySchemes"]


def test_the_docs_are_served_from_our_own_static_files(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui-bundle.js" in html and "cdn" not in html.lower()
    assert "/static/ninja/" in html


def test_results_are_the_published_rows_in_scope(api_as, tree, orgs, leader_a, office):
    from cells import services as cell_services
    from cells.models import Period
    from tests.cells.factories import meeting, members
    from tests.dashboards.factories import D, compute

    for key in ("A1-1", "B1-1"):
        meeting(orgs[key], D(2026, 2, 10), "PP", people=members(orgs[key], 2))
    compute("2026-H1")
    api = api_as(leader_a)
    assert api.get("/results").json()["count"] == 0  # computed, not yet published
    period = Period.objects.get(code="2026-H1")
    for key in ("A1", "B1"):
        announcement = cell_services.announcement_save(
            org=orgs[key], period=period, acting_user=office, title="Thông báo kết quả"
        )
        cell_services.announcement_publish(announcement=announcement, acting_user=office)
    rows = api.get("/results", period="2026-H1").json()["items"]
    # The commune committee published itself and its cell; the district's row is not published.
    assert {r["org"] for r in rows} == {"DBA1", "CBA1-1"}
    cell = next(r for r in rows if r["org"] == "CBA1-1")
    assert cell["meetings_held"] == 1 and cell["is_cell"] is True
    assert api.get("/results", org="DBB1").status_code == 403
    assert {r["org"] for r in api_as(office).get("/results").json()["items"]} >= {"DBA1", "DBB1", "CBB1-1"}


def test_a_form_post_where_json_is_expected_is_400_not_a_crash(client, tree, cadre_a1):
    client.force_login(cadre_a1)
    response = client.post("/api/v1/contacts", {"unit": "A1-1-1"})
    assert response.status_code == 400 and response.json()["code"] == "malformed_json"


def test_lists_cost_a_bounded_number_of_queries(api_as, tree, orgs, office, django_assert_max_num_queries):
    from tests.units.factories import CadreFactory

    for n in range(30):
        CadreFactory(code=f"K{n:03d}", work_unit=tree["A1"], party_org=orgs["A1-1"])
    api = api_as(office)
    with django_assert_max_num_queries(8):
        body = api.get("/cadres", limit=100).json()
    assert body["count"] == 30
    with django_assert_max_num_queries(8):
        assert api.get("/units", limit=100).json()["count"] == len(tree)
    with django_assert_max_num_queries(8):
        api.get("/organisations", limit=100)
