"""Evidence providers: feature apps register what they hold, `grading` never imports them.

A provider is `fn(subject: Subject, evidence: Evidence) -> None` filling the fields it knows
(cells: meeting quality of a collective; assignments: petitions answered; pledges: commitments,
remediation). Registered in each app's `AppConfig.ready()`; `gather` runs them all.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from .engine import Evidence
from .models import COLLECTIVE_TYPES, Discipline

_PROVIDERS: dict[str, callable] = {}


@dataclass
class Subject:
    subject_type: str
    org: object  # units.PartyOrg: the collective, or the person's organisation
    cadre: object | None
    start: date
    end: date

    @property
    def is_collective(self) -> bool:
        return self.subject_type in COLLECTIVE_TYPES


def register(name: str, provider):
    _PROVIDERS[name] = provider


def disciplines_in(subject: Subject):
    """Measures decided in the period (not annulled): the person's own, or for a collective those of
    the members of its organisation and below."""
    qs = Discipline.objects.filter(
        decided_on__gte=subject.start, decided_on__lte=subject.end, annulled_on__isnull=True
    ).select_related("cadre")
    if subject.is_collective:
        return qs.filter(Q(org__path__startswith=subject.org.path))
    return qs.filter(cadre=subject.cadre)


def gather(subject: Subject, evidence: Evidence | None = None) -> Evidence:
    evidence = evidence or Evidence()
    measures = list(disciplines_in(subject))
    evidence.disciplined = len(measures)
    evidence.disciplined_names = [f"{m.cadre.full_name} ({m.get_form_display()}, {m.decision_number})" for m in measures]
    for provider in _PROVIDERS.values():
        provider(subject, evidence)
    return evidence
