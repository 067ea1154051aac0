"""Kravgranskning's findings for a procurement's requirements: computed when
asked for (and cached under what they depend on), never stored; a finding set
aside for a version (`Dismissal`) is shown as such and does not count."""

from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .quality import Checker, Draft
from .quality_rules import RULES, Severity


@dataclass
class Report:
    """The findings of one requirement, split by whether they were dismissed for its version."""

    findings: list = field(default_factory=list)
    dismissed: list = field(default_factory=list)  # [(Finding, Dismissal)]

    @property
    def errors(self):
        return [f for f in self.findings if f.is_error]

    def __len__(self):
        return len(self.findings)


def checker_for(procurement):
    """The checker with the procurement's own words and definitions."""
    return Checker(procurement.rule_terms.values_list("rule", "text", "replacement"),
                   procurement.definitions.all())


def _live(procurement):
    from .models import Requirement

    return list(Requirement.objects.for_procurement(procurement).live().select_related("area")
                .prefetch_related("insights").order_by("area__order", "area__code", "seq"))


def reports(procurement, requirements=None):
    """{requirement pk: Report} for the procurement's live requirements (DUPLICATE
    compares them all), with what was dismissed for each one's current version."""
    from .models import Dismissal

    live = requirements if requirements is not None else _live(procurement)
    results = checker_for(procurement).check_all([Draft.of(r) for r in live])
    dismissed = {
        (d.requirement_id, d.version_no, d.code): d
        for d in Dismissal.objects.filter(requirement__in=[r.pk for r in live]).select_related("dismissed_by")
    }
    out = {}
    for requirement, findings in zip(live, results):
        report = Report()
        for finding in findings:
            dismissal = dismissed.get((requirement.pk, requirement.version_no, finding.code))
            if dismissal:
                report.dismissed.append((finding, dismissal))
            else:
                report.findings.append(finding)
        out[requirement.pk] = report
    return out


def report_for(requirement):
    """The Report of one requirement, compared with the rest of its procurement."""
    procurement = requirement.area.procurement
    live = [r for r in _live(procurement) if r.pk != requirement.pk]
    return reports(procurement, [requirement] + live)[requirement.pk]


def check_content(procurement, draft, exclude_pk=None):
    """The findings of unsaved content (the edit form's "Granska texten")."""
    others = [Draft.of(r) for r in _live(procurement) if r.pk != exclude_pk]
    return checker_for(procurement).check_all([draft] + others)[0]


def dismiss(membership, requirement, code, reason):
    """Set a finding aside for the requirement's current version, with a reason.
    The working group dismisses warnings; only the coordinator an error."""
    from django.core.exceptions import PermissionDenied, ValidationError

    from .models import Dismissal

    if not membership.can_edit or (RULES[code].severity == Severity.ERROR and not membership.is_coordinator):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError(_("Give a reason for setting the finding aside."))
    dismissal, _created = Dismissal.objects.get_or_create(
        requirement=requirement, version_no=requirement.version_no, code=code,
        defaults={"reason": reason, "dismissed_by": membership.user},
    )
    return dismissal


def counts(reports_by_pk):
    """[(rule, errors or warnings count)] per rule with findings, in rule order."""
    counter = Counter(f.code for report in reports_by_pk.values() for f in report.findings)
    return [(RULES[code], counter[code]) for code in RULES if counter[code]]


def stamp(procurement):
    """What the procurement's findings depend on, as one value: any change to a
    requirement, a definition, a coordinator's word or a dismissal changes it."""
    from django.db.models import Count, Max

    from .models import Dismissal, Requirement

    parts = [
        Requirement.objects.for_procurement(procurement).aggregate(latest=Max("updated_at"), count=Count("id")),
        procurement.rule_terms.aggregate(latest=Max("updated_at"), count=Count("id")),
        procurement.definitions.aggregate(last=Max("id"), count=Count("id")),
        Dismissal.objects.filter(requirement__area__procurement=procurement).aggregate(last=Max("id")),
    ]
    return "|".join(str(value) for part in parts for value in part.values())


def cached_reports(procurement):
    """(stamp, {requirement pk: Report}) of the live requirements, from the cache
    while nothing they depend on has changed."""
    from django.core.cache import cache

    import hashlib

    current = stamp(procurement)
    key = f"quality-{procurement.pk}-{hashlib.sha256(current.encode()).hexdigest()}"
    found = cache.get(key)
    if found is None:
        found = reports(procurement)
        cache.set(key, found, 3600)
    return current, found
