"""Petitions: forwarded by the office, answered by the agency, seen by the cadre; the flow's rules."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from assignments import selectors
from assignments.models import Petition
from assignments.services import petition_change_status, petition_forward, petition_record_verdict
from notifications.models import Notification

from .factories import PetitionFactory

pytestmark = pytest.mark.django_db
Status = Petition.Status


@pytest.fixture
def petition(tree, cadre_a1, group_assignment):
    return PetitionFactory(unit=tree["A1-1-1"], raised_by=cadre_a1.cadre, raised_on=timezone.localdate())


def test_the_whole_flow_from_the_cadre_to_the_agency_and_back(
    client, petition, office, agency, agency_user, cadre_a1
):
    client.force_login(office)
    r = client.post(reverse("assignments:petition_forward", args=[petition.pk]), {"agency": agency.pk})
    assert r.status_code == 302
    petition.refresh_from_db()
    assert petition.status == Status.FORWARDED and petition.agency == agency
    assert Notification.objects.filter(recipient=agency_user, kind="forwarded").count() == 1

    client.force_login(agency_user)
    r = client.post(
        reverse("assignments:petition_status", args=[petition.pk]),
        {"status": "answered", "answer": "Đã sửa đường trong tháng 12."},
    )
    assert r.status_code == 302
    petition.refresh_from_db()
    assert petition.status == Status.ANSWERED and petition.answered_by == agency_user
    assert petition.answered_on == timezone.localdate()

    client.force_login(cadre_a1)
    html = client.get(reverse("assignments:mine")).content.decode()
    assert "Đã sửa đường trong tháng 12." in html
    assert Notification.objects.filter(recipient=cadre_a1, kind="answered").exists()
    events = list(petition.events.values_list("from_status", "to_status", "by__username"))
    assert events == [
        ("new", "forwarded", "office"),
        ("forwarded", "answered", "agency_user"),
    ]


def test_a_status_change_the_flow_does_not_allow_is_refused_and_the_answer_typed_stays(
    client, petition, agency, agency_user
):
    petition.agency, petition.status = agency, Status.ANSWERED
    petition.save()
    client.force_login(agency_user)
    r = client.post(
        reverse("assignments:petition_status", args=[petition.pk]),
        {"status": "in_progress", "answer": "Câu trả lời đang gõ dở"},
    )
    assert r.status_code == 400
    html = r.content.decode()
    assert "không thể chuyển sang" in html
    assert "Câu trả lời đang gõ dở" in html
    petition.refresh_from_db()
    assert petition.status == Status.ANSWERED


def test_forwarding_an_answered_petition_is_refused(petition, office, agency):
    from django.core.exceptions import ValidationError

    petition.status = Status.ANSWERED
    petition.save()
    with pytest.raises(ValidationError) as err:
        petition_forward(petition=petition, agency=agency, acting_user=office)
    assert "status" in err.value.message_dict


def test_an_answer_needs_its_text(client, petition, office, agency, agency_user):
    petition_forward(petition=petition, agency=agency, acting_user=office)
    client.force_login(agency_user)
    r = client.post(
        reverse("assignments:petition_status", args=[petition.pk]), {"status": "answered", "answer": ""}
    )
    assert r.status_code == 400
    assert "Hãy ghi nội dung trả lời" in r.content.decode()


def test_a_declined_petition_says_who_declined_it_and_where_to_turn(
    client, petition, office, agency, agency_user, cadre_a1
):
    agency_user.first_name, agency_user.last_name = "Ngô", "Thanh"
    agency_user.save()
    petition_forward(petition=petition, agency=agency, acting_user=office)
    petition_change_status(
        petition=petition,
        to_status=Status.RETURNED,
        reason="Không thuộc thẩm quyền xã.",
        redirect_to="Phòng Nông nghiệp và Môi trường huyện",
        acting_user=agency_user,
    )
    client.force_login(cadre_a1)
    html = client.get(reverse("assignments:petition_detail", args=[petition.pk])).content.decode()
    assert "Ngô Thanh" in html and "Ủy ban nhân dân xã An Hòa" in html
    assert "Phòng Nông nghiệp và Môi trường huyện" in html and "Không thuộc thẩm quyền xã." in html
    # Returned petitions go back to the office, which may route them again.
    petition_forward(petition=petition, agency=agency, acting_user=office)
    assert petition.status == Status.FORWARDED and petition.redirect_to == ""


def test_a_return_without_reason_or_destination_is_refused(petition, office, agency, agency_user):
    from django.core.exceptions import ValidationError

    petition_forward(petition=petition, agency=agency, acting_user=office)
    with pytest.raises(ValidationError) as err:
        petition_change_status(petition=petition, to_status=Status.RETURNED, acting_user=agency_user)
    assert {"reason", "redirect_to"} <= set(err.value.message_dict)


def test_a_user_of_another_agency_cannot_answer(petition, office, agency, other_agency):
    from django.core.exceptions import PermissionDenied

    from tests.accounts.factories import UserFactory

    from .factories import AgencyMemberFactory

    stranger = UserFactory(username="other_agency_user")
    AgencyMemberFactory(agency=other_agency, user=stranger)
    petition_forward(petition=petition, agency=agency, acting_user=office)
    with pytest.raises(PermissionDenied):
        petition_change_status(petition=petition, to_status=Status.ANSWERED, answer="x", acting_user=stranger)


def test_an_agency_user_sees_only_petitions_routed_to_their_agency(
    client, tree, office, agency, other_agency, agency_user
):
    mine = PetitionFactory(
        unit=tree["A1-1-1"], agency=agency, status=Status.FORWARDED, content="Của xã An Hòa"
    )
    PetitionFactory(
        unit=tree["B1-1"], agency=other_agency, status=Status.FORWARDED, content="Của xã Bình Đông"
    )
    PetitionFactory(unit=tree["A1-1"], content="Chưa chuyển")
    client.force_login(agency_user)
    html = client.get(reverse("assignments:petition_list")).content.decode()
    assert "Của xã An Hòa" in html and "Của xã Bình Đông" not in html and "Chưa chuyển" not in html
    assert client.get(reverse("assignments:petition_detail", args=[mine.pk])).status_code == 200


def test_a_petition_outside_scope_is_403_and_unknown_is_404(client, tree, cadre_b1):
    other = PetitionFactory(unit=tree["A1-1-1"])
    client.force_login(cadre_b1)
    assert client.get(reverse("assignments:petition_detail", args=[other.pk])).status_code == 403
    assert client.get(reverse("assignments:petition_detail", args=[424242])).status_code == 404


def test_the_people_verdict_feeds_the_agency_figures(petition, office, agency, agency_user, cadre_a1):
    petition_forward(petition=petition, agency=agency, acting_user=office)
    petition_change_status(
        petition=petition, to_status=Status.RESOLVED, answer="Đã sửa xong.", acting_user=agency_user
    )
    petition_record_verdict(petition=petition, satisfied=True, acting_user=cadre_a1)
    late = PetitionFactory(
        unit=petition.unit,
        agency=agency,
        status=Status.ANSWERED,
        raised_on=datetime.date(2026, 3, 1),
        answered_on=datetime.date(2026, 4, 30),
    )
    overdue = PetitionFactory(
        unit=petition.unit, agency=agency, status=Status.FORWARDED, raised_on=datetime.date(2026, 3, 1)
    )
    row = selectors.agency_figures([agency.pk]).get()
    assert (
        row["routed"],
        row["answered_in_time"],
        row["answered_late"],
        row["overdue"],
        row["resolved"],
    ) == (3, 1, 1, 1, 1)
    assert late.answered_in_time() is False and overdue.is_overdue()


def test_the_verdict_before_an_answer_is_refused(petition, cadre_a1):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        petition_record_verdict(petition=petition, satisfied=True, acting_user=cadre_a1)


def test_the_list_filters_and_highlights_overdue(client, tree, office, agency, django_assert_max_num_queries):
    PetitionFactory(
        unit=tree["A1-1-1"],
        agency=agency,
        status=Status.FORWARDED,
        raised_on=datetime.date(2026, 3, 1),
        content="Quá hạn lâu",
    )
    PetitionFactory(unit=tree["B1-1"], raised_on=timezone.localdate(), content="Mới ở Bình Đông")
    for _ in range(18):  # the first page holds 20 (PETITION_PAGE_SIZE)
        PetitionFactory(unit=tree["A1-1"], raised_on=datetime.date(2026, 5, 2))
    client.force_login(office)
    with django_assert_max_num_queries(8):
        html = client.get(
            reverse("assignments:petition_list"), {"overdue": "on", "unit": "A"}
        ).content.decode()
    assert "Quá hạn lâu" in html and "Mới ở Bình Đông" not in html
    assert 'class="overdue"' in html
    html = client.get(
        reverse("assignments:petition_list"), {"unit": "B", "start": "2026-06-01"}
    ).content.decode()
    assert "Mới ở Bình Đông" in html and "Quá hạn lâu" not in html


def test_the_export_holds_what_is_filtered_and_in_scope(client, tree, leader_a, agency):
    PetitionFactory(unit=tree["A1-1-1"], agency=agency, status=Status.FORWARDED, content="Trong huyện A")
    PetitionFactory(unit=tree["B1-1"], content="Ở huyện B")
    client.force_login(leader_a)
    response = client.get(reverse("assignments:petition_list"), {"export": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 2 and rows[1][5] == "Trong huyện A" and rows[1][7] == "Ủy ban nhân dân xã An Hòa"
    response = client.get(reverse("assignments:petition_list"), {"export": "xlsx", "status": "new"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 1  # only the header: nothing of huyện A is new, huyện B is out of scope


def test_a_leader_cannot_filter_on_a_unit_outside_scope(client, tree, leader_a):
    """Another district's code reads like a code nobody has: the message, and no district B name."""
    client.force_login(leader_a)
    html = client.get(reverse("assignments:petition_list"), {"unit": "B"}).content.decode()
    assert "Không có đơn vị nào có mã B." in html and tree["B"].name not in html
    unknown = client.get(reverse("assignments:petition_list"), {"unit": "ZZ"}).content.decode()
    assert "Không có đơn vị nào có mã ZZ." in unknown


