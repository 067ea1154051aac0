"""Freezing editions, and gathering what a tender document shows.

A frozen edition and the draft preview give the same `TenderData`, so the PDF
and the response form are made the same way from either; the PDF code never
touches the live requirements.
"""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from reversion.models import Version

from . import evaluation, findings, publication, terms
from .models import Decision, Edition, EditionItem, Insight, Procurement, Requirement
from .sections import sections_of
from .tender_period import questions
from .versions import display, word_diff


@dataclass
class TenderData:
    """Everything the tender document shows, read from one edition (or the preview)."""

    context: dict
    items: list
    label: str
    edition_date: date
    draft: bool = False
    # An edition frozen for publication: the upphandlingsdokument itself (else a remiss edition, or a draft).
    publication: bool = False
    previous_label: str = ""
    previous_items: list = field(default_factory=list)

    def items_by_area(self):
        """[(area dict, [items])] in area order, areas without items left out."""
        groups = []
        for area in self.context["areas"]:
            items = [item for item in self.items if item.area_code == area["code"]]
            if items:
                groups.append((area, items))
        return groups

    def evaluated_items(self):
        return [item for item in self.items if item.kind == Requirement.Kind.EVALUATED]

    def traceability(self):
        """[(insight dict, [numbers])] for every insight, in the notes' order."""
        answers = {}
        for item in self.items:
            for key in item.insight_keys:
                answers.setdefault(key, []).append(item.number)
        return [(insight, answers.get(insight["key"], [])) for insight in self.context["insights"]]

    def change_log(self):
        """What changed since the previous edition: added, changed (with a word
        diff of the statement) and removed items."""
        before = {item.number: item for item in self.previous_items}
        now = {item.number: item for item in self.items}
        added = [item for number, item in now.items() if number not in before]
        removed = [item for number, item in before.items() if number not in now]
        changed = []
        for number, item in now.items():
            old = before.get(number)
            fields = field_changes(old, item) if old else []
            if fields:
                changed.append((old, item, word_diff(old.statement, item.statement), fields))
        return {"added": added, "changed": changed, "removed": removed}


# What suppliers read of a requirement, in the document's order: what the change log compares.
PUBLIC_FIELDS = ("title", "statement", "kind", "weight", "scale", "verification", "verifikat", "follow_up", "references")


def field_changes(old, new):
    """[(name, label, before, after)] of the public fields that differ between
    two edition items: a changed value (150000 → 120000) shows, not only a
    changed text. The statement's change is shown as a word diff instead."""
    return [(name, Requirement._meta.get_field(name).verbose_name, display(name, getattr(old, name)),
             display(name, getattr(new, name)))
            for name in PUBLIC_FIELDS if (getattr(old, name) or "") != (getattr(new, name) or "")]


def _context(procurement):
    insights = Insight.objects.for_procurement(procurement).order_by("order", "key")
    return {
        "sections": [
            {"kind": s.kind, "title": str(s.get_kind_display()), "text": s.text, "version_no": s.version_no}
            for s in sections_of(procurement)
        ],
        "definitions": [
            {"term": d.term, "meaning": d.meaning, "role": d.role} for d in procurement.definitions.all()
        ],
        "procurement": {
            "name": procurement.name,
            "organisation": procurement.organisation,
            "reference": procurement.reference,
            "description": procurement.description,
        },
        "areas": [
            {"code": a.code, "name": a.name, "description": a.description} for a in procurement.areas.all()
        ],
        "evaluation": evaluation.model_for(procurement).snapshot(),
        **terms.snapshot(procurement),
        "tender_period": questions.record_snapshot(procurement),
        "insights": [
            {"key": i.key, "kind": i.kind, "kind_label": str(i.get_kind_display()), "text": i.text,
             "triage_label": str(i.get_triage_display()) if i.triage else "", "triage_reason": i.triage_reason}
            for i in insights
        ],
    }


