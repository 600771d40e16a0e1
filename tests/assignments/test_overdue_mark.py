"""Overdue is said in words, not only by a pink row (issue 19: meaning readable in grey print)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.assignments.factories import PetitionFactory

pytestmark = pytest.mark.django_db


def test_the_cadres_page_marks_an_overdue_petition_in_words(client, cadre_a1, tree):
    today = timezone.localdate()
    late = PetitionFactory(
        unit=tree["A1-1"],
        raised_by=cadre_a1.cadre,
        raised_on=today - datetime.timedelta(days=40),
        due_on=today - datetime.timedelta(days=10),
        content="Đường ấp 1 hư hỏng",
    )
    PetitionFactory(
        unit=tree["A1-1"],
        raised_by=cadre_a1.cadre,
        raised_on=today,
        due_on=today + datetime.timedelta(days=15),
        content="Đèn đường ấp 1",
    )
    client.force_login(cadre_a1)
    html = client.get(reverse("assignments:mine")).content.decode()
    assert html.count('data-testid="overdue-mark"') == 1
    row = html[html.index(f"#{late.pk} ") :]
    assert "● quá hạn" in row[: row.index("</tr>")]
