"""Examining the tenders: each qualification requirement, ska-krav and
contract condition marked met or not with a reason, the clarification log
(LOU 4 kap. 9 §) and the demonstration protocols. Every record is versioned;
any change marks the edition's evaluations out of date in its transaction."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import scale
from ..models import Clarification, Demonstration, ExaminationMark, Requirement, Tender
from ..permissions import Action, require
from ..writes import write
from .receiving import lock_undecided, not_decided, out_of_date

# What is examined pass or fail, in the document's order.
EXAMINED = (Requirement.Kind.QUALIFICATION, Requirement.Kind.MANDATORY, Requirement.Kind.CONTRACT_CONDITION)


@dataclass
class Row:
    """One requirement of one tender's examination: the answer, the proposal and the mark if made."""

    item: object  # EditionItem
    answer: dict
    proposed_met: bool
    proposed_reason: str
    mark: ExaminationMark | None

    @property
    def met(self):
        return self.mark.met if self.mark else None


def proposal(item, answer):
    """(met, reason) that the tender's answer proposes: Ja proposes met; Nej or no answer, not met."""
    given = (answer or {}).get("answer", "")
    if item.kind == Requirement.Kind.CONTRACT_CONDITION:
        if given == "Ja":
            return True, _("The tender accepts the contract condition.")
        return False, _("The tender does not accept the contract condition: a tender with reservations against it "
                        "is rejected.")
    if given == "Ja":
        return True, _("The tender answers Ja.")
    if given == "Nej":
        return False, _("The tender answers Nej.")
    return False, _("The tender does not answer.")


def rows(tender, items):
    """The examination of `tender` over the edition's examined `items`, each with its proposal and mark."""
    marks = {mark.number: mark for mark in tender.marks.all()}
    found = []
    for item in items:
        if item.kind not in EXAMINED:
            continue
        answer = tender.answers.get(item.number, {})
        met, reason = proposal(item, answer)
        found.append(Row(item, answer, met, reason, marks.get(item.number)))
    return found


def _edit(membership, tender):
    require(membership, Action.EVALUATE, tender.procurement_id)
    not_decided(tender.procurement)
    if not tender.imported:
        raise ValidationError(_("Import the tender's svarsmall before examining it."))


def _write(membership, tender, lock, change, comment):
    """An examination write through the pipeline: under the procurement's lock, refused once the award
    decision is made; the evaluation results of the tender's edition are out of date after it."""
    def locked():
        lock_undecided(tender.procurement_id)
        return lock()

    return write(membership, Action.EVALUATE, locked, change, comment, procurement_id=tender.procurement_id,
                 derive=lambda row: out_of_date(tender.opening.edition))


def _tender(tender):
    return lambda: Tender.objects.select_for_update().get(pk=tender.pk)


def mark(membership, tender, marks):
    """Save `marks` {number: (met, reason)} for `tender` as one revision; each
    changed mark is a new version of it. A mark against the proposal, or
    not met, needs its own reason."""
    _edit(membership, tender)
    items = {item.number: item for item in tender.opening.edition.items.filter(kind__in=EXAMINED)}
    errors = []
    for number, (met, reason) in marks.items():
        if number not in items:
            raise ValidationError(_("%(number)s is not examined pass or fail in this edition.") % {"number": number})
        if not reason.strip():
            errors.append(_("%(number)s: give the reason for the mark.") % {"number": number})
    if errors:
        raise ValidationError(errors)
    changed = []

    def change(locked):
        existing = {m.number: m for m in ExaminationMark.objects.filter(tender=tender)}
        for number, (met, reason) in marks.items():
            row = existing.get(number)
            if row is None:
                row = ExaminationMark(tender=tender, number=number, met=met, reason=reason, marked_by=membership.user)
            elif (row.met, row.reason) == (met, reason):
                continue
            else:
                row.met, row.reason, row.marked_by, row.version_no = met, reason, membership.user, row.version_no + 1
            row.full_clean()
            row.save()
            changed.append(row)
        return changed or False

    _write(membership, tender, _tender(tender), change, _("Examination of %(tenderer)s") % {"tenderer": tender.tenderer})
    return changed


