"""Freezing editions, and gathering what a tender document shows.

A frozen edition and the draft preview give the same `TenderData`, so the PDF
and the response form are made the same way from either; the PDF code never
touches the live requirements.
"""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from reversion.models import Version

from .. import terms
from ..deliberation import declarations
from ..evaluation import comparison as evaluation
from ..kravgranskning import findings
from ..models import (
    Decision, DeadlineExtension, DocumentSection, Edition, EditionItem, Insight, Procurement, Question, Requirement, Vote,
)
from ..permissions import Action, require
from ..versions import word_diff
from . import changes, eforms, publication, seal, sealing
from .changes import field_changes


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
    # A frozen edition's content digest (`content_digest`), which its documents print; "" for a draft.
    digest: str = ""

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


def _context(procurement):
    insights = Insight.objects.for_procurement(procurement).order_by("order", "key")
    return {
        "sections": [
            {"kind": s.kind, "title": str(s.get_kind_display()), "text": s.text, "version_no": s.version_no}
            for s in DocumentSection.objects.every_kind(procurement)
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
        "tender_period": _tender_period(procurement),
        "declarations": declarations.snapshot(procurement),
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
    votes = {}
    for vote in Vote.objects.filter(requirement__in=pks).select_related("voter").order_by("created_at", "pk"):
        votes.setdefault((vote.requirement_id, vote.version_no), []).append(
            {"name": _name(vote.voter), "choice": vote.choice, "reason": vote.reason})
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
                basis_kind=r.basis_kind,
                basis=r.basis,
                decision=_decision_dict(decision, votes.get((r.pk, r.version_no), [])) if decision else None,
                authorship=_authorship(r),
            )
        )
    return items


def _name(user):
    return (user.get_full_name() or user.get_username()) if user else ""


def _tender_period(procurement):
    """The tender period so far, for the beslutsunderlag of an edition frozen
    now (internal: who asked, who wrote and approved, and the deadline decisions)."""
    def moment(value):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""

    return {
        "questions": [
            {"number": q.number, "received": moment(q.received_at), "asker": q.asker,
             "requirements": sorted(r.number for r in q.requirements.all()),
             "written_by": _name(q.drafted_by), "approved_by": _name(q.approved_by), "approved": moment(q.approved_at),
             "approval_note": q.approval_note, "batch": q.batch.number if q.batch_id else None,
             "published": moment(q.batch.published_at) if q.batch_id else "",
             "revises": q.revises.number if q.revises_id else None, "suspect": q.suspect_reason}
            for q in Question.objects.for_procurement(procurement).select_related("revises")
        ],
        "extensions": [
            {"from": moment(e.previous_deadline), "to": moment(e.new_deadline), "decided": moment(e.decided_at),
             "by": _name(e.decided_by), "reason": e.reason}
            for e in DeadlineExtension.objects.filter(procurement=procurement).select_related("decided_by")
        ],
    }


def _authorship(requirement):
    """Who wrote the requirement (and proposed it, if an expert did): internal only."""
    return {"author": _name(requirement.author), "proposed_by": _name(requirement.proposed_by)}


def _decision_dict(decision, votes):
    """The decision as the record keeps it: the tally, who voted how, the note (the meeting it was taken at)."""
    return {
        "note": decision.note,
        "votes": votes,
        "recorded_by": _name(decision.recorded_by),
        "outcome": decision.outcome,
        "yes": decision.yes,
        "no": decision.no,
        "abstain": decision.abstain,
        "advisory": decision.advisory,
        "dissent": decision.dissent,
        "rule": decision.rule,
        "date": timezone.localdate(decision.recorded_at).isoformat(),
        "meeting_date": decision.meeting_date.isoformat() if decision.meeting_date else "",
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
                   override_reason="", correction=None, adopted=None):
    """Freeze the procurement's approved requirements, as they are now, into an edition.

    A requirement of the previous edition that this one would leave out must be
    among `confirmed_removals` (the numbers the coordinator saw and confirmed in
    the preview), else nothing is frozen. An edition for publication must pass
    the publication check; kravgranskning's errors may pass with `override_reason`,
    which the edition keeps for the beslutsunderlag. A publication edition after
    an earlier one is a correction (rättelse): `correction` gives its eForms
    reason, description and previous notice, and, when a change is significant,
    the decision on the tender deadline (see `_correction`). `adopted` says who
    decides the publication ({"name", "position", "delegation"}): a majority of
    the working group is not a decision of the authority."""
    require(membership, Action.COORDINATE, message=_("Only the coordinator freezes editions."))
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
        context = {**_context(procurement), "review": review_at_freeze(preview.included, reports),
                   "evaluation_record": evaluation.record_at_freeze(procurement, approved)}
        if kind == Edition.Kind.PUBLICATION:
            adopted = {key: (adopted or {}).get(key, "").strip() for key in ("name", "position", "delegation")}
            checks = publication.publication_checks(procurement, preview.included, reports)
            refused = [check.message for check in publication.blocking(checks, override_reason)]
            if not all(adopted.values()):
                refused.append(_("Say who decides to publish (name and position) and the delegation the decision "
                                 "rests on."))
            if refused:
                raise ValidationError(refused, code="publication_check")
            context["adopted"] = adopted
            context["publication_override"] = {
                "reason": override_reason.strip(), "overridden": [check.message for check in checks if check.overridable],
            } if checks else None
            corrected = Edition.objects.latest_publication(procurement)
            if corrected is not None:
                context.update(_correction(procurement, corrected, context, preview.included, correction or {}))
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
    if kind == Edition.Kind.PUBLICATION:
        # Its documents are rendered once, now, and sealed: every download serves these bytes.
        sealing.seal_edition(edition, lambda: edition_data(edition))
    return edition


