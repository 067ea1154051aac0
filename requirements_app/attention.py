"""What needs a member's attention: what to review, and what is new."""

from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone

from .models import Comment, Decision, Requirement, Vote

FIRST_VISIT_WINDOW = timedelta(days=14)


def to_vote(membership):
    """Requirements in review whose current version the member has not voted on."""
    if not membership.can_vote:
        return Requirement.objects.none()
    voted = Vote.objects.filter(requirement=OuterRef("pk"), version_no=OuterRef("version_no"), voter=membership.user)
    return (
        Requirement.objects.for_procurement(membership.procurement)
        .in_review()
        .exclude(Exists(voted))
        .select_related("area")
        .order_by("area__order", "seq")
    )


def to_comment(membership):
    """For an expert: requirements in review whose current version they have
    neither commented on nor (where experts vote) voted on. Their starting point."""
    if not membership.is_expert:
        return Requirement.objects.none()
    current = {"requirement": OuterRef("pk"), "version_no": OuterRef("version_no")}
    commented = Comment.objects.filter(**current, author=membership.user)
    voted = Vote.objects.filter(**current, voter=membership.user)
    return (
        Requirement.objects.for_procurement(membership.procurement)
        .in_review()
        .exclude(Exists(commented))
        .exclude(Exists(voted))
        .select_related("area")
        .order_by("area__order", "seq")
    )


def awaiting_reply(membership):
    """Open threads the member took part in where somebody else wrote last."""
    threads = (
        Comment.objects.filter(requirement__area__procurement=membership.procurement)
        .unresolved()
        .threads()
        .select_related("requirement__area")
    )
    waiting = []
    for thread in threads:
        messages = [thread, *thread.replies.all()]
        took_part = any(m.author_id == membership.user_id for m in messages)
        if took_part and messages[-1].author_id != membership.user_id:
            waiting.append(thread)
    return waiting


def waiting_for(membership):
    """The pks of the requirements waiting for the member: their vote on the
    current version, or their reply in a thread they took part in."""
    return set(to_vote(membership).values_list("pk", flat=True)) | {
        thread.requirement_id for thread in awaiting_reply(membership)
    }


def proposals_to_handle(membership):
    """For the working group: experts' proposals (requirements and wordings) not yet handled."""
    if not membership.can_edit:
        return Requirement.objects.none(), Comment.objects.none()
    procurement = membership.procurement
    requirements = (
        Requirement.objects.for_procurement(procurement)
        .filter(proposal=Requirement.Proposal.PENDING)
        .select_related("area", "proposed_by")
    )
    wordings = Comment.objects.filter(
        requirement__area__procurement=procurement, suggestion=Comment.Suggestion.OPEN
    ).select_related("requirement__area", "author")
    return requirements, wordings


def changes_since(membership, since=None):
    """Changed requirements, new comments and decisions since `since` (by others
    for comments), defaulting to the member's last visit."""
    since = since or membership.last_seen_at or timezone.now() - FIRST_VISIT_WINDOW
    procurement = membership.procurement
    return {
        "since": since,
        "requirements": Requirement.objects.for_procurement(procurement)
        .filter(updated_at__gt=since)
        .select_related("area")
        .order_by("-updated_at"),
        "comments": Comment.objects.filter(requirement__area__procurement=procurement, created_at__gt=since)
        .exclude(author=membership.user)
        .select_related("requirement__area", "author")
        .order_by("-created_at"),
        "decisions": Decision.objects.for_procurement(procurement)
        .filter(recorded_at__gt=since)
        .select_related("requirement__area")
        .order_by("-recorded_at"),
    }


def mark_seen(membership):
    membership.last_seen_at = timezone.now()
    membership.save(update_fields=["last_seen_at"])
