"""Receiving tenders: who may see them, the log of every access, the
opening, and importing each tender's filled svarsmall. Each state change
checks its permission, locks, saves with a revision and marks the edition's
evaluations out of date in the same transaction."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .. import scale
from ..documents import seal, sealing
from ..documents.editions import edition_data
from ..documents.response_form import CONFORMANCE_ANSWERS, sheet_names
from ..models import (
    Edition, EditionDocument, EvaluationRun, Membership, Procurement, Requirement, Tender, TenderAccess,
    TenderOpening,
)
from ..permissions import Action, require
from ..writes import write
from . import reading


def log(membership, what, tender=None):
    """Record that `membership`'s user saw or downloaded `what`."""
    TenderAccess.objects.create(procurement=membership.procurement, tender=tender, user=membership.user, what=what)


def out_of_date(edition):
    """A record the evaluation read has changed: its runs no longer stand (called inside the change's transaction)."""
    EvaluationRun.objects.filter(edition=edition, out_of_date=False).update(out_of_date=True)


def lock_undecided(procurement_id):
    """Lock the procurement's row, then refuse if the award decision is made. The
    decision takes the same lock: no examination slips in after it, and of two
    decisions at once the second gets this message (called in the change's transaction)."""
    not_decided(Procurement.objects.select_for_update().get(pk=procurement_id))


def not_decided(procurement):
    if procurement.award_decided:
        raise ValidationError(_("The award decision is made: the tenders and their examination stay as they were."))


def set_evaluators(membership, chosen):
    """Make exactly the memberships `chosen` the procurement's evaluators (coordinator only)."""
    require(membership, Action.COORDINATE)
    procurement = membership.procurement
    for chosen_member in chosen:
        require(membership, Action.COORDINATE, chosen_member.procurement_id)
    def change(locked):
        members = Membership.objects.filter(procurement=locked)
        members.filter(pk__in=[m.pk for m in chosen]).update(evaluator=True)
        members.exclude(pk__in=[m.pk for m in chosen]).update(evaluator=False)

    # Who evaluates is a setting of the memberships, not of the procurement's versioned terms.
    write(membership, Action.COORDINATE, lambda: Procurement.objects.select_for_update().get(pk=procurement.pk),
          change, procurement_id=procurement.pk, revise=False)


def open_tenders(membership, opened_at, witness, received):
    """Record the opening of the publication edition's tenders: when, the two
    people present, and `received` [(tenderer, received_at)]. The list is
    sealed with its digest. Not before the tender deadline."""
    require(membership, Action.EVALUATE)
    procurement = membership.procurement
    edition = Edition.objects.latest_publication(procurement)
    if edition is None:
        raise ValidationError(_("No edition is published: there are no tenders to open."))
    deadline = procurement.tender_deadline
    now = timezone.now()
    if deadline is None or now <= deadline or opened_at <= deadline:
        raise ValidationError(_("Tenders are opened after the tender deadline (%(deadline)s), not before.")
                              % {"deadline": timezone.localtime(deadline).strftime("%Y-%m-%d %H:%M") if deadline
                                 else "–"})
    if opened_at > now:
        raise ValidationError(_("The opening cannot be later than now."))
    if witness.pk == membership.pk or witness.procurement_id != procurement.pk:
        raise ValidationError(_("Two people open the tenders (LOU 12 kap. 10 §): name the second person, another "
                                "member of the procurement."))
    names = [name.strip() for name, _at in received]
    if not names or "" in names:
        raise ValidationError(_("List every tender received, each with its tenderer's name."))
    if len(set(n.casefold() for n in names)) != len(names):
        raise ValidationError(_("A tenderer is listed twice: one tender a tenderer."))
    late = [name for name, at in received if at > deadline]
    if late:
        raise ValidationError(_("Received after the tender deadline, so not opened: %(names)s.")
                              % {"names": ", ".join(late)})
    listed = [{"tenderer": name.strip(), "received_at": at.astimezone(datetime.timezone.utc).isoformat()}
              for name, at in received]
    def unopened():
        lock_undecided(procurement.pk)  # one opening at a time
        if TenderOpening.objects.filter(edition=edition).exists():
            raise ValidationError(_("The tenders of %(edition)s are already opened.") % {"edition": edition.label})
        return TenderOpening(procurement=procurement, edition=edition, opened_at=opened_at, opened_by=membership.user,
                             witness=witness.user, received=listed, recorded_by=membership.user)

    def change(opening):
        opening.digest = seal.sha256(seal.canonical(sealed_opening(opening)))
        opening.save()
        return [Tender.objects.create(procurement=procurement, opening=opening, tenderer=name.strip(), received_at=at)
                for name, at in received]

    return write(membership, Action.EVALUATE, unopened, change, _("Tenders opened"), procurement_id=procurement.pk)