def _items(requirements):
    """Unsaved EditionItems copying each requirement as it is now."""
    requirements = list(requirements.select_related("area", "author", "proposed_by").prefetch_related("insights"))
    pks = [r.pk for r in requirements]
    decisions = {
        (d.requirement_id, d.version_no): d
        for d in Decision.objects.filter(requirement__in=pks).select_related("requirement", "recorded_by")
    }
    version_ids = dict(
        Version.objects.get_for_model(Requirement)
        .filter(object_id__in=[str(pk) for pk in pks])
        .values("object_id")
        .annotate(latest=Max("pk"))
        .values_list("object_id", "latest")
    )
    items = []
    for r in requirements:
        decision = decisions.get((r.pk, r.version_no))
        items.append(
            EditionItem(
                requirement=r,
                version_no=r.version_no,
                reversion_version_id=version_ids.get(str(r.pk)),
                number=r.number,
                area_code=r.area.code,
                seq=r.seq,
                title=r.title,
                statement=r.statement,
                rationale=r.rationale,
                kind=r.kind,
                weight=r.weight,
                scale=r.scale,
                value_reason=r.value_reason,
                verification=r.verification,
                verifikat=r.verifikat,
                follow_up=r.follow_up,
                status=r.status,
                references=r.references,
                insight_keys=sorted(i.key for i in r.insights.all()),
                decision=_decision_dict(decision) if decision else None,
                authorship=_authorship(r),
            )
        )
    return items


def _name(user):
    return (user.get_full_name() or user.get_username()) if user else ""


def _authorship(requirement):
    """Who wrote the requirement (and proposed it, if an expert did): internal only."""
    return {"author": _name(requirement.author), "proposed_by": _name(requirement.proposed_by)}


def _decision_dict(decision):
    return {
        "recorded_by": _name(decision.recorded_by),
        "outcome": decision.outcome,
        "yes": decision.yes,
        "no": decision.no,
        "abstain": decision.abstain,
        "advisory": decision.advisory,
        "dissent": decision.dissent,
        "rule": decision.rule,
        "date": timezone.localdate(decision.recorded_at).isoformat(),
    }


def _ordered(requirements):
    return requirements.order_by("area__order", "area__code", "seq")


def _latest_edition(procurement):
    return Edition.objects.filter(procurement=procurement).order_by("-frozen_at", "-pk").first()


@dataclass
class FreezePreview:
    """What freezing now would do: what goes in, what is left out and why, and
    what changes against the previous edition."""

    included: list  # EditionItems (unsaved), as they would be frozen
    left_out: list  # live requirements that are not approved, with their status
    previous_label: str
    added: list
    changed: list  # (old item, new item, word diff of the statement)
    removed: list  # (old item, the requirement as it is now)

    @property
    def removed_numbers(self):
        return sorted(old.number for old, _requirement in self.removed)


def freeze_preview(procurement, approved=None):
    """The FreezePreview of the procurement as it is now."""
    approved = approved if approved is not None else Requirement.objects.for_procurement(procurement).approved()
    previous = _latest_edition(procurement)
    data = TenderData(
        context={}, items=_items(_ordered(approved)), label="", edition_date=None,
        previous_label=previous.label if previous else "",
        previous_items=list(previous.items.order_by("pk")) if previous else [],
    )
    log = data.change_log()
    now = Requirement.objects.in_bulk([item.requirement_id for item in log["removed"]])
    left_out = _ordered(
        Requirement.objects.for_procurement(procurement).exclude(status=Requirement.Status.APPROVED)
    ).select_related("area")
    return FreezePreview(
        included=data.items, left_out=list(left_out), previous_label=data.previous_label, added=log["added"],
        changed=log["changed"], removed=[(item, now.get(item.requirement_id)) for item in log["removed"]],
    )


