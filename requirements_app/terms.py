"""The procurement's terms and parties: saving them (coordinator only,
versioned, never over a save the coordinator did not see), and the snapshot an
edition freezes of them."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from . import derived
from .models import ContractingAuthority, PriceComponent, Procurement
from .models.core import TERMS_FIELDS
from .permissions import Action
from .writes import remove, write


def _stale(procurement):
    return ValidationError(_("Someone saved the terms after you opened them. The terms as saved are shown: make "
                             "your change again."), code="stale")


def save_terms(membership, fields, expected_version, comment=""):
    """Save the terms in `fields` as the next terms version, unless someone
    saved them since `expected_version` (ValidationError, code "stale")."""
    value_before = []

    def change(locked):
        if all(getattr(locked, name) == value for name, value in fields.items()):
            return False
        value_before.append(locked.estimated_value)
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.full_clean()
        locked.terms_version += 1
        locked.save(update_fields=[*fields, "terms_version"])

    def derive(locked):
        if locked.estimated_value != value_before[0]:  # kravgranskning's turnover rule reads it
            derived.words_changed(locked)

    return write(membership, Action.COORDINATE,
                 lambda: Procurement.objects.select_for_update().get(pk=membership.procurement_id), change,
                 comment or _("Terms changed"), expected_version=expected_version,
                 version=lambda row: row.terms_version, conflict=_stale, derive=derive)


def _save_row(membership, row, comment):
    """Add or change one of the procurement's rows (a party, a price component) as a revision of its own."""
    def lock():
        # Held while the row is checked: the constraints across the procurement (one lead) take turns.
        Procurement.objects.select_for_update().get(pk=membership.procurement_id)
        return row

    def change(locked):
        locked.full_clean()
        locked.save()

    return write(membership, Action.COORDINATE, lock, change, comment, procurement_id=row.procurement_id)


def _delete_row(membership, row, comment):
    """Remove one of the procurement's rows; the revision, written first, keeps it as it was."""
    remove(membership, Action.COORDINATE, row, comment, procurement_id=row.procurement_id)


def save_authority(membership, authority, comment=""):
    """Add or change a contracting authority (a revision of its own)."""
    return _save_row(membership, authority, comment or _("Contracting authority %(name)s saved")
                     % {"name": authority.legal_name})


def delete_authority(membership, authority, comment=""):
    """Remove a contracting authority; the revision keeps it as it was."""
    _delete_row(membership, authority, comment or _("Contracting authority %(name)s removed")
                % {"name": authority.legal_name})


def save_price_component(membership, component, comment=""):
    """Add or change a part of the price model (a revision of its own)."""
    return _save_row(membership, component, comment or _("Price component %(label)s saved")
                     % {"label": component.label})


def delete_price_component(membership, component):
    """Remove a part of the price model; the revision keeps it as it was."""
    _delete_row(membership, component, _("Price component %(label)s removed") % {"label": component.label})


def price_snapshot(components):
    """The price components as an edition freezes them (JSON)."""
    return [{"kind": c.kind, "label": c.label, "quantity": c.quantity, "unit": c.unit, "evaluated": c.evaluated,
             "option": c.option} for c in components]


def snapshot(procurement):
    """The terms and parties as an edition freezes them (JSON): the public
    document reads what suppliers may know, the beslutsunderlag all of it."""
    deadline = procurement.tender_deadline
    return {
        "price_model": price_snapshot(PriceComponent.objects.for_procurement(procurement)),
        "parties": [
            {"legal_name": a.legal_name, "organisation_number": a.organisation_number, "lead": a.lead,
             "contact_name": a.contact_name, "contact_email": a.contact_email}
            for a in ContractingAuthority.objects.for_procurement(procurement)
        ],
        "terms": {
            **{name: getattr(procurement, name) for name in TERMS_FIELDS
               if name not in ("procurement_threshold_date", "questions_deadline", "tender_deadline",
                               "tender_valid_until")},
            "procurement_threshold_date": _iso(procurement.procurement_threshold_date),
            "questions_deadline": _iso(procurement.questions_deadline),
            # In Swedish time, to the minute, as the document states it.
            "tender_deadline": timezone.localtime(deadline).strftime("%Y-%m-%dT%H:%M") if deadline else None,
            "tender_valid_until": _iso(procurement.tender_valid_until),
            "above_threshold": procurement.above_threshold,
        },
    }


def _iso(day):
    return day.isoformat() if day else None
