"""The demo's administrative history: the three old provinces that became Tỉnh Vĩnh Long on
01-07-2025 (Bến Tre 83, Trà Vinh 84, Vĩnh Long 86: real districts and communes with their GSO codes,
from `units.provinces`), with hamlets, self-governing groups, party cells, cadres and party members
synthesised per province; and the reform itself (`apply_reform`), imported as the office would:
one `Sắp xếp đơn vị` sheet through the roster import's preview and confirmation.

Deterministic (a seeded generator) and idempotent: every row has a stable code and is inserted
with ignore_conflicts, and the reform is applied once, so a second run adds nothing.
`scale` multiplies the synthetic part (hamlets, groups, cells, cadres, members) for benchmarks.
"""

import random
from datetime import date

from django.db import connection, transaction
from django.utils.translation import gettext as _

from common.history import record_missing, record_rows
from common.text import fold, nfc

from . import provinces
from .models import Cadre, OrgLineage, PartyOrg, Reorganisation, RosterImport, Unit
from .tree import rebuild_paths

# Bến Tre at the mission's counts (2021); Trà Vinh and Vĩnh Long synthesised at plausible counts
# (their hamlet counts are the real order of magnitude; members kept lower so `make run` stays
# well under a minute and a half on SQLite).
COUNTS = {
    "83": {"hamlets": 983, "groups": 14_676, "district": 679, "commune": 6_038, "people": 52_000},
    "84": {"hamlets": 810, "groups": 5_200, "district": 430, "commune": 3_100, "people": 15_000},
    "86": {"hamlets": 820, "groups": 5_400, "district": 400, "commune": 3_000, "people": 15_500},
}
AGENCY_CELLS_PER_COMMUNE = 2
REFORM_ON = date(2025, 7, 1)
NEW_PROVINCE = "Vĩnh Long"

SURNAMES = (
    "Nguyễn Trần Lê Phạm Huỳnh Võ Phan Trương Bùi Đặng Đỗ Ngô Hồ Dương Đinh Lâm Tô Châu Mai Cao".split()
)
SURNAME_WEIGHTS = [30, 11, 9, 7, 6, 6, 5, 4, 3, 3, 3, 2, 2, 2, 1, 1, 1, 1, 1, 1]
MIDDLE_MALE = "Văn Minh Hữu Thanh Quốc Công Đức Ngọc Hoàng Tấn".split()
MIDDLE_FEMALE = "Thị Ngọc Thanh Kim Thu Mỹ Hồng Bích Thùy Phương".split()
GIVEN_MALE = "An Bình Cường Dũng Hùng Hải Hiếu Khánh Long Lộc Minh Nam Phong Phúc Quang Sơn Tài Thành Thắng Toàn Trí Tuấn Việt Vinh".split()
GIVEN_FEMALE = "Anh Châu Diễm Dung Giang Hà Hạnh Hằng Hoa Hương Lan Linh Mai Nga Ngân Nhung Oanh Phượng Tâm Thảo Trang Trinh Vân Yến".split()

