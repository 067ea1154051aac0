"""What needs a member's attention: what to review, and what is new."""

from datetime import timedelta

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.utils import timezone

from ..models import Comment, Decision, Requirement, Vote

FIRST_VISIT_WINDOW = timedelta(days=14)


def _marked(membership):
    """The procurement's requirements, each with whether the member voted on
    (`voted`) or commented on (`commented`) its current version."""
    current = {"requirement": OuterRef("pk"), "version_no": OuterRef("version_no")}
    return Requirement.objects.for_procurement(membership.procurement).annotate(
        voted=Exists(Vote.objects.filter(**current, voter=membership.user)),
        commented=Exists(Comment.objects.filter(**current, author=membership.user)),
    )


def to_vote(membership):
    """Requirements in review whose current version the member has not voted on."""
    if not membership.can_vote:
        return Requirement.objects.none()
    return _marked(membership).in_review().filter(voted=False).select_related("area").order_by("area__order", "seq")


def to_comment(membership):
    """For an expert: requirements in review whose current version they have
    neither commented on nor (where experts vote) voted on. Their starting point."""
    if not membership.is_expert:
        return Requirement.objects.none()
    return (
        _marked(membership).in_review().filter(voted=False, commented=False)
        .select_related("area").order_by("area__order", "seq")
    )


def _threads(membership):
    """The procurement's comments, each annotated with whether it is an open
    thread the member took part in where somebody else wrote last (`waiting`)."""
    in_thread = Q(pk=OuterRef("pk")) | Q(parent=OuterRef("pk"))
    last_author = Comment.objects.filter(in_thread).order_by("-created_at", "-pk").values("author")[:1]
    return Comment.objects.filter(requirement__area__procurement=membership.procurement).annotate(
        took_part=Exists(Comment.objects.filter(in_thread, author=membership.user)),
        last_author=Subquery(last_author),
    )


def _waiting_thread(membership):
    """Of `_threads`: an open thread the member took part in where somebody else wrote last."""
    return Q(parent__isnull=True, resolved_at__isnull=True, took_part=True) & ~Q(last_author=membership.user_id)


def awaiting_reply(membership):
    """Open threads the member took part in where somebody else wrote last."""
    return (
        _threads(membership).filter(_waiting_thread(membership))
        .select_related("requirement__area").order_by("created_at")
    )


def waiting_for(membership):
    """The pks of the requirements waiting for the member: their vote on the
    current version, or their reply in a thread they took part in."""
    return set(to_vote(membership).values_list("pk", flat=True)) | set(
        awaiting_reply(membership).values_list("requirement_id", flat=True)
    )


def waiting_counts(membership):
    """How much waits for the member, per kind and in all: the nav badge and the
    overview. Two aggregate queries, whatever the numbers: the same selections
    as `to_vote`, `to_comment`, `awaiting_reply` and `proposals_to_handle`."""
    review = Q(status=Requirement.Status.REVIEW)
    pending = Q(proposal=Requirement.Proposal.PENDING)
    # Only the rows that can count are read (the badge is on every page): the
    # subqueries run for those, not for every requirement and comment.
    requirements = _marked(membership).filter(review | pending).aggregate(
        vote=Count("pk", filter=review & Q(voted=False)),
        comment=Count("pk", filter=review & Q(voted=False, commented=False)),
        proposals=Count("pk", filter=pending),
    )
    open_wording = Q(suggestion=Comment.Suggestion.OPEN)
    comments = _threads(membership).filter(Q(parent__isnull=True, resolved_at__isnull=True) | open_wording).aggregate(
        threads=Count("pk", filter=_waiting_thread(membership)),
        wordings=Count("pk", filter=open_wording),
    )
    counts = {
        "vote": requirements["vote"] if membership.can_vote else 0,
        "comment": requirements["comment"] if membership.is_expert else 0,
        "threads": comments["threads"],
        "proposals": requirements["proposals"] + comments["wordings"] if membership.can_edit else 0,
    }
    counts["total"] = sum(counts.values())
    return counts


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
