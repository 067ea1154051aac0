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


def tell(requirement, user_id, actor, summary):
    """Tell one member (not the actor) what became of something they proposed."""
    if user_id is None or user_id == actor.pk:
        return
    membership = Membership.objects.filter(procurement=requirement.area.procurement_id, user=user_id).first()
    if membership:
        Notification.objects.create(membership=membership, requirement=requirement, kind=Notification.Kind.DECISION,
                                    actor=actor, summary=summary[:300])


def proposal_handled(requirement, actor, adopted):
    """The expert hears in words whether the requirement they proposed was adopted."""
    message = (_("Your proposal %(number)s “%(title)s” was adopted: it is now a draft of the working group.")
               if adopted else
               _("Your proposal %(number)s “%(title)s” was declined; it stays on record, withdrawn."))
    tell(requirement, requirement.proposed_by_id, actor, message % {"number": requirement.number,
                                                                     "title": requirement.title})


def wording_handled(comment, actor, adopted):
    """The expert hears in words whether the wording they proposed was adopted."""
    message = (_("Your proposed wording for %(number)s was adopted.") if adopted
               else _("Your proposed wording for %(number)s was declined; it stays on record."))
    tell(comment.requirement, comment.author_id, actor, message % {"number": comment.requirement.number})


def mark_read(membership, pks=None):
    """Mark the member's notifications read: those with `pks`, or all."""
    unread = Notification.objects.for_membership(membership).unread()
    if pks is not None:
        unread = unread.filter(pk__in=pks)
    return unread.update(read_at=timezone.now())
