"""What needs a member's attention: what to review, and what is new."""

import functools
from datetime import timedelta

from django.db import connection
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

from ..models import Area, Comment, Decision, Notification, Requirement, Vote

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


def awaiting_reply(membership):
    """Open threads the member took part in where somebody else wrote last."""
    in_thread = Q(pk=OuterRef("pk")) | Q(parent=OuterRef("pk"))
    last_author = Comment.objects.filter(in_thread).order_by("-created_at", "-pk").values("author")[:1]
    return (
        Comment.objects.filter(requirement__area__procurement=membership.procurement, parent__isnull=True,
                               resolved_at__isnull=True)
        .annotate(took_part=Exists(Comment.objects.filter(in_thread, author=membership.user)),
                  last_author=Subquery(last_author))
        .filter(took_part=True)
        .exclude(last_author=membership.user_id)
        .select_related("requirement__area").order_by("created_at")
    )


def waiting_for(membership):
    """The pks of the requirements waiting for the member: their vote on the
    current version, or their reply in a thread they took part in."""
    return set(to_vote(membership).values_list("pk", flat=True)) | set(
        awaiting_reply(membership).values_list("requirement_id", flat=True)
    )


@functools.cache
def _waiting_sql():
    """The one statement behind `waiting_counts`. Written out because the badge is
    on every page: building the same selection with the ORM cost about ten times
    what the database takes to answer it."""
    requirement, area = Requirement._meta.db_table, Area._meta.db_table
    vote, comment, notification = Vote._meta.db_table, Comment._meta.db_table, Notification._meta.db_table
    thread = "(t.id = c.id OR t.parent_id = c.id)"
    # As `_marked`: each requirement that can count, with whether the member voted
    # on or commented on its current version, worked out once.
    return f"""
        SELECT q.vote, q.comment, q.proposals, d.threads, d.wordings, n.unread FROM (
            SELECT COUNT(CASE WHEN m.status = %s AND NOT m.voted THEN 1 END) AS vote,
                   COUNT(CASE WHEN m.status = %s AND NOT m.voted AND NOT m.commented THEN 1 END) AS comment,
                   COUNT(CASE WHEN m.proposal = %s THEN 1 END) AS proposals
            FROM (
                SELECT r.status, r.proposal,
                       EXISTS (SELECT 1 FROM {vote} v WHERE v.requirement_id = r.id
                               AND v.version_no = r.version_no AND v.voter_id = %s) AS voted,
                       EXISTS (SELECT 1 FROM {comment} o WHERE o.requirement_id = r.id
                               AND o.version_no = r.version_no AND o.author_id = %s) AS commented
                FROM {requirement} r JOIN {area} a ON r.area_id = a.id
                WHERE a.procurement_id = %s AND (r.status = %s OR r.proposal = %s)
            ) m
        ) q CROSS JOIN (
            SELECT COUNT(CASE WHEN c.parent_id IS NULL AND c.resolved_at IS NULL
                    AND EXISTS (SELECT 1 FROM {comment} t WHERE {thread} AND t.author_id = %s)
                    AND (SELECT t.author_id FROM {comment} t WHERE {thread}
                         ORDER BY t.created_at DESC, t.id DESC LIMIT 1) <> %s
                    THEN 1 END) AS threads,
                   COUNT(CASE WHEN c.suggestion = %s THEN 1 END) AS wordings
            FROM {comment} c JOIN {requirement} r ON c.requirement_id = r.id JOIN {area} a ON r.area_id = a.id
            WHERE a.procurement_id = %s AND ((c.parent_id IS NULL AND c.resolved_at IS NULL) OR c.suggestion = %s)
        ) d CROSS JOIN (
            SELECT COUNT(*) AS unread FROM {notification} WHERE membership_id = %s AND read_at IS NULL
        ) n"""


def waiting_counts(membership):
    """How much waits for the member, per kind and in all (the menu's badge and the
    overview), and their unread notifications (`unread`, the other badge; not in the
    total). One query, whatever the numbers, counting the same selections as
    `to_vote`, `to_comment`, `awaiting_reply`, `proposals_to_handle` and
    `Notification.objects.unread()` (a test holds the two ways to the same figures).
    Only the rows that can count are read: requirements in review or proposed,
    open threads and open wordings."""
    user, procurement = membership.user_id, membership.procurement_id
    review, pending, open_wording = Requirement.Status.REVIEW, Requirement.Proposal.PENDING, Comment.Suggestion.OPEN
    with connection.cursor() as cursor:
        cursor.execute(_waiting_sql(), [
            review, review, pending, user, user, procurement, review, pending,
            user, user, open_wording, procurement, open_wording, membership.pk,
        ])
        vote, comment, proposals, threads, wordings, unread = cursor.fetchone()
    counts = {
        "vote": vote if membership.can_vote else 0,
        "comment": comment if membership.is_expert else 0,
        "threads": threads,
        "proposals": proposals + wordings if membership.can_edit else 0,
    }
    counts["total"] = sum(counts.values())
    counts["unread"] = unread
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
