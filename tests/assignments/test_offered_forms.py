"""Issue 15: a form the user may not save is not offered; where refusing is right (a petition for a unit
the cadre does not follow), the form comes back with the reason and what was typed, and nothing is written."""

import datetime

import pytest
from django.urls import reverse

from assignments.models import Petition
from tests.assignments.factories import category

pytestmark = pytest.mark.django_db

TYPED = "Đề nghị sửa cầu khỉ ấp 1 trước mùa mưa <b>gấp</b>"


def _post(client, unit_code):
    return client.post(
        reverse("assignments:petition_create"),
        {
            "unit": unit_code,
            "raised_on": datetime.date(2026, 3, 2).strftime("%d/%m/%Y"),
            "category": category().pk,
            "content": TYPED,
        },
    )


@pytest.mark.parametrize(
    "unit_code, reason",
    [
        # In her commune but not hers to follow: the reason is given.
        ("A1-1", "Bạn không được ghi kiến nghị cho Ấp 1: chỉ cán bộ được phân công theo dõi"),
        # Another district: outside her scope, it reads like a code nobody has (units.fields).
        ("B1", "Không có đơn vị nào có mã B1."),
    ],
)
def test_a_petition_for_a_unit_the_cadre_does_not_follow_comes_back_with_the_reason_and_the_text(
    client, cadre_a1, group_assignment, unit_code, reason, django_assert_max_num_queries
):
    client.force_login(cadre_a1)
    with django_assert_max_num_queries(20):
        response = _post(client, unit_code)
    text = response.content.decode()
    assert response.status_code == 200
    assert reason in text and "Bình Đông" not in text
    assert "Đề nghị sửa cầu khỉ ấp 1 trước mùa mưa &lt;b&gt;gấp&lt;/b&gt;" in text  # kept, escaped
    assert f'value="{unit_code}"' in text
    assert 'data-testid="logout"' in text
    assert not Petition.objects.exists()


def test_the_unit_she_follows_is_saved(client, cadre_a1, group_assignment):
    client.force_login(cadre_a1)
    response = _post(client, "A1-1-1")
    assert response.status_code == 302
    assert Petition.objects.get().content == TYPED


def test_a_user_who_can_record_no_petition_is_not_offered_the_form(client, agency_user, agency):
    client.force_login(agency_user)
    listing = client.get(reverse("assignments:petition_list")).content.decode()
    assert 'data-testid="new-petition"' not in listing
    response = client.get(reverse("assignments:petition_create"))
    text = response.content.decode()
    assert response.status_code == 403
    assert "Kiến nghị do Văn phòng, lãnh đạo và cán bộ được phân công theo dõi đơn vị ghi nhận." in text
    assert not Petition.objects.exists()
