"""manage.py extract_reform_data [--province "Vĩnh Long"] [--out units/data]

Regenerates, from the `vietnamadminunits` package (MIT), the CSV files under `units/data/` that the
product reads (nothing needs the package at run time):

- `<old-province>-units.csv` for each old province merged into PROVINCE (Trà Vinh, Vĩnh Long): the
  province, its districts and communes with their GSO codes, in the format of `ben-tre-units.csv`
  (`Mã đơn vị,Tên đơn vị,Loại đơn vị,Mã đơn vị cấp trên`, CRLF). `ben-tre-units.csv` is the seed
  from another source and is never overwritten: its codes are compared with the package's (the same
  158) and the names that differ are printed (Quới/Qưới, Hòa/Hoà, An Qui/An Quy);
- `reform-2025-<province>-units.csv`: the new province and its communes (same format);
- `reform-2025-<province>.csv`: the mapping by GSO code, one row per edge "old unit -> new unit"
  (`Mã đơn vị cũ,Mã đơn vị mới,Tỷ lệ chia tách`): each old province -> the new province, each old
  district abolished (no new code), each old commune -> its new commune(s).

The package's converter keys old communes by name (`province_district_commune`) and lists the
"divided" ones by name too, so two old communes of the same name in the new province (Xã Hòa Lộc
28924 in Bến Tre and 29734 in Vĩnh Long; Xã Mỹ An in Thạnh Phú and in Mang Thít) each get the
other's new commune. Every key is resolved to a GSO code here, once; a divided commune's part that
lies farther than FAR_KM from the old commune (the package gives both positions) is such a name
collision and is dropped (printed). Equal shares for the remaining divided communes (the package
does not say which hamlets went where): the default successor first, taking the remainder.
"""

import csv
import math
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from common.text import fold
from units.provinces import slug

DATA = Path(__file__).resolve().parents[2] / "data"
SEED = "ben-tre-units.csv"
UNIT_HEADERS = ["Mã đơn vị", "Tên đơn vị", "Loại đơn vị", "Mã đơn vị cấp trên"]
MAP_HEADERS = ["Mã đơn vị cũ", "Mã đơn vị mới", "Tỷ lệ chia tách"]
KINDS = {"Đặc khu": "Xã"}
FAR_KM = 20


def _km(lat1, lon1, lat2, lon2) -> float:
    return 111.2 * math.hypot(lat1 - lat2, (lon1 - lon2) * math.cos(math.radians(lat1)))


def _key(name: str) -> str:
    return fold(name).replace(" ", "")


def extract(province: str) -> dict:
    """{file name: rows (header first)} and the dropped name collisions, for the new `province`."""
    from vietnamadminunits.converter.converter_2025 import converter_data

    wanted = _key(province)
    new_key = next((k for k in converter_data["DICT_PROVINCE"] if k == wanted or k.endswith(wanted)), None)
    if new_key is None:
        raise CommandError(f"No province called {province!r} after the 2025 reform.")
    legacy, new_units = _read_package(new_key, converter_data["DICT_PROVINCE"][new_key])
    goes_to, dropped = _resolve(converter_data, new_key, legacy, new_units)
    files = _old_province_files(legacy)
    new_code, new_name = new_units[0]["provinceCode"], new_units[0]["province"]
    files[f"reform-2025-{slug(new_name)}-units.csv"] = [UNIT_HEADERS, [new_code, new_name, "Tỉnh", ""]] + [
        [u["wardCode"], u["ward"], KINDS.get(u["wardType"], u["wardType"]), new_code] for u in new_units
    ]
    mapping = [MAP_HEADERS]
    mapping += [[code, new_code, ""] for code in sorted({r["provinceCode"] for r in legacy})]
    mapping += [[code, "", ""] for code in sorted({r["districtCode"] for r in legacy})]
    for old_code in sorted(goes_to):
        news = goes_to[old_code]
        mapping += [
            [old_code, code, share] for code, share in zip(news, _equal_shares(len(news)), strict=True)
        ]
    files[f"reform-2025-{slug(new_name)}.csv"] = mapping
    return {"files": files, "dropped": dropped}


def _read_package(new_key: str, old_keys: list) -> tuple[list, list]:
    """The old units (province, district, commune per row) and the new communes, ordered by code."""
    from vietnamadminunits.database import query

    keys = ",".join(f"'{k}'" for k in [new_key, *old_keys])  # the package's own keys, not user input
    legacy = query(
        "SELECT DISTINCT provinceKey, provinceCode, province, districtKey, districtCode, district, "
        "districtType, wardKey, wardCode, ward, wardType, wardLat, wardLon FROM admin_units_legacy "
        f"WHERE provinceKey IN ({keys}) ORDER BY provinceCode, districtCode, wardCode"
    )
    new_units = query(
        "SELECT DISTINCT province, provinceCode, ward, wardType, wardCode, wardKey, wardLat, wardLon "
        f"FROM admin_units WHERE provinceKey = '{new_key}' ORDER BY wardCode"
    )
    return legacy, new_units


