"""Cached pages belong to one release: the cache key prefix follows the code and the templates."""

from config.release import code_digest


def test_the_digest_changes_with_a_template_or_the_code_and_not_with_uploads(tmp_path):
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("")
    (tmp_path / "app" / "views.py").write_text("X = 1\n")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text("<p>{{ x }}</p>")
    (tmp_path / "var").mkdir()
    first = code_digest(tmp_path)
    (tmp_path / "var" / "upload.pdf").write_bytes(b"%PDF")
    assert code_digest(tmp_path) == first
    (tmp_path / "templates" / "page.html").write_text("<p>{{ y }}</p>")
    second = code_digest(tmp_path)
    assert second != first
    (tmp_path / "app" / "views.py").write_text("X = 2\n")
    assert code_digest(tmp_path) not in (first, second)
