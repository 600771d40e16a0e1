"""After the meeting: the biên bản recorded from the plan (times, chair, recorder, attendance by
name, guests, agenda, discussion, votes), printable as an A4 DOCX and PDF; an end time before the
start is refused with what was typed kept."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from cells import services
from cells.models import Meeting
from tests.accounts.factories import PASSWORD
from tests.cells.factories import members

pytestmark = pytest.mark.django_db

D = datetime.timedelta
A4 = (210, 297)  # mm


def signed_in(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def planned(secretary_a1, orgs):
    """Today's planned meeting of Chi bộ Ấp 1 with three members and a directive on its agenda."""
    from directives.models import Directive

    people = members(orgs["A1-1"], 3)
    ct05 = Directive.objects.get(symbol="05-CT/TW")
    meeting = services.meeting_plan(
        cell=orgs["A1-1"],
        planned_on=timezone.localdate(),
        place="Nhà văn hóa ấp 1",
        directives=[ct05],
        topic_title="Học tập và làm theo tư tưởng Hồ Chí Minh",
        acting_user=secretary_a1,
    )
    return meeting, people


def minutes_data(people, **extra):
    from directives.models import Directive

    data = {
        "directives": [Directive.objects.get(symbol="05-CT/TW").pk],  # checked on the form, from the plan
        "held_on": timezone.localdate().strftime("%d/%m/%Y"),
        "kind": "regular",
        "starts_at": "19:30",
        "ends_at": "21:15",
        "place": "Nhà văn hóa ấp 1",
        "chair": people[0].pk,
        "recorder": people[1].pk,
        "minutes": "Đồng chí bí thư đánh giá kết quả tháng trước.",
        "discussion": "Đồng chí Hai đề nghị làm đường bê tông.",
        "resolution": "Chi bộ thống nhất làm đường bê tông.",
        "votes_for": "2",
        "votes_against": "0",
        "votes_abstain": "0",
        f"att_{people[0].pk}": "present",
        f"att_{people[1].pk}": "present",
        f"att_{people[2].pk}": "excused",
        f"reason_{people[2].pk}": "Đi làm ăn xa",
    }
    data.update(extra)
    return data


def test_recording_the_minutes_holds_the_planned_meeting(client, secretary_a1, planned):
    meeting, people = planned
    response = signed_in(client, secretary_a1).post(
        reverse("cells:meeting_edit", args=["CBA1-1", meeting.pk]), minutes_data(people)
    )
    assert response.status_code == 302 and response.url == reverse(
        "cells:meeting", args=["CBA1-1", meeting.pk]
    )
    meeting.refresh_from_db()
    assert meeting.status == "held" and meeting.duration_minutes == 105  # 19:30–21:15
    assert (meeting.chair, meeting.recorder, meeting.votes_for) == (people[0], people[1], 2)
    assert meeting.topics.get().directive.symbol == "05-CT/TW"  # the plan's agenda kept


def test_the_directive_items_a_plan_put_on_the_agenda_stay_when_it_is_held(client, secretary_a1, orgs):
    from directives.models import DirectiveItem

    people = members(orgs["A1-1"], 3)
    item = DirectiveItem.objects.select_related("directive").order_by("pk").first()
    meeting = services.meeting_plan(
        cell=orgs["A1-1"], planned_on=timezone.localdate(), items=[item], acting_user=secretary_a1
    )
    # The minutes form offers the plan's item chosen; sent back as shown, the item is kept.
    url = reverse("cells:meeting_edit", args=["CBA1-1", meeting.pk])
    form = signed_in(client, secretary_a1).get(url).context["form"]
    assert list(form.initial["items"]) == [item.pk] and not form.initial["directives"]
    data = minutes_data(people, directives=[], items=[item.pk])
    client.post(url, data)
    topic = Meeting.objects.get(pk=meeting.pk).topics.get()
    assert (topic.item, topic.directive_id) == (item, item.directive_id)
    assert Meeting.objects.count() == 1


