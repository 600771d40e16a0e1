"""Who approves a personal pledge (pledges.rules.approver_org), on the demo's shapes.

In the demo a district secretary's `party_org` is the district's agency cell (Chi bộ Cơ quan, under
the district committee) and a commune secretary's is one of the commune's agency cells: their
superior committee is the one above the organisation they lead, not their own cell's committee.
"""

import pytest
from django.urls import reverse

from accounts import roles
from pledges import rules, services
from pledges.models import PledgeVersion, PublicComment
from tests.accounts.factories import UserFactory
from tests.pledges.factories import PledgeFactory, published_pledge
from tests.units.factories import CadreFactory, PartyOrgFactory
from units.models import PartyOrg

from .conftest import login


@pytest.fixture
def shapes(tree, orgs):
    """District A's agency cell and commune A1's agency cell, with their secretaries as members."""
    cq_a = PartyOrgFactory(
        code="CQA", name="Chi bộ Cơ quan UBND huyện A", kind=PartyOrg.Kind.GRASSROOTS_CELL, parent=orgs["A"]
    )
    cq_a1 = PartyOrgFactory(code="CQA1-01", name="Chi bộ Cơ quan xã An Hòa", parent=orgs["A1"])
    cq_p = PartyOrgFactory(
        code="CBTU-1", name="Chi bộ Văn phòng Tỉnh ủy", kind=PartyOrg.Kind.GRASSROOTS_CELL, parent=orgs["P"]
    )
    people = {
        "province": CadreFactory(
            code="T0001", full_name="Bí thư Tỉnh ủy", work_unit=tree["P"], party_org=cq_p
        ),
        "district": CadreFactory(
            code="HA-0001", full_name="Bí thư Huyện ủy", work_unit=tree["A"], party_org=cq_a
        ),
        "deputy": CadreFactory(
            code="HA-0002", full_name="Phó Bí thư Huyện ủy", work_unit=tree["A"], party_org=cq_a
        ),
        "commune": CadreFactory(
            code="XA1-0001", full_name="Bí thư xã", work_unit=tree["A1"], party_org=cq_a1
        ),
        "member": CadreFactory(
            code="DA1-1-002", full_name="Đảng viên", work_unit=tree["A1-1"], party_org=orgs["A1-1"]
        ),
    }
    orgs["P"].secretary = people["province"]
    orgs["P"].save()
    orgs["A"].secretary, orgs["A"].deputy_secretary = people["district"], people["deputy"]
    orgs["A"].save()
    orgs["A1"].secretary = people["commune"]
    orgs["A1"].save()
    # The district secretary also leads his agency cell: the highest organisation counts.
    cq_a.secretary = people["district"]
    cq_a.save()
    return people


@pytest.fixture
def province_leader(tree, orgs):
    return UserFactory(username="lanhdao_tinh", roles=[roles.LEADER], home_unit=tree["P"], home_org=orgs["P"])


def submitted(cadre):
    return PledgeFactory(org=cadre.party_org, cadre=cadre, content__status=PledgeVersion.Status.SUBMITTED)


def test_a_district_secretarys_pledge_goes_to_the_province_not_to_his_district(
    client, shapes, orgs, leader_a, province_leader, office
):
    pledge = submitted(shapes["district"])
    assert rules.approver_org(pledge) == orgs["P"]
    # The district committee (leader_a) may neither see it in the queue nor approve it.
    login(client, leader_a)
    assert pledge not in client.get(reverse("pledges:queue")).context["pledges"]
    assert client.post(reverse("pledges:approve", args=[pledge.pk]), {"publish": "1"}).status_code == 403
    # The province does.
    login(client, province_leader)
    assert pledge in client.get(reverse("pledges:queue")).context["pledges"]
    client.post(reverse("pledges:approve", args=[pledge.pk]), {"publish": "1"})
    pledge.refresh_from_db()
    assert pledge.published_version is not None
    assert pledge.published_version.decided_by == province_leader


