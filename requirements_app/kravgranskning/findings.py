"""Kravgranskning's findings for a procurement's requirements: stored, one
`StoredReport` per live requirement, written in the transaction of whatever
changed them, and read by every page; a finding set aside for a version
(`Dismissal`) is shown as such and does not count.

What changes which findings:
- a requirement's text, insights or status (in or out of play): `refresh`
  checks it again, and its close neighbours: the requirements its DUPLICATE
  and CONTAINED findings name, before and after, and, when it requires a whole
  WCAG level, those whose criteria it may contain;
- a definition, a coordinator's word, an insight's text, the estimated value:
  `refresh_all` checks the procurement's requirements together.
The messages are stored in each of the workbench's languages.
"""

import functools
import hashlib
import logging
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import translation
from django.utils.translation import gettext as _

from .. import bulk
from ..permissions import Action, require
from ..writes import write
from ..quality_rules import RULES, Severity
from .quality import Checker, Draft, Finding

logger = logging.getLogger(__name__)
# The rules that compare a requirement with others.
COMPARING = ("DUPLICATE", "CONTAINED")


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


def _languages():
    return [code for code, _name in settings.LANGUAGES]


def _live(procurement):
    from ..models import Requirement

    return list(Requirement.objects.for_procurement(procurement).live().select_related("area")
                .prefetch_related("insights").order_by("area__order", "area__code", "seq"))


def _others(procurement, exclude_pks=()):
    """The live requirements as the comparing rules need them: number, kind, statement, references."""
    from ..models import Requirement

    rows = (Requirement.objects.for_procurement(procurement).live().exclude(pk__in=exclude_pks)
            .values_list("pk", "area__code", "seq", "kind", "statement", "references"))
    return {pk: Draft(f"{code}-{seq:02d}", kind, statement=statement, references=references)
            for pk, code, seq, kind, statement, references in rows}


def _stored(found_by_language):
    """The JSON a StoredReport keeps of one requirement's findings, found once per language."""
    first = found_by_language[_languages()[0]]
    return [{"code": f.code, "field": f.field, "related": list(f.related),
             "messages": {language: found[i].message for language, found in found_by_language.items()}}
            for i, f in enumerate(first)]


def _codes(findings):
    """The codes column of a StoredReport, from its findings JSON."""
    return " ".join(f["code"] for f in findings)


def _write(requirements, stored, procurement=None):
    """Replace the StoredReports of `requirements` (or, given the procurement,
    all of its) with `stored` ({pk: findings JSON}); one out of play keeps none."""
    from ..models import StoredReport

    existing = (StoredReport.objects.filter(requirement__area__procurement=procurement) if procurement is not None
                else StoredReport.objects.filter(requirement__in=[r.pk for r in requirements]))
    existing.delete()
    bulk.insert(
        StoredReport(requirement=r, version_no=r.version_no, findings=stored[r.pk], codes=_codes(stored[r.pk]))
        for r in requirements if r.is_live
    )


def _serialised(function):
    """Run `function` in a transaction that holds the procurement's row: two
    writers of one procurement's stored findings (an import and an edit, say)
    take turns instead of deadlocking on each other's rows. Every writer locks
    its requirement or area rows first and the procurement last."""
    @functools.wraps(function)
    def locked(procurement, *args):
        from ..models import Procurement

        with transaction.atomic():
            # NO KEY: rows that refer to the procurement (search entries) are still written meanwhile.
            list(Procurement.objects.select_for_update(no_key=True).filter(pk=procurement.pk)
                 .values_list("pk", flat=True))
            return function(procurement, *args)
    return locked


def _check_together(procurement, drafts):
    """The findings JSON of each of `drafts`, checked with each other, in each language."""
    checker = checker_for(procurement)
    found = {}
    for language in _languages():
        with translation.override(language):
            found[language] = checker.check_all(drafts)
    return [_stored({language: found[language][i] for language in found}) for i in range(len(drafts))]


@_serialised
def refresh_all(procurement):
    """Check every live requirement of the procurement together, and store the findings."""
    live = _live(procurement)
    stored = _check_together(procurement, [Draft.of(r) for r in live])
    _write(live, {r.pk: findings for r, findings in zip(live, stored)}, procurement)