def correction_preview(procurement, corrected, preview):
    """The changes a correction of `corrected` frozen now would list, each rated (for the freeze page)."""
    return changes.between(corrected.context, list(corrected.items.order_by("pk")), _context(procurement),
                           preview.included)


def _correction(procurement, corrected, context, items, given):
    """The context of a correction of the publication edition `corrected`:
    its changes ("Ändringar sedan"), each rated, and the correction's eForms
    fields. A significant change needs a decided deadline extension since
    `corrected` was published, or a decision to restart the procurement."""
    found = changes.between(corrected.context, list(corrected.items.order_by("pk")), context, items)
    significant = any(change["significant"] for change in found) or bool(given.get("significant"))
    refused = []
    if given.get("reason_code") not in eforms.CHANGE_REASONS:
        refused.append(_("A correction needs its eForms change reason (BT-140)."))
    if not (given.get("description") or "").strip():
        refused.append(_("A correction needs a description of the change for the notice (BT-141)."))
    if not (given.get("previous_notice") or "").strip():
        refused.append(_("A correction needs the identifier of the notice it changes (BT-758), from the "
                         "e-procurement system."))
    extension = (DeadlineExtension.objects.filter(procurement=procurement, decided_at__gt=corrected.frozen_at)
                 .order_by("-decided_at").first())
    decision = given.get("decision", "")
    if significant and decision == "extended" and extension is None:
        refused.append(_("The changes are significant, but no extension of the tender deadline has been decided "
                         "since %(label)s. Decide it in the deadline calendar first.") % {"label": corrected.label})
    elif significant and decision == "restart" and not (given.get("decision_note") or "").strip():
        refused.append(_("Say why the procurement is restarted."))
    elif significant and decision not in ("extended", "restart"):
        refused.append(_("The changes are significant (LOU 11 kap. 8 §): decide to extend the tender deadline in "
                         "proportion to them, or to restart the procurement."))
    if refused:
        raise ValidationError(refused, code="correction")
    return {
        "changes": {"since": corrected.label, "items": found},
        "correction": {
            "corrects": corrected.label, "reason_code": given["reason_code"], "description": given["description"].strip(),
            "previous_notice": given["previous_notice"].strip(), "significant": significant,
            "decision": decision if significant else "",
            "decision_note": (given.get("decision_note") or "").strip() if significant else "",
            "extension": ({"to": timezone.localtime(extension.new_deadline).strftime("%Y-%m-%d %H:%M"),
                           "reason": extension.reason} if significant and decision == "extended" else None),
        },
    }


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


def content_digest(edition, items):
    """The SHA-256 of the edition's data as canonical JSON: what every document
    of it says, whatever the format. The documents print it; the manifest holds it."""
    fields = [f.attname for f in EditionItem._meta.concrete_fields if f.name not in ("id", "edition")]
    return seal.sha256(seal.canonical({
        "label": edition.label, "kind": edition.kind, "edition_date": edition.edition_date.isoformat(),
        "context": edition.context, "items": [{name: getattr(item, name) for name in fields} for item in items],
    }))


def edition_data(edition):
    """The TenderData of a frozen edition: read from the edition's own rows only."""
    previous = edition.previous
    items = list(edition.items.order_by("pk"))
    return TenderData(
        context=edition.context,
        items=items,
        digest=content_digest(edition, items),
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
