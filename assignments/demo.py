"""Demo support assignments, agencies, field contacts and petitions on today's demo tree.

On a tree with districts (before 01-07-2025): provincial leaders over districts (standing
committee) and communes (the other provincial cadres), the district cadres (H<district>-NNNN) over
the hamlets of their district, the commune cadres (X<commune>-NNNN) over the self-governing groups
of their commune. On today's two-level tree (Tỉnh Vĩnh Long, communes directly under the province):
every provincial cadre over communes, the commune cadres over the hamlets and the groups of their
commune, from the day the structure took effect. With a few deliberate gaps, a little history (ended assignments) and some assignments ending within 30 days.
Then six months of field contacts and the petitions raised in them, routed to agencies and answered
(or not) so the coverage, petition and agency pages have something real to show.

Deterministic (seeded generator; dates counted from the first day of last year and from today),
idempotent (nothing is added once any assignment exists), bulk writes only.
"""

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from common.cache import bump
from common.text import fold
from directives.models import Directive
from units.models import Cadre, PartyOrg, Unit

from .models import (
    DEFAULT_DUTY,
    Agency,
    AgencyMember,
    AnswerDeadline,
    Assignment,
    CadreKind,
    FieldContact,
    Petition,
    PetitionCategory,
    PetitionEvent,
    infer_cadre_kind,
)

PASSWORD = "BenTre@2026"
MONTHS = 6
GAP_HAMLETS = 0.012  # share of hamlets deliberately left without a district cadre
GAP_GROUPS = 0.015
GAP_COMMUNES = 2  # communes left without a provincial cadre
# username, agency code, first name, last name
AGENCY_USERS = [
    ("coquan.myhoa", "UB29122", "Ủy ban nhân dân", "xã Mỹ Chánh Hòa"),
    ("coquan.sonnmt", "SO-NNMT", "Sở Nông nghiệp", "và Môi trường"),
]
PROVINCIAL_AGENCIES = [
    ("SO-NNMT", "Sở Nông nghiệp và Môi trường", ("dat-dai", "moi-truong")),
    ("SO-XD", "Sở Xây dựng", ("ha-tang",)),
    ("SO-NV", "Sở Nội vụ", ("chinh-sach", "hanh-chinh")),
    ("CA-TINH", "Công an tỉnh", ("an-ninh",)),
    ("SO-YT", "Sở Y tế", ("y-te-giao-duc",)),
]
DISSEMINATED = [
    "Quán triệt Chỉ thị 05-CT/TW, chuyên đề năm về học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.",
    "Phổ biến Quy định 08-QĐi/TW về trách nhiệm nêu gương của cán bộ, đảng viên.",
    "Trao đổi Nghị quyết Trung ương 4 khóa XII, nhận diện biểu hiện suy thoái.",
    "Triển khai kế hoạch xây dựng nông thôn mới, vận động nhân dân hiến đất làm đường.",
    "Tuyên truyền phòng chống hạn mặn, hướng dẫn trữ nước ngọt.",
    "Nắm tình hình tư tưởng, đời sống nhân dân; hướng dẫn thủ tục bảo hiểm y tế.",
]
OPINIONS = [
    "Nhân dân đồng tình, đề nghị tăng cường kiểm tra.",
    "Một số hộ chưa nắm rõ chính sách hỗ trợ.",
    "Bà con phấn khởi, tích cực tham gia.",
    "",
]
PETITIONS = {
    "dat-dai": [
        "Đề nghị sớm cấp giấy chứng nhận quyền sử dụng đất cho các hộ ven sông.",
        "Tranh chấp ranh đất giữa hai hộ kéo dài, đề nghị xã hòa giải.",
    ],
    "moi-truong": [
        "Rác thải tồn đọng ven đường liên ấp, đề nghị thu gom định kỳ.",
        "Cơ sở chăn nuôi gây ô nhiễm mùi, đề nghị kiểm tra.",
    ],
    "ha-tang": [
        "Đường đal xuống cấp, đề nghị sửa chữa trước mùa mưa.",
        "Cầu khỉ qua kênh đã hư, đề nghị làm cầu bê tông.",
    ],
    "chinh-sach": [
        "Đề nghị xem xét hộ cận nghèo cho gia đình có người bệnh nặng.",
        "Chậm chi trả trợ cấp cho người có công.",
    ],
    "an-ninh": ["Tình trạng trộm cắp vặt tăng, đề nghị tăng tuần tra ban đêm."],
    "hanh-chinh": ["Thủ tục chứng thực còn phải đi lại nhiều lần."],
    "y-te-giao-duc": ["Trạm y tế thiếu thuốc thông thường.", "Đề nghị bố trí xe đưa rước học sinh."],
    "khac": ["Đề nghị lắp thêm đèn chiếu sáng đường ấp."],
}
ANSWERS = [
    "Đã kiểm tra thực tế và giao bộ phận chuyên môn xử lý, dự kiến hoàn thành trong tháng.",
    "Đã đưa vào kế hoạch năm; thông báo kết quả cho nhân dân tại cuộc họp ấp.",
    "Đã giải quyết xong, đề nghị cán bộ ấp phản hồi ý kiến người dân.",
]


