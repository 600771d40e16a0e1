"""A two-district world for the scope tests: the cast of tests/conftest.py, a counterpart for every
role in Huyện B, and one record of every kind in each district, each carrying its district's marker
(BIMATA / BIMATB) in a text field so a page that leaks it is caught by a plain substring test.

Built with the apps' factories and services; the rollup is the real one.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile

from accounts import roles
from accounts.demo import OFFICE_APPS
from api import tokens as api_tokens
from assignments.models import CadreKind, FieldContact, FieldPhoto, Petition
from cells import periods
from cells import services as cell_services
from cells.models import Grade as CellGrade
from cells.models import Meeting, MeetingDocument, MeetingTask, Period
from dashboards.models import Interpretation
from grading.models import Discipline
from notifications.models import Notification
from pledges.models import (
    Evaluation,
    Evidence,
    Grade,
    GradingRule,
    Milestone,
    PledgeVersion,
    PublicComment,
    RemedialAction,
    SelfAssessment,
)
from tests.accounts.factories import UserFactory
from tests.assignments.factories import AgencyFactory, AgencyMemberFactory, AssignmentFactory, PetitionFactory
from tests.cells.factories import meeting, members
from tests.dashboards.factories import compute
from tests.pledges.factories import CommitmentFactory, PledgeFactory, ReviewFactory, action_for
from units.models import Reorganisation, RosterImport

D = datetime.date
PERIOD = "2026-H1"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00photo"
MARKER = {"A": "BIMATA", "B": "BIMATB"}
# Names that exist only in one district: seeing one of them outside that district is a leak.
NAMES = {"A": ("An Định", "An Hòa", "BIMATA"), "B": ("Bình Lộc", "Bình Đông", "BIMATB")}
OTHER = {"A": "B", "B": "A"}
# The models whose rows belong to a district, and the path that places a row in one (admin checks).
DISTRICT_MODELS = {
    "units.unit": "path",
    "units.partyorg": "unit__path",
    "units.cadre": "work_unit__path",
    "accounts.user": "home_unit__path",
    "assignments.agency": "unit__path",
    "assignments.assignment": "unit__path",
    "assignments.fieldcontact": "unit__path",
    "assignments.petition": "unit__path",
    "notifications.notification": "recipient__home_unit__path",
    "pledges.pledge": "org__unit__path",
    "pledges.pledgeversion": "pledge__org__unit__path",
    "pledges.publiccomment": "pledge__org__unit__path",
    "pledges.commitment": "org__unit__path",
    "pledges.review": "org__unit__path",
    "pledges.remedialaction": "org__unit__path",
    "grading.discipline": "org__unit__path",
    "cells.meeting": "cell__unit__path",
    "cells.orgresult": "org__unit__path",
    "cells.gradeoverride": "org__unit__path",
    "cells.announcement": "org__unit__path",
    "cells.periodreopening": "announcement__org__unit__path",
}


@dataclass
class District:
    key: str
    objs: dict = field(default_factory=dict)


@dataclass
class World:
    tree: dict
    orgs: dict
    users: dict  # role name -> user (None for anonymous)
    districts: dict  # "A"/"B" -> District
    roster_import: RosterImport = None
    reorganisation: Reorganisation = None

    def home(self, role: str) -> str | None:
        """The district a role belongs to (None: office and anonymous)."""
        if role in ("office", "anonymous"):
            return None
        return "A" if role.endswith(("_a", "_a1")) else "B"


def _district(key, tree, orgs, people, acting):
    m = MARKER[key]
    x1, x11 = f"{key}1", f"{key}1-1"
    cadre = people["cadre"].cadre
    o = {}
    o["agency"] = AgencyFactory(code=f"UB{x1}", name=f"Ủy ban nhân dân {tree[x1].name}", unit=tree[x1])
    AgencyMemberFactory(agency=o["agency"], user=people["agency"])
    o["assignment"] = AssignmentFactory(
        cadre=cadre, unit=tree[x11], cadre_kind=CadreKind.COMMUNE, starts_on=D(2026, 1, 1), decision_number=m
    )
    o["contact"] = FieldContact.objects.create(
        assignment=o["assignment"],
        cadre=cadre,
        unit=tree[x11],
        contacted_on=D(2026, 2, 1),
        disseminated=f"Phổ biến {m}",
        opinions=f"Ý kiến {m}",
    )
    o["petition"] = PetitionFactory(
        unit=tree[x11],
        content=f"Kiến nghị {m}",
        raised_by=cadre,
        contact=o["contact"],
        agency=o["agency"],
        status=Petition.Status.FORWARDED,
        forwarded_on=D(2026, 3, 2),
    )
    o["photo"] = FieldPhoto.objects.create(
        contact=o["contact"],
        file=ContentFile(JPEG, name=f"{m}.jpg"),
        token=f"ph{key}" * 8,
        extension=".jpg",
        original_name=f"{m}.jpg",
        content_type="image/jpeg",
        size=len(JPEG),
    )
    o["api_token"] = api_tokens.create(user=people["cadre"], name=f"Mã {m}")[0]
    o["notification"] = Notification.objects.create(
        recipient=people["cadre"],
        event=f"petition:{o['petition'].pk}:forwarded",
        kind=Notification.Kind.choices[0][0],
        message=f"Báo {m}",
        url=f"/phan-cong/kien-nghi/{o['petition'].pk}/",
    )
    o["pledge"] = PledgeFactory(
        org=orgs[x11], cadre=cadre, year=2026, short_code=f"pub{key.lower()}", content__status="published"
    )
    PledgeVersion.objects.filter(pledge=o["pledge"]).update(theme=f"Chủ đề {m}")
    o["draft_pledge"] = PledgeFactory(org=orgs[x11], year=2026, short_code=f"nhap{key.lower()}")
    PledgeVersion.objects.filter(pledge=o["draft_pledge"]).update(theme=f"Bản nháp {m}")
    o["comment"] = PublicComment.objects.create(pledge=o["pledge"], body=f"Góp ý {m}")
    o["commitment"] = CommitmentFactory(org=orgs[x11], cadre=cadre, year=2026, summary=f"Việc {m}")
    assessment = SelfAssessment.objects.create(
        commitment=o["commitment"], period="mid_year", results=f"Kết quả {m}"
    )
    o["evidence"] = Evidence.objects.create(
        assessment=assessment,
        file=ContentFile(PDF, name=f"{m}.pdf"),
        token=f"tok{key}" * 4,
        extension=".pdf",
        original_name=f"{m}.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    o["evaluation"] = Evaluation.objects.create(
        commitment=o["commitment"],
        period="mid_year",
        rule=GradingRule.objects.order_by("effective_from").last(),
        grade=Grade.GOOD,
        comment=f"Nhận xét {m}",
        year=2026,
        is_collective=False,
    )
    o["discipline"] = Discipline.objects.create(
        cadre=cadre,
        org=orgs[x11],
        form=Discipline.Form.REPRIMAND,
        decided_on=D(2026, 2, 1),
        decision_number=f"01-QĐ/{m}",
        decided_by=f"Ủy ban Kiểm tra {m}",
    )
    o["review"] = ReviewFactory(org=orgs[x11], cadre=cadre, year=2025, strengths=f"Ưu điểm {m}")
    o["action"] = action_for(o["review"], due_on=D(2026, 12, 31))
    RemedialAction.objects.filter(pk=o["action"].pk).update(description=f"Khắc phục {m}")
    o["milestone"] = Milestone.objects.create(
        action=o["action"], due_on=D(2026, 6, 30), description=f"Bước {m}"
    )
    people_of_cell = members(orgs[x11], 2)
    o["meeting"] = meeting(orgs[x11], D(2026, 1, 10), "PP", people=people_of_cell)
    Meeting.objects.filter(pk=o["meeting"].pk).update(minutes=f"Biên bản {m}")
    o["task"] = MeetingTask.objects.create(
        cell=orgs[x11],
        meeting=o["meeting"],
        title=f"Nghị quyết {m}",
        owner=people_of_cell[0],
        deadline=D(2026, 2, 28),
    )
    o["document"] = MeetingDocument.objects.create(
        meeting=o["meeting"],
        file=ContentFile(PDF, name=f"{m}-tai-lieu.pdf"),
        token=f"doc{key}" * 4,
        extension=".pdf",
        original_name=f"Tài liệu {m}.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    o["planned"] = Meeting.objects.create(
        cell=orgs[x11],
        status=Meeting.Status.PLANNED,
        planned_on=D(2027, 1, 3),
        held_on=D(2027, 1, 3),
        duration_minutes=90,
        place=f"Nơi họp {m}",
    )
    o["cell"] = orgs[x11]
    o["committee"] = orgs[x1]
    o["unit"] = tree[x11]
    o["district_unit"] = tree[key]
    o["district_org"] = orgs[key]
    return District(key, o)


def district_permissions():
    """Every permission on the models that hold district data (for the staff leader)."""
    perms = Permission.objects.none()
    for label in DISTRICT_MODELS:
        app, model = label.split(".")
        perms |= Permission.objects.filter(content_type__app_label=app, content_type__model=model)
    return perms


def build(tree, orgs, office, leader_a, cadre_a1, cadre_b1, secretary_a1, agency_user) -> World:
    from tests.units.factories import CadreFactory

    leader_b = UserFactory(username="leader_b", roles=[roles.LEADER], home_unit=tree["B"], home_org=orgs["B"])
    secretary_b1 = UserFactory(
        username="secretary_b1", roles=[roles.CELL_SECRETARY], home_unit=tree["B1-1"], home_org=orgs["B1-1"]
    )
    agency_b = UserFactory(username="agency_b")
    staff_leader_a = UserFactory(
        username="staff_leader_a",
        roles=[roles.LEADER],
        home_unit=tree["A"],
        home_org=orgs["A"],
        is_staff=True,
    )
    staff_leader_a.user_permissions.add(*district_permissions())
    # The office's admin permissions, as the demo gives them.
    office.user_permissions.add(*Permission.objects.filter(content_type__app_label__in=OFFICE_APPS))
    # Each cell has a secretary (the pledge approval rules look for one).
    for key in "AB":
        org = orgs[f"{key}1-1"]
        org.secretary = CadreFactory(
            code=f"SEC{key}", full_name=f"Bí thư {key}", party_org=org, work_unit=org.unit
        )
        org.save()
    people = {
        "A": {"cadre": cadre_a1, "agency": agency_user},
        "B": {"cadre": cadre_b1, "agency": agency_b},
    }
    districts = {key: _district(key, tree, orgs, people[key], office) for key in "AB"}
    compute(PERIOD)
    periods.ensure_recent(4)  # pages create the recent periods on first sight: not a write to catch
    period = Period.objects.get(code=PERIOD)
    for key, d in districts.items():
        d.objs["announcement"] = cell_services.announcement_save(
            org=d.objs["committee"], period=period, acting_user=office, title=f"Thông báo {MARKER[key]}"
        )
        d.objs["override"] = cell_services.grade_override(
            org=d.objs["cell"],
            period=period,
            grade=CellGrade.GOOD,  # "excellent" with no "tốt" would exceed the 20 % cap
            reason=f"Quyết định {MARKER[key]}",
            acting_user=office,
        )
        cell_services.announcement_publish(announcement=d.objs["announcement"], acting_user=office)
        cell_services.announcement_reopen(
            announcement=d.objs["announcement"], reason=f"Sửa {MARKER[key]}", acting_user=office
        )
    # A note on each district's dashboard, answered by its commune cadre (dashboards' interpretations).
    for key, d in districts.items():
        d.objs["interpretation"] = Interpretation.objects.create(
            org=d.objs["district_org"], period=period, target="summary", text=f"Nhận định {MARKER[key]}", author=office
        )
        Interpretation.objects.create(
            org=d.objs["district_org"],
            period=period,
            target="summary",
            parent=d.objs["interpretation"],
            text=f"Trả lời {MARKER[key]}",
            author=people[key]["cadre"],
        )
    roster_import = RosterImport.objects.create(file_name="danh-sach.xlsx", created_by=office)
    reorganisation = Reorganisation.objects.create(
        kind=Reorganisation.Kind.MERGE, effective_on=datetime.date(2025, 7, 1), title="Sáp nhập", created_by=office
    )
    users = {
        "office": office,
        "leader_a": leader_a,
        "cadre_a1": cadre_a1,
        "secretary_a1": secretary_a1,
        "agency_a": agency_user,
        "leader_b": leader_b,
        "cadre_b1": cadre_b1,
        "secretary_b1": secretary_b1,
        "agency_b": agency_b,
        "anonymous": None,
    }
    world = World(tree=tree, orgs=orgs, users=users, districts=districts, roster_import=roster_import,
        reorganisation=reorganisation)
    world.staff_leader_a = staff_leader_a
    return world
