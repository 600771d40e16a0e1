"""Settings come from the environment; production refuses to start without a real secret."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_settings(module: str, code: str, **env):
    environment = {
        k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "REDIS_URL", "DATABASE_URL")
    }
    environment.update(DJANGO_SETTINGS_MODULE=module, **env)
    script = f"import django; django.setup(); from django.conf import settings; {code}"
    return subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_settings("config.settings.production", "print('started')")
    assert result.returncode != 0
    assert "SECRET_KEY is missing or insecure" in result.stderr
    assert "started" not in result.stdout


def test_production_refuses_a_short_secret_key():
    result = run_settings("config.settings.production", "print('started')", SECRET_KEY="too-short")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_starts_with_a_real_key_and_secure_cookies():
    result = run_settings(
        "config.settings.production",
        "print(settings.DEBUG, settings.SESSION_COOKIE_SECURE, settings.SECURE_HSTS_SECONDS > 0)",
        SECRET_KEY="k" * 64,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True"]


def test_without_redis_tasks_run_eagerly_on_sqlite():
    result = run_settings(
        "config.settings.local",
        "print(settings.CELERY_TASK_ALWAYS_EAGER, settings.DATABASES['default']['ENGINE'], settings.TIME_ZONE)",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "django.db.backends.sqlite3", "Asia/Ho_Chi_Minh"]


def test_with_redis_and_postgres_urls_the_real_services_are_used():
    result = run_settings(
        "config.settings.local",
        "print(settings.CELERY_TASK_ALWAYS_EAGER, settings.CELERY_BROKER_URL, settings.DATABASES['default']['ENGINE'],"
        " settings.ALLOWED_HOSTS, settings.CSRF_TRUSTED_ORIGINS)",
        REDIS_URL="redis://127.0.0.1:6379/3",
        DATABASE_URL="postgres://u@db.example:5432/x",
        ALLOWED_HOSTS="a.example,b.example",
        CSRF_TRUSTED_ORIGINS="https://a.example",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "redis://127.0.0.1:6379/3",
        "django.db.backends.postgresql",
        "['a.example',",
        "'b.example']",
        "['https://a.example']",
    ]
