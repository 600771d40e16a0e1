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


def test_the_demo_adds_a_few_valid_evidence_files_under_media_root_once(orgs, tree, media):
    import io
    import re

    from PIL import Image

    from pledges.models import Evidence
    from pledges.uploads import sniff

    for n, org in enumerate(orgs.values()):
        org.secretary = CadreFactory(code=f"S{n}", work_unit=tree["A1"], party_org=orgs["A1-1"])
        org.save()
    demo.load(year=2026, log=lambda *a: None)
    evidence = list(Evidence.objects.order_by("pk"))
    assert evidence and {e.content_type for e in evidence} == {"application/pdf", "image/png"}
    for e in evidence:
        path = e.file.path
        assert path.startswith(str(media))
        content = open(path, "rb").read()
        assert len(content) == e.size and sniff(content[:16])[0] == e.content_type
        if e.content_type == "image/png":
            assert Image.open(io.BytesIO(content)).size == (16, 16)
        else:  # every cross-reference offset points at its object, and startxref at the table
            xref = int(re.search(rb"startxref\n(\d+)", content).group(1))
            assert content[xref:].startswith(b"xref")
            offsets = re.findall(rb"(\d{10}) 00000 n", content)
            assert [content[int(o) :].split(b" ")[0] for o in offsets] == [b"1", b"2", b"3", b"4", b"5"]
    files = sorted(p.name for p in (media / "pledges" / "evidence" / "2026").iterdir())
    demo.load(year=2026, log=lambda *a: None)
    assert Evidence.objects.count() == len(evidence)
    assert sorted(p.name for p in (media / "pledges" / "evidence" / "2026").iterdir()) == files