PROVINCIAL_POSTS = (
    ["Bí thư Tỉnh ủy", "Phó Bí thư Thường trực Tỉnh ủy", "Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh"]
    + ["Ủy viên Ban Thường vụ Tỉnh ủy"] * 12
    + ["Tỉnh ủy viên"] * 30
    + ["Ủy viên Ủy ban Kiểm tra Tỉnh ủy"] * 5
    + [
        f"Giám đốc Sở {name}"
        for name in (
            "Nội vụ",
            "Tài chính",
            "Nông nghiệp và Môi trường",
            "Y tế",
            "Giáo dục và Đào tạo",
            "Xây dựng",
            "Công Thương",
            "Văn hóa, Thể thao và Du lịch",
        )
    ]
    + [
        "Chủ tịch Ủy ban MTTQ Việt Nam tỉnh",
        "Chủ tịch Hội Nông dân tỉnh",
        "Chủ tịch Hội Liên hiệp Phụ nữ tỉnh",
        "Bí thư Tỉnh đoàn",
        "Chủ tịch Hội Cựu chiến binh tỉnh",
    ]
)
DISTRICT_TOP = ["Bí thư {org}", "Phó Bí thư Thường trực {org}", "Phó Bí thư {org}, Chủ tịch UBND"]
DISTRICT_POSTS = [
    "Ủy viên Ban Thường vụ {org}",
    "{org} viên",
    "Trưởng phòng",
    "Phó Trưởng phòng",
    "Chuyên viên",
]
COMMUNE_TOP = ["Bí thư Đảng ủy", "Phó Bí thư Thường trực Đảng ủy", "Phó Bí thư Đảng ủy, Chủ tịch UBND"]
COMMUNE_POSTS = [
    "Đảng ủy viên",
    "Phó Chủ tịch UBND",
    "Chủ tịch Ủy ban MTTQ",
    "Công chức",
    "Trưởng ấp",
    "Bí thư chi bộ",
]
AGENCY_CELLS = [
    "Chi bộ Trường Tiểu học {name}",
    "Chi bộ Trạm Y tế {name}",
    "Chi bộ Quân sự {name}",
    "Chi bộ Công an {name}",
]


def _spread(total: int, slots: int, rng: random.Random, low: float, high: float) -> list[int]:
    """`total` split over `slots` with random weights in [low, high], summing exactly to `total`."""
    weights = [rng.uniform(low, high) for _ in range(slots)]
    scale = total / sum(weights)
    counts = [max(1, int(w * scale)) for w in weights]
    i = 0
    while sum(counts) < total:
        counts[i % slots] += 1
        i += 1
    while sum(counts) > total:
        if counts[i % slots] > 1:
            counts[i % slots] -= 1
        i += 1
    return counts


class NameMaker:
    def __init__(self, rng: random.Random):
        self.rng = rng

    def __call__(self) -> tuple[str, str]:
        rng = self.rng
        female = rng.random() < 0.45
        surname = rng.choices(SURNAMES, SURNAME_WEIGHTS)[0]
        middle = rng.choice(MIDDLE_FEMALE if female else MIDDLE_MALE)
        given = rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)
        return nfc(f"{surname} {middle} {given}"), Cadre.Sex.FEMALE if female else Cadre.Sex.MALE


def _insert(model, objects, batch_size=2000):
    """Insert what is not there yet: rows whose unique code exists are left as they are."""
    model.objects.bulk_create(objects, batch_size=batch_size, ignore_conflicts=True)


CADRE_COLUMNS = (
    "code",
    "full_name",
    "sex",
    "position",
    "cadre_level",
    "birth_date",
    "work_unit_id",
    "party_org_id",
    "phone",
    "search_text",
)


def _insert_cadres(rows):
    """100,000 people without a model instance each (Django's bulk_create spent most of the
    demo's time building them); codes already stored are left as they are. SQLite: one
    executemany; PostgreSQL: COPY into a temporary table, then one INSERT … ON CONFLICT."""
    table, columns = Cadre._meta.db_table, ", ".join(CADRE_COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"CREATE TEMPORARY TABLE demo_cadre ON COMMIT DROP AS SELECT {columns} FROM {table} LIMIT 0"
            )
            with cursor.cursor.copy(f"COPY demo_cadre ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute(
                f"INSERT INTO {table} ({columns}, email, is_party_member) "
                f"SELECT {columns}, '', TRUE FROM demo_cadre ON CONFLICT (code) DO NOTHING"
            )
            cursor.execute("DROP TABLE demo_cadre")
            return
        marks = ", ".join(["%s"] * len(CADRE_COLUMNS))
        cursor.executemany(
            f"INSERT INTO {table} ({columns}, email, is_party_member) "
            f"VALUES ({marks}, '', %s) ON CONFLICT (code) DO NOTHING",
            [(*row, True) for row in rows],
        )


