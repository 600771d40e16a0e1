"""The Bến Tre demo: the real province, districts and communes (GSO codes, 2024 boundaries),
with hamlets, self-governing groups, party organisations, cadres and party members synthesised
up to the mission's counts. Deterministic (a seeded generator) and idempotent: every row has a
stable code and is inserted with ignore_conflicts, so a second run adds nothing.

`scale` multiplies the synthetic part (hamlets, groups, cells, cadres, members) for benchmarks.
"""

import csv
import random
import unicodedata
from pathlib import Path

from django.db import transaction

from common.text import fold

from .models import Cadre, PartyOrg, Unit
from .tree import rebuild_paths

DATA = Path(__file__).parent / "data" / "ben-tre-units.csv"

# The mission's counts (Bến Tre, 2021).
HAMLETS = 983
GROUPS = 14_676
DISTRICT_CADRES = 679
COMMUNE_CADRES = 6_038
PARTY_MEMBERS = 52_000
AGENCY_CELLS_PER_COMMUNE = 2

UNIT_KINDS = {
    "Tỉnh": Unit.Kind.PROVINCE,
    "Thành phố": Unit.Kind.CITY,
    "Huyện": Unit.Kind.DISTRICT,
    "Thị xã": Unit.Kind.TOWN,
    "Xã": Unit.Kind.COMMUNE,
    "Phường": Unit.Kind.WARD,
    "Thị trấn": Unit.Kind.TOWNSHIP,
}

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
PROVINCIAL_CELLS = [
    "Văn phòng Tỉnh ủy",
    "Ban Tổ chức Tỉnh ủy",
    "Ủy ban Kiểm tra Tỉnh ủy",
    "Ban Tuyên giáo và Dân vận Tỉnh ủy",
]
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


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


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


def _org(code, name, kind, parent_id, unit_id):
    name = nfc(name)
    return PartyOrg(
        code=code,
        name=name,
        kind=kind,
        parent_id=parent_id,
        unit_id=unit_id,
        level=PartyOrg.LEVELS[kind],
        search_text=fold(f"{code} {name}"),
    )