def test_a_deputy_secretary_is_approved_like_the_secretary(shapes, orgs, leader_a, province_leader):
    pledge = submitted(shapes["deputy"])
    assert rules.approver_org(pledge) == orgs["P"]
    assert not rules.can_decide(leader_a, pledge) and rules.can_decide(province_leader, pledge)


def test_a_commune_secretarys_pledge_goes_to_the_district(shapes, orgs, leader_a, cadre_a1):
    pledge = submitted(shapes["commune"])
    assert rules.approver_org(pledge) == orgs["A"]
    assert rules.can_decide(leader_a, pledge)
    assert not rules.can_decide(cadre_a1, pledge)  # her home is the commune itself


def test_a_members_pledge_goes_to_their_cell(client, shapes, orgs, secretary_a1, cadre_b1):
    pledge = submitted(shapes["member"])
    assert rules.approver_org(pledge) == orgs["A1-1"]
    login(client, secretary_a1)
    assert pledge in client.get(reverse("pledges:queue")).context["pledges"]
    assert rules.can_decide(secretary_a1, pledge) and not rules.can_decide(cadre_b1, pledge)


def test_the_provincial_secretarys_pledge_is_decided_by_those_covering_the_province(
    shapes, orgs, leader_a, province_leader, office
):
    pledge = submitted(shapes["province"])
    assert rules.approver_org(pledge) == orgs["P"]
    assert rules.can_decide(office, pledge) and rules.can_decide(province_leader, pledge)
    assert not rules.can_decide(leader_a, pledge)
    secretary_user = UserFactory(
        username="bithu_tinh", home_unit=orgs["P"].unit, home_org=orgs["P"], cadre=shapes["province"]
    )
    assert not rules.can_decide(secretary_user, pledge)  # never one's own


def test_a_collective_pledge_goes_to_the_parent_and_the_root_to_the_province(orgs, leader_a, office):
    district = PledgeFactory(org=orgs["A"], content__status="submitted", short_code="coll-a")
    root = PledgeFactory(org=orgs["P"], content__status="submitted", short_code="coll-p")
    assert rules.approver_org(district) == orgs["P"] and rules.approver_org(root) == orgs["P"]
    assert not rules.can_decide(leader_a, district)
    assert rules.can_decide(office, district) and rules.can_decide(office, root)


def test_the_queue_shows_exactly_what_the_user_may_decide(
    shapes, orgs, leader_a, province_leader, secretary_a1
):
    from pledges.selectors import approval_queue

    pledges = [submitted(c) for c in shapes.values()]
    pledges.append(PledgeFactory(org=orgs["A1-1"], content__status="submitted", short_code="coll-a11"))
    for user in (leader_a, province_leader, secretary_a1):
        expected = {p.pk for p in pledges if rules.can_decide(user, p)}
        assert set(approval_queue(user).values_list("pk", flat=True)) == expected, user


def test_the_district_secretarys_public_comments_are_moderated_by_the_province(
    client, shapes, leader_a, province_leader
):
    pledge = published_pledge(org=shapes["district"].party_org, cadre=shapes["district"])
    services.comment_submit(pledge=pledge, body="Ý kiến về bí thư huyện")
    c = PublicComment.objects.get()
    login(client, leader_a)
    assert list(client.get(reverse("pledges:comments")).context["comments"]) == []
    assert client.post(reverse("pledges:comment_moderate", args=[c.pk]), {"approve": "1"}).status_code == 403
    login(client, province_leader)
    assert list(client.get(reverse("pledges:comments")).context["comments"]) == [c]
    client.post(reverse("pledges:comment_moderate", args=[c.pk]), {"approve": "1"})
    c.refresh_from_db()
    assert c.status == PublicComment.Status.APPROVED


def test_the_district_secretarys_commitment_is_graded_by_the_province(shapes, leader_a, province_leader):
    from tests.pledges.factories import CommitmentFactory

    c = CommitmentFactory(org=shapes["district"].party_org, cadre=shapes["district"], year=2026)
    assert not rules.can_decide(leader_a, c) and rules.can_decide(province_leader, c)
