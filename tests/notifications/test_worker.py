"""The on-commit Celery path for real (PostgreSQL + Redis, a worker thread): a routed petition's
notice is written with the routing, handed to the worker only after the commit, e-mailed and pushed
once; a routing rolled back sends nothing."""

import time

import pytest
from django.core import mail
from django.db import transaction

from assignments.services import petition_forward
from notifications.models import Notification, PushSubscription

from .conftest import Browser


def wait_for(check, seconds=30):
    deadline = time.monotonic() + seconds
    while not check() and time.monotonic() < deadline:
        time.sleep(0.2)
    return check()


@pytest.mark.celery_worker
def test_a_real_worker_delivers_after_the_commit_once(
    celery_worker, petition, office, agency, agency_user, emails, vapid, push_service
):
    browser = Browser(push_service.endpoint("worker"))
    PushSubscription.objects.create(user=agency_user, **{
        "endpoint": browser.endpoint, "p256dh": browser.subscription()["keys"]["p256dh"],
        "auth": browser.subscription()["keys"]["auth"],
    })
    with transaction.atomic():
        petition_forward(petition=petition, agency=agency, acting_user=office)
        time.sleep(1)  # the worker is idle until the commit: nothing is sent from inside the transaction
        assert mail.outbox == [] and push_service.requests == []

    note = Notification.objects.get(kind="forwarded")
    assert wait_for(lambda: Notification.objects.filter(pk=note.pk, email="sent", push="sent").exists())
    assert [m.to for m in mail.outbox] == [["agency_user@example.vn"]]
    assert len(push_service.requests) == 1
    assert "Ủy ban nhân dân xã An Hòa" in browser.decrypt(push_service.requests[0]["body"])["body"]

    # The same delivery enqueued again (a redelivered message): nothing more goes out.
    from notifications.tasks import deliver

    deliver.delay([note.event]).get(timeout=30)
    assert len(mail.outbox) == 1 and len(push_service.requests) == 1


@pytest.mark.celery_worker
def test_a_routing_rolled_back_notifies_nobody(celery_worker, petition, office, agency, agency_user, emails):
    with pytest.raises(RuntimeError), transaction.atomic():
        petition_forward(petition=petition, agency=agency, acting_user=office)
        raise RuntimeError("the request failed after routing")
    time.sleep(2)
    assert not Notification.objects.exists() and mail.outbox == []