def test_the_cadres_cached_page_shows_a_new_contact_an_answer_and_a_notification_at_once(
    client, petition, office, agency, agency_user, cadre_a1, page_cache, django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    mine = reverse("assignments:mine")
    client.force_login(cadre_a1)
    assert client.get(mine).status_code == 200
    with django_assert_max_num_queries(5):  # session, user, agencies, (roles): the page's lists are cached
        client.get(mine)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("assignments:contact_create"), {
            "unit": "A1-1-1", "contacted_on": timezone.localdate().isoformat(), "kind": "visit",
            "disseminated": "Quán triệt Chỉ thị 05", "opinions": ""})
    assert timezone.localdate().strftime("%d/%m/%Y") in client.get(mine).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        petition_forward(petition=petition, agency=agency, acting_user=office)
        petition_change_status(
            petition=petition, to_status="answered", answer="Đã sửa đường trong tháng 12.", acting_user=agency_user
        )
    html = client.get(mine).content.decode()
    assert "Đã sửa đường trong tháng 12." in html  # the answer, and the notification of it (the bell)
    assert Notification.objects.filter(recipient=cadre_a1, kind="answered").exists()
    assert "Thông báo mới" in html

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("notifications:list"))
    assert "Thông báo mới" not in client.get(mine).content.decode()


def test_recording_the_people_view_confirms_that_view_not_the_agencys_status(
    client, petition, office, agency, agency_user, cadre_a1
):
    """It said "Kiến nghị #n: Đã trả lời." after the cadre recorded that the people consider it resolved."""
    petition_forward(petition=petition, agency=agency, acting_user=office)
    petition_change_status(petition=petition, to_status=Status.ANSWERED, answer="Đã sửa.", acting_user=agency_user)
    client.force_login(cadre_a1)
    url = reverse("assignments:petition_verdict", args=[petition.pk])
    r = client.post(url, {"satisfied": "yes"}, follow=True)
    text = r.content.decode()
    assert f"Kiến nghị số {petition.pk}: nhân dân cho rằng đã được giải quyết." in text
    assert f"Kiến nghị số {petition.pk}: Đã trả lời." not in text
    r = client.post(url, {"satisfied": "no"}, follow=True)
    assert f"Kiến nghị số {petition.pk}: nhân dân cho rằng chưa được giải quyết." in r.content.decode()
