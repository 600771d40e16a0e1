"""The rule versions, sheets, conditions and caps the product ships (written by migration 0002).

Sources: DOMAIN-2026 §c (QĐ 366 Art. 11 as read from press summaries; QĐ 124 triggers; HD 43 forms),
DOMAIN §Evaluation (HD 21's cap). `verified=False` marks what no readable source gave: the split of
QĐ 366's 30 + 70 points into criteria (the product's paraphrase), QĐ 132's conditions, the
individual variants of "hoàn thành", the cap under QĐ 366. The office corrects them in the admin.
"""

from datetime import date

E, G, C = "hoan_thanh_xuat_sac", "hoan_thanh_tot", "hoan_thanh"
COLL, IND = ["party_org", "leadership"], ["cadre", "member"]

VERSIONS = [
    {
        "code": "132-QĐ/TW",
        "title": "Quy định về kiểm điểm và đánh giá, xếp loại chất lượng hằng năm đối với tập thể, cá nhân "
        "trong hệ thống chính trị",
        "issued_on": date(2018, 3, 8),
        "effective_from": date(2018, 3, 8),
        "uses_points": False,
        "cycles": ["year"],
        "forms": [["01", "Báo cáo kiểm điểm tập thể"], ["02", "Bản kiểm điểm cá nhân"]],
        "forms_source": "HD 16-HD/BTCTW (2018); số hiệu mẫu chưa đối chiếu",
        "source": "QĐ 132-QĐ/TW (08/03/2018); HD 16-HD/BTCTW; HD 21-HD/BTCTW (2019)",
        "notes": "Yearly, by criteria, no points.",
    },
    {
        "code": "124-QĐ/TW",
        "title": "Quy định về kiểm điểm và đánh giá, xếp loại chất lượng hằng năm đối với tập thể, cá nhân "
        "trong hệ thống chính trị",
        "issued_on": date(2023, 10, 4),
        "effective_from": date(2023, 10, 4),
        "uses_points": False,
        "cycles": ["year"],
        "forms": [["02A", "Bản kiểm điểm cá nhân (cán bộ lãnh đạo, quản lý)"], ["02B", "Bản kiểm điểm cá nhân"]],
        "forms_source": "HD 25-HD/BTCTW (2023)",
        "source": "QĐ 124-QĐ/TW (04/10/2023)",
        "notes": "Yearly; criteria in levels, no points; the cases of “không hoàn thành” are listed.",
    },
    {
        "code": "366-QĐ/TW",
        "title": "Quy định về kiểm điểm, đánh giá, xếp loại chất lượng đối với tập thể, cá nhân trong hệ "
        "thống chính trị",
        "issued_on": date(2025, 8, 30),
        "effective_from": date(2025, 8, 30),
        "uses_points": True,
        "general_points": 30,
        "task_points": 70,
        "excellent_min": 90,
        "good_min": 70,
        "completed_min": 50,
        "cycles": ["quarter", "mid_year", "year", "term", "ad_hoc"],
        "forms": [
            ["01", "Báo cáo kiểm điểm tập thể"],
            ["2A", "Bản kiểm điểm cá nhân cán bộ lãnh đạo, quản lý"],
            ["2B", "Bản kiểm điểm cá nhân không giữ chức vụ lãnh đạo, quản lý"],
            ["2C", "Bản kiểm điểm đảng viên không làm việc trong hệ thống chính trị"],
        ],
        "forms_source": "HD 43-HD/BTCTW (31/10/2025)",
        "source": "QĐ 366-QĐ/TW (30/08/2025), replaces QĐ 124",
        "notes": "100 points = 30 general + 70 task results; ≥ 90 / 70–< 90 / 50–< 70 / < 50. Per term, "
        "year, quarter or when needed (a mid-year review counts as one held when needed); quarters feed "
        "the year, years the term.",
    },
]

GENERAL = {
    "collective": [
        ("Lãnh đạo công tác chính trị, tư tưởng; học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", 10, ""),
        ("Xây dựng tổ chức, đoàn kết nội bộ, thực hiện nguyên tắc tập trung dân chủ", 10, ""),
        ("Kiểm tra, giám sát, kỷ luật đảng; phòng, chống tham nhũng, lãng phí, tiêu cực", 10, "discipline"),
    ],
    "individual": [
        ("Tư tưởng chính trị; học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", 10, ""),
        ("Phẩm chất đạo đức, lối sống; ý thức tổ chức kỷ luật", 10, "discipline"),
        ("Tinh thần trách nhiệm, nêu gương, tác phong, lề lối làm việc", 10, ""),
    ],
}
TASKS = {
    "party_org": [
        ("Nhiệm vụ, chỉ tiêu đã đăng ký hoàn thành đúng hạn, có chất lượng", 35, "tasks_on_time"),
        ("Nhiệm vụ hoàn thành vượt mức", 10, "tasks_exceeded"),
        ("Chất lượng sinh hoạt chi bộ, sinh hoạt cấp ủy", 10, "meetings"),
        ("Kiến nghị của nhân dân được trả lời đúng hạn", 5, "petitions"),
        ("Khắc phục hạn chế, khuyết điểm đúng lộ trình", 10, "remediation"),
    ],
    "leadership": [
        ("Nhiệm vụ, chỉ tiêu của tập thể hoàn thành đúng hạn, có chất lượng", 40, "tasks_on_time"),
        ("Nhiệm vụ hoàn thành vượt mức", 10, "tasks_exceeded"),
        ("Kiến nghị của nhân dân được trả lời đúng hạn", 10, "petitions"),
        ("Khắc phục hạn chế, khuyết điểm đúng lộ trình", 10, "remediation"),
    ],
    "cadre": [
        ("Nhiệm vụ được giao, cam kết đã đăng ký hoàn thành đúng hạn, có chất lượng", 40, "tasks_on_time"),
        ("Nhiệm vụ hoàn thành vượt mức", 10, "tasks_exceeded"),
        ("Kết quả lĩnh vực, địa bàn phụ trách (kiến nghị của nhân dân trả lời đúng hạn)", 10, "petitions"),
        ("Khắc phục hạn chế, khuyết điểm đúng lộ trình", 10, "remediation"),
    ],
    "member": [
        ("Nhiệm vụ được giao, cam kết đã đăng ký hoàn thành đúng hạn, có chất lượng", 45, "tasks_on_time"),
        ("Nhiệm vụ hoàn thành vượt mức", 10, "tasks_exceeded"),
        ("Khắc phục hạn chế, khuyết điểm đúng lộ trình", 15, "remediation"),
    ],
}
SHEETS = [
    ("party_org", "Phụ lục 1 (tập thể)", "01"),
    ("leadership", "Phụ lục 1 (tập thể lãnh đạo, quản lý)", "01"),
    ("cadre", "Phụ lục 2–3 (cán bộ lãnh đạo, quản lý)", "2A"),
    ("member", "Phụ lục 4–5 (cá nhân không giữ chức vụ; đảng viên)", "2B"),
]