@transaction.atomic
def load(*, scale: int = 1, seed: int = 2021, log=print) -> dict[str, int]:
    """Load the demo; returns how many rows of each kind this run added."""
    rng = random.Random(seed)
    names = NameMaker(rng)
    before = {m.__name__: m.objects.count() for m in (Unit, PartyOrg, Cadre)}

    # 1. Real units: province, districts, communes.
    with DATA.open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    for level_kinds in (("Tỉnh",), ("Thành phố", "Huyện", "Thị xã"), ("Xã", "Phường", "Thị trấn")):
        ids = _ids(Unit)
        batch = [
            _unit(
                r["Mã đơn vị"],
                r["Tên đơn vị"],
                UNIT_KINDS[r["Loại đơn vị"]],
                ids.get(r["Mã đơn vị cấp trên"]),
            )
            for r in rows
            if r["Loại đơn vị"] in level_kinds
        ]
        _insert(Unit, batch)
    province = next(r for r in rows if r["Loại đơn vị"] == "Tỉnh")
    districts = [r for r in rows if r["Loại đơn vị"] in ("Thành phố", "Huyện", "Thị xã")]
    communes = [r for r in rows if r["Loại đơn vị"] in ("Xã", "Phường", "Thị trấn")]
    unit_ids = _ids(Unit)

    # 2. Hamlets and self-governing groups.
    hamlet_counts = _spread(HAMLETS * scale, len(communes), rng, 0.6, 1.4)
    hamlets = []  # (code, name, commune row)
    for commune, count in zip(communes, hamlet_counts, strict=True):
        urban = commune["Loại đơn vị"] in ("Phường", "Thị trấn")
        for n in range(1, count + 1):
            label = f"Khu phố {n}" if urban else f"Ấp {n}"
            hamlets.append((f"{commune['Mã đơn vị']}-{n:03d}", label, commune, urban))
    _insert(
        Unit,
        [
            _unit(
                code, label, Unit.Kind.QUARTER if urban else Unit.Kind.HAMLET, unit_ids[commune["Mã đơn vị"]]
            )
            for code, label, commune, urban in hamlets
        ],
    )
    unit_ids = _ids(Unit)
    group_counts = _spread(GROUPS * scale, len(hamlets), rng, 0.5, 1.5)
    groups = []
    for (hamlet_code, _label, _commune, _urban), count in zip(hamlets, group_counts, strict=True):
        parent_id = unit_ids[hamlet_code]
        groups.extend(
            _unit(f"{hamlet_code}-{n:02d}", f"Tổ NDTQ số {n}", Unit.Kind.GROUP, parent_id)
            for n in range(1, count + 1)
        )
    _insert(Unit, groups)
    rebuild_paths(Unit)
    unit_ids = _ids(Unit)

    # 3. Party organisations: province, districts, one grassroots committee per commune,
    # one cell per hamlet, agency cells beside them.
    prov_code = f"DB{province['Mã đơn vị']}"
    _insert(
        PartyOrg,
        [
            _org(
                prov_code,
                "Đảng bộ tỉnh Bến Tre",
                PartyOrg.Kind.PROVINCIAL,
                None,
                unit_ids[province["Mã đơn vị"]],
            )
        ],
    )
    org_ids = _ids(PartyOrg)
    level2 = [
        _org(f"CBTU-{i + 1}", f"Chi bộ {name}", PartyOrg.Kind.GRASSROOTS_CELL, org_ids[prov_code], None)
        for i, name in enumerate(PROVINCIAL_CELLS)
    ]
    level2 += [
        _org(
            f"DB{d['Mã đơn vị']}",
            f"Đảng bộ {d['Tên đơn vị']}",
            PartyOrg.Kind.DISTRICT,
            org_ids[prov_code],
            unit_ids[d["Mã đơn vị"]],
        )
        for d in districts
    ]
    _insert(PartyOrg, level2)
    org_ids = _ids(PartyOrg)
    level3 = [
        _org(
            f"CQ{d['Mã đơn vị']}",
            f"Chi bộ Cơ quan UBND {d['Tên đơn vị']}",
            PartyOrg.Kind.GRASSROOTS_CELL,
            org_ids[f"DB{d['Mã đơn vị']}"],
            None,
        )
        for d in districts
    ]
    level3 += [
        _org(
            f"DB{c['Mã đơn vị']}",
            f"Đảng bộ {c['Tên đơn vị']}",
            PartyOrg.Kind.GRASSROOTS_COMMITTEE,
            org_ids[f"DB{c['Mã đơn vị cấp trên']}"],
            unit_ids[c["Mã đơn vị"]],
        )
        for c in communes
    ]
    _insert(PartyOrg, level3)
    org_ids = _ids(PartyOrg)
    cells = [
        _org(
            f"CB{code}",
            f"Chi bộ {label}",
            PartyOrg.Kind.CELL,
            org_ids[f"DB{commune['Mã đơn vị']}"],
            unit_ids[code],
        )
        for code, label, commune, _urban in hamlets
    ]
    agency_cells = []  # (code, commune row)
    for commune in communes:
        short = (
            commune["Tên đơn vị"].split(" ", 1)[1] if " " in commune["Tên đơn vị"] else commune["Tên đơn vị"]
        )
        for k in range(AGENCY_CELLS_PER_COMMUNE * scale):
            code = f"CQ{commune['Mã đơn vị']}-{k + 1:02d}"
            template = AGENCY_CELLS[k % len(AGENCY_CELLS)]
            suffix = f" {k // len(AGENCY_CELLS) + 1}" if k >= len(AGENCY_CELLS) else ""
            cells.append(
                _org(
                    code,
                    template.format(name=short) + suffix,
                    PartyOrg.Kind.CELL,
                    org_ids[f"DB{commune['Mã đơn vị']}"],
                    None,
                )
            )
            agency_cells.append((code, commune))
    _insert(PartyOrg, cells)
    rebuild_paths(PartyOrg)
    org_ids = _ids(PartyOrg)

    # 4. Cadres and party members.
    people = []
    secretaries = {}  # org code -> cadre code

    def person(code, position, level, unit_code, org_code):
        full_name, sex = names()
        year = rng.randint(1965, 2000)
        people.append(
            Cadre(
                code=code,
                full_name=full_name,
                sex=sex,
                position=nfc(position),
                cadre_level=level,
                birth_date=f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                work_unit_id=unit_ids[unit_code],
                party_org_id=org_ids[org_code],
                phone=f"09{rng.randint(0, 99_999_999):08d}",
                is_party_member=True,
                search_text=fold(f"{code} {full_name} {position}"),
            )
        )

    prov_unit = province["Mã đơn vị"]
    for i, post in enumerate(PROVINCIAL_POSTS):
        person(
            f"T{i + 1:04d}", post, Cadre.Level.PROVINCE, prov_unit, f"CBTU-{i % len(PROVINCIAL_CELLS) + 1}"
        )
    secretaries[prov_code] = "T0001"
    for k in range(len(PROVINCIAL_CELLS)):
        # T0005.. are the first members of each provincial agency cell after the three leaders.
        secretaries[f"CBTU-{k + 1}"] = f"T{k + len(PROVINCIAL_CELLS) + 1:04d}"

    per_district = _spread(DISTRICT_CADRES * scale, len(districts), rng, 0.8, 1.2)
    for d, count in zip(districts, per_district, strict=True):
        org = (
            "Thành ủy"
            if d["Loại đơn vị"] == "Thành phố"
            else "Thị ủy"
            if d["Loại đơn vị"] == "Thị xã"
            else "Huyện ủy"
        )
        for n in range(count):
            post = (DISTRICT_TOP[n] if n < len(DISTRICT_TOP) else rng.choice(DISTRICT_POSTS)).format(org=org)
            person(
                f"H{d['Mã đơn vị']}-{n + 1:04d}",
                post,
                Cadre.Level.DISTRICT,
                d["Mã đơn vị"],
                f"CQ{d['Mã đơn vị']}",
            )
        secretaries[f"DB{d['Mã đơn vị']}"] = f"H{d['Mã đơn vị']}-0001"
        secretaries[f"CQ{d['Mã đơn vị']}"] = f"H{d['Mã đơn vị']}-0004"

    per_commune = _spread(COMMUNE_CADRES * scale, len(communes), rng, 0.8, 1.2)
    cells_by_commune = {}
    for code, commune in agency_cells:
        cells_by_commune.setdefault(commune["Mã đơn vị"], []).append(code)
    for code, _label, commune, _urban in hamlets:
        cells_by_commune[commune["Mã đơn vị"]].append(f"CB{code}")
    for c, count in zip(communes, per_commune, strict=True):
        commune_cells = cells_by_commune[c["Mã đơn vị"]]
        for n in range(count):
            post = COMMUNE_TOP[n] if n < len(COMMUNE_TOP) else rng.choice(COMMUNE_POSTS)
            person(
                f"X{c['Mã đơn vị']}-{n + 1:04d}",
                post,
                Cadre.Level.COMMUNE,
                c["Mã đơn vị"],
                commune_cells[n % len(commune_cells)],
            )
        secretaries[f"DB{c['Mã đơn vị']}"] = f"X{c['Mã đơn vị']}-0001"

    # Party members fill the cells: hamlet cells take about 85%, agency cells the rest.
    members = PARTY_MEMBERS * scale - len(people)
    hamlet_share = int(members * 0.85)
    per_hamlet = _spread(hamlet_share, len(hamlets), rng, 0.6, 1.4)
    per_agency = _spread(members - hamlet_share, len(agency_cells), rng, 0.6, 1.4)
    for (code, _label, _commune, _urban), count in zip(hamlets, per_hamlet, strict=True):
        for n in range(count):
            person(f"D{code}-{n + 1:03d}", "Đảng viên" if n else "Bí thư chi bộ", "", code, f"CB{code}")
        secretaries[f"CB{code}"] = f"D{code}-001"
    for (code, commune), count in zip(agency_cells, per_agency, strict=True):
        for n in range(count):
            person(
                f"D{code}-{n + 1:03d}", "Đảng viên" if n else "Bí thư chi bộ", "", commune["Mã đơn vị"], code
            )
        secretaries[code] = f"D{code}-001"
    _insert(Cadre, people, batch_size=5000)

    # 5. Secretaries, set only where none is recorded yet (a second run changes nothing).
    cadre_ids = _ids(Cadre, list(secretaries.values()))
    orgs = list(PartyOrg.objects.filter(code__in=list(secretaries), secretary__isnull=True))
    for org in orgs:
        org.secretary_id = cadre_ids[secretaries[org.code]]
    PartyOrg.objects.bulk_update(orgs, ["secretary"], batch_size=2000)

    added = {m.__name__: m.objects.count() - before[m.__name__] for m in (Unit, PartyOrg, Cadre)}
    log(
        f"Units: {Unit.objects.count()}, party organisations: {PartyOrg.objects.count()}, "
        f"cadres and members: {Cadre.objects.count()} (added by this run: {added})"
    )
    return added
