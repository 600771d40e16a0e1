from datetime import date
from decimal import Decimal

from pledges import services
from pledges.models import Grade, ProgressAssessment, RemedialAction
from pledges.selectors import commitment_counts_by_org, pledge_counts_by_org, remediation_counts_by_org
from tests.pledges.factories import (
    CommitmentFactory,
    PledgeFactory,
    ReviewFactory,
    action_for,
    published_pledge,
)
from tests.units.factories import CadreFactory


def by_org(rows):
    return {r["org_id"]: {k: v for k, v in r.items() if k != "org_id"} for r in rows}


def test_pledge_counts_count_secretaries_and_collectives(orgs, tree, lan):
    # lan is secretary of cell A1-1 and a member of it; the commune has a secretary in the cell too.
    commune_secretary = CadreFactory(code="S-A1", work_unit=tree["A1"], party_org=orgs["A1-1"])
    orgs["A1"].secretary = commune_secretary
    orgs["A1"].save()
    published_pledge(org=orgs["A1-1"], cadre=lan, year=2026)
    PledgeFactory(org=orgs["A1-1"], cadre=commune_secretary, year=2026)  # not published
    published_pledge(org=orgs["A1-1"], year=2026)  # the cell's collective pledge
    published_pledge(org=orgs["B1"], year=2025)  # another year
    ordinary = CadreFactory(code="M1", work_unit=tree["A1-1"], party_org=orgs["A1-1"])
    published_pledge(org=orgs["A1-1"], cadre=ordinary, year=2026)  # not a secretary: not due

    rows = by_org(pledge_counts_by_org(year=2026))
    assert set(rows) == {o.pk for o in orgs.values()}
    assert rows[orgs["A1-1"].pk] == {"due": 3, "published": 2}
    assert rows[orgs["A1"].pk] == {"due": 1, "published": 0}
    assert rows[orgs["B1"].pk] == {"due": 1, "published": 0}


def test_pledge_counts_take_a_fixed_number_of_queries(orgs, django_assert_num_queries):
    with django_assert_num_queries(4):
        pledge_counts_by_org(year=2026)


def test_commitment_counts_count_passing_year_end_grades(orgs, tree, leader_a):
    people = [CadreFactory(code=f"M{n}", work_unit=tree["A1-1"], party_org=orgs["A1-1"]) for n in range(3)]
    done, failed, open_ = (CommitmentFactory(org=orgs["A1-1"], cadre=p, year=2026) for p in people)
    services.evaluation_record(
        commitment=done, period="year_end", grade=Grade.COMPLETED, score=Decimal("60"), acting_user=leader_a
    )
    services.evaluation_record(
        commitment=done, period="mid_year", grade=Grade.COMPLETED, score=Decimal("60"), acting_user=leader_a
    )
    services.evaluation_record(
        commitment=failed, period="year_end", grade=Grade.FAILED, score=Decimal("40"), acting_user=leader_a
    )
    CommitmentFactory(org=orgs["B1"], year=2025)
    assert by_org(commitment_counts_by_org(year=2026)) == {orgs["A1-1"].pk: {"total": 3, "completed": 1}}


def test_remediation_counts_as_of_a_date(orgs, cadre_a1):
    review = ReviewFactory(org=orgs["A1-1"], cadre=cadre_a1.cadre, year=2025)
    on = date(2026, 3, 1)
    assessed_on_track = action_for(review, due_on=date(2026, 9, 30), created_on=date(2025, 12, 1))
    ProgressAssessment.objects.create(
        action=assessed_on_track, assessed_on=date(2026, 2, 1), status="on_track"
    )
    late = action_for(review, due_on=date(2026, 9, 30), created_on=date(2025, 12, 1))
    ProgressAssessment.objects.create(action=late, assessed_on=date(2026, 2, 1), status="late")
    action_for(review, due_on=date(2026, 1, 31), created_on=date(2025, 12, 1))  # past its date
    action_for(review, due_on=date(2026, 12, 31), created_on=date(2026, 1, 15))  # new, none due yet
    stale = action_for(review, due_on=date(2026, 12, 31), created_on=date(2025, 1, 15))  # never assessed
    action_for(review, due_on=date(2026, 12, 31), created_on=date(2025, 6, 1), completed_on=date(2026, 2, 1))
    action_for(review, due_on=date(2026, 12, 31), created_on=date(2026, 4, 1))  # created after `on`
    ProgressAssessment.objects.create(
        action=stale, assessed_on=date(2026, 5, 1), status="on_track"
    )  # after `on`
    assert RemedialAction.objects.count() == 7
    assert by_org(remediation_counts_by_org(on=on)) == {orgs["A1-1"].pk: {"total": 5, "on_track": 2}}
