"""/api/v1/: read units, organisations, cadres, directives and published results; write field
contacts and petitions (the offline client uses these), with photos. OpenAPI at /api/v1/openapi.json,
browsable docs at /api/v1/docs (Swagger UI shipped with django-ninja, served from our static files).

Every endpoint acts as the caller's user: lists are filtered by units.scope, one record outside it
is 403, an unknown one 404."""

import datetime
import uuid
from typing import Literal

from django.db.models import CharField, Exists, F, OuterRef
from django.db.models.functions import Cast
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import File, NinjaAPI, Schema
from ninja.files import UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate

from assignments import services as assignment_services
from assignments.models import FieldContact, Petition, PetitionCategory
from assignments.selectors import contact_for, petition_for, recordable_unit_for
from cells.models import Announcement, OrgResult
from directives.models import Directive
from units.models import Cadre, PartyOrg, Unit
from units.scope import cadre_for, cadre_q, org_for, org_q, restrict, unit_for

from . import errors
from .auth import BearerToken, Session, TokenRateThrottle

api = NinjaAPI(
    title="Theo dõi thực hiện nghị quyết — API",
    version="1",
    description=(
        "Gửi mã API: `Authorization: Bearer <mã>` (tạo ở trang “Mã API” của tài khoản hoặc "
        "`manage.py api_token USERNAME`). Mọi dữ liệu giới hạn trong phạm vi của người sở hữu mã. "
        "Lỗi: JSON `{code, detail}`."
    ),
    auth=[BearerToken(), Session()],
    throttle=[TokenRateThrottle()],
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)


def may_see_personal(user) -> bool:
    """Phone numbers and birth dates: the pages show them only to the provincial office (the roster
    export and the admin); the API follows the same rule."""
    return bool(user.sees_everything)


# --- schemas ------------------------------------------------------------------------------------


class UnitOut(Schema):
    code: str
    name: str
    kind: str
    level: int
    parent: str | None
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    successor: str | None


class OrgOut(Schema):
    code: str
    name: str
    kind: str
    level: int
    parent: str | None
    unit: str | None
    valid_from: datetime.date | None
    valid_to: datetime.date | None


class CadreOut(Schema):
    code: str
    full_name: str
    sex: str
    position: str
    cadre_level: str
    work_unit: str
    party_org: str | None
    is_party_member: bool
    # Only for owners who may see them (the provincial office); null otherwise.
    phone: str | None
    birth_date: datetime.date | None


class DirectiveOut(Schema):
    code: str
    symbol: str
    kind: str
    issuer: str
    issued_on: datetime.date
    title: str
    summary: str
    verification: str


class ResultOut(Schema):
    period: str
    org: str
    org_name: str
    is_cell: bool
    cell_count: int
    members: int
    meetings_due: int
    meetings_held: int
    attendance_expected: int
    attendance_present: int
    petitions_raised: int | None
    petitions_answered_in_time: int | None
    score: float | None
    suggested_grade: str


class PetitionIn(Schema):
    client_id: uuid.UUID
    unit: str
    category: str
    content: str
    raised_on: datetime.date


class ContactPetitionIn(Schema):
    category: str
    content: str


class ContactIn(Schema):
    client_id: uuid.UUID
    unit: str
    contacted_on: datetime.date
    kind: Literal["visit", "meeting", "phone"] = "visit"
    directives: list[str] = []
    disseminated: str = ""
    attended_cell_meeting: bool = False
    opinions: str = ""
    petitions: list[ContactPetitionIn] = []


class StoredOut(Schema):
    id: int
    client_id: uuid.UUID | None
    replayed: bool
    url: str


class PhotoOut(Schema):
    id: int
    name: str
    content_type: str
    size: int


class ErrorOut(Schema):
    code: str
    detail: str


ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut, 429: ErrorOut}


# --- reads --------------------------------------------------------------------------------------


def _unit_out(u: Unit) -> dict:
    return {
        "code": u.code,
        "name": u.name,
        "kind": u.kind,
        "level": u.level,
        "parent": u.parent.code if u.parent_id else None,
        "valid_from": u.valid_from,
        "valid_to": u.valid_to,
        "successor": u.successor.code if u.successor_id else None,
    }


def _org_out(o: PartyOrg) -> dict:
    return {
        "code": o.code,
        "name": o.name,
        "kind": o.kind,
        "level": o.level,
        "parent": o.parent.code if o.parent_id else None,
        "unit": o.unit.code if o.unit_id else None,
        "valid_from": o.valid_from,
        "valid_to": o.valid_to,
    }