def fill_missing(using="default", **_signal):
    """Store the findings of each procurement where a live requirement has
    none stored (after `migrate`: the first time, or after a restore). Not
    after migrating part way back: the live models need the latest schema."""
    from django.db import connections
    from django.db.migrations.executor import MigrationExecutor

    from ..models import Procurement, Requirement

    executor = MigrationExecutor(connections[using])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return

    waiting = Requirement.objects.live().filter(stored_report__isnull=True).values("area__procurement")
    for procurement in Procurement.objects.filter(pk__in=waiting):
        refresh_all(procurement)


@dataclass
class Prepared:
    """Findings checked before a bulk write's transaction opens: of every live
    requirement and of the new ones (under the numbers they were expected to
    get), with the state of what they were checked against."""

    state: str
    numbers: list
    existing: dict  # {pk: findings JSON}
    new: list  # findings JSON, one per new requirement


def _state(procurement):
    """What the findings of the existing requirements depend on, as one value."""
    from ..models import Requirement

    parts = [
        Requirement.objects.for_procurement(procurement).aggregate(latest=Max("updated_at"), count=Count("id")),
        procurement.rule_terms.aggregate(latest=Max("updated_at"), count=Count("id")),
        {"definitions": sorted(procurement.definitions.values_list("id", "term", "role"))},
        {"estimated_value": procurement.estimated_value},
    ]
    return "|".join(str(value) for part in parts for value in part.values())


def prepare(procurement, new_drafts):
    """Check the procurement's live requirements with `new_drafts` (Drafts
    numbered as they are expected to be), before a bulk write: its write
    transaction then only stores the result (`write_prepared`)."""
    live = _live(procurement)
    stored = _check_together(procurement, [Draft.of(r) for r in live] + list(new_drafts))
    return Prepared(_state(procurement), [d.number for d in new_drafts],
                    {r.pk: stored[i] for i, r in enumerate(live)}, stored[len(live):])


def still_holds(procurement, prepared):
    """Whether nothing the prepared findings depend on changed since (read under the write lock)."""
    return prepared is not None and prepared.state == _state(procurement)


@_serialised
def write_prepared(procurement, prepared, created):
    """Store prepared findings for the procurement and the `created`
    requirements, if they got the numbers expected; else check them all now."""
    from ..models import Requirement

    if [r.number for r in created] != prepared.numbers:
        return refresh_all(procurement)
    live = list(Requirement.objects.filter(pk__in=prepared.existing).only("pk", "version_no", "status"))
    _write([*live, *created], {**prepared.existing, **{r.pk: f for r, f in zip(created, prepared.new)}}, procurement)


@_serialised
def refresh(procurement, requirements):
    """Check `requirements` (just saved, or just in or out of play) again, and
    their close neighbours, and store their findings: in the caller's transaction."""
    from ..models import Requirement, StoredReport

    if not requirements:
        return
    checker = checker_for(procurement)
    others = _others(procurement)
    changed = {r.pk for r in requirements}
    numbers = {r.number for r in requirements}
    # Before: the requirements whose comparing findings name one of these (only
    # their reports are read: a save does not load every message of the procurement).
    comparing = Q()
    for code in COMPARING:
        comparing |= Q(codes__contains=code)
    neighbours = {
        pk for pk, findings in StoredReport.objects.filter(comparing, requirement__area__procurement=procurement)
        .exclude(requirement__in=changed).values_list("requirement_id", "findings")
        if any(f["code"] in COMPARING and numbers & set(f["related"]) for f in findings)
    }
    found = _check(checker, requirements, others)
    # After: those they name now, and those a whole WCAG level they require may contain.
    by_number = {draft.number: pk for pk, draft in others.items()}
    for pk, result in found.items():
        neighbours |= {by_number[n] for f in result[_languages()[0]] for n in f.related if n in by_number}
    if any(checker.requires_a_level(Draft.of(r)) for r in requirements):
        neighbours |= {pk for pk, draft in others.items() if draft.references}
    neighbours -= changed
    rest = list(Requirement.objects.filter(pk__in=neighbours).select_related("area").prefetch_related("insights"))
    found.update(_check(checker, rest, others))
    everything = [*requirements, *rest]
    _write(everything, {r.pk: _stored(found[r.pk]) for r in everything if r.pk in found})


