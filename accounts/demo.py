"""Demo users, one per role, all with the same password (printed and in the README).

They live in today's structure, Tỉnh Vĩnh Long since 01-07-2025 (`load`), except one former district
leader whose home is the closed Huyện Ba Tri: they read its history. The office exists before the
reform (`load_before_reform`): it is the office that applies the reform."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from units.models import Cadre, PartyOrg, Unit

from . import roles
from .models import User

PASSWORD = "BenTre@2026"

# username, role, home unit code, home org code, cadre code, first name, last name
OFFICE = ("vanphong", roles.OFFICE, None, None, None, "Văn phòng", "Tỉnh ủy")
USERS = [
    OFFICE,
    # Tỉnh Vĩnh Long (86) and Đảng bộ tỉnh Vĩnh Long since 01-07-2025; Bến Tre's former secretary.
    ("lanhdao.tinh", roles.LEADER, "86", "DB86", "T0001", "", ""),
    # Xã Mỹ Chánh Hòa (29122): Mỹ Hòa, Mỹ Chánh and Mỹ Nhơn of the former Huyện Ba Tri.
    ("lanhdao.xa", roles.LEADER, "29122", "DB29122", "X29116-0001", "", ""),
    ("canbo.xa", roles.CADRE, "29122", "DB29122", "X29116-0004", "", ""),
    # Xã Phú Túc (28810): the former Thị trấn Châu Thành and three communes around it.
    ("canbo.phutuc", roles.CADRE, "28810", "DB28810", "X28810-0004", "", ""),
    ("bithu.chibo", roles.CELL_SECRETARY, "29116-001", "CB29116-001", "D29116-001-001", "", ""),
    # The closed Huyện Ba Tri (until 30/06/2025): its leader keeps reading its history.
    ("lanhdao.batri", roles.LEADER, "836", "DB836", "H836-0001", "", ""),
]
OFFICE_APPS = (
    "units",
    "directives",
    "accounts",
    "grading",
    "assignments",
    "pledges",
    "cells",
    "notifications",
    "django_celery_beat",
)


def load_before_reform(*, scale: int = 1, log=print):
    _load([OFFICE], log=None)


def load(*, scale: int = 1, log=print):
    _load(USERS, log=log)


@transaction.atomic
def _load(users, *, log):
    office = Group.objects.get(name=roles.OFFICE)
    office.permissions.add(*Permission.objects.filter(content_type__app_label__in=OFFICE_APPS))
    units = dict(Unit.objects.filter(code__in=[u[2] for u in users if u[2]]).values_list("code", "pk"))
    orgs = dict(PartyOrg.objects.filter(code__in=[u[3] for u in users if u[3]]).values_list("code", "pk"))
    cadres = {c.code: c for c in Cadre.objects.filter(code__in=[u[4] for u in users if u[4]])}
    lines = []
    for username, role, unit, org, cadre_code, first, last in users:
        user, created = User.objects.get_or_create(username=username)
        if created:
            cadre = cadres.get(cadre_code)
            if cadre:
                first, last = cadre.full_name.rsplit(" ", 1)[0], cadre.full_name.rsplit(" ", 1)[1]
            user.first_name, user.last_name = first, last
            user.home_unit_id, user.home_org_id = units.get(unit), orgs.get(org)
            user.cadre = cadre
            user.is_staff = role == roles.OFFICE
            user.set_password(PASSWORD)
            user.save()
            user.groups.add(Group.objects.get(name=role))
        lines.append(f"  {username:<16} {role:<18} {PASSWORD}")
    if log:
        log("Demo users (username, role, password):\n" + "\n".join(lines))
