"""The 2026 text migration run again on a database that has the first release's texts and records
linked to them: what a user linked keeps its meaning, what the office confirmed stays, and a second run
changes nothing."""

import importlib

import pytest
from django.apps import apps

from cells.models import Meeting, MeetingTopic
from directives.models import DirectiveItem, Verification
from tests.pledges.factories import PledgeFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("directives.migrations.0004_texts_directives_2026")
OLD_TTCT7 = "Thờ ơ, vô cảm trước khó khăn, bức xúc chính đáng của nhân dân."


def get(code, symbol="04-NQ/TW"):
    return DirectiveItem.objects.get(directive__symbol=symbol, code=code)


def test_records_linked_to_the_old_ttct_7_follow_its_meaning_to_ddls_5(cadre_a1, orgs):
    ttct7 = get("TTCT-7")
    DirectiveItem.objects.filter(pk=ttct7.pk).update(text=OLD_TTCT7, verification="uncertain")
    pledge = PledgeFactory(org=cadre_a1.cadre.party_org, cadre=cadre_a1.cadre)
    action = pledge.current_version.items.get()
    action.directive_items.set([ttct7])
    meeting = Meeting.objects.create(cell=orgs["A1-1"], held_on="2025-03-10", duration_minutes=90)
    MeetingTopic.objects.create(meeting=meeting, directive=ttct7.directive, item=ttct7)

    migration.seed(apps, None)

    ddls5 = get("DDLS-5")
    assert list(action.directive_items.all()) == [ddls5]
    assert MeetingTopic.objects.get(meeting=meeting).item == ddls5
    ttct7.refresh_from_db()
    assert ttct7.key_phrase == "áp đặt, bảo thủ" and ttct7.verification == Verification.PARTIAL


def test_an_item_the_office_confirmed_keeps_its_official_text_and_a_second_run_changes_nothing(db):
    official = "Nguyên văn do Văn phòng nhập."
    DirectiveItem.objects.filter(directive__symbol="04-NQ/TW", code="DDLS-3").update(
        text=official, verification=Verification.CONFIRMED
    )
    migration.seed(apps, None)
    before = list(
        DirectiveItem.objects.order_by("pk").values_list("code", "text", "verification", "group_id")
    )
    migration.seed(apps, None)
    assert (
        list(DirectiveItem.objects.order_by("pk").values_list("code", "text", "verification", "group_id"))
        == before
    )
    item = get("DDLS-3")
    assert (item.text, item.verification, item.key_phrase) == (
        official,
        Verification.CONFIRMED,
        "kê khai tài sản",
    )
