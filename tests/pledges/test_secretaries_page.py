"""`/cam-ket/bi-thu/`: each secretary's row links to that secretary's own pledge of the year.

The pledge was found with `Subquery(pledges.values("pk")[:1])`, which kept `Pledge`'s default
ordering (`org__path`): the join to the organisation inside the subquery took the outer query's
alias, so every row with a pledge showed one and the same pledge and "No pledge" never appeared.
"""

from datetime import date

import pytest
from django.urls import reverse

from tests.pledges.factories import PledgeFactory, published_pledge
from tests.units.factories import CadreFactory, PartyOrgFactory
from units.models import PartyOrg

pytestmark = pytest.mark.django_db
YEAR = date.today().year


@pytest.fixture
def cells(orgs, tree):
    """Three cells under commune A1, each with its secretary: one published, one draft, one none."""
    out = {}
    for key, name in (("pub", "Chi bộ Đã Công Bố"), ("draft", "Chi bộ Còn Nháp"), ("none", "Chi bộ Chưa Có")):
        cell = PartyOrgFactory(
            code=f"C-{key}", name=name, kind=PartyOrg.Kind.CELL, parent=orgs["A1"], unit=tree["A1-1"]
        )
        cell.secretary = CadreFactory(
            code=f"S-{key}", full_name=f"Bí thư {key}", party_org=cell, work_unit=tree["A1-1"]
        )
        cell.save()
        out[key] = cell
    # Pledges of other years and of the secretaries' organisations themselves must not be picked.
    out["pub_pledge"] = published_pledge(org=out["pub"], cadre=out["pub"].secretary, year=YEAR)
    out["draft_pledge"] = PledgeFactory(org=out["draft"], cadre=out["draft"].secretary, year=YEAR)
    PledgeFactory(org=out["none"], cadre=out["none"].secretary, year=YEAR - 1)
    PledgeFactory(org=out["none"], cadre=None, year=YEAR)  # the cell's collective pledge, not hers
    return out


def row_of(html, name):
    start = html.index(name)
    return html[start : html.index("</tr>", start)]


def test_each_secretary_is_linked_to_her_own_pledge(client, leader_a, cells, django_assert_max_num_queries):
    client.force_login(leader_a)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("pledges:secretaries"), {"cap": 4, "nam": YEAR})
    html = response.content.decode()
    pub = row_of(html, "Chi bộ Đã Công Bố")
    draft = row_of(html, "Chi bộ Còn Nháp")
    none = row_of(html, "Chi bộ Chưa Có")
    assert reverse("pledges:detail", args=[cells["pub_pledge"].pk]) in pub
    assert "Đã công bố" in pub
    assert reverse("pledges:detail", args=[cells["draft_pledge"].pk]) in draft
    assert "Chưa công khai" in draft
    assert reverse("pledges:detail", args=[cells["draft_pledge"].pk]) not in pub + none
    assert reverse("pledges:detail", args=[cells["pub_pledge"].pk]) not in draft + none
    assert "Chưa đăng ký" in none and 'href="/cam-ket/' not in none
    rows = {o.code: o for o in response.context["rows"]}
    assert rows["C-pub"].pledge_id == cells["pub_pledge"].pk and rows["C-pub"].published
    assert rows["C-draft"].pledge_id == cells["draft_pledge"].pk and not rows["C-draft"].published
    assert rows["C-none"].pledge_id is None and not rows["C-none"].published


def test_the_query_count_does_not_grow_with_the_rows(
    client, leader_a, cells, tree, orgs, django_assert_max_num_queries
):
    for n in range(15):
        cell = PartyOrgFactory(code=f"X{n}", kind=PartyOrg.Kind.CELL, parent=orgs["A1"], unit=tree["A1-1"])
        cell.secretary = CadreFactory(code=f"SX{n}", party_org=cell, work_unit=tree["A1-1"])
        cell.save()
        PledgeFactory(org=cell, cadre=cell.secretary, year=YEAR)
    client.force_login(leader_a)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("pledges:secretaries"), {"cap": 4, "nam": YEAR})
    assert response.status_code == 200