def _ids(model, codes=None) -> dict[str, int]:
    qs = model.objects.all() if codes is None else model.objects.filter(code__in=codes)
    return dict(qs.values_list("code", "pk"))


def _unit(code, name, kind, parent_id):
    name = nfc(name)
    return Unit(
        code=code,
        name=name,
        kind=kind,
        parent_id=parent_id,
        level=Unit.LEVELS[kind],
        search_text=fold(f"{code} {name}"),
    )


def _district_org_title(row) -> str:
    kind = row["Loại đơn vị"]
    return "Thành ủy" if kind == "Thành phố" else "Thị ủy" if kind == "Thị xã" else "Huyện ủy"


def _synthesise(code: str, *, rng, names, scale: int) -> None:
    """Hamlets, groups, cells and people of one old province whose units and committees are loaded.
    Bến Tre keeps the seed's codes for its provincial cadres (T0001…); the others' carry the
    province code (T84-0001…). Everything else is keyed on GSO codes, unique across provinces."""
    counts = COUNTS[code]
    rows = provinces.read(provinces.OLD_PROVINCES[code])
    districts = [r for r in rows if Unit.LEVELS[provinces.UNIT_KINDS[r["Loại đơn vị"]]] == 2]
    communes = [r for r in rows if Unit.LEVELS[provinces.UNIT_KINDS[r["Loại đơn vị"]]] == 3]
    unit_ids = _ids(Unit, [r["Mã đơn vị"] for r in rows])
    hamlets = _hamlets_and_groups(communes, unit_ids, counts, rng=rng, scale=scale)
    agency_cells, provincial_cells, org_ids = _cells(
        code, rows, districts, communes, hamlets, unit_ids, scale
    )

    people = _People(rng, names, unit_ids, org_ids)
    people.provincial(code, provincial_cells)
    people.district(districts, counts, scale)
    people.commune(communes, hamlets, agency_cells, counts, scale)
    people.members(hamlets, agency_cells, counts, scale)
    _insert_cadres(people.rows)
    people.appoint_secretaries()


def _hamlets_and_groups(communes, unit_ids, counts, *, rng, scale) -> list[tuple]:
    """Hamlets (khu phố in wards and towns) under each commune, self-governing groups under each
    hamlet; adds their ids to `unit_ids` and returns the hamlets as (code, name, commune row, urban)."""
    hamlet_counts = _spread(counts["hamlets"] * scale, len(communes), rng, 0.6, 1.4)
    hamlets = []
    for commune, count in zip(communes, hamlet_counts, strict=True):
        urban = commune["Loại đơn vị"] in ("Phường", "Thị trấn")
        for n in range(1, count + 1):
            label = f"Khu phố {n}" if urban else f"Ấp {n}"
            hamlets.append((f"{commune['Mã đơn vị']}-{n:03d}", label, commune, urban))
    _insert(
        Unit,
        [
            _unit(
                hcode, label, Unit.Kind.QUARTER if urban else Unit.Kind.HAMLET, unit_ids[commune["Mã đơn vị"]]
            )
            for hcode, label, commune, urban in hamlets
        ],
    )
    hamlet_ids = _ids(Unit, [h[0] for h in hamlets])
    group_counts = _spread(counts["groups"] * scale, len(hamlets), rng, 0.5, 1.5)
    groups = []
    for (hamlet_code, _label, _commune, _urban), count in zip(hamlets, group_counts, strict=True):
        groups.extend(
            _unit(f"{hamlet_code}-{n:02d}", f"Tổ NDTQ số {n}", Unit.Kind.GROUP, hamlet_ids[hamlet_code])
            for n in range(1, count + 1)
        )
    _insert(Unit, groups)
    rebuild_paths(Unit)
    unit_ids |= hamlet_ids
    return hamlets


