"""Comments on a requirement: threads, replies, resolving, and proposed wordings."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import notifications
from ..drafting import requirements as drafting
from ..models import Comment, Requirement
from ..permissions import Action, require
from ..writes import write


def _write_comment(membership, requirement, change, notify=None, action=Action.COMMENT, message=None):
    """A comment's change through the write pipeline, under the requirement's lock (so it pins the version
    that is current when it is written; `change` returns the comment). A comment is its own record: no
    revision of the requirement."""
    return write(membership, action, lambda: Requirement.objects.locked(requirement.pk), change,
                 procurement_id=requirement.area.procurement_id, revise=False, message=message, notify=notify)


def add_comment(membership, requirement, body, suggested_statement=""):
    """Comment on the requirement's current version, optionally proposing a new wording."""
    suggested_statement = suggested_statement.strip()

    def change(locked):
        comment = Comment(
            requirement=locked,
            version_no=locked.version_no,
            author=membership.user,
            body=body.strip(),
            suggested_statement=suggested_statement,
            suggestion=Comment.Suggestion.OPEN if suggested_statement else "",
        )
        comment.full_clean()
        comment.save()
        return comment

    return _write_comment(membership, requirement, change, notifications.new_comment)


def reply(membership, parent, body):
    """Reply within a thread; a reply to a reply joins the thread (one level deep)."""
    root = parent.parent or parent

    def change(locked):
        comment = Comment(requirement=locked, version_no=locked.version_no, parent=root, author=membership.user,
                          body=body.strip())
        comment.full_clean()
        comment.save()
        # A new reply reopens the discussion.
        Comment.objects.filter(pk=root.pk).exclude(resolved_at=None).update(resolved_at=None, resolved_by=None)
        return comment

    return _write_comment(membership, parent.requirement, change, notifications.new_comment)


def set_resolved(membership, thread, resolved):
    """The thread's author or the coordinator marks it resolved (or reopens it)."""
    require(membership, Action.COMMENT, thread.requirement.area.procurement_id)
    if thread.parent_id is not None:
        raise ValidationError(_("Only a whole thread can be resolved."))
    mine = thread.author_id == membership.user_id  # the author closes their own thread

    def change(locked):
        thread.resolved_at = timezone.now() if resolved else None
        thread.resolved_by = membership.user if resolved else None
        thread.save(update_fields=["resolved_at", "resolved_by"])
        return thread

    return _write_comment(membership, thread.requirement, change, action=Action.COMMENT if mine else Action.COORDINATE,
                          message=None if mine else _("Only the author of the thread or the coordinator can resolve it."))


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
    def change(_requirement):
        locked = _lock_open_suggestion(comment)
        locked.suggestion = Comment.Suggestion.DECLINED
        locked.save(update_fields=["suggestion"])
        return locked

    return _write_comment(membership, comment.requirement, change, action=Action.DRAFT,
                          notify=lambda locked: notifications.wording_handled(locked, membership.user, adopted=False))
