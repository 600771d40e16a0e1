from datetime import date

import pytest
from django.urls import reverse

from pledges import services
from pledges.models import Pledge, PledgeVersion
from tests.pledges.factories import PledgeFactory, published_pledge

from .conftest import login


def items_post(**overrides):
    data = {
        "theme": "Năm dân vận khéo",
        "shortcomings": "Còn ngại va chạm",
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
        "items-0-study": "Học tập tác phong gần dân",
        "items-0-follow": "Lắng nghe ý kiến nhân dân",
        "items-0-action": "Mỗi tháng đối thoại với 1 tổ tự quản",
        "items-0-deliverable": "12 biên bản đối thoại",
        "items-0-deadline": "2026-12-31",
    }
    data.update(overrides)
    return data


def test_it_takes_a_pledge_from_draft_to_published(client, cadre_a1, leader_a):
    login(client, cadre_a1)
    response = client.post(reverse("pledges:create"), {"year": 2026, "owner": "self"})
    pledge = Pledge.objects.get(cadre=cadre_a1.cadre, year=2026)
    assert response.url == reverse("pledges:edit", args=[pledge.pk])
    assert pledge.org == cadre_a1.cadre.party_org

    client.post(reverse("pledges:edit", args=[pledge.pk]), items_post())
    client.post(reverse("pledges:submit", args=[pledge.pk]))
    pledge.refresh_from_db()
    assert pledge.current_version.status == PledgeVersion.Status.SUBMITTED

    login(client, leader_a)
    assert pledge in client.get(reverse("pledges:queue")).context["pledges"]
    client.post(reverse("pledges:approve", args=[pledge.pk]), {"publish": "1"})
    pledge.refresh_from_db()
    assert pledge.published_version == pledge.current_version
    assert pledge.current_version.status == PledgeVersion.Status.PUBLISHED

    client.logout()
    page = client.get(f"/p/{pledge.short_code}/")
    assert page.status_code == 200
    assert "Mỗi tháng đối thoại với 1 tổ tự quản" in page.content.decode()


def test_it_returns_a_pledge_with_a_comment_and_accepts_it_again(client, cadre_a1, leader_a):
    pledge = PledgeFactory(org=cadre_a1.cadre.party_org, cadre=cadre_a1.cadre, content__status="submitted")
    login(client, leader_a)
    client.post(reverse("pledges:return", args=[pledge.pk]), {"comment": "Cần cụ thể hơn sản phẩm"})
    login(client, cadre_a1)
    page = client.get(reverse("pledges:detail", args=[pledge.pk])).content.decode()
    assert "Cần cụ thể hơn sản phẩm" in page
    client.post(reverse("pledges:submit", args=[pledge.pk]))
    pledge.refresh_from_db()
    assert pledge.current_version.status == PledgeVersion.Status.SUBMITTED


def test_it_refuses_a_return_without_a_comment_and_keeps_the_pledge_submitted(client, cadre_a1, leader_a):
    pledge = PledgeFactory(org=cadre_a1.cadre.party_org, cadre=cadre_a1.cadre, content__status="submitted")
    response = login(client, leader_a).post(reverse("pledges:return", args=[pledge.pk]), {"comment": ""})
    assert response.status_code == 400
    pledge.current_version.refresh_from_db()
    assert pledge.current_version.status == PledgeVersion.Status.SUBMITTED


def test_it_refuses_approval_outside_the_superiors_scope(client, cadre_a1, cadre_b1):
    pledge = PledgeFactory(org=cadre_a1.cadre.party_org, cadre=cadre_a1.cadre, content__status="submitted")
    response = login(client, cadre_b1).post(reverse("pledges:approve", args=[pledge.pk]), {"publish": "1"})
    assert response.status_code == 403
    pledge.refresh_from_db()
    assert pledge.published_version is None


def test_it_does_not_let_a_person_approve_their_own_pledge(client, cadre_a1):
    # cadre_a1's home organisation (A1) covers her cell's parent, but the pledge is hers.
    pledge = PledgeFactory(org=cadre_a1.cadre.party_org, cadre=cadre_a1.cadre, content__status="submitted")
    response = login(client, cadre_a1).post(reverse("pledges:approve", args=[pledge.pk]))
    assert response.status_code == 403


def test_it_lets_a_cell_secretary_file_the_collective_pledge_approved_by_the_commune(
    client, secretary_a1, cadre_a1, orgs
):
    login(client, secretary_a1)
    client.post(reverse("pledges:create"), {"year": 2026, "owner": "org"})
    pledge = Pledge.objects.get(org=orgs["A1-1"], cadre=None)
    client.post(reverse("pledges:edit", args=[pledge.pk]), items_post())
    client.post(reverse("pledges:submit", args=[pledge.pk]))
    assert login(client, secretary_a1).post(reverse("pledges:approve", args=[pledge.pk])).status_code == 403
    login(client, cadre_a1).post(reverse("pledges:approve", args=[pledge.pk]), {"publish": "1"})
    pledge.refresh_from_db()
    assert pledge.published_version is not None


