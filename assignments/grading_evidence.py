"""Evidence for a grade (grading.evidence provider): petitions raised in the period in the area a
collective or a cadre leads (its unit's subtree) and how many were answered in time."""

from .selectors import petition_counts


def petitions(subject, evidence):
    org = subject.org
    if subject.subject_type == "member" or org is None or org.unit_id is None:
        return
    rows = petition_counts(start=subject.start, end=subject.end).filter(unit__path__startswith=org.unit.path)
    raised = sum(r["raised"] for r in rows)
    if raised:
        evidence.petitions_total = raised
        evidence.petitions_answered = sum(r["answered_in_time"] for r in rows)
