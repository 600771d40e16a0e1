"""Bad-input sweep over pledges, commitments and reviews: every form through its real view, signed in
as the owner (create, edit, self-assessment, shortcomings), the superior committee (return, evaluate,
annul, moderate) or the office (corrections)."""

import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from directives.models import DirectiveItem
from pledges import models as pm
from tests.pledges.factories import CommitmentFactory

from .checks import Submission
from .strategies import FEW, FUZZ, choice, dates, numbers, short_text, text, year_dates

pytestmark = pytest.mark.django_db

WRITES = [
    pm.Pledge,
    pm.PledgeVersion,
    pm.PledgeItem,
    pm.PublicComment,
    pm.Commitment,
    pm.CommitmentItem,
    pm.SelfAssessment,
    pm.Evidence,
    pm.Evaluation,
    pm.Review,
    pm.Shortcoming,
    pm.RemedialAction,
    pm.Milestone,
    pm.ProgressAssessment,
    pm.PressingIssue,
]
GRADES = [g for g, _label in pm.Grade.choices]
PERIODS = [p for p, _label in pm.Period.choices]
years = st.one_of(numbers, st.sampled_from(["2026", "2027", "2015", "2101"]))
owners = choice(["self", "org"], also=["cadre", "other"])
flags = st.one_of(st.sampled_from(["1", "0", "on", ""]), short_text)


def item_ids():
    return [str(pk) for pk in DirectiveItem.objects.values_list("pk", flat=True)[:3]]