def _resolve(converter_data, new_key: str, legacy: list, new_units: list) -> tuple[dict, list]:
    """Old commune code -> [new commune codes] (the default successor first), the package's keys
    resolved to GSO codes once; and the divided parts dropped as name collisions."""
    new_by_key = {u["wardKey"]: u for u in new_units}
    old_by_key = {f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey']}": r for r in legacy}
    if len(new_by_key) != len(new_units) or len(old_by_key) != len(legacy):
        raise CommandError("Two communes share a key in the package: the mapping would be ambiguous.")
    goes_to: dict[str, list] = defaultdict(list)
    for ward_key, olds in converter_data["DICT_PROVINCE_WARD_NO_DIVIDED"][new_key].items():
        for old in olds:
            goes_to[old_by_key[old]["wardCode"]].append(new_by_key[ward_key]["wardCode"])
    dropped = []
    for old, parts in converter_data["DICT_PROVINCE_WARD_DIVIDED"].get(new_key, {}).items():
        o = old_by_key[old]
        for part in sorted(parts, key=lambda p: not p["isDefaultNewWard"]):
            new = new_by_key[part["newWardKey"]]
            far = _km(o["wardLat"], o["wardLon"], part["newWardLat"], part["newWardLon"])
            if far > FAR_KM:
                dropped.append((o["wardCode"], o["ward"], new["wardCode"], new["ward"], round(far, 1)))
            elif new["wardCode"] not in goes_to[o["wardCode"]]:
                goes_to[o["wardCode"]].append(new["wardCode"])
    missing = sorted({r["wardCode"] for r in legacy} - set(goes_to))
    if missing:
        raise CommandError(f"Old communes without a successor: {', '.join(missing)}.")
    return goes_to, dropped


def _old_province_files(legacy: list) -> dict:
    """One `<province>-units.csv` per old province: the province, then each district and its communes."""
    files = {}
    by_province = defaultdict(list)
    for r in legacy:
        by_province[(r["provinceCode"], r["province"])].append(r)
    for (code, name), rows in sorted(by_province.items()):
        out = [UNIT_HEADERS, [code, name, "Tỉnh", ""]]
        districts = {}
        for r in rows:
            districts.setdefault(r["districtCode"], (r["district"], r["districtType"]))
        for d_code, (d_name, d_type) in sorted(districts.items()):
            out.append([d_code, d_name, d_type, code])
            out.extend(
                [r["wardCode"], r["ward"], KINDS.get(r["wardType"], r["wardType"]), d_code]
                for r in rows
                if r["districtCode"] == d_code
            )
        files[f"{slug(name)}-units.csv"] = out
    return files


def _equal_shares(n: int) -> list[str]:
    """'' for one successor; equal percentages otherwise, the first taking the remainder."""
    if n == 1:
        return [""]
    base = (Decimal(1) / n).quantize(Decimal("0.01"))
    return [f"{(Decimal(1) - base * (n - 1)) * 100:.0f}%"] + [f"{base * 100:.0f}%"] * (n - 1)


class Command(BaseCommand):
    help = "Regenerate units/data/ (old provinces, the 2025 reform by GSO code) from vietnamadminunits."

    def add_arguments(self, parser):
        parser.add_argument("--province", default="Vĩnh Long", help="The province after the 2025 reform.")
        parser.add_argument("--out", default=str(DATA), help="Folder to write the CSV files to.")

    def handle(self, *args, province, out, **options):
        found = extract(province)
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        for name, rows in found["files"].items():
            if name == SEED and (folder / name).exists():
                self._compare_seed(folder / name, rows)
                continue
            with (folder / name).open("w", encoding="utf-8", newline="") as fh:
                csv.writer(fh, lineterminator="\r\n").writerows(rows)
            self.stdout.write(f"Wrote {folder / name}: {len(rows) - 1} rows")
        for old_code, old_name, new_code, new_name, km in found["dropped"]:
            self.stdout.write(
                f"Dropped a name collision: {old_name} ({old_code}) -> {new_name} ({new_code}), {km} km away"
            )

    def _compare_seed(self, path, rows):
        with path.open(encoding="utf-8-sig") as fh:
            seed = {r[0]: r for r in list(csv.reader(fh))[1:]}
        package = {r[0]: r for r in rows[1:]}
        if set(seed) != set(package):
            raise CommandError(
                f"{path.name} and the package disagree on codes: {sorted(set(seed) ^ set(package))}"
            )
        for code, row in package.items():
            if seed[code][1:] != row[1:]:
                self.stdout.write(f"Kept {path.name} for {code}: {seed[code][1:]} (package: {row[1:]})")