def _first_of_month(day, back):
    y, m = day.year, day.month - back
    while m <= 0:
        y, m = y - 1, m + 12
    return datetime.date(y, m, 1)


def _at(day, hour=9):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


@dataclass
class _Tree:
    """Today's units, indexed the ways the loader reads them."""

    units: list  # (pk, code, name, level, path)
    by_id: dict
    level_of: dict
    under: dict  # (ancestor id, level) -> unit ids in tree order
    districts: list
    communes: list
    province_id: int

    @classmethod
    def today(cls, today):
        units = list(Unit.objects.valid_on(today).values_list("pk", "code", "name", "level", "path"))
        if not units:
            return None
        level_of = {u[0]: u[3] for u in units}
        tree = cls(
            units=units,
            by_id={u[0]: u for u in units},
            level_of=level_of,
            under=defaultdict(list),
            districts=sorted((u for u in units if u[3] == 2), key=lambda u: u[4]),
            communes=sorted((u for u in units if u[3] == 3), key=lambda u: u[4]),
            province_id=next(u[0] for u in units if u[3] == 1),
        )
        for pk, _code, _name, level, path in sorted(units, key=lambda u: u[4]):
            for anc_level in (2, 3):
                anc = tree.ancestor_at(path, anc_level) if level > anc_level else None
                if anc:
                    tree.under[(anc, level)].append(pk)
        return tree

    def ancestor_at(self, path, level):
        ids = [int(p) for p in path.split(".")[:-1]]
        return next((i for i in ids if self.level_of.get(i) == level), None)


@transaction.atomic
def load(*, scale: int = 1, seed: int = 2026, log=print) -> dict[str, int]:
    if Assignment.objects.exists():
        log("Assignments: already present, nothing added.")
        return {}
    rng = random.Random(seed)
    today = timezone.localdate()
    tree = _Tree.today(today)
    if tree is None:
        log("Assignments: no units (load the units demo first).")
        return {}
    # Nobody follows a unit before it exists: on the tree of 01-07-2025, from that day.
    start = datetime.date(today.year - 1, 1, 1)
    founded = Unit.objects.valid_on(today).filter(level=1).values_list("valid_from", flat=True).first()
    start = max(start, founded or start)

    rows = _assignments(tree, rng, start)
    history = _history_and_endings(rows, rng, start, today)
    Assignment.objects.bulk_create(history + rows, batch_size=2000)
    bump("assignments")
    agencies = _agencies(tree)
    contacts = _contacts(tree, rows, rng, today, scale)
    petitions = _petitions(tree, contacts, rng, today)

    if connection.vendor == "postgresql":
        # Fresh bulk rows have no planner statistics yet; without them the coverage page's EXISTS
        # per unit is planned badly (measured 204 ms before, 78 ms after, whole province).
        with connection.cursor() as cursor:
            for model in (Unit, Assignment, FieldContact, Petition):
                cursor.execute(f"ANALYZE {model._meta.db_table}")

    added = {
        "assignments": len(rows) + len(history),
        "agencies": len(agencies),
        "contacts": len(contacts),
        "petitions": len(petitions),
    }
    log(
        f"Assignments: {len(rows)} active (+{len(history)} ended), agencies: {len(agencies)}, "
        f"field contacts: {len(contacts)}, petitions: {len(petitions)}; agency users "
        + ", ".join(u[0] for u in AGENCY_USERS)
        + f" ({PASSWORD})"
    )
    return added