def test_it_keeps_the_published_version_readable_when_the_pledge_is_edited(client, cadre_a1, leader_a):
    pledge = published_pledge(org=cadre_a1.cadre.party_org, cadre=cadre_a1.cadre)
    old_action = pledge.published_version.items.get().action
    login(client, cadre_a1)
    client.post(reverse("pledges:edit", args=[pledge.pk]), items_post(**{"items-0-action": "Hành động mới"}))
    pledge.refresh_from_db()
    assert pledge.current_version.number == 2
    assert pledge.published_version.number == 1

    public = client.get(f"/p/{pledge.short_code}/").content.decode()
    assert old_action in public and "Hành động mới" not in public

    client.post(reverse("pledges:submit", args=[pledge.pk]))
    login(client, leader_a).post(reverse("pledges:approve", args=[pledge.pk]), {"publish": "1"})
    client.logout()
    assert "Hành động mới" in client.get(f"/p/{pledge.short_code}/").content.decode()
    old = client.get(f"/p/{pledge.short_code}/v1/")
    assert old.status_code == 200 and old_action in old.content.decode()
    assert PledgeVersion.objects.get(pledge=pledge, number=1).status == PledgeVersion.Status.SUPERSEDED


def test_it_keeps_what_was_typed_when_the_pledge_form_has_an_error(client, cadre_a1):
    pledge = PledgeFactory(org=cadre_a1.cadre.party_org, cadre=cadre_a1.cadre)
    response = login(client, cadre_a1).post(
        reverse("pledges:edit", args=[pledge.pk]),
        items_post(**{"items-0-deadline": "", "items-0-action": "Viết nhật ký làm theo Bác"}),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Viết nhật ký làm theo Bác" in html and "Còn ngại va chạm" in html
    assert pledge.current_version.items.get().action != "Viết nhật ký làm theo Bác"


def test_it_refuses_a_second_pledge_for_the_same_year(cadre_a1):
    services.pledge_create(year=2026, cadre=cadre_a1.cadre, acting_user=cadre_a1)
    with pytest.raises(Exception, match="2026"):
        services.pledge_create(year=2026, cadre=cadre_a1.cadre, acting_user=cadre_a1)


def test_it_hides_other_districts_pledges(client, cadre_a1, cadre_b1):
    pledge = PledgeFactory(org=cadre_a1.cadre.party_org, cadre=cadre_a1.cadre)
    assert login(client, cadre_b1).get(reverse("pledges:detail", args=[pledge.pk])).status_code == 403
    assert client.get(reverse("pledges:detail", args=[99999])).status_code == 404
    assert pledge not in client.get(reverse("pledges:index")).context["pledges"]


def test_it_lists_pledges_in_a_bounded_number_of_queries(client, office, orgs, django_assert_max_num_queries):
    for n, org in enumerate(orgs.values()):
        PledgeFactory(org=org, year=2026, short_code=f"q{n}")
    login(client, office)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("pledges:index"))
    assert len(response.context["pledges"]) == len(orgs)


def test_it_shows_which_secretaries_have_published(client, leader_a, orgs, lan):
    published_pledge(org=lan.party_org, cadre=lan, year=date.today().year)
    login(client, leader_a)
    response = client.get(reverse("pledges:secretaries"), {"cap": 4, "nam": date.today().year})
    rows = {o.code: o for o in response.context["rows"]}
    assert rows["CBA1-1"].published
    assert "CBB1-1" not in rows  # outside leader_a's scope
    level4 = next(r for r in response.context["per_level"] if r["level"] == 4)
    assert (level4["done"], level4["total"]) == (1, 1)


def test_the_other_list_pages_take_a_bounded_number_of_queries(
    client, office, orgs, tree, django_assert_max_num_queries
):
    from tests.pledges.factories import CommitmentFactory, ReviewFactory, action_for
    from tests.units.factories import CadreFactory

    for n, org in enumerate(orgs.values()):
        cadre = CadreFactory(code=f"S{n}", work_unit=tree["A1"], party_org=org)
        org.secretary = cadre
        org.save()
        published_pledge(org=org, cadre=cadre, year=date.today().year, short_code=f"s{n}")
        CommitmentFactory(org=org, year=2026, items=2)
        action_for(ReviewFactory(org=org, year=2025), due_on=date(2020, 1, 1))
    login(client, office)
    for url in (
        reverse("pledges:secretaries") + "?cap=2",
        reverse("pledges:commitments"),
        reverse("pledges:reviews"),
        reverse("pledges:comments"),
        reverse("pledges:queue"),
    ):
        with django_assert_max_num_queries(10):
            assert client.get(url).status_code == 200