def sealed_opening(opening):
    """What an opening's digest seals, to recompute it."""
    return {"edition": opening.edition.label,
            "edition_root_digest": (opening.edition.manifest or {}).get("root_digest", ""),
            "opened_at": opening.opened_at.astimezone(datetime.timezone.utc).isoformat(),
            "received": opening.received}


def layout(edition):
    """The reading.Layout of an edition's svarsmall: its Swedish names, and each graded criterion's levels."""
    from ..documents.response_form import answer_columns

    with translation.override("sv"):
        names = sheet_names()
        level, met, accepted, description, attachment, equivalent = answer_columns()
        return reading.Layout(
            instructions=_("Instructions"), tenderer_label=_("Tenderer (name)"),
            organisation_number_label=_("Organisation number"),
            requirement_sheets={str(name)[:31]: kind for kind, name in names.items()},
            number=_("Number"), met=(met, accepted), level=level, description=description, attachment=attachment,
            equivalent=equivalent, price_sheet=_("Price"), conformance_sheet=_("Accessibility (WCAG)"),
            conformance_answers=CONFORMANCE_ANSWERS,
            scales={item.number: [level.percent for level in scale.parse(item.scale)]
                    for item in edition.items.filter(kind=Requirement.Kind.EVALUATED).exclude(scale="")},
        )


def read_tender(edition, content):
    """The reading.Answers of a filled svarsmall of `edition`, or ValidationError saying what is wrong."""
    template = sealing.stored_document(edition, EditionDocument.Kind.RESPONSE_FORM, lambda: edition_data(edition))
    return reading.read(template, content, layout(edition))


def import_tender(membership, tender, filename, content, reason=""):
    """Store a tender's filled svarsmall as the tender's next version. A
    re-import (a corrected file) needs its reason, which the clarification log
    should hold too. Nothing is stored unless the whole file reads."""
    require(membership, Action.EVALUATE, tender.procurement_id)
    not_decided(tender.procurement)
    edition = tender.opening.edition
    answers = read_tender(edition, content)
    if tender.imported and not reason.strip():
        raise ValidationError(_("This tender is already imported: say why the corrected file replaces it."))
    components = len(edition.context.get("price_model") or [])
    def locked_tender():
        lock_undecided(tender.procurement_id)
        return Tender.objects.select_for_update().get(pk=tender.pk)

    def stale(locked):
        return ValidationError(_("Someone imported this tender after you opened it. Look at it again."), code="stale")

    def change(locked):
        locked.organisation_number = answers.organisation_number
        locked.answers = answers.answers
        locked.unit_prices = [None if price is None else str(price) for _label, price in answers.prices]
        if components and len(locked.unit_prices) < components:
            raise ValidationError(_("The price sheet has fewer price rows than the edition's price model."))
        locked.conformance = answers.conformance
        locked.filename, locked.file, locked.file_sha256 = filename, content, seal.sha256(content)
        locked.imported_at, locked.imported_by = timezone.now(), membership.user
        locked.version_no += 1
        locked.full_clean(exclude=["file"])
        locked.save()

    return write(membership, Action.EVALUATE, locked_tender, change, reason.strip() or _("Tender imported"),
                 procurement_id=tender.procurement_id, expected_version=tender.version_no, conflict=stale,
                 derive=lambda locked: out_of_date(edition))