S366 = "QĐ 366-QĐ/TW Điều 11"
CONDITIONS = {
    "366-QĐ/TW": [
        (E, "all_on_time", COLL, None, S366, True),
        (E, "exceeded_share", COLL, 30, S366, True),
        (E, "nobody_disciplined", COLL, None, S366, True),
        (E, "all_on_time", ["cadre"], None, S366, True),
        (E, "exceeded_share", ["cadre"], 30, S366, True),
        (E, "not_disciplined", IND, None, S366, True),
        (E, "all_on_time", ["member"], None, S366, True),
        (E, "remedied", [], None, "QĐ 366-QĐ/TW (xuất sắc: khắc phục hết hạn chế trước đó)", True),
        (G, "all_on_time", [], None, S366, True),
        (C, "all_done", COLL, None, S366, True),
        (C, "late_ceiling", COLL, 20, S366, True),
        (C, "all_done", IND, None, f"{S366} (mức cá nhân chưa đối chiếu)", False),
        (C, "late_ceiling", IND, 20, f"{S366} (mức cá nhân chưa đối chiếu)", False),
    ],
    "124-QĐ/TW": [
        (C, "not_disciplined", IND, None, "QĐ 124-QĐ/TW (bị kỷ luật trong năm: không hoàn thành)", True),
        (C, "nobody_disciplined", COLL, None, "QĐ 124-QĐ/TW (tập thể lãnh đạo bị kỷ luật)", True),
        (C, "min_done_share", [], 50, "QĐ 124-QĐ/TW (dưới 50% chỉ tiêu: không hoàn thành)", True),
    ],
    "132-QĐ/TW": [
        (E, "all_on_time", [], None, "QĐ 132-QĐ/TW (chưa đối chiếu)", False),
        (G, "all_done", [], None, "QĐ 132-QĐ/TW (chưa đối chiếu)", False),
        (C, "not_disciplined", IND, None, "QĐ 132-QĐ/TW (chưa đối chiếu)", False),
        (C, "min_done_share", [], 50, "QĐ 132-QĐ/TW (chưa đối chiếu)", False),
    ],
}

CAPS = [
    {
        "percent": 20,
        "group": "một tổ chức cơ sở đảng; các chi bộ do một cấp ủy xếp loại",
        "effective_from": date(2019, 10, 18),
        "effective_to": date(2025, 8, 29),
        "source": "HD 21-HD/BTCTW (2019)",
        "confirmed": True,
        "notes": "“Xuất sắc” ≤ 20% of “tốt” (guidance of QĐ 132).",
    },
    {
        "percent": 20,
        "group": "một tổ chức cơ sở đảng; các chi bộ do một cấp ủy xếp loại",
        "effective_from": date(2025, 8, 30),
        "effective_to": None,
        "source": "HD 21-HD/BTCTW (2019), giữ theo cài đặt của Văn phòng",
        "confirmed": False,
        "notes": "No readable source confirms the 20% cap under QĐ 366; kept as an office setting.",
    },
]


def seed(apps):
    RuleVersion = apps.get_model("grading", "RuleVersion")
    ScoringSheet = apps.get_model("grading", "ScoringSheet")
    Criterion = apps.get_model("grading", "Criterion")
    Condition = apps.get_model("grading", "Condition")
    Cap = apps.get_model("grading", "Cap")
    for data in VERSIONS:
        version, _ = RuleVersion.objects.update_or_create(code=data["code"], defaults=data)
        if not version.conditions.exists():
            Condition.objects.bulk_create(
                Condition(version=version, grade=g, kind=k, subject_types=s, percent=p, source=src, verified=v)
                for g, k, s, p, src, v in CONDITIONS[data["code"]]
            )
        if not data["uses_points"]:
            continue
        for subject, annex, form in SHEETS:
            sheet, created = ScoringSheet.objects.get_or_create(
                version=version, subject_type=subject, defaults={"annex": annex, "form": form}
            )
            if not created:
                continue
            general = GENERAL["collective" if subject in COLL else "individual"]
            rows = [("general", t, p, e) for t, p, e in general] + [("tasks", t, p, e) for t, p, e in TASKS[subject]]
            Criterion.objects.bulk_create(
                Criterion(sheet=sheet, group=g, order=n, title=t, max_points=p, evidence=e)
                for n, (g, t, p, e) in enumerate(rows, start=1)
            )
    for data in CAPS:
        Cap.objects.get_or_create(effective_from=data["effective_from"], grade=E, defaults=data)
