"""Demo data for pledges, commitments and reviews, on top of the units demo.

For one year (the current one by default): a pledge for every organisation's secretary and every
organisation's collective, most published, some still submitted or in draft, some missing; a work
commitment for every collective and every committee secretary, with mid-year and year-end
self-assessments and evaluations under the rule version in force (the 20% cap respected); a few
self-criticism reviews of the previous year with remediation in progress; a few public comments;
a few evidence files (tiny valid PDFs and PNGs made in code, written under MEDIA_ROOT).

Deterministic (seeded generator, short codes derived from the owner), idempotent (only owners
without a record for the year are added) and bulk (a few INSERTs per table).
"""

import hashlib
import random
import struct
import zlib
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from directives.models import DirectiveItem
from grading.models import Cap, RuleVersion
from units.models import PartyOrg

from .models import (
    CYCLE,
    Commitment,
    CommitmentItem,
    Evaluation,
    Evidence,
    Grade,
    GradingRule,
    Milestone,
    Period,
    Pledge,
    PledgeItem,
    PledgeVersion,
    ProgressAssessment,
    PublicComment,
    RemedialAction,
    Review,
    SelfAssessment,
    Shortcoming,
    period_end,
)
from .services import SHORT_ALPHABET

# The demo cell secretary (bithu.chibo) is left without a pledge so the journey can be tried.
LEFT_FOR_THE_JOURNEY = ("CB29116-001",)
REVIEWED_ORGS = 30
# Self-assessments (the first by organisation path, and the demo commune's) given evidence files.
WITH_EVIDENCE = 8
DEMO_EVIDENCE_NAMES = ("bao-cao-ket-qua.pdf", "anh-hoat-dong.png")

STUDY = [
    "Tư tưởng Hồ Chí Minh về dân chủ và phát huy quyền làm chủ của nhân dân",
    "Phong cách làm việc khoa học, sâu sát cơ sở của Chủ tịch Hồ Chí Minh",
    "Đạo đức cần, kiệm, liêm, chính, chí công vô tư",
    "Tư tưởng Hồ Chí Minh về xây dựng Đảng trong sạch, vững mạnh",
]
ACTIONS = [
    ("Mỗi tháng đối thoại trực tiếp với nhân dân một tổ tự quản", "12 biên bản đối thoại"),
    ("Dự sinh hoạt chi bộ ấp ít nhất một lần mỗi quý", "4 lần dự sinh hoạt có ghi nhận"),
    ("Giải quyết dứt điểm các kiến nghị của cử tri trong hạn", "Báo cáo kết quả giải quyết kiến nghị"),
    ("Vận động xây dựng 2 km đường giao thông nông thôn", "2 km đường được nghiệm thu"),
    ("Nói đi đôi với làm, không hứa suông với nhân dân", "Nhận xét của chi bộ nơi cư trú"),
]
TASKS = [
    ("Hoàn thành chỉ tiêu kết nạp đảng viên mới", "Danh sách đảng viên mới"),
    ("Nâng tỷ lệ hộ đạt chuẩn gia đình văn hóa", "Báo cáo bình xét cuối năm"),
    ("Tổ chức sinh hoạt chuyên đề về Chỉ thị 05 mỗi quý", "4 biên bản sinh hoạt chuyên đề"),
    ("Giảm 10% số hộ nghèo trên địa bàn", "Kết quả rà soát hộ nghèo"),
]
SHORTCOMINGS = [
    ("Chưa thường xuyên nắm tình hình cơ sở", "Còn ngại va chạm, chưa bố trí thời gian hợp lý"),
    ("Giải quyết kiến nghị của nhân dân còn chậm", "Phối hợp giữa các ngành chưa chặt chẽ"),
    ("Sinh hoạt chi bộ có lúc còn hình thức", "Chuẩn bị nội dung chưa kỹ"),
]
COMMENTS = [
    ("Ông Sáu", "Đề nghị đồng chí bí thư xuống ấp thường xuyên hơn."),
    ("", "Đường liên ấp ngập khi triều cường, mong được quan tâm."),
    ("Chị Hạnh", "Cảm ơn đồng chí đã đối thoại với bà con tổ 3."),
]


