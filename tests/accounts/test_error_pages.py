"""Issue 15: the error pages are Vietnamese, in the site's layout (a signed-in user keeps their menu and
sign-out); the 500 page renders even with the database down; a form sent without its security token
gets the Vietnamese CSRF page and changes nothing."""

import pytest
from django.db import OperationalError, connection
from django.test import Client

from notifications.models import Notification
from tests.assignments.factories import PetitionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def production_errors(settings):
    settings.DEBUG = False  # the error pages, not Django's debug pages


def signed_in(user, **kwargs):
    client = Client(**kwargs)
    client.force_login(user)
    return client


def has_menu(text):
    return 'data-testid="logout"' in text and 'href="/van-ban/"' in text and 'href="/phan-cong/"' in text


def test_404_in_vietnamese_with_the_menu(cadre_a1, client):
    response = signed_in(cadre_a1).get("/khong-co-trang-nay/")
    text = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang" in text and "Not Found" not in text
    assert has_menu(text)
    anonymous = client.get("/khong-co-trang-nay/").content.decode()
    assert "Không tìm thấy trang" in anonymous and 'href="/tai-khoan/dang-nhap/"' in anonymous
    assert 'data-testid="logout"' not in anonymous


def test_403_in_vietnamese_with_the_menu(cadre_a1):
    response = signed_in(cadre_a1).get("/don-vi/B1/")  # another district's commune
    text = response.content.decode()
    assert response.status_code == 403
    assert "Bạn không được mở trang này" in text and "Forbidden" not in text
    assert "Vai trò hoặc phạm vi" in text  # the general reason when the view gives none
    assert has_menu(text)


def _fail_queries_on(table):
    def wrapper(execute, sql, params, many, context):
        if table is None or table in sql:
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    return wrapper


def test_500_in_vietnamese_with_the_menu(cadre_a1):
    client = signed_in(cadre_a1, raise_request_exception=False)
    client.get("/")  # the session and user are fine; then the directives' table fails
    with connection.execute_wrapper(_fail_queries_on("directives_")):
        response = client.get("/van-ban/")
    text = response.content.decode()
    assert response.status_code == 500
    assert "Hệ thống gặp sự cố" in text and "Server Error" not in text
    assert has_menu(text)


def test_500_still_renders_with_the_database_down(cadre_a1):
    client = signed_in(cadre_a1, raise_request_exception=False)
    with connection.execute_wrapper(_fail_queries_on(None)):
        response = client.get("/van-ban/")
    text = response.content.decode()
    assert response.status_code == 500
    assert "Hệ thống gặp sự cố" in text and "Lỗi đã được ghi lại" in text
    assert 'href="/"' in text and "app.css" in text  # the layout, without the user's menu
    assert 'data-testid="logout"' not in text


def test_a_form_without_its_security_token_gets_the_vietnamese_csrf_page(cadre_a1, tree):
    petition = PetitionFactory(unit=tree["A1"])
    Notification.objects.create(
        recipient=cadre_a1, event=f"petition:{petition.pk}:routed", kind=Notification.Kind.FORWARDED,
        message="Kiến nghị quá hạn",
    )
    client = signed_in(cadre_a1, enforce_csrf_checks=True)
    response = client.post("/thong-bao/")
    text = response.content.decode()
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in text and "CSRF verification failed" not in text
    assert has_menu(text)
    assert Notification.objects.get().read_at is None  # nothing was marked read