def _cells(code, rows, districts, communes, hamlets, unit_ids, scale):
    """Party cells: the district office's, one per hamlet, agency cells beside them. Returns the
    agency cells as (code, commune row), the provincial agency cells' codes, and every org's id."""
    org_ids = _ids(PartyOrg, [f"DB{r['Mã đơn vị']}" for r in rows])
    cells = [
        provinces.new_org(
            f"CQ{d['Mã đơn vị']}",
            f"Chi bộ Cơ quan UBND {d['Tên đơn vị']}",
            PartyOrg.Kind.GRASSROOTS_CELL,
            org_ids[f"DB{d['Mã đơn vị']}"],
            None,
        )
        for d in districts
    ]
    cells += [
        provinces.new_org(
            f"CB{hcode}",
            f"Chi bộ {label}",
            PartyOrg.Kind.CELL,
            org_ids[f"DB{commune['Mã đơn vị']}"],
            unit_ids[hcode],
        )
        for hcode, label, commune, _urban in hamlets
    ]
    agency_cells = []
    for commune in communes:
        name = commune["Tên đơn vị"]
        short = name.split(" ", 1)[1] if " " in name else name
        for k in range(AGENCY_CELLS_PER_COMMUNE * scale):
            ccode = f"CQ{commune['Mã đơn vị']}-{k + 1:02d}"
            template = AGENCY_CELLS[k % len(AGENCY_CELLS)]
            suffix = f" {k // len(AGENCY_CELLS) + 1}" if k >= len(AGENCY_CELLS) else ""
            cells.append(
                provinces.new_org(
                    ccode,
                    template.format(name=short) + suffix,
                    PartyOrg.Kind.CELL,
                    org_ids[f"DB{commune['Mã đơn vị']}"],
                    None,
                )
            )
            agency_cells.append((ccode, commune))
    _insert(PartyOrg, cells)
    rebuild_paths(PartyOrg)
    org_ids = _ids(PartyOrg, [f"DB{r['Mã đơn vị']}" for r in rows] + [c.code for c in cells])
    provincial_cells = [f"CBTU{code}-{k + 1}" for k in range(len(provinces.PROVINCIAL_AGENCIES))]
    org_ids |= _ids(PartyOrg, provincial_cells)
    return agency_cells, provincial_cells, org_ids