def _cadre_out(c: Cadre, personal: bool) -> dict:
    return {
        "code": c.code,
        "full_name": c.full_name,
        "sex": c.sex,
        "position": c.position,
        "cadre_level": c.cadre_level,
        "work_unit": c.work_unit.code,
        "party_org": c.party_org.code if c.party_org_id else None,
        "is_party_member": c.is_party_member,
        "phone": c.phone if personal else None,
        "birth_date": c.birth_date if personal else None,
    }


@api.get("/units", response=list[UnitOut], tags=["units"], summary="Administrative units in scope")
@paginate(LimitOffsetPagination)
def units(request, parent: str | None = None, level: int | None = None):
    qs = restrict(Unit.objects.select_related("parent", "successor"), request.user).order_by("path")
    if parent:
        qs = qs.filter(parent=unit_for(request.user, parent))
    if level:
        qs = qs.filter(level=level)
    return _Mapped(qs, _unit_out)


@api.get("/units/{code}", response={200: UnitOut, **ERRORS}, tags=["units"])
def unit(request, code: str):
    return _unit_out(unit_for(request.user, code))


@api.get("/organisations", response=list[OrgOut], tags=["organisations"], summary="Party organisations in scope")
@paginate(LimitOffsetPagination)
def organisations(request, parent: str | None = None):
    qs = PartyOrg.objects.filter(org_q(request.user)).select_related("parent", "unit").order_by("path")
    if parent:
        qs = qs.filter(parent=org_for(request.user, parent))
    return _Mapped(qs, _org_out)


@api.get("/organisations/{code}", response={200: OrgOut, **ERRORS}, tags=["organisations"])
def organisation(request, code: str):
    return _org_out(org_for(request.user, code))


@api.get("/cadres", response=list[CadreOut], tags=["cadres"], summary="Cadres and party members in scope")
@paginate(LimitOffsetPagination)
def cadres(request, unit: str | None = None, org: str | None = None):
    qs = Cadre.objects.filter(cadre_q(request.user)).select_related("work_unit", "party_org").order_by("code")
    if unit:
        qs = qs.filter(work_unit=unit_for(request.user, unit))
    if org:
        qs = qs.filter(party_org=org_for(request.user, org))
    personal = may_see_personal(request.user)
    return _Mapped(qs, lambda c: _cadre_out(c, personal))


@api.get("/cadres/{code}", response={200: CadreOut, **ERRORS}, tags=["cadres"])
def cadre(request, code: str):
    return _cadre_out(cadre_for(request.user, code), may_see_personal(request.user))


@api.get("/directives", response=list[DirectiveOut], tags=["directives"], summary="Directives (everyone signed in)")
@paginate(LimitOffsetPagination)
def directives(request):
    return Directive.objects.order_by("-issued_on", "code")


@api.get("/directives/{code}", response={200: DirectiveOut, **ERRORS}, tags=["directives"])
def directive(request, code: str):
    found = Directive.objects.filter(code=code).first()
    if found is None:
        raise Http404
    return found


@api.get(
    "/results",
    response={200: list[ResultOut], **ERRORS},
    tags=["results"],
    summary="Published six-monthly results (rollup rows) of organisations in scope",
)
@paginate(LimitOffsetPagination)
def results(request, period: str | None = None, org: str | None = None):
    """Rows of a period's current run that a committee above (or at) the organisation has published."""
    published = Announcement.objects.filter(
        period_id=OuterRef("period_id"), status=Announcement.Status.PUBLISHED
    )
    published = published.alias(row_path=Cast(OuterRef("path"), output_field=CharField())).filter(
        row_path__startswith=F("org__path")
    )
    qs = (
        OrgResult.objects.filter(run_id=F("period__current_run_id"))
        .filter(org_q(request.user, "org__"))
        .filter(Exists(published))
        .select_related("period", "org")
        .order_by("-period__starts_on", "path")
    )
    if period:
        qs = qs.filter(period__code=period)
    if org:
        qs = qs.filter(org=org_for(request.user, org))
    return _Mapped(
        qs,
        lambda r: {
            "period": r.period.code,
            "org": r.org.code,
            "org_name": r.org.name,
            "is_cell": r.is_cell,
            "cell_count": r.cell_count,
            "members": r.members,
            "meetings_due": r.meetings_due,
            "meetings_held": r.meetings_held,
            "attendance_expected": r.attendance_expected,
            "attendance_present": r.attendance_present,
            "petitions_raised": r.petitions_raised,
            "petitions_answered_in_time": r.petitions_answered_in_time,
            "score": float(r.score) if r.score is not None else None,
            "suggested_grade": r.suggested_grade,
        },
    )