def formset(prefix, rows, total):
    data = {f"{prefix}-TOTAL_FORMS": total, f"{prefix}-INITIAL_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}
    for n, row in enumerate(rows):
        data.update({f"{prefix}-{n}-{key}": value for key, value in row.items()})
    return data


pledge_rows = st.lists(
    st.fixed_dictionaries(
        {
            "study": text,
            "follow": text,
            "action": text,
            "deliverable": short_text,
            "deadline": st.one_of(dates, year_dates),
            "directive_items": numbers,
            "DELETE": flags,
        }
    ),
    max_size=3,
)
commitment_rows = st.lists(
    st.fixed_dictionaries(
        {
            "task": text,
            "deliverable": short_text,
            "deadline": st.one_of(dates, year_dates),
            "directive_items": numbers,
        }
    ),
    max_size=3,
)
totals = st.one_of(st.sampled_from(["1", "2", "3"]), numbers)


@FUZZ
@given(year=years, owner=owners)
def test_pledge_create(client, world, year, owner):
    sub = Submission(client, world.users["cadre_a1"], models=WRITES, typed={})
    sub.post(reverse("pledges:create"), {"year": year, "owner": owner}, created={pm.Pledge: 1})


@FUZZ
@given(theme=text, shortcomings=text, rows=pledge_rows, total=totals, add=st.booleans())
def test_pledge_edit(client, world, theme, shortcomings, rows, total, add):
    pledge = world.districts["A"].objs["draft_pledge"]
    data = {"theme": theme, "shortcomings": shortcomings, **formset("items", rows, total)}
    if add:
        data["them-dong"] = "1"
    sub = Submission(client, world.users["office"], models=WRITES, typed={"theme": theme}, form=not add)
    sub.post(reverse("pledges:edit", args=[pledge.pk]), data)
    if sub.accepted:
        assert pm.PledgeItem.objects.filter(version__pledge=pledge).exists()


@FUZZ
@given(comment=text, status=st.sampled_from(["draft", "submitted"]))
def test_pledge_return(client, world, comment, status):
    pledge = world.districts["A"].objs["draft_pledge"]
    pm.PledgeVersion.objects.filter(pk=pledge.current_version_id).update(status=status)
    sub = Submission(client, world.users["leader_a"], models=WRITES, typed={"comment": comment})
    sub.post(reverse("pledges:return", args=[pledge.pk]), {"comment": comment})


@FEW
@given(publish=flags, approve=flags, action=st.sampled_from(["submit", "approve", "publish"]))
def test_pledge_actions_and_moderation(client, world, publish, approve, action):
    pledge = world.districts["A"].objs["draft_pledge"]
    sub = Submission(client, world.users["leader_a"], models=WRITES, form=False)
    sub.post(reverse(f"pledges:{action}", args=[pledge.pk]), {"publish": publish})
    comment = world.districts["A"].objs["comment"]
    sub.post(reverse("pledges:comment_moderate", args=[comment.pk]), {"approve": approve})
    other = world.districts["B"].objs["comment"]
    sub.post(reverse("pledges:comment_moderate", args=[other.pk]), {"approve": approve})
    assert pm.PublicComment.objects.get(pk=other.pk).status == other.status  # another district's


@FUZZ
@given(year=years, owner=owners, summary=text, rows=commitment_rows, total=totals, add=st.booleans())
def test_commitment_create(client, world, year, owner, summary, rows, total, add):
    data = {"year": year, "owner": owner, "summary": summary, **formset("items", rows, total)}
    if add:
        data["them-dong"] = "1"
    sub = Submission(client, world.users["cadre_a1"], models=WRITES, typed={"summary": summary}, form=not add)
    sub.post(reverse("pledges:commitment_create"), data, created={pm.Commitment: 1})


@FUZZ
@given(summary=text, rows=commitment_rows, total=totals)
def test_commitment_edit(client, world, summary, rows, total):
    cadre = world.users["cadre_a1"].cadre
    commitment = pm.Commitment.objects.filter(cadre=cadre, year=2027).first() or CommitmentFactory(
        org=world.orgs["A1-1"], cadre=cadre, year=2027
    )
    data = {"summary": summary, **formset("items", rows, total)}
    sub = Submission(client, world.users["cadre_a1"], models=WRITES, typed={"summary": summary})
    sub.post(reverse("pledges:commitment_edit", args=[commitment.pk]), data)


uploads = st.lists(
    st.tuples(
        st.one_of(
            st.sampled_from(
                [
                    "a.pdf",
                    "x.jpg",
                    "<script>.png",
                    "../../e.pdf",
                    "ả\u0301nh.jpeg",
                    "a" * 300 + ".pdf",
                    "no-extension",
                    ".pdf",
                ]
            ),
            st.text(min_size=1, max_size=40),
        ),
        st.one_of(
            st.binary(max_size=200),
            st.sampled_from([b"%PDF-1.4\n%%EOF\n", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff"]),
        ),
    ),
    max_size=2,
)


@FUZZ
@given(period=choice(PERIODS), results=text, grade=choice(GRADES), score=numbers, files=uploads)
def test_self_assessment(client, world, media, period, results, grade, score, files):
    commitment = world.districts["A"].objs["commitment"]
    data = {"period": period, "results": results, "self_grade": grade, "self_score": score}
    data["files"] = [
        SimpleUploadedFile(name, content)
        for name, content in files
        if os.path.basename(name.replace("\x00", "")) not in ("", ".", "..")
    ]
    sub = Submission(client, world.users["cadre_a1"], models=WRITES, typed={"results": results})
    sub.post(reverse("pledges:self_assess", args=[commitment.pk]), data)


@FUZZ
@given(period=choice(PERIODS), grade=choice(GRADES), score=numbers, comment=text, reason=text)
def test_evaluation(client, world, period, grade, score, comment, reason):
    commitment = world.districts["A"].objs["commitment"]
    data = {"period": period, "grade": grade, "score": score, "comment": comment, "annul_reason": reason}
    sub = Submission(client, world.users["leader_a"], models=WRITES, typed={"comment": comment})
    sub.post(reverse("pledges:evaluate", args=[commitment.pk]), data)


@FEW
@given(reason=text)
def test_evaluation_annul(client, world, reason):
    evaluation = world.districts["A"].objs["evaluation"]
    sub = Submission(client, world.users["leader_a"], models=WRITES, form=False)
    sub.post(reverse("pledges:evaluation_annul", args=[evaluation.pk]), {"reason": reason})


@FUZZ
@given(year=years, owner=owners, strengths=text, responsibility=text, earlier=text, grade=choice(GRADES))
def test_review_create(client, world, year, owner, strengths, responsibility, earlier, grade):
    data = {
        "year": year,
        "owner": owner,
        "strengths": strengths,
        "responsibility": responsibility,
        "earlier_results": earlier,
        "self_grade": grade,
    }
    sub = Submission(client, world.users["cadre_a1"], models=WRITES, typed={"strengths": strengths})
    sub.post(reverse("pledges:review_create"), data, created={pm.Review: 1})


action_rows = st.lists(
    st.fixed_dictionaries(
        {
            "description": text,
            "owner_code": choice(["CA1"], also=["CB1"]),
            "due_on": st.one_of(dates, year_dates),
            "milestones": st.one_of(
                text,
                st.lists(st.tuples(dates, short_text)).map(
                    lambda steps: "\n".join(f"{d} {t}" for d, t in steps)
                ),
            ),
        }
    ),
    max_size=3,
)


@FUZZ
@given(description=text, cause=text, items=st.data(), rows=action_rows, total=totals, add=st.booleans())
def test_shortcoming_add(client, world, description, cause, items, rows, total, add):
    review = world.districts["A"].objs["review"]
    data = {
        "description": description,
        "cause": cause,
        "directive_items": items.draw(choice(item_ids())),
        **formset("actions", rows, total),
    }
    if add:
        data["them-dong"] = "1"
    sub = Submission(
        client, world.users["cadre_a1"], models=WRITES, typed={"description": description}, form=not add
    )
    sub.post(reverse("pledges:shortcoming_add", args=[review.pk]), data)


@FUZZ
@given(
    day=st.one_of(dates, year_dates),
    status=choice(["on_track", "late", "done"]),
    note=text,
    done=flags,
    done_on=st.one_of(dates, year_dates, st.just("")),
)
def test_progress_and_milestones(client, world, day, status, note, done, done_on):
    action = world.districts["A"].objs["action"]
    milestone = world.districts["A"].objs["milestone"]
    sub = Submission(client, world.users["cadre_a1"], models=WRITES, form=False)
    sub.post(
        reverse("pledges:progress_add", args=[action.pk]),
        {"assessed_on": day, "status": status, "note": note},
    )
    sub.post(reverse("pledges:milestone_mark", args=[milestone.pk]), {"done": done, "done_on": done_on})


@FUZZ
@given(comment=st.data(), source=choice(["public", "superior"]), issue=text)
def test_pressing_issue(client, world, lan, comment, source, issue):
    review = world.districts["A"].objs["review"]
    ids = [str(world.districts["A"].objs["comment"].pk), str(world.districts["B"].objs["comment"].pk)]
    data = {"comment": comment.draw(choice(ids)), "source": source, "text": issue}
    sub = Submission(client, world.users["leader_a"], models=WRITES, typed={"text": issue})
    sub.post(reverse("pledges:issue_add", args=[review.pk]), data)
    if sub.accepted:
        assert not pm.PressingIssue.objects.filter(
            comment_id=world.districts["B"].objs["comment"].pk
        ).exists()


@FEW
@given(
    year=st.one_of(years, short_text),
    level=st.one_of(numbers, short_text),
    page=numbers,
    role=st.sampled_from(["cadre_a1", "leader_a", "office", "secretary_a1"]),
)
def test_pledge_lists(client, world, year, level, page, role):
    sub = Submission(client, world.users[role], models=WRITES)
    for name in ("index", "commitments", "reviews", "queue", "comments"):
        sub.get(reverse(f"pledges:{name}"), {"nam": year, "trang": page})
    sub.get(reverse("pledges:secretaries"), {"nam": year, "cap": level, "trang": page})
    sub.get(reverse("pledges:sheet", args=["A1-1"]), {"nam": year})
