"""Notifications in the app: each new version, comment or decision on a
requirement reaches the members involved in it (its author, its voters and
commenters), except the one who acted."""

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Comment, Membership, Notification, Vote


def involved(requirement):
    """The memberships of those who wrote, voted on or commented on the requirement."""
    users = {requirement.author_id}
    users |= set(Vote.objects.filter(requirement=requirement).values_list("voter", flat=True))
    users |= set(Comment.objects.filter(requirement=requirement).values_list("author", flat=True))
    return Membership.objects.filter(procurement=requirement.area.procurement_id, user__in=users)


def notify(requirement, actor, kind, summary):
    """Tell everyone involved in the requirement, but the actor, what happened."""
    Notification.objects.bulk_create(
        Notification(membership=membership, requirement=requirement, kind=kind, actor=actor, summary=summary[:300])
        for membership in involved(requirement).exclude(user=actor)
    )


def new_version(requirement, actor):
    notify(requirement, actor, Notification.Kind.VERSION,
           _("%(number)s was saved as version %(version)s.") % {"number": requirement.number, "version": requirement.version_no})


def new_comment(comment):
    notify(comment.requirement, comment.author, Notification.Kind.COMMENT,
           f"{comment.requirement.number}: {comment.body}")


def new_decision(decision):
    notify(decision.requirement, decision.recorded_by, Notification.Kind.DECISION,
           _("Decision recorded: %(number)s is %(outcome)s (%(tally)s).") % {
               "number": decision.requirement.number, "outcome": decision.get_outcome_display(), "tally": decision.tally})


def mark_read(membership, pks=None):
    """Mark the member's notifications read: those with `pks`, or all."""
    unread = Notification.objects.for_membership(membership).unread()
    if pks is not None:
        unread = unread.filter(pk__in=pks)
    return unread.update(read_at=timezone.now())