def _check(checker, requirements, others):
    """{pk: {language: [Finding]}} of live `requirements`, each compared with the other live ones."""
    found = {}
    for requirement in requirements:
        if not requirement.is_live:
            continue
        draft = Draft.of(requirement)
        rest = [d for pk, d in others.items() if pk != requirement.pk]
        found[requirement.pk] = {}
        for language in _languages():
            with translation.override(language):
                found[requirement.pk][language] = checker.check_one(draft, rest)
    return found


def _finding(stored):
    language = translation.get_language() or settings.LANGUAGE_CODE
    messages = stored["messages"]
    message = messages.get(language) or messages.get(language.split("-")[0]) or messages[settings.LANGUAGE_CODE]
    return Finding(stored["code"], message, stored["field"], tuple(stored["related"]))


def reports(procurement):
    """{requirement pk: Report} for the procurement's live requirements, read
    from the stored findings, with what was dismissed for each one's version."""
    return _read(procurement, "findings", lambda findings: findings,
                 lambda findings: [_finding(f) for f in findings])


def summaries(procurement, only=None):
    """{requirement pk: Report} like `reports`, but each finding carries its
    code alone (no message): for the list, its filter and the overview's counts,
    which need no more and so read no messages. `only`: just these requirements
    (the rows of one page)."""
    return _read(procurement, "codes", _codes, lambda codes: [Finding(code, "") for code in codes.split()], only)


def _read(procurement, column, from_findings, as_findings, only=None):
    """{pk: Report} of the live requirements (or those of `only`) from one
    column of their stored reports; a stale one is checked (its findings JSON
    made into the column's form by `from_findings`); `as_findings` turns a
    column value into Findings."""
    from ..models import Requirement

    live = Requirement.objects.for_procurement(procurement).live()
    stored_reports = _stored_of(procurement)
    if only is not None:
        live, stored_reports = live.filter(pk__in=only), stored_reports.filter(requirement__in=only)
    versions = dict(live.values_list("pk", "version_no"))
    stored = {pk: (version, value) for pk, version, value in stored_reports.values_list(
        "requirement_id", "version_no", column)}
    stale = [pk for pk, version in versions.items() if stored.get(pk, (None,))[0] != version]
    if stale:
        found = {}
        _stale(procurement, stale, found)
        stored.update({pk: (version, from_findings(findings)) for pk, (version, findings) in found.items()})
    dismissed = _dismissed_in(procurement) if only is None else _dismissed(versions)
    return {pk: _report(pk, version, as_findings(stored[pk][1]), dismissed) for pk, version in versions.items()}


def _stale(procurement, stale, stored):
    """A version with no stored findings means a write that did not refresh
    them: check those here, so nothing is missed, and say so in the log."""
    from ..models import Requirement

    logger.warning("Kravgranskning had no stored findings for %s requirement(s) of procurement %s",
                   len(stale), procurement.pk)
    requirements = list(Requirement.objects.filter(pk__in=stale).select_related("area").prefetch_related("insights"))
    found = _check(checker_for(procurement), requirements, _others(procurement))
    for requirement in requirements:
        stored[requirement.pk] = (requirement.version_no, _stored(found[requirement.pk]))


def report_for(requirement):
    """The Report of one requirement's current version, as stored."""
    from ..models import StoredReport

    stored = {requirement.pk: (r.version_no, r.findings)
              for r in StoredReport.objects.filter(requirement=requirement.pk)}
    if stored.get(requirement.pk, (None,))[0] != requirement.version_no:
        if not requirement.is_live:
            stored[requirement.pk] = (requirement.version_no, [])  # out of play: not checked
        else:
            _stale(requirement.area.procurement, [requirement.pk], stored)
    findings = [_finding(f) for f in stored[requirement.pk][1]]
    return _report(requirement.pk, requirement.version_no, findings, _dismissed({requirement.pk: None}))


