"""Triage of the workshop's insights: most points of the notes are not
requirement material, and the working group says so, with a reason."""

from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Insight
from ..permissions import Action
from ..writes import write


def triage_insight(membership, insight, triage, reason):
    """Mark the insight as not requirement material or as handled outside the
    procurement (a reason is required), or open it again. Each change is a
    revision of its own, so the triage is on record and can be undone."""
    reason = (reason or "").strip()

    def change(locked):
        locked.triage, locked.triage_reason = triage, reason if triage else ""
        locked.full_clean(exclude=["workshop"], validate_unique=False)  # its constraint: a reason
        locked.save(update_fields=["triage", "triage_reason"])

    return write(membership, Action.DRAFT, lambda: Insight.objects.select_for_update().get(pk=insight.pk), change,
                 reason or _("Opened again"), procurement_id=insight.workshop.procurement_id)


def triage_insights(membership, insights, triage, reason):
    """Triage several open insights at once with one reason: all or none, one
    revision each (as one by one)."""
    with transaction.atomic():
        return [triage_insight(membership, insight, triage, reason) for insight in insights]