def short_code(key: str) -> str:
    digest = hashlib.sha256(f"pledge-demo:{key}".encode()).digest()
    return "".join(SHORT_ALPHABET[b % len(SHORT_ALPHABET)] for b in digest[:8])


def _aware(day: date, hour=9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _link(through, field, rows):
    """M2M links to directive items in one bulk INSERT."""
    through.objects.bulk_create(
        [through(**{field: pk, "directiveitem_id": d}) for pk, d in rows], batch_size=2000
    )


@transaction.atomic
def load(*, scale: int = 1, year: int | None = None, seed: int = 2026, log=print) -> dict[str, int]:
    year = year or timezone.localdate().year
    rng = random.Random(seed)
    orgs = list(
        PartyOrg.objects.valid_on(date(year, 1, 1))
        .select_related("secretary")
        .order_by("path")
        .only("pk", "code", "kind", "level", "parent_id", "secretary__id", "secretary__party_org_id", "path")
    )
    if not orgs:
        log("Pledges: no party organisations, nothing to add.")
        return {}
    directive_items = list(
        DirectiveItem.objects.filter(directive__code__in=["CT05", "QD08"]).values_list("pk", flat=True)
    ) or list(DirectiveItem.objects.values_list("pk", flat=True)[:10])
    before = {m.__name__: m.objects.count() for m in (Pledge, Commitment, Review, PublicComment)}

    # Owners: each secretary once (toward their party organisation), each collective.
    owners = []  # (key, org_id, cadre_id, org)
    seen = set()
    for org in orgs:
        owners.append((f"{year}:org:{org.pk}", org.pk, None, org))
        sec = org.secretary
        if sec and sec.party_org_id and sec.pk not in seen:
            seen.add(sec.pk)
            owners.append((f"{year}:cadre:{sec.pk}", sec.party_org_id, sec.pk, org))

    _pledges(year, owners, rng, directive_items)
    _commitments(year, owners, orgs, rng, directive_items)
    _reviews(year - 1, orgs, rng, directive_items)
    _comments(year, rng)
    _evidence(year)

    added = {
        m.__name__: m.objects.count() - before[m.__name__]
        for m in (Pledge, Commitment, Review, PublicComment)
    }
    log(f"Pledges, commitments, reviews and comments for {year} (added by this run: {added})")
    return added


def _pledges(year, owners, rng, directive_items):
    plan = _pledge_plan(year, owners, rng)
    if not plan:
        return
    Pledge.objects.bulk_create([p for p, _s in plan], batch_size=2000)
    ids = dict(
        Pledge.objects.filter(short_code__in=[p.short_code for p, _s in plan]).values_list("short_code", "pk")
    )
    for pledge, _status in plan:
        pledge.pk = ids[pledge.short_code]
    version_ids = _pledge_versions(year, plan)
    _pledge_items(year, plan, version_ids, rng, directive_items)
    for pledge, status in plan:
        pledge.current_version_id = version_ids[pledge.pk]
        pledge.published_version_id = (
            version_ids[pledge.pk] if status == PledgeVersion.Status.PUBLISHED else None
        )
    Pledge.objects.bulk_update(
        [p for p, _s in plan], ["current_version", "published_version"], batch_size=2000
    )


def _pledge_status(roll):
    if roll < 0.90:
        return PledgeVersion.Status.PUBLISHED
    return PledgeVersion.Status.SUBMITTED if roll < 0.95 else PledgeVersion.Status.DRAFT


def _pledge_plan(year, owners, rng) -> list:
    """(unsaved pledge, status of its first version) for each owner without a pledge for the year,
    but a few (never registered)."""
    have_cadres = set(
        Pledge.objects.filter(year=year, cadre__isnull=False).values_list("cadre_id", flat=True)
    )
    have_orgs = set(Pledge.objects.filter(year=year, cadre__isnull=True).values_list("org_id", flat=True))
    plan = []  # (pledge, status)
    for key, org_id, cadre_id, led in owners:
        roll = rng.random()  # drawn for every owner so the plan does not depend on what exists
        if led.code in LEFT_FOR_THE_JOURNEY or roll < 0.06:
            continue  # missing: never registered
        if (cadre_id and cadre_id in have_cadres) or (not cadre_id and org_id in have_orgs):
            continue
        code = short_code(key)
        plan.append(
            (
                Pledge(org_id=org_id, cadre_id=cadre_id, year=year, short_code=code, search_text=code),
                _pledge_status(roll),
            )
        )
    return plan


def _pledge_version(pledge, status, registered):
    published = status == PledgeVersion.Status.PUBLISHED
    decided = _aware(registered + timedelta(days=10)) if published else None
    return PledgeVersion(
        pledge_id=pledge.pk,
        number=1,
        status=status,
        theme="Năm xây dựng chính quyền gần dân, vì dân",
        shortcomings="Còn ít thời gian xuống cơ sở; khắc phục bằng lịch làm việc cố định với ấp.",
        submitted_at=_aware(registered) if status != PledgeVersion.Status.DRAFT else None,
        decided_at=decided,
        published_at=decided,
        created_at=_aware(registered - timedelta(days=5)),
    )


def _pledge_versions(year, plan) -> dict[int, int]:
    """The first version of each planned pledge: {pledge id: version id}."""
    registered = date(year, 2, 15)
    PledgeVersion.objects.bulk_create(
        [_pledge_version(pledge, status, registered) for pledge, status in plan], batch_size=2000
    )
    return dict(
        PledgeVersion.objects.filter(pledge_id__in=[p.pk for p, _s in plan], number=1).values_list(
            "pledge_id", "pk"
        )
    )


def _pledge_items(year, plan, version_ids, rng, directive_items):
    items = []
    for pledge, _status in plan:
        for order, (action, deliverable) in enumerate(rng.sample(ACTIONS, 2), start=1):
            items.append(
                PledgeItem(
                    version_id=version_ids[pledge.pk],
                    order=order,
                    study=rng.choice(STUDY),
                    follow="Gần dân, trọng dân, lắng nghe ý kiến nhân dân",
                    action=action,
                    deliverable=deliverable,
                    deadline=date(year, rng.choice((6, 9, 12)), 30 if rng.random() < 0.5 else 15),
                )
            )
    PledgeItem.objects.bulk_create(items, batch_size=2000)
    if directive_items:
        item_ids = PledgeItem.objects.filter(version_id__in=version_ids.values()).values_list("pk", flat=True)
        _link(
            PledgeItem.directive_items.through,
            "pledgeitem_id",
            [(pk, rng.choice(directive_items)) for pk in item_ids],
        )


def _score_grades(rng, rule, n):
    """Scores for `n` evaluations with their grades (or just grades under a rule without points)."""
    out = []
    for _ in range(n):
        score = Decimal(rng.choice((45, 55, 62, 68, 72, 76, 80, 84, 86, 88, 91, 94)))
        if rule.uses_points:
            out.append((score, rule.grade_for_score(score)))
        else:
            grade = Grade.GOOD if score >= 70 else Grade.COMPLETED if score >= 50 else Grade.FAILED
            out.append((None, Grade.EXCELLENT if score >= 90 else grade))
    return out


def _commitments(year, owners, orgs, rng, directive_items):
    existing_c = set(
        Commitment.objects.filter(year=year, cadre__isnull=False).values_list("cadre_id", flat=True)
    )
    existing_o = set(
        Commitment.objects.filter(year=year, cadre__isnull=True).values_list("org_id", flat=True)
    )
    plan = _commitment_plan(year, owners, existing_c, existing_o)
    if not plan:
        return
    Commitment.objects.bulk_create(plan, batch_size=2000)
    plan = list(
        Commitment.objects.filter(year=year)
        .exclude(cadre_id__in=existing_c)
        .exclude(cadre__isnull=True, org_id__in=existing_o)
    )
    _commitment_items(year, plan, rng, directive_items)
    by_pk = {o.pk: o for o in orgs}
    assessments, evaluations = [], []
    for period in (Period.MID_YEAR, Period.YEAR_END):
        period_assessments, period_evaluations = _period_grades(year, period, plan, by_pk, rng)
        assessments += period_assessments
        evaluations += period_evaluations
    SelfAssessment.objects.bulk_create(assessments, batch_size=2000)
    Evaluation.objects.bulk_create(evaluations, batch_size=2000)


def _commitment_plan(year, owners, existing_c, existing_o) -> list:
    """An unsaved commitment for each owner without one for the year (committee members and
    collectives; a cell secretary registers with the cell's collective commitment)."""
    committee_kinds = {PartyOrg.Kind.PROVINCIAL, PartyOrg.Kind.DISTRICT, PartyOrg.Kind.GRASSROOTS_COMMITTEE}
    plan = []
    for _key, org_id, cadre_id, led in owners:
        if cadre_id and led.kind not in committee_kinds:
            continue  # cell secretaries register with their cell's collective commitment
        if (cadre_id and cadre_id in existing_c) or (not cadre_id and org_id in existing_o):
            continue
        plan.append(Commitment(org_id=org_id, cadre_id=cadre_id, year=year, summary="Đăng ký công việc năm"))
    return plan


def _commitment_items(year, plan, rng, directive_items):
    items = []
    for c in plan:
        for order, (task, deliverable) in enumerate(rng.sample(TASKS, 2), start=1):
            items.append(
                CommitmentItem(
                    commitment_id=c.pk,
                    order=order,
                    task=task,
                    deliverable=deliverable,
                    deadline=date(year, 11, 30),
                )
            )
    CommitmentItem.objects.bulk_create(items, batch_size=2000)
    if directive_items:
        ids = CommitmentItem.objects.filter(commitment__in=plan).values_list("pk", flat=True)
        _link(
            CommitmentItem.directive_items.through,
            "commitmentitem_id",
            [(pk, rng.choice(directive_items)) for pk in ids],
        )


def _capped_groups(plan, grades, by_pk, rule, cap) -> list[list]:
    """[commitment, score, grade] rows grouped by grassroots organisation and kind (individual or
    collective), with the "xuất sắc" beyond the cap (cap% of "tốt" in the group) lowered to "tốt"."""
    groups = {}
    for c, (score, grade) in zip(plan, grades, strict=True):
        org = by_pk.get(c.org_id)
        top = org if org is None or org.level <= 3 else by_pk.get(org.parent_id, org)
        groups.setdefault((top.pk if top else None, c.cadre_id is None), []).append([c, score, grade])
    for rows in groups.values():
        good = sum(1 for r in rows if r[2] == Grade.GOOD)
        allowed = good * (cap.percent if cap else 100) // 100
        for r in [r for r in rows if r[2] == Grade.EXCELLENT][allowed:]:
            r[1], r[2] = (Decimal(88) if rule.uses_points else None), Grade.GOOD
    return list(groups.values())


def _period_grades(year, period, plan, by_pk, rng) -> tuple[list, list]:
    """The period's self-assessments and, where the version in force provides for the cycle (QĐ 124:
    yearly only), the superior's evaluations; the mid-year self-assessment is kept either way. The
    cap is the setting in force (grading.Cap)."""
    end = period_end(year, period)
    rule = GradingRule.objects.in_force(end)
    version = RuleVersion.objects.in_force(end)
    graded = version is not None and version.allows(CYCLE[period])
    cap = Cap.objects.in_force(end)
    grades = _score_grades(rng, rule, len(plan))
    assessments, evaluations = [], []
    for rows in _capped_groups(plan, grades, by_pk, rule, cap):
        for c, score, grade in rows:
            assessments.append(
                SelfAssessment(
                    commitment_id=c.pk,
                    period=period,
                    results="Hoàn thành các nội dung đã đăng ký; có sản phẩm cụ thể.",
                    self_grade=grade,
                    self_score=score,
                    submitted_at=_aware(end - timedelta(days=10)),
                )
            )
            if graded:
                evaluations.append(
                    Evaluation(
                        commitment_id=c.pk,
                        period=period,
                        rule=rule,
                        version=version,
                        ends_on=end,
                        subject_type="party_org" if c.cadre_id is None else "cadre",
                        score=score,
                        grade=grade,
                        evaluated_at=_aware(end),
                        year=year,
                        is_collective=c.cadre_id is None,
                    )
                )
    return assessments, evaluations


def _reviews(year, orgs, rng, directive_items):
    """A few reviews (grassroots secretaries of the first communes, and the demo hamlet cell) with
    remediation in progress: on schedule, late, done, and one overdue."""
    plan = _review_plan(year, orgs)
    if not plan:
        return
    Review.objects.bulk_create(plan, batch_size=500)
    reviews = list(Review.objects.filter(year=year, cadre_id__in=[r.cadre_id for r in plan]))
    shortcomings = _review_shortcomings(reviews, rng, directive_items)
    start = date(year + 1, 1, 15)
    RemedialAction.objects.bulk_create(
        [_remedial_action(year, n, s, start) for n, s in enumerate(shortcomings)], batch_size=2000
    )
    actions = list(RemedialAction.objects.filter(shortcoming__in=shortcomings))
    Milestone.objects.bulk_create([m for a in actions for m in _milestones(year, a)], batch_size=2000)
    ProgressAssessment.objects.bulk_create(
        [ProgressAssessment(action_id=a.pk, assessed_on=date(year + 1, 7, 10), status=a.status) for a in actions],
        batch_size=2000,
    )


def _review_plan(year, orgs) -> list:
    chosen = [o for o in orgs if o.kind == PartyOrg.Kind.GRASSROOTS_COMMITTEE and o.secretary][:REVIEWED_ORGS]
    chosen += [o for o in orgs if o.code in ("DB29122", "CB29116-001") and o not in chosen]
    existing = set(Review.objects.filter(year=year, cadre__isnull=False).values_list("cadre_id", flat=True))
    return [
        Review(
            org_id=o.secretary.party_org_id or o.pk,
            cadre_id=o.secretary.pk,
            year=year,
            strengths="Gương mẫu, sâu sát cơ sở.",
            responsibility="Chịu trách nhiệm người đứng đầu về kết quả lãnh đạo.",
            self_grade=Grade.GOOD,
        )
        for o in chosen
        if o.secretary and o.secretary.pk not in existing
    ]


def _review_shortcomings(reviews, rng, directive_items) -> list:
    Shortcoming.objects.bulk_create(
        [Shortcoming(review_id=r.pk, description=d, cause=c) for r in reviews for d, c in rng.sample(SHORTCOMINGS, 2)],
        batch_size=2000,
    )
    shortcomings = list(Shortcoming.objects.filter(review__in=reviews).select_related("review"))
    if directive_items:
        _link(
            Shortcoming.directive_items.through,
            "shortcoming_id",
            [(s.pk, rng.choice(directive_items)) for s in shortcomings],
        )
    return shortcomings


# The n-th shortcoming's action, in turn: on schedule, late, done, overdue (late, due earlier).
ACTION_STATES = (
    RemedialAction.Status.ON_TRACK,
    RemedialAction.Status.LATE,
    RemedialAction.Status.DONE,
    RemedialAction.Status.LATE,
)


def _remedial_action(year, n, shortcoming, start):
    state = n % 4  # on schedule, late, done, overdue
    return RemedialAction(
        shortcoming_id=shortcoming.pk,
        org_id=shortcoming.review.org_id,
        description="Xây dựng lịch làm việc định kỳ với cơ sở và báo cáo kết quả với cấp ủy",
        owner_id=shortcoming.review.cadre_id,
        due_on=date(year + 1, 12, 31) if state != 3 else date(year + 1, 9, 30),
        created_on=start,
        status=ACTION_STATES[state],
        last_assessed_on=date(year + 1, 7, 10),
        completed_on=date(year + 1, 7, 10) if state == 2 else None,
    )


def _milestones(year, action) -> list:
    return [
        Milestone(
            action_id=action.pk,
            due_on=date(year + 1, 3, 31),
            description="Lập kế hoạch khắc phục",
            done_on=date(year + 1, 3, 20),
        ),
        Milestone(action_id=action.pk, due_on=date(year + 1, 6, 30), description="Thực hiện và sơ kết 6 tháng"),
        Milestone(action_id=action.pk, due_on=action.due_on, description="Báo cáo kết quả khắc phục"),
    ]


def _comments(year, rng):
    """Comments on the published pledges of a few commune secretaries: approved and pending."""
    if PublicComment.objects.filter(pledge__year=year).exists():
        return
    pledges = list(
        Pledge.objects.filter(
            year=year, published_version__isnull=False, cadre__isnull=False, org__kind=PartyOrg.Kind.CELL
        ).order_by("org__path")[:10]
    )
    rows = []
    for n, p in enumerate(pledges):
        name, body = COMMENTS[n % len(COMMENTS)]
        rows.append(
            PublicComment(
                pledge=p,
                name=name,
                body=body,
                status=PublicComment.Status.APPROVED if n % 2 == 0 else PublicComment.Status.PENDING,
                created_at=_aware(date(year, 4, 1) + timedelta(days=n)),
            )
        )
    PublicComment.objects.bulk_create(rows)


def tiny_pdf(title: str) -> bytes:
    """A one-page PDF saying `title` (ASCII), with a correct cross-reference table."""
    text = title.encode("ascii", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 14 Tf 40 780 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def tiny_png(width: int = 16, height: int = 16, rgb=(196, 30, 58)) -> bytes:
    """A small solid-colour PNG (8-bit RGB), valid to any decoder."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


def _evidence(year):
    """A PDF report and a PNG photo for a few year-end self-assessments without evidence. Files get
    names derived from the assessment, so a second run neither adds rows nor rewrites files."""
    demo = Evidence.objects.filter(
        assessment__commitment__year=year, uploaded_by__isnull=True, original_name__in=DEMO_EVIDENCE_NAMES
    )
    if demo.exists():
        return
    assessments = list(
        SelfAssessment.objects.filter(commitment__year=year, period=Period.YEAR_END, evidence__isnull=True)
        .filter(commitment__org__code__in=("DB29122", "CB29116-001"))
        .order_by("commitment__org__path", "commitment_id")[:2]
    )
    assessments += list(
        SelfAssessment.objects.filter(commitment__year=year, period=Period.YEAR_END, evidence__isnull=True)
        .exclude(pk__in=[a.pk for a in assessments])
        .order_by("commitment__org__path", "commitment_id")[: WITH_EVIDENCE - len(assessments)]
    )
    rows = []
    for a in assessments:
        for kind, ext, mime, name, content in (
            ("report", ".pdf", "application/pdf", "bao-cao-ket-qua.pdf", tiny_pdf(f"Bao cao ket qua {year}")),
            ("photo", ".png", "image/png", "anh-hoat-dong.png", tiny_png()),
        ):
            token = hashlib.sha256(f"evidence-demo:{year}:{a.pk}:{kind}".encode()).hexdigest()[:32]
            path = f"pledges/evidence/{year}/{token}{ext}"
            if not default_storage.exists(path):
                default_storage.save(path, ContentFile(content))
            rows.append(
                Evidence(
                    assessment_id=a.pk,
                    file=path,
                    token=token,
                    extension=ext,
                    original_name=name,
                    content_type=mime,
                    size=len(content),
                    uploaded_at=a.submitted_at,
                )
            )
    Evidence.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