def _assignments(tree: _Tree, rng, start) -> list[Assignment]:
    """Provincial leaders (the standing committee over districts, the others over communes), district
    cadres over the hamlets of their district, commune cadres over their groups (and, without
    districts, their hamlets)."""
    cadres = defaultdict(list)  # (level, work unit id) -> [(pk, code, position)]
    for pk, code, level, unit_id, position in (
        Cadre.objects.exclude(cadre_level="")
        .values_list("pk", "code", "cadre_level", "work_unit_id", "position")
        .order_by("code")
    ):
        cadres[(level, unit_id)].append((pk, code, position))
    committees = dict(PartyOrg.objects.filter(unit__isnull=False, level__lte=3).values_list("unit_id", "pk"))
    rows = []

    def assign(cadre_pk, unit_pk, kind, assigned_by_unit, number):
        rows.append(
            Assignment(
                cadre_id=cadre_pk,
                unit_id=unit_pk,
                cadre_kind=kind,
                duty=DEFAULT_DUTY,
                starts_on=start,
                decision_number=number,
                assigned_by_id=committees.get(assigned_by_unit),
            )
        )

    _provincial(tree, cadres, rng, assign)
    _local(tree, cadres, rng, assign)
    return rows


def _provincial(tree: _Tree, cadres, rng, assign):
    """The provincial standing committee over districts (or communes), the other provincial cadres
    over communes, with a few communes left without one."""
    districts, communes = tree.districts, tree.communes
    provincial = [c for key, cs in cadres.items() if key[0] == Cadre.Level.PROVINCE for c in cs]
    kinds = {
        c[0]: infer_cadre_kind(Cadre(cadre_level=Cadre.Level.PROVINCE, position=c[2])) for c in provincial
    }
    standing = [c for c in provincial if kinds[c[0]] == CadreKind.PROVINCIAL_STANDING]
    others = [c for c in provincial if kinds[c[0]] != CadreKind.PROVINCIAL_STANDING]
    for i, c in enumerate(standing):
        over = districts or communes
        assign(c[0], over[i % len(over)][0], kinds[c[0]], tree.province_id, "125-QĐ/TU")
    skipped = set(rng.sample(range(len(communes)), min(GAP_COMMUNES, len(communes))))
    for j, commune in enumerate(communes):
        if j not in skipped and others:
            c = others[j % len(others)]
            assign(c[0], commune[0], kinds[c[0]], tree.province_id, "126-QĐ/TU")


def _local(tree: _Tree, cadres, rng, assign):
    """District cadres over the hamlets of their district; commune cadres over their groups (and,
    without districts, their hamlets), every cadre of a team following at least one."""
    districts, communes = tree.districts, tree.communes
    for district in districts:
        team = cadres[(Cadre.Level.DISTRICT, district[0])]
        number = f"{rng.randint(100, 400)}-QĐ/HU"
        k = 0  # counts only the hamlets that get a cadre, so every cadre of the team gets one
        for hamlet in tree.under[(district[0], 4)]:
            if team and rng.random() >= GAP_HAMLETS:
                assign(team[k % len(team)][0], hamlet, CadreKind.DISTRICT, district[0], number)
                k += 1
    for commune in communes:
        team = cadres[(Cadre.Level.COMMUNE, commune[0])]
        number = f"{rng.randint(10, 90)}-QĐ/ĐU"
        k = 0
        # Without districts, the commune's cadres follow its hamlets too.
        followed = ([] if districts else tree.under[(commune[0], 4)]) + tree.under[(commune[0], 5)]
        for group in followed:
            if team and rng.random() >= GAP_GROUPS:
                assign(team[k % len(team)][0], group, CadreKind.COMMUNE, commune[0], number)
                k += 1
        # A ward with fewer groups than cadres: the others share a group, so every cadre follows one.
        groups = tree.under[(commune[0], 5)]
        for j in range(k, len(team) if groups else 0):
            assign(team[j][0], groups[j % len(groups)], CadreKind.COMMUNE, commune[0], number)


def _history_and_endings(rows, rng, start, today) -> list[Assignment]:
    """A little history (someone else followed the unit before; that assignment ended, kept) and some
    assignments about to end. Returns the ended ones; sets `ends_on` on a few of `rows`."""
    history = []
    for a in rows:
        roll = rng.random()
        if roll < 0.03:
            history.append(
                Assignment(
                    cadre_id=a.cadre_id,
                    unit_id=a.unit_id,
                    cadre_kind=a.cadre_kind,
                    duty=DEFAULT_DUTY,
                    starts_on=start - datetime.timedelta(days=730),
                    ends_on=start - datetime.timedelta(days=1),
                    decision_number="Nhiệm kỳ trước",
                    assigned_by_id=a.assigned_by_id,
                )
            )
        elif roll < 0.045:
            a.ends_on = today + datetime.timedelta(days=rng.randint(1, 30))
    return history