def test_an_end_before_the_start_is_refused_with_the_input_kept(client, secretary_a1, planned):
    meeting, people = planned
    response = signed_in(client, secretary_a1).post(
        reverse("cells:meeting_edit", args=["CBA1-1", meeting.pk]),
        minutes_data(people, starts_at="20:00", ends_at="19:00"),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Buổi sinh hoạt không thể kết thúc (19:00) trước khi bắt đầu (20:00)" in body
    assert "Đồng chí Hai đề nghị làm đường bê tông." in body and 'value="20:00"' in body
    assert Meeting.objects.get(pk=meeting.pk).status == "planned"


def test_more_votes_than_members_present_are_refused(client, secretary_a1, planned):
    meeting, people = planned
    response = signed_in(client, secretary_a1).post(
        reverse("cells:meeting_edit", args=["CBA1-1", meeting.pk]), minutes_data(people, votes_for="3")
    )
    assert "chỉ có 2 đảng viên có mặt" in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).status == "planned"


def test_a_planned_meeting_in_the_future_cannot_be_recorded_as_held(client, secretary_a1, orgs):
    people = members(orgs["A1-1"], 3)
    meeting = services.meeting_plan(
        cell=orgs["A1-1"], planned_on=timezone.localdate() + D(days=5), acting_user=secretary_a1
    )
    response = signed_in(client, secretary_a1).post(
        reverse("cells:meeting_edit", args=["CBA1-1", meeting.pk]),
        minutes_data(people, held_on=meeting.held_on.strftime("%d/%m/%Y")),
    )
    assert "Ngày sinh hoạt không thể ở tương lai" in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).status == "planned"


@pytest.fixture
def recorded(client, secretary_a1, planned, orgs):
    meeting, people = planned
    signed_in(client, secretary_a1).post(
        reverse("cells:meeting_edit", args=["CBA1-1", meeting.pk]), minutes_data(people)
    )
    services.task_add(
        meeting=Meeting.objects.get(pk=meeting.pk),
        title="Khảo sát tuyến đường bê tông",
        owner=people[2],
        deadline=timezone.localdate() + D(days=30),
        acting_user=secretary_a1,
    )
    return Meeting.objects.get(pk=meeting.pk), people


def test_the_minutes_docx_is_a4_with_the_names_present(client, recorded):
    from docx import Document
    from docx.shared import Mm

    meeting, people = recorded
    response = client.get(reverse("cells:meeting_docx", args=["CBA1-1", meeting.pk]))
    assert response.status_code == 200
    assert "bien-ban-CBA1-1" in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    section = document.sections[0]
    assert (round(section.page_width / Mm(1)), round(section.page_height / Mm(1))) == A4
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    everything = text + "\n" + cells
    assert "BIÊN BẢN" in everything and "CHI BỘ ẤP 1" in everything
    assert f"Có mặt (2): {people[0].full_name}, {people[1].full_name}" in text
    assert f"Vắng có lý do (1): {people[2].full_name} (Đi làm ăn xa)" in text
    assert "Chủ trì: " + people[0].full_name in text and people[1].full_name in text
    assert "19:30" in text and "21:15" in text and "05-CT/TW" in text
    assert "Đồng chí Hai đề nghị làm đường bê tông." in text
    assert "Biểu quyết: 2 tán thành, 0 không tán thành, 0 không biểu quyết." in text
    assert "Khảo sát tuyến đường bê tông" in cells


def test_the_minutes_pdf_is_a4_on_every_page(client, recorded):
    """The names are the DOCX's (one content, `documents.build_minutes`); the PDF embeds its font as
    glyph ids, so here only the paper size is read, from each page's MediaBox (points)."""
    meeting, _people = recorded
    response = client.get(reverse("cells:meeting_pdf", args=["CBA1-1", meeting.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([0-9.]+) ([0-9.]+)\s*\]", response.content)
    assert boxes and all((round(float(w) * 25.4 / 72), round(float(h) * 25.4 / 72)) == A4 for w, h in boxes)


def test_a_planned_meeting_has_no_minutes_to_print(client, secretary_a1, planned):
    meeting, _people = planned
    client = signed_in(client, secretary_a1)
    assert client.get(reverse("cells:meeting_docx", args=["CBA1-1", meeting.pk])).status_code == 404


def test_another_districts_user_cannot_read_the_minutes(client, cadre_b1, recorded):
    meeting, _people = recorded
    client = signed_in(client, cadre_b1)
    assert client.get(reverse("cells:meeting_docx", args=["CBA1-1", meeting.pk])).status_code == 403
    assert client.get(reverse("cells:meeting_pdf", args=["CBA1-1", meeting.pk])).status_code == 403
