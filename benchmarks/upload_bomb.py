"""Zip-bomb benchmark: a ≈1.5 MB .xlsx whose sheet inflates to ≈520 MB, refused through the real roster
upload (`units.services.roster_import_preview`: recorded as refused, nothing written). Prints the peak
resident memory of a fresh process refusing it, twice: by the uncompressed-size check (the defaults), and
with that check lifted so that the row limit (rows streamed, stopped at ROSTER_IMPORT_MAX_ROWS) refuses it.

    .venv/bin/python benchmarks/upload_bomb.py [--megabytes 520]

Target: every refusal under 300 MB peak.
"""

import argparse
import io
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

# Rows without their optional "r" attributes are all alike, so they compress about 350:1 (as in the
# report: 1.5 MB that grew the server by over 1 GB).
ROW = (
    '<row><c t="inlineStr"><is><t>BOM</t></is></c>'
    '<c t="inlineStr"><is><t>Ấp Một Hai Ba Bốn Năm Sáu Bảy Tám Chín Mười</t></is></c>'
    '<c t="inlineStr"><is><t>Ấp</t></is></c><c t="inlineStr"><is><t>29116</t></is></c></row>'
)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build(path: Path, megabytes: int) -> tuple[int, int]:
    """Write the bomb to `path` as a stream (this process never holds it); returns (file, sheet) bytes."""
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Đơn vị"
    book.active.append(["Mã đơn vị", "Tên đơn vị", "Loại đơn vị", "Mã đơn vị cấp trên"])
    template = io.BytesIO()
    book.save(template)
    target, written = megabytes * 1_000_000, 0
    with (
        zipfile.ZipFile(template) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z,
    ):
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                z.writestr(info, source.read(info))
                continue
            head = source.read(info).decode()
            head = head[: head.index("<sheetData>") + len("<sheetData>")]
            with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as out:
                out.write(head.encode())
                chunk = (ROW * 1000).encode()
                while written < target:
                    out.write(chunk)
                    written += len(chunk)
                out.write(b"</sheetData></worksheet>")
    return path.stat().st_size, written


def refuse(path: Path, max_uncompressed: int | None) -> None:
    import django

    if max_uncompressed:
        os.environ["UPLOAD_MAX_UNCOMPRESSED_BYTES"] = str(max_uncompressed)
    django.setup()
    from django.conf import settings
    from django.test.utils import setup_databases, teardown_databases

    from units.models import RosterImport, Unit
    from units.services import roster_import_preview

    old = setup_databases(verbosity=0, interactive=False)
    try:
        baseline = peak_mb()
        data = path.read_bytes()
        started = time.perf_counter()
        record = roster_import_preview(data=data, file_name="bom.xlsx", acting_user=None)
        seconds = time.perf_counter() - started
        assert record.status == RosterImport.Status.REFUSED and not Unit.objects.exists(), record.status
        print(
            f"  limit {settings.UPLOAD_MAX_UNCOMPRESSED_BYTES / 2**20:.0f} MB unpacked, "
            f"{settings.ROSTER_IMPORT_MAX_ROWS:,} rows: refused in {seconds:.2f} s, "
            f"peak RSS {peak_mb():.0f} MB (Django and the file alone: {baseline:.0f} MB + "
            f"{len(data) / 2**20:.1f} MB)\n  message: {record.message[:110]}…"
        )
    finally:
        teardown_databases(old, verbosity=0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--megabytes", type=int, default=520, help="uncompressed size of the sheet")
    parser.add_argument("--refuse", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--max-uncompressed", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.refuse:
        refuse(args.refuse, args.max_uncompressed)
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bom.xlsx"
        size, inflated = build(path, args.megabytes)
        print(f"bomb: {size / 2**20:.2f} MB file, sheet unpacks to {inflated / 2**20:.0f} MB")
        for limit in (None, 4 * inflated):
            command = [sys.executable, __file__, "--refuse", str(path)]
            if limit:
                command += ["--max-uncompressed", str(limit)]
            subprocess.run(command, check=True)


if __name__ == "__main__":
    main()
