"""manage.py build_reorg_sheet PROVINCE FILE [--from OLD_PROVINCE ...] [--date 01/07/2025]

Builds a `Sắp xếp đơn vị` sheet for the 2025 reform of PROVINCE (its name after 01-07-2025, e.g.
"Vĩnh Long") from the converter data of the `vietnamadminunits` package (MIT): for each new commune,
the old communes (GSO codes) it came from, including the old communes divided among several new
ones. Rows: each old province -> the new province; each old district abolished (empty new code);
each old commune -> its new commune under the new province. `--from "Bến Tre"` keeps only the part
that came from that old province. The package says which new communes a divided commune went to,
not which hamlets: a divided commune's hamlets are shared equally (the share column) — the office
should check those rows before importing. Import the file on the roster import page or with
`import_roster FILE --sheet "Sắp xếp đơn vị"`.
"""

from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from common.text import fold
from units.resources import DMYDateWidget

HEADERS = [
    "Mã đơn vị cũ",
    "Mã đơn vị mới",
    "Tên đơn vị mới",
    "Loại đơn vị mới",
    "Mã đơn vị cấp trên mới",
    "Ngày hiệu lực",
    "Tỷ lệ chia tách",
]
KINDS = {"Xã": "Xã", "Phường": "Phường", "Thị trấn": "Thị trấn", "Đặc khu": "Xã"}


def _key(name: str) -> str:
    return fold(name).replace(" ", "")


def reform_rows(province: str, *, only_from=(), date="01/07/2025") -> list[list[str]]:
    """The sheet's rows (without the header) for the new province `province`."""
    from vietnamadminunits.converter.converter_2025 import converter_data
    from vietnamadminunits.database import query

    new_key = next(
        (k for k in converter_data["DICT_PROVINCE"] if k.endswith(_key(province)) or _key(province) == k),
        None,
    )
    if new_key is None:
        raise CommandError(f"No province called {province!r} after the 2025 reform.")
    old_keys = list(converter_data["DICT_PROVINCE"][new_key])
    if only_from:
        wanted = {_key(p) for p in only_from}
        old_keys = [k for k in old_keys if k in wanted or any(k.endswith(w) for w in wanted)]
        if not old_keys:
            raise CommandError(f"None of {', '.join(only_from)} was merged into {province}.")
    new_units = query(
        "SELECT DISTINCT province, provinceCode, ward, wardType, wardCode, wardKey FROM admin_units "
        f"WHERE provinceKey = '{new_key}'"
    )
    if not new_units:
        raise CommandError(f"The package has no communes for {province}.")
    new_province = (new_units[0]["provinceCode"], new_units[0]["province"])
    new_by_key = {u["wardKey"]: u for u in new_units}
    keys = ",".join(f"'{k}'" for k in old_keys)  # the package's own keys, not user input
    legacy = query(
        "SELECT DISTINCT provinceKey, provinceCode, districtKey, districtCode, wardKey, wardCode "
        f"FROM admin_units_legacy WHERE provinceKey IN ({keys})"
    )
    old_code = {f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey']}": r["wardCode"] for r in legacy}

    # old commune key -> [new ward key]
    goes_to = defaultdict(list)
    for ward_key, olds in converter_data["DICT_PROVINCE_WARD_NO_DIVIDED"][new_key].items():
        for old in olds:
            goes_to[old].append(ward_key)
    for old, news in converter_data["DICT_PROVINCE_WARD_DIVIDED"].get(new_key, {}).items():
        # Default ward first: it takes the rounding remainder of the equal shares.
        for ward in sorted(news, key=lambda w: not w["isDefaultNewWard"]):
            if ward["newWardKey"] not in goes_to[old]:
                goes_to[old].append(ward["newWardKey"])

    rows = []
    provinces = sorted({(r["provinceCode"], r["provinceKey"]) for r in legacy})
    for code, _k in provinces:
        rows.append([code, new_province[0], new_province[1], "Tỉnh", "", date, ""])
    for code in sorted({r["districtCode"] for r in legacy}):
        rows.append([code, "", "", "", "", date, ""])
    for old in sorted(goes_to, key=lambda k: old_code.get(k, k)):
        if old.split("_", 1)[0] not in old_keys or old not in old_code:
            continue
        news = goes_to[old]
        shares = [""] * len(news)
        if len(news) > 1:
            base = (Decimal(1) / len(news)).quantize(Decimal("0.01"))
            shares = [f"{base * 100:.0f}%"] * len(news)
            shares[0] = f"{(Decimal(1) - base * (len(news) - 1)) * 100:.0f}%"
        for ward_key, share in zip(news, shares, strict=True):
            new = new_by_key[ward_key]
            rows.append(
                [
                    old_code[old],
                    new["wardCode"],
                    new["ward"],
                    KINDS.get(new["wardType"], new["wardType"]),
                    new_province[0],
                    date,
                    share,
                ]
            )
    return rows


class Command(BaseCommand):
    help = "Build a 'Sắp xếp đơn vị' sheet for a province's 2025 reform from the vietnamadminunits package."

    def add_arguments(self, parser):
        parser.add_argument("province", help="The province after the reform, e.g. 'Vĩnh Long'.")
        parser.add_argument("file", help="The .xlsx to write.")
        parser.add_argument(
            "--from",
            dest="only_from",
            action="append",
            default=[],
            help="Only this old province (repeatable).",
        )
        parser.add_argument("--date", default="01/07/2025", help="Effective date, dd/mm/yyyy.")

    def handle(self, *args, province, file, only_from, date, **options):
        import openpyxl

        try:
            DMYDateWidget().clean(date)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        rows = reform_rows(province, only_from=only_from, date=date)
        book = openpyxl.Workbook()
        ws = book.active
        ws.title = "Sắp xếp đơn vị"
        ws.append(HEADERS)
        for row in rows:
            ws.append(row)
        book.save(Path(file))
        splits = len({r[0] for r in rows if r[6]})
        self.stdout.write(
            f"Wrote {file}: {len(rows)} rows, {len({r[1] for r in rows if r[1]}) - 1} new communes, "
            f"{splits} divided commune(s) with equal shares to check."
        )