def freeze_edition(membership, label, edition_date, note="", confirmed_removals=(), kind=Edition.Kind.CONSULTATION,
                   override_reason=""):
    """Freeze the procurement's approved requirements, as they are now, into an edition.

    A requirement of the previous edition that this one would leave out must be
    among `confirmed_removals` (the numbers the coordinator saw and confirmed in
    the preview), else nothing is frozen. An edition for publication must pass
    the publication check; kravgranskning's errors may pass with `override_reason`,
    which the edition keeps for the beslutsunderlag."""
    if not membership.is_coordinator:
        raise PermissionDenied(_("Only the coordinator freezes editions."))
    procurement = membership.procurement
    # Kravgranskning as it stands, read before the write transaction.
    reports = findings.reports(procurement)
    with transaction.atomic():
        # Lock the approved requirements so no edit slips in between reading and copying.
        approved = Requirement.objects.for_procurement(procurement).approved().select_for_update(of=("self",))
        if not approved.exists():
            raise ValidationError(_("There are no approved requirements to freeze."))
        # The terms as saved, held until the edition is written (requirements first, the procurement last).
        procurement = Procurement.objects.select_for_update().get(pk=procurement.pk)
        if Edition.objects.filter(procurement=procurement, label=label).exists():
            raise ValidationError({"label": _("An edition with this label already exists.")})
        preview = freeze_preview(procurement, approved)
        unconfirmed = sorted(set(preview.removed_numbers) - set(confirmed_removals))
        if unconfirmed:
            raise ValidationError(
                _("This edition would leave out %(numbers)s of the previous edition. Look at the preview and confirm.")
                % {"numbers": ", ".join(unconfirmed)},
                code="unconfirmed_removals",
            )
        context = {**_context(procurement), "review": review_at_freeze(preview.included, reports)}
        if kind == Edition.Kind.PUBLICATION:
            checks = publication.publication_checks(procurement, preview.included, reports)
            refused = publication.blocking(checks, override_reason)
            if refused:
                raise ValidationError([check.message for check in refused], code="publication_check")
            context["publication_override"] = {
                "reason": override_reason.strip(), "overridden": [check.message for check in checks if check.overridable],
            } if checks else None
        edition = Edition.objects.create(
            procurement=procurement,
            label=label,
            kind=kind,
            edition_date=edition_date,
            note=note,
            previous=_latest_edition(procurement),
            context=context,
            frozen_by=membership.user,
        )
        items = preview.included
        for item in items:
            item.edition = edition
        EditionItem.objects.bulk_create(items)
    return edition


def review_at_freeze(items, reports):
    """Kravgranskning's findings on the frozen requirements, for the record:
    open, set aside or overridden, each with its reason and who gave it."""
    review = []
    for item in items:
        report = reports.get(item.requirement_id)
        if report is None:
            continue
        for finding in report.findings:
            review.append({"number": item.number, "code": finding.code, "severity": str(finding.severity),
                           "message": finding.message, "status": "open", "reason": "", "by": ""})
        for finding, dismissal in report.dismissed:
            review.append({"number": item.number, "code": finding.code, "severity": str(finding.severity),
                           "message": finding.message, "status": "overridden" if dismissal.overridden else "set_aside",
                           "reason": dismissal.reason,
                           "by": dismissal.dismissed_by.get_full_name() or dismissal.dismissed_by.username})
    return review


def edition_data(edition):
    """The TenderData of a frozen edition: read from the edition's own rows only."""
    previous = edition.previous
    return TenderData(
        context=edition.context,
        items=list(edition.items.order_by("pk")),
        label=edition.label,
        edition_date=edition.edition_date,
        publication=edition.kind == Edition.Kind.PUBLICATION,
        previous_label=previous.label if previous else "",
        previous_items=list(previous.items.order_by("pk")) if previous else [],
    )


def draft_stamp(procurement, today):
    """A digest of all a draft document is made of: it changes when any of it
    does (the context, a requirement saved or changing status, a decision, a
    new edition, the day), so a rendered draft can be kept under it."""
    requirements = Requirement.objects.for_procurement(procurement)
    latest = _latest_edition(procurement)
    parts = [
        today.isoformat(),
        _context(procurement),
        requirements.live().aggregate(latest=Max("updated_at"), count=Count("id")),
        Decision.objects.filter(requirement__in=requirements).aggregate(last=Max("id")),
        latest.pk if latest else None,
    ]
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def preview_data(procurement, today):
    """The document as it would be now, with every live requirement: marked UTKAST."""
    latest = _latest_edition(procurement)
    return TenderData(
        context=_context(procurement),
        items=_items(_ordered(Requirement.objects.for_procurement(procurement).live())),
        label=_("Draft"),
        edition_date=today,
        draft=True,
        previous_label=latest.label if latest else "",
        previous_items=list(latest.items.order_by("pk")) if latest else [],
    )
