from pledges import demo
from pledges.models import Commitment, Evaluation, Pledge, RemedialAction, Review
from tests.units.factories import CadreFactory


def test_the_demo_adds_a_year_of_data_once(orgs, tree):
    for n, org in enumerate(orgs.values()):
        org.secretary = CadreFactory(code=f"S{n}", work_unit=tree["A1"], party_org=orgs["A1-1"])
        org.save()
    added = demo.load(year=2026, log=lambda *a: None)
    assert added["Pledge"] == Pledge.objects.count() > 0
    assert Pledge.objects.filter(published_version__isnull=False).exists()
    assert Commitment.objects.exists() and Evaluation.objects.filter(period="year_end").exists()
    assert Review.objects.filter(year=2025).exists() and RemedialAction.objects.exists()

    counts = {m: m.objects.count() for m in (Pledge, Commitment, Review, RemedialAction, Evaluation)}
    assert demo.load(year=2026, log=lambda *a: None) == {
        "Pledge": 0,
        "Commitment": 0,
        "Review": 0,
        "PublicComment": 0,
    }
    assert counts == {m: m.objects.count() for m in counts}