def _agencies(tree: _Tree) -> list[Agency]:
    """The commune and district people's committees, district offices, provincial departments, and
    their demo users."""
    districts, communes = tree.districts, tree.communes
    agencies = [Agency(code=f"UB{u[1]}", name=f"Ủy ban nhân dân {u[2]}", unit_id=u[0]) for u in communes]
    agencies += [Agency(code=f"UB{u[1]}", name=f"Ủy ban nhân dân {u[2]}", unit_id=u[0]) for u in districts]
    agencies += [
        Agency(code=f"TNMT{u[1]}", name=f"Phòng Nông nghiệp và Môi trường {u[2]}", unit_id=u[0])
        for u in districts
    ]
    agencies += [Agency(code=f"CA{u[1]}", name=f"Công an {u[2]}", unit_id=u[0]) for u in districts]
    agencies += [
        Agency(code=code, name=name, unit_id=tree.province_id) for code, name, _c in PROVINCIAL_AGENCIES
    ]
    for agency in agencies:
        agency.search_text = fold(f"{agency.code} {agency.name}")
        agency.contact = f"Trụ sở {agency.name}"
    Agency.objects.bulk_create(agencies, ignore_conflicts=True)
    agency_ids = dict(Agency.objects.values_list("code", "pk"))
    password = make_password(PASSWORD)
    for username, code, first, last in AGENCY_USERS:
        if code not in agency_ids:
            continue
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last, "password": password}
        )
        AgencyMember.objects.get_or_create(agency_id=agency_ids[code], user=user)
    return agencies


def _contacts(tree: _Tree, rows, rng, today, scale) -> list[FieldContact]:
    """Six months of field contacts back from today, more often for district cadres."""
    directive_ids = list(Directive.objects.order_by("pk").values_list("pk", flat=True))
    demo_cadre = Cadre.objects.filter(code="X29116-0004").values_list("pk", flat=True).first()
    share = {CadreKind.DISTRICT: 0.7, CadreKind.COMMUNE: 0.25 / max(scale, 1)}
    if not tree.districts:  # commune cadres follow hamlets and groups: fewer visits to each group
        share[CadreKind.COMMUNE] = 0.12 / max(scale, 1)
    contacts = []
    for a in rows:
        p = 1.0 if a.cadre_id == demo_cadre else share.get(a.cadre_kind, 0.5)
        for back in range(MONTHS, -1, -1):
            if rng.random() >= p:
                continue
            first = _first_of_month(today, back)
            day = first + datetime.timedelta(days=rng.randint(0, 27))
            if day > today or day < a.starts_on:
                continue
            contacts.append(
                FieldContact(
                    assignment_id=a.pk,
                    cadre_id=a.cadre_id,
                    unit_id=a.unit_id,
                    contacted_on=day,
                    kind=rng.choices(list(FieldContact.Kind), [6, 3, 1])[0],
                    disseminated=rng.choice(DISSEMINATED),
                    attended_cell_meeting=tree.level_of[a.unit_id] == 4 and rng.random() < 0.5,
                    opinions=rng.choice(OPINIONS),
                    created_at=_at(day, 17),
                )
            )
    FieldContact.objects.bulk_create(contacts, batch_size=2000)
    through = FieldContact.directives.through
    through.objects.bulk_create(
        [
            through(fieldcontact_id=c.pk, directive_id=d)
            for c in contacts
            for d in rng.sample(directive_ids, k=min(len(directive_ids), rng.randint(1, 2)))
        ],
        batch_size=5000,
    )
    return contacts


