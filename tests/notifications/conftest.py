"""The notifications cast on top of tests/conftest.py and the assignments cast: e-mail addresses for
everyone, a petition raised by cadre_a1 in Tổ A1-1-1, and a throwaway local push service."""

import base64
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.utils import timezone

from accounts import roles
from assignments.models import CadreKind
from tests.accounts.factories import UserFactory
from tests.assignments.factories import AgencyFactory, AgencyMemberFactory, AssignmentFactory, PetitionFactory


@pytest.fixture(autouse=True)
def eager_delivery(request):
    """Delivery runs in the test's process (as without REDIS_URL) except where a real worker is
    started (test_worker.py): with REDIS_URL set, tasks would otherwise wait in Redis for nobody."""
    if "celery_worker" in request.fixturenames:
        yield
        return
    from config.celery import app

    saved = {key: app.conf[key] for key in ("task_always_eager", "task_eager_propagates")}
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    yield
    app.conf.update(saved)


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@pytest.fixture
def emails(office, leader_a, cadre_a1, secretary_a1, agency_user):
    for user in (office, leader_a, cadre_a1, secretary_a1, agency_user):
        user.email = f"{user.username}@example.vn"
        user.save(update_fields=["email"])
    return {u.username: u.email for u in (office, leader_a, cadre_a1, secretary_a1, agency_user)}


@pytest.fixture
def group_assignment(tree, cadre_a1):
    """cadre_a1 follows Tổ A1-1-1 (as in tests/assignments)."""
    return AssignmentFactory(
        cadre=cadre_a1.cadre, unit=tree["A1-1-1"], cadre_kind=CadreKind.COMMUNE, starts_on=timezone.localdate().replace(month=1, day=1)
    )


@pytest.fixture
def agency(tree, agency_user):
    agency = AgencyFactory(code="UBA1", name="Ủy ban nhân dân xã An Hòa", unit=tree["A1"])
    AgencyMemberFactory(agency=agency, user=agency_user)
    return agency


@pytest.fixture
def leader_a1(tree, orgs):
    return UserFactory(username="leader_a1", roles=[roles.LEADER], home_unit=tree["A1"], home_org=orgs["A1"])


@pytest.fixture
def petition(tree, cadre_a1, group_assignment):
    return PetitionFactory(unit=tree["A1-1-1"], raised_by=cadre_a1.cadre, raised_on=timezone.localdate())


@pytest.fixture
def vapid(settings):
    """A VAPID key pair of the test's own, as production reads them from the environment."""
    key = ec.generate_private_key(ec.SECP256R1())
    settings.VAPID_PRIVATE_KEY = b64(key.private_numbers().private_value.to_bytes(32, "big"))
    settings.VAPID_PUBLIC_KEY = b64(
        key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    )
    settings.VAPID_SUBJECT = "mailto:vanphong@example.vn"
    settings.WEBPUSH_ALLOW_HTTP = True
    return key


class PushService:
    """A real HTTP server on 127.0.0.1 standing in for a browser's push service: it records every
    request (headers and the encrypted body) and answers with `status` (201 delivered, 410 gone)."""

    def __init__(self):
        self.status = 201
        self.requests = []
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                service.requests.append(
                    {"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body}
                )
                self.send_response(service.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def endpoint(self, name="abc") -> str:
        return f"http://127.0.0.1:{self.server.server_port}/push/{name}"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def push_service():
    service = PushService()
    yield service
    service.close()


class Browser:
    """What a browser keeps for one push subscription: its ECDH key pair and auth secret."""

    def __init__(self, endpoint):
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)
        self.endpoint = endpoint

    def subscription(self) -> dict:
        public = self.key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return {"endpoint": self.endpoint, "keys": {"p256dh": b64(public), "auth": b64(self.auth)}}

    def decrypt(self, body: bytes) -> dict:
        import http_ece

        return json.loads(http_ece.decrypt(body, private_key=self.key, auth_secret=self.auth, version="aes128gcm"))