class _People:
    """Cadres and party members of one old province, as rows for `_insert_cadres`, and who is
    secretary of which organisation (org code -> cadre code)."""

    def __init__(self, rng, names, unit_ids, org_ids):
        self.rng, self.names, self.unit_ids, self.org_ids = rng, names, unit_ids, org_ids
        self.rows = []
        self.secretaries = {}

    def add(self, pcode, position, level, unit_code, org_code):
        rng = self.rng
        full_name, sex = self.names()
        year = rng.randint(1965, 2000)
        position = nfc(position)
        self.rows.append(
            (
                pcode,
                full_name,
                sex,
                position,
                level,
                date(year, rng.randint(1, 12), rng.randint(1, 28)),
                self.unit_ids[unit_code],
                self.org_ids[org_code],
                f"09{rng.randint(0, 99_999_999):08d}",
                fold(f"{pcode} {full_name} {position}"),
            )
        )

    def provincial(self, code, provincial_cells):
        tag = "" if code == "83" else f"{code}-"
        for i, post in enumerate(PROVINCIAL_POSTS):
            self.add(
                f"T{tag}{i + 1:04d}",
                post,
                Cadre.Level.PROVINCE,
                code,
                provincial_cells[i % len(provincial_cells)],
            )
        self.secretaries[f"DB{code}"] = f"T{tag}0001"
        for k, cell in enumerate(provincial_cells):
            # The first member of each provincial agency cell after the three leaders.
            self.secretaries[cell] = f"T{tag}{k + len(provincial_cells) + 1:04d}"

    def district(self, districts, counts, scale):
        per_district = _spread(counts["district"] * scale, len(districts), self.rng, 0.8, 1.2)
        for d, count in zip(districts, per_district, strict=True):
            org = _district_org_title(d)
            dcode = d["Mã đơn vị"]
            for n in range(count):
                post = DISTRICT_TOP[n] if n < len(DISTRICT_TOP) else self.rng.choice(DISTRICT_POSTS)
                self.add(
                    f"H{dcode}-{n + 1:04d}", post.format(org=org), Cadre.Level.DISTRICT, dcode, f"CQ{dcode}"
                )
            self.secretaries[f"DB{dcode}"] = f"H{dcode}-0001"
            self.secretaries[f"CQ{dcode}"] = f"H{dcode}-0004"

    def commune(self, communes, hamlets, agency_cells, counts, scale):
        per_commune = _spread(counts["commune"] * scale, len(communes), self.rng, 0.8, 1.2)
        cells_by_commune = {}
        for ccode, commune in agency_cells:
            cells_by_commune.setdefault(commune["Mã đơn vị"], []).append(ccode)
        for hcode, _label, commune, _urban in hamlets:
            cells_by_commune[commune["Mã đơn vị"]].append(f"CB{hcode}")
        for c, count in zip(communes, per_commune, strict=True):
            commune_cells = cells_by_commune[c["Mã đơn vị"]]
            for n in range(count):
                post = COMMUNE_TOP[n] if n < len(COMMUNE_TOP) else self.rng.choice(COMMUNE_POSTS)
                self.add(
                    f"X{c['Mã đơn vị']}-{n + 1:04d}",
                    post,
                    Cadre.Level.COMMUNE,
                    c["Mã đơn vị"],
                    commune_cells[n % len(commune_cells)],
                )
            self.secretaries[f"DB{c['Mã đơn vị']}"] = f"X{c['Mã đơn vị']}-0001"

    def members(self, hamlets, agency_cells, counts, scale):
        """Party members fill the cells: hamlet cells take about 85%, agency cells the rest."""
        members = counts["people"] * scale - len(self.rows)
        hamlet_share = int(members * 0.85)
        per_hamlet = _spread(hamlet_share, len(hamlets), self.rng, 0.6, 1.4)
        per_agency = _spread(members - hamlet_share, len(agency_cells), self.rng, 0.6, 1.4)
        for (hcode, _label, _commune, _urban), count in zip(hamlets, per_hamlet, strict=True):
            for n in range(count):
                self.add(
                    f"D{hcode}-{n + 1:03d}", "Đảng viên" if n else "Bí thư chi bộ", "", hcode, f"CB{hcode}"
                )
            self.secretaries[f"CB{hcode}"] = f"D{hcode}-001"
        for (ccode, commune), count in zip(agency_cells, per_agency, strict=True):
            for n in range(count):
                position = "Đảng viên" if n else "Bí thư chi bộ"
                self.add(f"D{ccode}-{n + 1:03d}", position, "", commune["Mã đơn vị"], ccode)
            self.secretaries[ccode] = f"D{ccode}-001"

    def appoint_secretaries(self):
        """Secretaries, set only where none is recorded yet (a second run changes nothing)."""
        cadre_ids = _ids(Cadre, list(self.secretaries.values()))
        orgs = list(PartyOrg.objects.filter(code__in=list(self.secretaries), secretary__isnull=True))
        for org in orgs:
            org.secretary_id = cadre_ids[self.secretaries[org.code]]
        PartyOrg.objects.bulk_update(orgs, ["secretary"], batch_size=2000)


