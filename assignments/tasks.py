"""Celery tasks: thin wrappers over services (ids and dates in, counts out)."""

import datetime

from celery import shared_task

from . import services


@shared_task(name="assignments.escalate_overdue_petitions")
def escalate_overdue_petitions(day: str | None = None) -> int:
    """Daily (beat): escalate overdue petitions one level up. Idempotent: running twice notifies once."""
    today = datetime.date.fromisoformat(day) if day else None
    return services.petitions_escalate(today=today)