def check_content(procurement, draft, exclude_pk=None):
    """The findings of unsaved content (the edit form's "Granska texten")."""
    others = _others(procurement, [exclude_pk] if exclude_pk else [])
    return checker_for(procurement).check_one(draft, list(others.values()))


def _stored_of(procurement):
    """The procurement's StoredReports (joined, not listed by id: a procurement has thousands)."""
    from ..models import Requirement, StoredReport

    return StoredReport.objects.filter(requirement__area__procurement=procurement,
                                       requirement__status__in=Requirement.Status.live_values())


def _dismissed_in(procurement):
    from ..models import Dismissal

    return {(d.requirement_id, d.version_no, d.code): d for d in Dismissal.objects.filter(
        requirement__area__procurement=procurement).select_related("dismissed_by")}


def _dismissed(pks):
    from ..models import Dismissal

    return {
        (d.requirement_id, d.version_no, d.code): d
        for d in Dismissal.objects.filter(requirement__in=list(pks)).select_related("dismissed_by")
    }


def _report(pk, version_no, found, dismissed):
    report = Report()
    for finding in found:
        dismissal = dismissed.get((pk, version_no, finding.code))
        if dismissal:
            report.dismissed.append((finding, dismissal))
        else:
            report.findings.append(finding)
    return report


def dismiss(membership, requirement, expected_version, code, reason):
    """Set a finding aside for the version the member saw (`expected_version`),
    with a reason. The working group sets warnings aside; only the coordinator
    an error. Refused when the requirement has a newer version since."""
    from django.core.exceptions import ValidationError

    from ..models import Dismissal, Requirement

    require(membership, Action.COORDINATE if RULES[code].severity == Severity.ERROR else Action.DRAFT)
    if not reason.strip():
        raise ValidationError(_("Give a reason for setting the finding aside."))
    # Only a finding the requirement has now: one set aside before it appears
    # would hide it when it does. Checked before the write lock is taken.
    if code not in {finding.code for finding in report_for(requirement).findings}:
        raise ValidationError(_("The requirement has no such finding to set aside."))

    def change(locked):
        return Dismissal.objects.get_or_create(
            requirement=locked, version_no=locked.version_no, code=code,
            defaults={"reason": reason, "dismissed_by": membership.user},
        )[0]

    def changed(locked):
        return ValidationError(_("The requirement has changed since: check the findings again."))

    # A set-aside is a record of its own (the requirement's text is unchanged): no revision.
    return write(membership, Action.COORDINATE if RULES[code].severity == Severity.ERROR else Action.DRAFT,
                 lambda: Requirement.objects.locked(requirement.pk), change,
                 procurement_id=requirement.area.procurement_id, expected_version=expected_version,
                 conflict=changed, revise=False)


def procurement_counts(procurement):
    """[(rule, count)] of the findings of the procurement's live requirements, per rule with findings, in
    rule order, for the overview: kept in
    the shared cache under what they depend on (the findings' stamp, and the live
    requirements' latest change and number, since a status change moves a
    requirement in or out of play), so a page shows them without reading 2,000 reports."""
    from django.core.cache import cache

    from ..models import Requirement

    live = Requirement.objects.for_procurement(procurement).live().aggregate(latest=Max("updated_at"), count=Count("id"))
    key = "finding-counts:" + hashlib.sha256(
        f"{procurement.pk}|{stamp(procurement)}|{live['latest']}|{live['count']}".encode()).hexdigest()
    by_code = cache.get(key)
    if by_code is None:
        by_code = dict(Counter(f.code for report in summaries(procurement).values() for f in report.findings))
        cache.set(key, by_code, 3600)
    return [(RULES[code], by_code[code]) for code in RULES if by_code.get(code)]


def stamp(procurement):
    """What the procurement's findings as shown depend on, as one value: the
    stored findings (rewritten, so with new ids, on every change) and the dismissals."""
    from ..models import Dismissal, StoredReport

    parts = [
        StoredReport.objects.filter(requirement__area__procurement=procurement).aggregate(
            last=Max("id"), count=Count("id")),
        Dismissal.objects.filter(requirement__area__procurement=procurement).aggregate(last=Max("id")),
    ]
    return "|".join(str(value) for part in parts for value in part.values())
