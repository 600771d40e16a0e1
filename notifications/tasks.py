"""Celery tasks: thin wrappers over services. Idempotent (every channel of a row is claimed before
it is sent), so retries and redeliveries never send twice."""

import datetime
from smtplib import SMTPException

from celery import shared_task

from . import services, sweep


@shared_task(
    name="notifications.deliver",
    autoretry_for=(SMTPException, OSError),
    retry_backoff=30,
    retry_kwargs={"max_retries": 6},
)
def deliver(events: list[str]) -> dict:
    """E-mail and push for the rows of these events (enqueued on commit by services.notify)."""
    return services.deliver(events)


@shared_task(name="notifications.daily_sweep")
def daily_sweep(day: str | None = None) -> dict:
    """Daily (beat): meetings tomorrow, deadlines in two days, overdue petitions, the digests."""
    return sweep.run(today=datetime.date.fromisoformat(day) if day else None)
