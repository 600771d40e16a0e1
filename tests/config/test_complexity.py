"""No product function is harder to follow than complexity 20 (radon's cyclomatic complexity).

A function may stay above the bar only with a one-line reason on the line above its `def`:
`# complexity: <why it reads best as one function>`.
"""

from pathlib import Path

from radon.complexity import cc_visit

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 20
SKIPPED = {".venv", "tests", "benchmarks", "migrations", "node_modules", "staticfiles", "static"}


def product_files():
    for path in sorted(ROOT.rglob("*.py")):
        parts = set(path.relative_to(ROOT).parts)
        if not parts & SKIPPED:
            yield path


def too_complex():
    found = []
    for path in product_files():
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        for block in cc_visit(source):
            # A class is judged by its methods, not as one block.
            for item in getattr(block, "methods", [block]):
                if item.complexity <= LIMIT:
                    continue
                above = lines[item.lineno - 2].strip() if item.lineno > 1 else ""
                if not above.startswith("# complexity:"):
                    name = f"{path.relative_to(ROOT)}:{item.lineno} {item.fullname}"
                    found.append(f"{name} ({item.complexity})")
    # radon lists a method both on its own and under its class.
    return sorted(set(found))


def test_the_scanner_sees_product_code():
    files = {p.relative_to(ROOT).parts[0] for p in product_files()}
    assert {"units", "cells", "pledges", "dashboards", "grading"} <= files


def test_no_function_above_the_limit_without_a_reason():
    assert too_complex() == []
