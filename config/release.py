"""The code's own version, for cache keys: pages are cached as HTML (and figures as pickles), so what
was cached by one release must never be read by the next. A digest of the product's Python and
template files, the same on every machine that runs the same code (web and workers alike)."""

import hashlib
from pathlib import Path


def code_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(_sources(root)):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _sources(root: Path):
    """The apps' and config's Python files and the templates (not uploads, not the venv)."""
    folders = [p for p in root.iterdir() if (p / "__init__.py").exists() and p.name != "tests"]
    for folder in [*folders, root / "templates"]:
        for path in folder.rglob("*"):
            if path.suffix in (".py", ".html") and "__pycache__" not in path.parts:
                yield path