@transaction.atomic
def load(*, scale: int = 1, seed: int = 2021, codes=tuple(COUNTS), log=print) -> dict[str, int]:
    """The old provinces `codes` (by default all three) as they were until 30-06-2025; returns how
    many rows this run added.
    After the reform nothing is added: the closed rows keep (or archive) their codes and the
    hamlets, cells and people are the same rows, matched by code."""
    before = {m.__name__: m.objects.count() for m in (Unit, PartyOrg, Cadre)}
    if not Reorganisation.objects.filter(effective_on=REFORM_ON).exists():
        provinces.load(tuple(codes))
        rng = random.Random(seed)
        names = NameMaker(rng)
        for code in codes:
            _synthesise(code, rng=rng, names=names, scale=scale)
        record_demo_history()
    added = {m.__name__: m.objects.count() - before[m.__name__] for m in (Unit, PartyOrg, Cadre)}
    log(
        f"Units: {Unit.objects.count()}, party organisations: {PartyOrg.objects.count()}, "
        f"cadres and members: {Cadre.objects.count()} (added by this run: {added})"
    )
    return added


def record_demo_history(user=None) -> int:
    """The "created" history of the demo's rows, set-based (they are written by COPY and
    bulk_create): one INSERT … SELECT per model for the rows that have none yet."""
    reason = _("Demo data")
    return sum(record_missing(model, user=user, reason=reason) for model in (Unit, PartyOrg, Cadre))


def _appoint_secretaries(reform) -> int:
    """The new committees' secretaries, as the office then records them: the secretary of the
    first predecessor (a merged commune's committee is led by one of the old committees' leaders)."""
    firsts = {}
    for successor, secretary in (
        OrgLineage.objects.filter(reorganisation=reform, predecessor__secretary__isnull=False)
        .order_by("pk")
        .values_list("successor_id", "predecessor__secretary_id")
    ):
        firsts.setdefault(successor, secretary)
    orgs = list(PartyOrg.objects.filter(pk__in=list(firsts), secretary__isnull=True))
    for org in orgs:
        org.secretary_id = firsts[org.pk]
    PartyOrg.objects.bulk_update(orgs, ["secretary"], batch_size=2000)
    record_rows(
        PartyOrg.objects.filter(pk__in=[o.pk for o in orgs]),
        user=reform.created_by,
        reason=_("Demo data: secretaries after reorganisation #%(id)s") % {"id": reform.pk},
    )
    return len(orgs)


def apply_reform(*, acting_user, log=print) -> Reorganisation | None:
    """Tỉnh Vĩnh Long from 01-07-2025, as the office applies it: the reform sheet previewed and
    confirmed on the roster import (`units.services`), which applies it through `units.reorg`
    with every app's follower. Once: a second run finds the reorganisation and does nothing."""
    from .services import roster_import_confirm, roster_import_execute, roster_import_preview

    done = Reorganisation.objects.filter(effective_on=REFORM_ON).first()
    if done is not None:
        log(f"Reform of {REFORM_ON:%d/%m/%Y}: already applied.")
        return done
    record = roster_import_preview(
        data=provinces.reform_workbook(provinces.reform_rows(NEW_PROVINCE, date=f"{REFORM_ON:%d/%m/%Y}")),
        file_name="sap-xep-2025-tinh-vinh-long.xlsx",
        sheet="Sắp xếp đơn vị",
        acting_user=acting_user,
    )
    if record.status != RosterImport.Status.PREVIEWED or record.rejected:
        raise RuntimeError(f"The reform sheet was refused: {record.message or record.errors[:3]}")
    record = roster_import_confirm(roster_import=record, only_valid=False, acting_user=acting_user)
    if record.status == RosterImport.Status.QUEUED:
        # A large sheet is queued for a worker; the demo runs it here (the claim makes it run once).
        record = roster_import_execute(import_id=record.pk) or RosterImport.objects.get(pk=record.pk)
    if record.status != RosterImport.Status.DONE:
        raise RuntimeError(f"The reform sheet was not applied: {record.message}")
    reform = Reorganisation.objects.filter(effective_on=REFORM_ON).latest("pk")
    _appoint_secretaries(reform)
    log(
        f"Reform of {REFORM_ON:%d/%m/%Y} applied by {acting_user.username}: "
        f"{Unit.objects.valid_on(REFORM_ON).filter(level=3).count()} communes under "
        f"{Unit.objects.valid_on(REFORM_ON).get(level=1).name}."
    )
    return reform
