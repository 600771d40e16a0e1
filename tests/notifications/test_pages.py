"""The bell with its count in the header of every page, the list (mark read), and the home page's
"waiting on you" counts for a leader and a secretary, each linked to its list: bounded queries."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from assignments.services import petition_forward
from notifications import services
from notifications.models import Notification
from notifications.services import Notice
from tests.assignments.factories import PetitionFactory
from tests.cells.factories import MeetingFactory
from tests.pledges.factories import PledgeFactory, ReviewFactory, action_for

pytestmark = pytest.mark.django_db


def bell(html):
    found = re.search(r'data-testid="bell-count">(\d+)<', html)
    return int(found.group(1)) if found else 0


def counts(html):
    return {key: int(n) for key, n in re.findall(
        r'data-testid="waiting-([a-z_]+)"><span class="waiting-count">(\d+)</span>', html)}


def notify(user, n, capture):
    with capture(execute=True):
        services.notify([user.pk], Notice("forwarded", f"t:{n}", f"Việc số {n}", "/phan-cong/kien-nghi/"))


def test_the_bell_counts_unread_on_every_page_and_costs_no_query_once_cached(
    client, cadre_a1, settings, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    client.force_login(cadre_a1)
    directives = reverse("directives:list")
    assert bell(client.get(directives).content.decode()) == 0
    for n in range(3):
        notify(cadre_a1, n, django_capture_on_commit_callbacks)
    html = client.get(directives).content.decode()
    assert bell(html) == 3 and "Thông báo mới" in html
    # Once cached, the bell adds nothing to the page: the same page with the cache off costs one more.
    with django_assert_max_num_queries(50) as cached:
        client.get(directives)
    settings.BELL_CACHE_SECONDS = 0
    with django_assert_max_num_queries(50) as uncached:
        client.get(directives)
    assert len(uncached.captured_queries) == len(cached.captured_queries) + 1


def test_the_list_shows_newest_first_and_marks_read(
    client, cadre_a1, cadre_b1, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    for n in range(40):
        notify(cadre_a1, n, django_capture_on_commit_callbacks)
    notify(cadre_b1, 99, django_capture_on_commit_callbacks)
    client.force_login(cadre_a1)
    url = reverse("notifications:list")
    with django_assert_max_num_queries(8):  # session, user, the bell, count + page, roles for the menu
        html = client.get(url).content.decode()
    assert html.index("Việc số 39") < html.index("Việc số 20") and "Việc số 99" not in html
    assert "Việc số 5<" not in html  # 30 a page
    assert "Trang 1/2" in html

    one = Notification.objects.get(recipient=cadre_a1, event="t:39")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"id": one.pk})
    assert bell(client.get(url).content.decode()) == 39
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"id": Notification.objects.get(recipient=cadre_b1).pk})  # not theirs
    assert Notification.objects.get(recipient=cadre_b1).read_at is None
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    html = client.get(url).content.decode()
    assert bell(html) == 0 and "Thông báo mới" not in html
    assert Notification.objects.filter(recipient=cadre_b1, read_at__isnull=True).count() == 1


@pytest.fixture
def work(tree, orgs, office, cadre_a1, secretary_a1, agency, leader_a):
    """In Huyện A: two new petitions and one overdue, a pledge waiting on the cell's secretary with a
    citizen's comment, a meeting next week, a remedial action due tomorrow. In Huyện B: a new petition."""
    today = timezone.localdate()
    for _n in range(2):
        PetitionFactory(unit=tree["A1-1"], raised_on=today)
    late = PetitionFactory(unit=tree["A1-1"], raised_on=today - datetime.timedelta(days=60))
    petition_forward(petition=late, agency=agency, acting_user=office, due_on=today)
    late.__class__.objects.filter(pk=late.pk).update(due_on=today - datetime.timedelta(days=1))
    due = PetitionFactory(unit=tree["A1-1"], raised_on=today)
    petition_forward(petition=due, agency=agency, acting_user=office, due_on=today + datetime.timedelta(days=2))
    PetitionFactory(unit=tree["B1-1"], raised_on=today)
    pledge = PledgeFactory(org=orgs["A1-1"], cadre=cadre_a1.cadre, content__status="submitted")
    from pledges.models import PublicComment

    PublicComment.objects.create(pledge=pledge, body="Góp ý")
    MeetingFactory(cell=orgs["A1-1"], held_on=today + datetime.timedelta(days=7))
    review = ReviewFactory(org=orgs["A1-1"], cadre=cadre_a1.cadre, year=today.year)
    action_for(review, due_on=today + datetime.timedelta(days=1), owner=cadre_a1.cadre)


def test_a_leaders_home_starts_with_what_waits_on_them(client, leader_a, work, django_assert_max_num_queries):
    client.force_login(leader_a)
    with django_assert_max_num_queries(16):
        html = client.get(reverse("home")).content.decode()
    assert html.index('data-testid="waiting"') < html.index("<h1>")  # the first thing on the page
    assert counts(html) == {
        "unread": 0, "to_route": 2, "overdue": 1, "approval": 1, "moderation": 1, "meetings": 1, "deadlines": 2,
    }
    assert 'href="/phan-cong/kien-nghi/?status=new" data-testid="waiting-to_route"' in html
    # The linked list shows the same number.
    listed = client.get("/phan-cong/kien-nghi/?status=new").content.decode()
    assert listed.count("/phan-cong/kien-nghi/") >= 2 and "Bình Đông" not in listed


def test_a_secretarys_home_counts_their_cells_pledges_and_meetings(
    client, secretary_a1, work, django_assert_max_num_queries
):
    client.force_login(secretary_a1)
    with django_assert_max_num_queries(14):
        html = client.get(reverse("home")).content.decode()
    got = counts(html)
    assert got["approval"] == 1 and got["moderation"] == 1 and got["meetings"] == 1
    assert "to_route" not in got  # routing petitions is a leader's work
    page = client.get(reverse("notifications:waiting")).content.decode()
    assert "Chi bộ Ấp 1" in page and (timezone.localdate() + datetime.timedelta(days=7)).strftime("%d/%m/%Y") in page
    assert "Việc khắc phục hạn" in page


def test_the_waiting_page_is_bounded_and_scoped(client, cadre_b1, leader_a, work, django_assert_max_num_queries):
    client.force_login(leader_a)
    with django_assert_max_num_queries(10):
        page = client.get(reverse("notifications:waiting")).content.decode()
    assert "Kiến nghị số" in page and "Chi bộ Ấp 1" in page
    client.force_login(cadre_b1)
    other = client.get(reverse("notifications:waiting")).content.decode()
    assert "An Hòa" not in other and "Chưa có lịch sinh hoạt." in other
    assert counts(client.get(reverse("home")).content.decode())["deadlines"] == 0
