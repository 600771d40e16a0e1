"""Delivery by e-mail and Web Push: preferences (at once, daily digest, none; kinds kept to the bell),
a failed SMTP send given back for the retry and never sent twice, and a real push service on
127.0.0.1 receiving the encrypted push or answering 410 (the browser revoked the subscription)."""

import datetime
import json

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from notifications import services
from notifications.models import Notification, Preference, PushSubscription
from notifications.services import Notice

from .conftest import Browser

pytestmark = pytest.mark.django_db


def notice(n=1, kind="forwarded"):
    return Notice(kind, f"test:{kind}:{n}", f"Kiến nghị số {n} được chuyển đến bạn.", f"/phan-cong/kien-nghi/{n}/")


def send(capture, users, *notices):
    with capture(execute=True):
        for item in notices:
            services.notify([u.pk for u in users], item)


def test_immediate_email_by_default_with_the_sites_address(
    agency_user, emails, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFICATIONS_BASE_URL = "https://tinhuy.example.vn"
    send(django_capture_on_commit_callbacks, [agency_user], notice(1))
    (message,) = mail.outbox
    assert message.to == ["agency_user@example.vn"]
    assert message.subject == "[Theo dõi nghị quyết] Kiến nghị số 1 được chuyển đến bạn."
    assert "https://tinhuy.example.vn/phan-cong/kien-nghi/1/" in message.body


def test_the_daily_digest_gathers_the_days_notices_into_one_email_once(
    agency_user, cadre_a1, emails, django_capture_on_commit_callbacks
):
    Preference.objects.create(user=agency_user, email=Preference.Email.DAILY)
    send(django_capture_on_commit_callbacks, [agency_user, cadre_a1], notice(1), notice(2))
    assert [m.to for m in mail.outbox] == [["cadre_a1@example.vn"]] * 2  # the others get theirs at once

    mail.outbox.clear()
    assert services.send_digests() == 1
    (digest,) = mail.outbox
    assert digest.to == ["agency_user@example.vn"] and "2 việc đang chờ bạn" in digest.subject
    assert "Kiến nghị số 1" in digest.body and "Kiến nghị số 2" in digest.body
    assert services.send_digests() == 0 and len(mail.outbox) == 1  # the next run: nothing again
    assert Notification.objects.filter(recipient=agency_user, email="sent").count() == 2


def test_email_off_and_muted_kinds_stay_in_the_bell_only(
    client, agency_user, cadre_a1, emails, django_capture_on_commit_callbacks
):
    Preference.objects.create(user=agency_user, email=Preference.Email.OFF)
    Preference.objects.create(user=cadre_a1, muted=["forwarded"])
    send(django_capture_on_commit_callbacks, [agency_user, cadre_a1], notice(1), notice(2, kind="answered"))
    assert [m.to for m in mail.outbox] == [["cadre_a1@example.vn"]]  # only cadre_a1's "answered"
    assert "Kiến nghị số 2" in mail.outbox[0].body
    assert Notification.objects.filter(recipient=agency_user, email="skipped").count() == 2
    assert Notification.objects.filter(recipient=agency_user, read_at__isnull=True).count() == 2  # in the bell


def test_a_failed_smtp_send_is_given_back_and_the_retry_sends_it_once(
    agency_user, emails, settings, django_capture_on_commit_callbacks
):
    """A real SMTP connection to a port nobody listens on: the send fails, the row is pending again,
    the retry (here with the mail server back) sends it, a further retry sends nothing."""
    # (Eager Celery, as without REDIS_URL: the task's retry is raised at once and logged.)
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed_port = s.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed_port, 2
    with django_capture_on_commit_callbacks(execute=True):  # the writer's transaction is not disturbed
        services.notify([agency_user.pk], notice(1))
    note = Notification.objects.get()
    assert note.email == "" and note.emailed_at is None  # not lost, not marked sent

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    services.deliver([note.event])
    services.deliver([note.event])
    assert len(mail.outbox) == 1
    note.refresh_from_db()
    assert note.email == "sent"


def test_preferences_page_saves_the_choice_and_reshows_a_wrong_one(client, agency_user):
    client.force_login(agency_user)
    url = reverse("notifications:preferences")
    page = client.get(url).content.decode()
    assert "Một thư tổng hợp mỗi ngày" in page and "Cài đặt thông báo" in page
    r = client.post(url, {"email": "daily", "kinds": ["forwarded", "meeting"]})
    assert r.status_code == 302
    pref = Preference.objects.get(user=agency_user)
    assert pref.email == "daily" and not pref.push and "answered" in pref.muted and "meeting" not in pref.muted
    r = client.post(url, {"email": "weekly", "push": "on"})
    assert r.status_code == 400
    assert "Hãy chọn một lựa chọn hợp lệ. weekly" in r.content.decode()
    assert Preference.objects.get(user=agency_user).email == "daily"


# --- Web Push ------------------------------------------------------------------------------------


def subscribe(client, body, content_type="application/json"):
    data = json.dumps(body) if not isinstance(body, str) else body
    return client.post(reverse("notifications:push_subscribe"), data, content_type=content_type)


def test_a_push_reaches_the_push_service_encrypted_for_the_browser(
    client, agency_user, vapid, push_service, django_capture_on_commit_callbacks
):
    browser = Browser(push_service.endpoint("dev1"))
    client.force_login(agency_user)
    assert subscribe(client, browser.subscription()).status_code == 201
    assert subscribe(client, browser.subscription()).status_code == 200  # the page sends it again: one row
    assert PushSubscription.objects.filter(user=agency_user).count() == 1

    send(django_capture_on_commit_callbacks, [agency_user], notice(7))
    (request,) = push_service.requests
    assert request["path"] == "/push/dev1"
    assert request["headers"]["authorization"].startswith("vapid t=")
    assert request["headers"]["content-encoding"] == "aes128gcm"
    payload = browser.decrypt(request["body"])
    assert payload == {
        "title": "Kiến nghị được chuyển đến",
        "body": "Kiến nghị số 7 được chuyển đến bạn.",
        "url": "/phan-cong/kien-nghi/7/",
    }
    assert Notification.objects.get().push == "sent"
    services.deliver(["test:forwarded:7"])  # a retry
    assert len(push_service.requests) == 1


def test_a_subscription_the_browser_revoked_is_deleted_on_410_and_nothing_else_is_lost(
    client, agency_user, emails, vapid, push_service, django_capture_on_commit_callbacks
):
    client.force_login(agency_user)
    subscribe(client, Browser(push_service.endpoint("revoked")).subscription())
    push_service.status = 410
    send(django_capture_on_commit_callbacks, [agency_user], notice(1))
    assert len(push_service.requests) == 1
    assert not PushSubscription.objects.exists()  # forgotten
    note = Notification.objects.get()
    assert note.read_at is None and note.push == "skipped"  # still in the bell
    assert note.email == "sent" and len(mail.outbox) == 1  # and still e-mailed

    send(django_capture_on_commit_callbacks, [agency_user], notice(2))
    assert len(push_service.requests) == 1  # nothing pushed to the revoked endpoint again


def test_a_404_from_the_push_service_also_removes_it_but_a_500_keeps_it(
    client, agency_user, vapid, push_service, django_capture_on_commit_callbacks
):
    client.force_login(agency_user)
    subscribe(client, Browser(push_service.endpoint("a")).subscription())
    push_service.status = 500
    send(django_capture_on_commit_callbacks, [agency_user], notice(1))
    assert PushSubscription.objects.count() == 1  # a passing failure of the service
    push_service.status = 404
    send(django_capture_on_commit_callbacks, [agency_user], notice(2))
    assert not PushSubscription.objects.exists()


def test_bad_subscriptions_get_a_vietnamese_json_error_with_a_code(client, agency_user, vapid, push_service):
    client.force_login(agency_user)
    r = subscribe(client, "{not json")
    assert r.status_code == 400
    assert r.json() == {"error": {"code": "invalid_json", "message": "Dữ liệu gửi lên không phải JSON hợp lệ."}}
    good = Browser(push_service.endpoint()).subscription()
    for broken in (
        {"endpoint": good["endpoint"]},
        {**good, "keys": {"p256dh": "xx", "auth": good["keys"]["auth"]}},
        {**good, "endpoint": "javascript:alert(1)"},
        [good],
    ):
        r = subscribe(client, broken)
        assert r.status_code == 400 and r.json()["error"]["code"] in ("invalid_subscription", "invalid_json")
    assert "sai định dạng" in subscribe(client, {"endpoint": "x"}).json()["error"]["message"]
    assert subscribe(client, good, content_type="text/plain").json()["error"]["code"] == "invalid_json"
    assert not PushSubscription.objects.exists()


def test_plain_http_endpoints_are_refused_outside_tests(client, agency_user, vapid, push_service, settings):
    settings.WEBPUSH_ALLOW_HTTP = False
    client.force_login(agency_user)
    r = subscribe(client, Browser(push_service.endpoint()).subscription())
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_subscription"


def test_unsubscribing_twice_says_there_was_nothing_left(client, agency_user, vapid, push_service):
    client.force_login(agency_user)
    sub = Browser(push_service.endpoint("x")).subscription()
    subscribe(client, sub)
    url = reverse("notifications:push_unsubscribe")
    body = json.dumps({"endpoint": sub["endpoint"]})
    assert client.post(url, body, content_type="application/json").json() == {"removed": 1}
    again = client.post(url, body, content_type="application/json")
    assert again.status_code == 200 and again.json()["removed"] == 0
    assert "có thể đã bị thu hồi" in again.json()["message"]


def test_a_renewed_subscription_replaces_the_old_one(client, agency_user, vapid, push_service):
    client.force_login(agency_user)
    old = Browser(push_service.endpoint("old")).subscription()
    subscribe(client, old)
    new = {**Browser(push_service.endpoint("new")).subscription(), "oldEndpoint": old["endpoint"]}
    assert subscribe(client, new).status_code == 201
    assert list(PushSubscription.objects.values_list("endpoint", flat=True)) == [new["endpoint"]]


def test_without_vapid_keys_push_is_off_and_says_so(client, agency_user):
    client.force_login(agency_user)
    r = subscribe(client, {"endpoint": "https://push.example/x", "keys": {}})
    assert r.status_code == 409 and r.json()["error"]["code"] == "push_disabled"
    assert "chưa cấu hình" in client.get(reverse("notifications:preferences")).content.decode()


def test_pending_deliveries_left_by_a_broker_outage_go_out_with_the_sweep(agency_user, emails):
    # Written while the broker was down (no delivery enqueued): the daily sweep sends it, once.
    Notification.objects.create(
        recipient=agency_user, kind="forwarded", event="test:old", message="Cũ",
        created_at=timezone.now() - datetime.timedelta(hours=1),
    )
    from notifications import sweep

    sweep.run()
    sweep.run()
    assert [m.to for m in mail.outbox] == [["agency_user@example.vn"]]