def _petitions(tree: _Tree, contacts, rng, today) -> list[Petition]:
    """Petitions raised in about one contact in sixteen (every second one for the demo cadre), routed
    to an agency and answered (or not), each with its trail of events."""
    demo_cadre = Cadre.objects.filter(code="X29116-0004").values_list("pk", flat=True).first()
    categories = list(PetitionCategory.objects.order_by("order"))
    days = {
        (cat, level): d
        for cat, level, d in AnswerDeadline.objects.values_list("category_id", "unit_level", "days")
    }
    petitions = []
    for c in contacts:
        if rng.random() >= (0.5 if c.cadre_id == demo_cadre else 1 / 16):
            continue
        category = rng.choice(categories)
        level = tree.level_of[c.unit_id]
        due = c.contacted_on + datetime.timedelta(
            days=days.get((category.pk, level), days.get((None, level), 15))
        )
        petitions.append(
            Petition(
                unit_id=c.unit_id,
                contact_id=c.pk,
                raised_on=c.contacted_on,
                raised_by_id=c.cadre_id,
                category=category,
                content=(content := rng.choice(PETITIONS.get(category.code, PETITIONS["khac"]))),
                search_text=fold(content),
                due_on=due,
                escalation_level=level,
                level_due_on=due,
                created_at=_at(c.contacted_on, 18),
            )
        )
    agency_ids = dict(Agency.objects.values_list("code", "pk"))
    for p in petitions:
        p.agency_id = _route(tree, p, rng.random(), agency_ids)
    agency_names = dict(Agency.objects.values_list("pk", "name"))
    for p in petitions:
        p.trail = _progress(p, rng, today, agency_names)
    Petition.objects.bulk_create(petitions, batch_size=2000)
    events = [
        PetitionEvent(petition_id=p.pk, from_status=f, to_status=t, note=n, at=_at(d, 10))
        for p in petitions
        for f, t, d, n in p.trail
    ]
    PetitionEvent.objects.bulk_create(events, batch_size=5000)
    return petitions


_PROVINCIAL_FOR = {code: a_code for a_code, _n, codes in PROVINCIAL_AGENCIES for code in codes}


def _route(tree: _Tree, p, roll, agency_ids):
    """The agency a petition goes to: mostly the commune's committee, else a district office, else a
    provincial department by category."""
    path = tree.by_id[p.unit_id][4]
    commune, district = tree.ancestor_at(path, 3), tree.ancestor_at(path, 2)
    if roll < 0.7 and commune:
        return agency_ids.get(f"UB{tree.by_id[commune][1]}")
    if roll < 0.9 and district:
        code = p.category.code
        prefix = "TNMT" if code in ("dat-dai", "moi-truong") else "CA" if code == "an-ninh" else "UB"
        return agency_ids.get(f"{prefix}{tree.by_id[district][1]}")
    a_code = _PROVINCIAL_FOR.get(p.category.code)
    return agency_ids[a_code] if a_code else agency_ids.get("SO-NV")


def _progress(p, rng, today, agency_names) -> list[tuple]:
    """Move a petition along (forwarded, returned, answered, judged by the people) as far as its age
    allows; returns its trail (from status, to status, day, note)."""
    age = (today - p.raised_on).days
    trail = [("", Petition.Status.NEW, p.raised_on, "")]
    if age < 3 and rng.random() < 0.6:
        p.agency_id = None
        return trail
    p.forwarded_on = min(today, p.raised_on + datetime.timedelta(days=rng.randint(0, 2)))
    trail.append((Petition.Status.NEW, Petition.Status.FORWARDED, p.forwarded_on, agency_names[p.agency_id]))
    span = (p.due_on - p.raised_on).days
    answered_on = p.raised_on + datetime.timedelta(days=rng.randint(2, int(span * 1.6) + 2))
    roll = rng.random()
    if roll < 0.07:
        p.status = Petition.Status.RETURNED
        p.return_reason = "Nội dung không thuộc thẩm quyền giải quyết của cơ quan."
        p.redirect_to = "Ủy ban nhân dân cấp huyện"
        trail.append((Petition.Status.FORWARDED, p.status, p.forwarded_on, p.return_reason))
    elif roll < 0.85 and answered_on <= today:
        p.status = rng.choice([Petition.Status.ANSWERED, Petition.Status.RESOLVED])
        p.answer = rng.choice(ANSWERS)
        p.answered_on = answered_on
        trail.append((Petition.Status.FORWARDED, Petition.Status.IN_PROGRESS, p.forwarded_on, ""))
        trail.append((Petition.Status.IN_PROGRESS, p.status, answered_on, p.answer))
        verdict = rng.random()
        if verdict < 0.8 and answered_on + datetime.timedelta(days=5) <= today:
            p.people_satisfied = verdict < 0.68
            p.verdict_on = answered_on + datetime.timedelta(days=5)
    else:
        p.status = rng.choice([Petition.Status.FORWARDED, Petition.Status.IN_PROGRESS])
        if p.status == Petition.Status.IN_PROGRESS:
            trail.append((Petition.Status.FORWARDED, p.status, p.forwarded_on, ""))
    return trail
