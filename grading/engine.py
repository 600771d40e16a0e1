"""The grade engine: which rule version applies, the proposal from evidence, the conditions, the caps.

Pure functions over the rows of `grading.models` and an `Evidence` the caller gathers
(`grading.evidence.gather` asks the providers the feature apps register). Every refusal names the
rule version (or the cap's source) it comes from.

Evidence a system does not hold is `None` ("chưa có dữ liệu"), never 0: a condition over it is
listed as *not checkable from the record* (the grader confirms it) and does not block.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import GRADE_ORDER, Cap, Condition, Criterion, Grade, RuleVersion, ScoringSheet

SHORT = {
    Grade.EXCELLENT: "Xuất sắc",
    Grade.GOOD: "Tốt",
    Grade.COMPLETED: "Hoàn thành",
    Grade.FAILED: "Không hoàn thành",
}


class NoRuleVersion(ValidationError):
    pass


@dataclass
class Evidence:
    """What the system holds about one subject for one period (None: not held)."""

    tasks_total: int | None = None  # tasks due in the period with a result recorded or overdue
    tasks_on_time: int = 0
    tasks_late: int = 0
    tasks_not_done: int = 0
    tasks_exceeded: int = 0
    remediation_total: int | None = None  # milestones due in the period
    remediation_met: int = 0
    remediation_open: int | None = None  # earlier remedial actions still open
    meetings_total: int | None = None
    meetings_ok: int = 0
    petitions_total: int | None = None
    petitions_answered: int = 0
    disciplined: int = 0  # the person; for a collective its members / leadership
    disciplined_names: list = field(default_factory=list)

    def ratio(self, key: str):
        pairs = {
            Criterion.EvidenceKey.TASKS_ON_TIME: (self.tasks_on_time, self.tasks_total),
            Criterion.EvidenceKey.TASKS_EXCEEDED: (self.tasks_exceeded, self.tasks_total),
            Criterion.EvidenceKey.REMEDIATION: (self.remediation_met, self.remediation_total),
            Criterion.EvidenceKey.MEETINGS: (self.meetings_ok, self.meetings_total),
            Criterion.EvidenceKey.PETITIONS: (self.petitions_answered, self.petitions_total),
        }
        if key == Criterion.EvidenceKey.DISCIPLINE:
            return Decimal(0) if self.disciplined else Decimal(1)
        part, whole = pairs.get(key, (None, None))
        if whole is None or whole <= 0:
            return None
        return min(Decimal(1), Decimal(part) / Decimal(whole))


def version_for(day) -> RuleVersion:
    """The version in force on `day` (a period's last day); refused when none was."""
    version = RuleVersion.objects.in_force(day)
    if version is None:
        raise NoRuleVersion(
            _("No grading rule version was in force on %(day)s: the period cannot be graded.")
            % {"day": f"{day:%d/%m/%Y}"}
        )
    return version


def check_cycle(version: RuleVersion, cycle: str, label: str):
    if not version.allows(cycle):
        raise ValidationError(
            _("%(rule)s does not provide for a review “%(cycle)s”.") % {"rule": version.label, "cycle": label}
        )


def sheet_for(version: RuleVersion, subject_type: str) -> ScoringSheet | None:
    if not version.uses_points:
        return None
    return version.sheets.filter(subject_type=subject_type).prefetch_related("criteria").first()


def num(value) -> str:
    """A number as people write it: 10, 2.5 (not 10.00, 2.50)."""
    if value is None:
        return ""
    text = f"{Decimal(value).normalize():f}"
    return text


def _q(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def propose(sheet: ScoringSheet, evidence: Evidence) -> dict[int, Decimal | None]:
    """Proposed points per criterion: from the evidence where the criterion names one and the system
    holds it; the full points of a general criterion the grader judges (None for a task criterion
    with no evidence: the grader scores it)."""
    out = {}
    for criterion in sheet.criteria.all():
        ratio = evidence.ratio(criterion.evidence) if criterion.evidence else None
        if ratio is not None:
            out[criterion.pk] = _q(criterion.max_points * ratio)
        elif criterion.group == Criterion.Group.GENERAL and not criterion.evidence:
            out[criterion.pk] = _q(criterion.max_points)
        else:
            out[criterion.pk] = None
    return out


def check_scores(sheet: ScoringSheet, scores: dict[int, Decimal | None]) -> list[str]:
    """Each criterion scored within 0 … its maximum."""
    errors = []
    for criterion in sheet.criteria.all():
        value = scores.get(criterion.pk)
        if value is None:
            errors.append(
                _("“%(criterion)s”: enter the points (0–%(max)s, %(rule)s).")
                % {"criterion": criterion.title, "max": num(criterion.max_points), "rule": sheet.version.label}
            )
        elif value < 0 or value > criterion.max_points:
            errors.append(
                _("“%(criterion)s”: %(value)s is outside 0–%(max)s points (%(rule)s).")
                % {
                    "criterion": criterion.title,
                    "value": num(value),
                    "max": num(criterion.max_points),
                    "rule": sheet.version.label,
                }
            )
    return errors


def total(scores) -> Decimal:
    return _q(sum((v for v in scores.values() if v is not None), Decimal(0)))


def _not_disciplined(ev: Evidence, condition):
    if ev.disciplined:
        return False, _("%(n)s disciplined in the period") % {"n": ev.disciplined}
    return True, ""


def _remedied(ev: Evidence, condition):
    if ev.remediation_open is None:
        return None, _("earlier shortcomings remedied")
    if ev.remediation_open:
        return False, _("%(n)s earlier remedial action(s) still open") % {"n": ev.remediation_open}
    return True, ""


def _checked_by_the_score(ev: Evidence, condition):
    return True, ""  # MIN_SCORE_ALL: the score threshold checks it


def _all_on_time(ev: Evidence, n: int, pct: int):
    reasons = []
    if ev.tasks_late:
        reasons.append(_("%(n)s task(s) late") % {"n": ev.tasks_late})
    if ev.tasks_not_done:
        reasons.append(_("%(n)s task(s) not completed") % {"n": ev.tasks_not_done})
    return (not reasons), ", ".join(reasons)


def _all_done(ev: Evidence, n: int, pct: int):
    if ev.tasks_not_done:
        return False, _("%(n)s task(s) not completed") % {"n": ev.tasks_not_done}
    return True, ""


def _exceeded_share(ev: Evidence, n: int, pct: int):
    if ev.tasks_exceeded * 100 < pct * n:
        return False, _("%(k)s of %(n)s task(s) exceeded, at least %(pct)s%% needed") % {
            "k": ev.tasks_exceeded,
            "n": n,
            "pct": pct,
        }
    return True, ""


def _late_ceiling(ev: Evidence, n: int, pct: int):
    if ev.tasks_late * 100 > pct * n:
        return False, _("%(k)s of %(n)s task(s) late, at most %(pct)s%% allowed") % {
            "k": ev.tasks_late,
            "n": n,
            "pct": pct,
        }
    return True, ""


def _min_done_share(ev: Evidence, n: int, pct: int):
    done = ev.tasks_on_time + ev.tasks_late
    if done * 100 < pct * n:
        return False, _("%(k)s of %(n)s target(s) met, at least %(pct)s%% needed") % {
            "k": done,
            "n": n,
            "pct": pct,
        }
    return True, ""


# Conditions read from the record whatever the tasks: check(evidence, condition).
RECORD_CHECKS = {
    Condition.Kind.NOBODY_DISCIPLINED.value: _not_disciplined,
    Condition.Kind.NOT_DISCIPLINED.value: _not_disciplined,
    Condition.Kind.REMEDIED.value: _remedied,
    Condition.Kind.MIN_SCORE_ALL.value: _checked_by_the_score,
}
# Conditions on the registered tasks (unknown without any): check(evidence, task count, percent).
TASK_CHECKS = {
    Condition.Kind.ALL_ON_TIME.value: _all_on_time,
    Condition.Kind.ALL_DONE.value: _all_done,
    Condition.Kind.EXCEEDED_SHARE.value: _exceeded_share,
    Condition.Kind.LATE_CEILING.value: _late_ceiling,
    Condition.Kind.MIN_DONE_SHARE.value: _min_done_share,
}


def _condition_result(condition: Condition, ev: Evidence):
    """(ok: True/False/None for unknown, reason)."""
    kind = str(condition.kind)
    if kind in RECORD_CHECKS:
        return RECORD_CHECKS[kind](ev, condition)
    if not ev.tasks_total:  # no tasks registered (or not known): the condition cannot be checked
        return None, condition.get_kind_display()
    check = TASK_CHECKS.get(kind)
    if check is None:
        return None, condition.get_kind_display()
    return check(ev, ev.tasks_total, condition.percent or 0)


@dataclass
class GradeCheck:
    grade: str
    failures: list  # reasons (strings)
    unknown: list  # conditions the record cannot check

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def message(self) -> str:
        return _("Not yet eligible for %(grade)s: %(reasons)s") % {
            "grade": SHORT[self.grade],
            "reasons": "; ".join(self.failures),
        }


def check_grade(version, subject_type, grade, evidence: Evidence, score=None, conditions=None) -> GradeCheck:
    """Whether `grade` may be given: its score threshold and its conditions and those of every
    passing grade below it (the conditions accumulate upwards)."""
    if conditions is None:
        conditions = list(version.conditions.all())
    failures, unknown = [], []
    if grade == Grade.FAILED:
        return GradeCheck(grade, [], [])
    if version.uses_points and score is not None and score < version.min_for(grade):
        failures.append(_("score %(score)s below %(min)s") % {"score": num(score), "min": num(version.min_for(grade))})
    rank = GRADE_ORDER.index(grade)
    # The grade's own conditions first, then those of the grades below it.
    for condition in sorted(conditions, key=lambda c: (GRADE_ORDER.index(c.grade), c.pk)):
        if condition.grade == Grade.FAILED or not condition.applies_to(subject_type):
            continue
        if GRADE_ORDER.index(condition.grade) < rank:
            continue  # a higher grade's condition
        ok, reason = _condition_result(condition, evidence)
        if ok is False and reason not in failures:
            failures.append(reason)
        elif ok is None and reason not in unknown:
            unknown.append(reason)
    return GradeCheck(grade, failures, unknown)


@dataclass
class Assessment:
    version: RuleVersion
    by_score: str | None  # the grade the score alone gives (points versions)
    best: str  # the highest grade score and conditions allow
    checks: dict  # grade -> GradeCheck
    next_up: GradeCheck | None  # the check of the grade just above `best` (None at the top)

    @property
    def best_label(self) -> str:
        return Grade(self.best).label

    @property
    def unknown(self) -> list:
        return self.checks[Grade.EXCELLENT].unknown

    @property
    def blocking_message(self) -> str:
        if self.next_up is None:
            return ""
        return f"{self.next_up.message} ({self.version.label})"


def grade_for_score(version, score):
    for grade in GRADE_ORDER[:-1]:
        if score >= version.min_for(grade):
            return grade
    return Grade.FAILED


def assess(version, subject_type, evidence: Evidence, score=None) -> Assessment:
    conditions = list(version.conditions.all())
    checks = {g: check_grade(version, subject_type, g, evidence, score, conditions) for g in GRADE_ORDER}
    best = next(g for g in GRADE_ORDER if checks[g].ok)
    best_pos = GRADE_ORDER.index(best)
    next_up = checks[GRADE_ORDER[best_pos - 1]] if best_pos > 0 else None
    by_score = grade_for_score(version, score) if version.uses_points and score is not None else None
    return Assessment(version, by_score, best, checks, next_up)


def refuse_unless_allowed(version, subject_type, grade, evidence, score=None):
    check = check_grade(version, subject_type, grade, evidence, score)
    if not check.ok:
        raise ValidationError(f"{check.message} ({version.label})")
    return check


# ----------------------------------------------------------------------------------------------
# Caps
# ----------------------------------------------------------------------------------------------


@dataclass
class CapCount:
    cap: Cap
    group: str
    capped: int
    base: int

    @property
    def allowed(self) -> int:
        return self.base * self.cap.percent // 100

    @property
    def exceeded(self) -> bool:
        return self.capped > self.allowed

    @property
    def summary(self) -> str:
        return _(
            "%(group)s: %(capped)s “%(grade)s”, %(base)s “%(base_grade)s” — at most %(allowed)s "
            "(%(percent)s%% of “%(base_grade)s”, %(source)s%(unconfirmed)s)."
        ) % self._values()

    def _values(self):
        return {
            "group": self.group,
            "capped": self.capped,
            "base": self.base,
            "allowed": self.allowed,
            "percent": self.cap.percent,
            "grade": SHORT[self.cap.grade].lower(),
            "base_grade": SHORT[self.cap.base_grade].lower(),
            "source": self.cap.source,
            "unconfirmed": "" if self.cap.confirmed else _("; unconfirmed setting"),
        }

    @property
    def refusal(self) -> str:
        return _(
            "Cap exceeded in %(group)s: “%(grade)s” may be at most %(percent)s%% of “%(base_grade)s” "
            "(%(source)s): %(base)s rated “%(base_grade)s”, so at most %(allowed)s; this would make %(capped)s."
        ) % self._values()


def cap_for(day, grade=Grade.EXCELLENT) -> Cap | None:
    return Cap.objects.in_force(day, grade)


def cap_after(cap: Cap, group: str, counts: dict, *, new: str | None, old: str | None) -> CapCount:
    """The count once `old` (None: nothing before) is replaced by `new`."""
    counts = dict(counts)
    if old:
        counts[old] = counts.get(old, 0) - 1
    if new:
        counts[new] = counts.get(new, 0) + 1
    return CapCount(cap, group, counts.get(cap.grade, 0), counts.get(cap.base_grade, 0))


def refuse_over_cap(cap: Cap | None, group: str, counts: dict, *, new, old=None) -> CapCount | None:
    """Refuse a decision that exceeds the cap and makes it worse (more capped, or fewer in the base);
    a decision that lowers an existing overage is let through."""
    if cap is None:
        return None
    before = cap_after(cap, group, counts, new=None, old=None)
    after = cap_after(cap, group, counts, new=new, old=old)
    worse = after.capped > before.capped or after.base < before.base
    if after.exceeded and worse:
        raise ValidationError(after.refusal)
    return after
