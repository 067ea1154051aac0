"""State changes of a requirement: create, save, change status, restore.

Each function holds the permission check, the transaction and the reversion
revision, so the UI, the admin and imports follow the same rules.
"""

import reversion
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Area, Insight, Requirement
from .versions import version_content


class EditConflict(Exception):
    """Somebody saved the requirement after the editor opened it."""

    def __init__(self, current):
        super().__init__(f"{current.number} is at version {current.version_no}")
        self.current = current


def require_editor_of(membership, requirement=None):
    """PermissionDenied unless the member drafts (coordinator, working group) in this procurement."""
    if membership is None or not membership.can_edit:
        raise PermissionDenied(_("Only the coordinator and the working group may edit requirements."))
    if requirement is not None and requirement.area.procurement_id != membership.procurement_id:
        raise PermissionDenied


def _revision(user, comment, requirement=None):
    if requirement is not None:
        reversion.add_to_revision(requirement)
    reversion.set_user(user)
    reversion.set_comment(comment)


def _validate(requirement):
    # Field rules (the weight rule lives in clean_fields) in Python. The area and
    # author are objects we hold, and the database's constraints guard the rest,
    # so Django need not look each of them up with a query.
    requirement.full_clean(exclude=["area", "author"], validate_unique=False, validate_constraints=False)


def create_requirement(membership, area, fields, insights, comment):
    """Create a requirement with the area's next number, as version 1.

    An expert's requirement is a proposal: a draft the working group adopts or declines.
    """
    if not (membership.can_edit or membership.is_expert) or area.procurement_id != membership.procurement_id:
        raise PermissionDenied
    # Revisions are managed by hand: the requirement is stored once, after its
    # insights are set, instead of once on save and again on the m2m change.
    with transaction.atomic(), reversion.create_revision(manage_manually=True, atomic=False):
        # The UPDATE locks the area row, so concurrent creations queue here and
        # each gets its own number; the counter never goes down.
        Area.objects.filter(pk=area.pk).update(last_seq=F("last_seq") + 1)
        seq = Area.objects.values_list("last_seq", flat=True).get(pk=area.pk)
        requirement = Requirement(area=area, seq=seq, author=membership.user, **fields)
        if membership.is_expert:
            requirement.proposed_by = membership.user
            requirement.proposal = Requirement.Proposal.PENDING
        requirement.check_insights_for_status(requirement.status, insights)
        _validate(requirement)
        requirement.save()
        requirement.insights.set(insights)
        _revision(membership.user, comment, requirement)
    return requirement


def save_requirement(membership, requirement, expected_version, fields, insights, comment):
    """Save new content as the next version, unless someone saved since `expected_version`.

    Raises EditConflict (nothing written) when the requirement moved on. Saving an
    approved requirement sends it back to review: the decision was about the old text.
    """
    require_editor_of(membership, requirement)
    if not requirement.is_editable:
        raise ValidationError(_("A withdrawn or rejected requirement cannot be edited."))
    with transaction.atomic(), reversion.create_revision(manage_manually=True, atomic=False):
        # Compare-and-set on version_no: zero rows means another save won the race.
        claimed = Requirement.objects.filter(pk=requirement.pk, version_no=expected_version).update(
            version_no=F("version_no") + 1, updated_at=timezone.now()
        )
        if not claimed:
            raise EditConflict(Requirement.objects.select_related("area").get(pk=requirement.pk))
        requirement.refresh_from_db(fields=["version_no", "status"])
        for name, value in fields.items():
            setattr(requirement, name, value)
        if requirement.status == Requirement.Status.APPROVED:
            requirement.status = Requirement.Status.REVIEW
        requirement.check_insights_for_status(requirement.status, insights)
        _validate(requirement)
        requirement.save()
        requirement.insights.set(insights)
        _revision(membership.user, comment, requirement)
    return requirement


# Which status changes a person may make by hand; decisions make the others.
MANUAL_TRANSITIONS = {
    Requirement.Status.REVIEW: {Requirement.Status.DRAFT},
    Requirement.Status.DRAFT: {Requirement.Status.REVIEW},
    Requirement.Status.WITHDRAWN: {
        Requirement.Status.DRAFT,
        Requirement.Status.REVIEW,
        Requirement.Status.APPROVED,
    },
}


def change_status(membership, requirement, status, comment):
    """Move a requirement to `status` (review, back to draft, withdrawn).

    The status change is a revision of its own but not a new version: the text
    that votes and comments point at is unchanged.
    """
    require_editor_of(membership, requirement)
    with transaction.atomic(), reversion.create_revision(atomic=False):
        locked = Requirement.objects.select_for_update(of=("self",)).select_related("area").get(pk=requirement.pk)
        if status == Requirement.Status.REVIEW and locked.is_pending_proposal:
            raise ValidationError(_("Adopt the proposal before sending it for review."))
        if locked.status not in MANUAL_TRANSITIONS.get(status, set()):
            raise ValidationError(
                _("A requirement that is %(current)s cannot become %(new)s.")
                % {"current": locked.get_status_display(), "new": Requirement.Status(status).label}
            )
        locked.check_insights_for_status(status, list(locked.insights.all()))
        locked.status = status
        locked.save(update_fields=["status", "updated_at"])
        _revision(membership.user, comment)
    return locked


def restore_version(membership, requirement, version, expected_version):
    """Bring back the content of an old version as a new version."""
    content = version_content(version)
    fields = {name: content[name] for name in Requirement.CONTENT_FIELDS}
    # Insights that no longer exist simply drop out of the restored version.
    insights = list(
        Insight.objects.for_procurement(requirement.area.procurement_id).filter(pk__in=content["insights"])
    )
    comment = _("Restored version %(number)s") % {"number": content["version_no"]}
    return save_requirement(membership, requirement, expected_version, fields, insights, comment)


def decide_proposal(membership, requirement, adopt, comment=""):
    """The working group adopts an expert's proposal (it becomes an ordinary draft,
    the expert still credited) or declines it (withdrawn, kept for the record)."""
    require_editor_of(membership, requirement)
    with transaction.atomic(), reversion.create_revision(atomic=False):
        locked = Requirement.objects.select_for_update(of=("self",)).select_related("area").get(pk=requirement.pk)
        if not locked.is_pending_proposal:
            raise ValidationError(_("This proposal has already been handled."))
        if adopt:
            locked.proposal = Requirement.Proposal.ADOPTED
        else:
            locked.proposal = Requirement.Proposal.DECLINED
            locked.status = Requirement.Status.WITHDRAWN
        locked.save(update_fields=["proposal", "status", "updated_at"])
        default = _("Proposal adopted") if adopt else _("Proposal declined")
        _revision(membership.user, comment or default)
    return locked
