"""Comments on a requirement: threads, replies, resolving, and proposed wordings."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import notifications
from ..drafting import requirements as drafting
from ..models import Comment
from ..permissions import Action, require


def _require_member(membership, requirement):
    require(membership, Action.COMMENT, requirement.area.procurement_id)


def add_comment(membership, requirement, body, suggested_statement=""):
    """Comment on the requirement's current version, optionally proposing a new wording."""
    _require_member(membership, requirement)
    suggested_statement = suggested_statement.strip()
    comment = Comment(
        requirement=requirement,
        version_no=requirement.version_no,
        author=membership.user,
        body=body.strip(),
        suggested_statement=suggested_statement,
        suggestion=Comment.Suggestion.OPEN if suggested_statement else "",
    )
    comment.full_clean()
    comment.save()
    notifications.new_comment(comment)
    return comment


def reply(membership, parent, body):
    """Reply within a thread; a reply to a reply joins the thread (one level deep)."""
    requirement = parent.requirement
    _require_member(membership, requirement)
    root = parent.parent or parent
    comment = Comment(
        requirement=requirement, version_no=requirement.version_no, parent=root, author=membership.user,
        body=body.strip(),
    )
    comment.full_clean()
    comment.save()
    notifications.new_comment(comment)
    if root.resolved_at:  # a new reply reopens the discussion
        Comment.objects.filter(pk=root.pk).update(resolved_at=None, resolved_by=None)
    return comment


def set_resolved(membership, thread, resolved):
    """The thread's author or the coordinator marks it resolved (or reopens it)."""
    _require_member(membership, thread.requirement)
    if thread.parent_id is not None:
        raise ValidationError(_("Only a whole thread can be resolved."))
    if thread.author_id != membership.user_id:  # the author closes their own thread
        require(membership, Action.COORDINATE,
                message=_("Only the author of the thread or the coordinator can resolve it."))
    thread.resolved_at = timezone.now() if resolved else None
    thread.resolved_by = membership.user if resolved else None
    thread.save(update_fields=["resolved_at", "resolved_by"])
    return thread


def credit(comment):
    """The change comment's credit for an expert's proposed wording."""
    author = comment.author.get_full_name() or comment.author.get_username()
    return _("Adopted the wording proposed by %(author)s") % {"author": author}


def _lock_open_suggestion(comment):
    locked = Comment.objects.select_for_update(of=("self",)).select_related("author").get(pk=comment.pk)
    if locked.suggestion != Comment.Suggestion.OPEN:
        raise ValidationError(_("This proposal has already been handled."))
    return locked


def adopt_suggestion(membership, comment, expected_version, fields, insights, change_comment, reopen_decided=False):
    """Save the working group's version of an expert's proposed wording (edited
    in the edit form, or as proposed) and mark the proposal adopted, in one
    transaction. The change comment always credits the expert. When the saved
    content is no change at all, the proposal stays open."""
    with transaction.atomic():
        locked = _lock_open_suggestion(comment)
        credited = credit(locked)
        if credited not in change_comment:
            change_comment = f"{change_comment} ({credited})" if change_comment else credited
        saved = drafting.save_requirement(
            membership, comment.requirement, expected_version, fields, insights, change_comment, reopen_decided
        )
        if saved.version_no != expected_version:
            locked.suggestion = Comment.Suggestion.ADOPTED
            locked.save(update_fields=["suggestion"])
            notifications.wording_handled(locked, membership.user, adopted=True)
    return saved


def decline_suggestion(membership, comment):
    """The working group declines an expert's proposed wording; it stays on record."""
    require(membership, Action.DRAFT, comment.requirement.area.procurement_id)
    with transaction.atomic():
        locked = _lock_open_suggestion(comment)
        locked.suggestion = Comment.Suggestion.DECLINED
        locked.save(update_fields=["suggestion"])
        notifications.wording_handled(locked, membership.user, adopted=False)
    return locked
