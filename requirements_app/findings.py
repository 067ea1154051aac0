"""Kravgranskning's findings for a procurement's requirements: computed when
asked for (and cached under what they depend on), never stored; a finding set
aside for a version (`Dismissal`) is shown as such and does not count."""

import threading
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
                   procurement.definitions.all(), estimated_value=procurement.estimated_value)


def _live(procurement):
    from .models import Requirement

    return list(Requirement.objects.for_procurement(procurement).live().select_related("area")
                .prefetch_related("insights").order_by("area__order", "area__code", "seq"))


def reports(procurement, requirements=None):
    """{requirement pk: Report} for the procurement's live requirements (DUPLICATE
    compares them all), with what was dismissed for each one's current version."""
    live = requirements if requirements is not None else _live(procurement)
    results = checker_for(procurement).check_all([Draft.of(r) for r in live])
    dismissed = _dismissed(live)
    return {requirement.pk: _report(requirement, found, dismissed) for requirement, found in zip(live, results)}


def report_for(requirement):
    """The Report of one requirement, compared with the rest of its procurement
    (whose numbers and statements are all DUPLICATE needs of them)."""
    procurement = requirement.area.procurement
    found = checker_for(procurement).check_one(Draft.of(requirement), _others(procurement, requirement.pk))
    return _report(requirement, found, _dismissed([requirement]))


def check_content(procurement, draft, exclude_pk=None):
    """The findings of unsaved content (the edit form's "Granska texten")."""
    return checker_for(procurement).check_one(draft, _others(procurement, exclude_pk))


def _others(procurement, exclude_pk):
    from .models import Requirement

    rows = (Requirement.objects.for_procurement(procurement).live().exclude(pk=exclude_pk)
            .values_list("area__code", "seq", "kind", "statement", "references"))
    return [Draft(f"{code}-{seq:02d}", kind, statement=statement, references=references)
            for code, seq, kind, statement, references in rows]


def _dismissed(requirements):
    from .models import Dismissal

    return {
        (d.requirement_id, d.version_no, d.code): d
        for d in Dismissal.objects.filter(requirement__in=[r.pk for r in requirements]).select_related("dismissed_by")
    }


def _report(requirement, found, dismissed):
    report = Report()
    for finding in found:
        dismissal = dismissed.get((requirement.pk, requirement.version_no, finding.code))
        if dismissal:
            report.dismissed.append((finding, dismissal))
        else:
            report.findings.append(finding)
    return report


def dismiss(membership, requirement, expected_version, code, reason):
    """Set a finding aside for the version the member saw (`expected_version`),
    with a reason. The working group sets warnings aside; only the coordinator
    an error. Refused when the requirement has a newer version since."""
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.db import transaction

    from .models import Dismissal, Requirement

    if not membership.can_edit or (RULES[code].severity == Severity.ERROR and not membership.is_coordinator):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError(_("Give a reason for setting the finding aside."))
    # Only a finding the requirement has now: one set aside before it appears
    # would hide it when it does. Checked before the write lock is taken.
    if code not in {finding.code for finding in report_for(requirement).findings}:
        raise ValidationError(_("The requirement has no such finding to set aside."))
    with transaction.atomic():
        locked = Requirement.objects.locked(requirement.pk)
        if locked.version_no != expected_version:
            raise ValidationError(_("The requirement has changed since: check the findings again."))
        dismissal, _created = Dismissal.objects.get_or_create(
            requirement=locked, version_no=locked.version_no, code=code,
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
        # Definitions have no change time: their terms and roles are the stamp.
        {"definitions": sorted(procurement.definitions.values_list("id", "term", "role"))},
        {"estimated_value": procurement.estimated_value},  # the turnover check reads it
        Dismissal.objects.filter(requirement__area__procurement=procurement).aggregate(last=Max("id")),
    ]
    return "|".join(str(value) for part in parts for value in part.values())


# The reports of each procurement, with the stamp they were made under, kept in
# the process: a cache entry could be culled among the pages' fragments, and
# unpickling thousands of reports on every request costs as much as a page.
_memo = {}
# One lock per procurement: a large procurement being checked never makes
# another one's pages wait.
_computing = {}


def cached_reports(procurement, current=None):
    """(stamp, {requirement pk: Report}) of the live requirements, kept while
    nothing they depend on has changed (`current`: the stamp, if known)."""
    current = current or stamp(procurement)
    held = _memo.get(procurement.pk)
    if held is None or held[0] != current:
        # One thread of a process checks; the others wait for its result rather
        # than all checking every requirement at once.
        with _computing.setdefault(procurement.pk, threading.Lock()):
            held = _memo.get(procurement.pk)
            if held is None or held[0] != current:
                held = _memo[procurement.pk] = (current, reports(procurement))
    return held


def cached_counts(procurement):
    """`counts` of the live requirements' findings."""
    return counts(cached_reports(procurement)[1])