class _Mapped:
    """A queryset seen through a row function: ninja's pagination counts and slices it, then only
    the page's rows are mapped."""

    def __init__(self, qs, fn):
        self.qs, self.fn = qs, fn

    def count(self):
        return self.qs.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, item):
        rows = self.qs[item]
        return [self.fn(r) for r in rows] if isinstance(item, slice) else self.fn(rows)


# --- writes -------------------------------------------------------------------------------------


def _category(code: str) -> PetitionCategory:
    found = PetitionCategory.objects.filter(code=code).first()
    if found is None:
        raise errors.ApiError(422, "invalid", _("Unknown petition category “%(code)s”.") % {"code": code})
    return found


def _stored(obj, name):
    """201 with the new row, or 200 with the row a replayed client id had already stored."""
    from django.urls import reverse

    replay = getattr(obj, "replayed", False)
    return 200 if replay else 201, {
        "id": obj.pk,
        "client_id": obj.client_id,
        "replayed": replay,
        "url": reverse(f"assignments:{name}_detail", args=[obj.pk]),
    }


@api.post("/contacts", response={200: StoredOut, 201: StoredOut, **ERRORS}, tags=["field contacts"])
def contact_create(request, data: ContactIn):
    """Record a field contact of the caller (a cadre assigned to the unit on that date). The same
    `client_id` sent again returns the stored contact (200, `replayed`) and stores nothing."""
    existing = assignment_services.replayed(FieldContact, data.client_id, request.user)
    if existing is not None:
        return _stored(existing, "contact")
    unit_ = recordable_unit_for(request.user, data.unit)
    found = {d.code: d for d in Directive.objects.filter(code__in=data.directives)}
    unknown = [c for c in data.directives if c not in found]
    if unknown:
        raise errors.ApiError(422, "invalid", _("Unknown directive “%(code)s”.") % {"code": unknown[0]})
    contact = assignment_services.contact_record(
        unit=unit_,
        contacted_on=data.contacted_on,
        kind=data.kind,
        directives=list(found.values()),
        disseminated=data.disseminated,
        attended_cell_meeting=data.attended_cell_meeting,
        opinions=data.opinions,
        petitions=[(_category(p.category), p.content) for p in data.petitions if p.content.strip()],
        acting_user=request.user,
        client_id=data.client_id,
    )
    return _stored(contact, "contact")


@api.post("/petitions", response={200: StoredOut, 201: StoredOut, **ERRORS}, tags=["petitions"])
def petition_create(request, data: PetitionIn):
    """Record a petition raised at a unit. The same `client_id` sent again returns the stored one."""
    existing = assignment_services.replayed(Petition, data.client_id, request.user)
    if existing is not None:
        return _stored(existing, "petition")
    if not data.content.strip():
        raise errors.ApiError(422, "invalid", _("Write what the people ask."))
    petition = assignment_services.petition_create(
        unit=recordable_unit_for(request.user, data.unit),
        category=_category(data.category),
        content=data.content,
        raised_on=data.raised_on,
        acting_user=request.user,
        client_id=data.client_id,
    )
    return _stored(petition, "petition")


def _photos(request, files, **kind):
    stored = assignment_services.photos_attach(files=files, acting_user=request.user, **kind)
    return 201, [{"id": p.pk, "name": p.original_name, "content_type": p.content_type, "size": p.size} for p in stored]


@api.post("/contacts/{contact_id}/photos", response={201: list[PhotoOut], **ERRORS}, tags=["field contacts"])
def contact_photos(request, contact_id: int, files: File[list[UploadedFile]]):
    """Attach JPEG or PNG photos (multipart, field `files`) to a contact the caller recorded."""
    contact = contact_for(request.user, contact_id)
    return _photos(request, files, contact=contact)


@api.post("/petitions/{petition_id}/photos", response={201: list[PhotoOut], **ERRORS}, tags=["petitions"])
def petition_photos(request, petition_id: int, files: File[list[UploadedFile]]):
    """Attach JPEG or PNG photos (multipart, field `files`) to a petition the caller recorded."""
    petition = petition_for(request.user, petition_id)
    return _photos(request, files, petition=petition)