def request_clarification(membership, tender, number, request, requested_at):
    """Record a request to `tender`'s tenderer to clarify or complete its tender."""
    _edit(membership, tender)

    def change(clarification):
        clarification.full_clean()
        clarification.save()

    return _write(membership, tender, lambda: Clarification(
        tender=tender, number=number, request=request, requested_at=requested_at, recorded_by=membership.user),
        change, _("Clarification requested"))


def record_answer(membership, clarification, answer, answered_at):
    """Record the tenderer's answer to a clarification request."""
    _edit(membership, clarification.tender)
    if answered_at < clarification.requested_at:
        raise ValidationError(_("The answer cannot come before the request."))
    def change(locked):
        locked.answer, locked.answered_at = answer, answered_at
        locked.full_clean()
        locked.save()

    return _write(membership, clarification.tender,
                  lambda: Clarification.objects.select_for_update().get(pk=clarification.pk), change,
                  _("Clarification answered"))


def side_by_side(tenders):
    """[(requirement number, [(tender, [clarifications])])]: requests about the
    same requirement next to each other, so equal treatment can be seen."""
    by_number = {}
    for tender in tenders:
        for clarification in tender.clarifications.all():
            by_number.setdefault(clarification.number, {}).setdefault(tender.pk, []).append(clarification)
    return [(number, [(tender, found.get(tender.pk, [])) for tender in tenders])
            for number, found in sorted(by_number.items())]


def record_demonstration(membership, tender, number, held_on, shown, level, outcome, expected_version=None):
    """Record (or change) the protocol of `tender`'s demonstration of `number`.
    A change takes away the second signature: it counts once two have signed."""
    _edit(membership, tender)
    item = tender.opening.edition.items.filter(number=number, kind=Requirement.Kind.EVALUATED).first()
    if item is None:
        raise ValidationError(_("%(number)s is not an award criterion of this edition.") % {"number": number})
    levels = [step.percent for step in scale.parse(item.scale)]
    if level not in levels:
        raise ValidationError(_("The level reached is one of the criterion's levels: %(levels)s.")
                              % {"levels": ", ".join(f"{p} %" for p in levels)})
    def protocol_of_locked_tender():
        Tender.objects.select_for_update().get(pk=tender.pk)
        return (Demonstration.objects.filter(tender=tender, number=number).first()
                or Demonstration(tender=tender, number=number, recorded_by=membership.user, version_no=0))

    def change(protocol):
        if protocol.pk and expected_version is not None and protocol.version_no != expected_version:
            raise ValidationError(_("Someone changed this protocol after you opened it. Read it again."),
                                  code="stale")
        protocol.held_on, protocol.shown, protocol.level, protocol.outcome = held_on, shown, level, outcome
        protocol.recorded_by, protocol.second_signer, protocol.second_signed_at = membership.user, None, None
        protocol.version_no += 1
        protocol.full_clean()
        protocol.save()

    return _write(membership, tender, protocol_of_locked_tender, change,
                  _("Demonstration protocol of %(number)s") % {"number": number})


def sign_demonstration(membership, protocol, version_no):
    """The second evaluator signs the protocol as it stands (version `version_no`)."""
    _edit(membership, protocol.tender)

    def change(locked):
        # Checked on the locked row: a change since may have made this evaluator its recorder.
        if locked.recorded_by_id == membership.user_id:
            raise ValidationError(_("Two evaluators sign a protocol: the second signature is another evaluator's."))
        if locked.version_no != version_no:
            raise ValidationError(_("The protocol changed after you read it. Read it again before signing."),
                                  code="stale")
        locked.second_signer, locked.second_signed_at = membership.user, timezone.now()
        locked.save()

    return _write(membership, protocol.tender, lambda: Demonstration.objects.select_for_update().get(pk=protocol.pk),
                  change, _("Demonstration protocol signed"))
