"""Comments on a requirement: threads, replies, resolving, and proposed wordings."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import drafting
from .models import Comment


def _require_member(membership, requirement):
    if membership.procurement_id != requirement.area.procurement_id:
        raise PermissionDenied


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
    if root.resolved_at:  # a new reply reopens the discussion
        Comment.objects.filter(pk=root.pk).update(resolved_at=None, resolved_by=None)
    return comment


def set_resolved(membership, thread, resolved):
    """The thread's author or the coordinator marks it resolved (or reopens it)."""
    _require_member(membership, thread.requirement)
    if thread.parent_id is not None:
        raise ValidationError(_("Only a whole thread can be resolved."))
    if not (membership.is_coordinator or thread.author_id == membership.user_id):
        raise PermissionDenied(_("Only the author of the thread or the coordinator can resolve it."))
    thread.resolved_at = timezone.now() if resolved else None
    thread.resolved_by = membership.user if resolved else None
    thread.save(update_fields=["resolved_at", "resolved_by"])
    return thread


def decide_suggestion(membership, comment, adopt, expected_version):
    """Adopt a proposed wording as the next version of the requirement, or decline it."""
    requirement = comment.requirement
    if comment.suggestion != Comment.Suggestion.OPEN:
        raise ValidationError(_("This proposal has already been handled."))
    with transaction.atomic():
        if adopt:
            author = comment.author.get_full_name() or comment.author.get_username()
            fields = {**requirement.content(), "statement": comment.suggested_statement}
            drafting.save_requirement(
                membership,
                requirement,
                expected_version,
                fields,
                list(requirement.insights.all()),
                _("Adopted the wording proposed by %(author)s") % {"author": author},
            )
        else:
            drafting.require_editor_of(membership, requirement)
        updated = Comment.objects.filter(pk=comment.pk, suggestion=Comment.Suggestion.OPEN).update(
            suggestion=Comment.Suggestion.ADOPTED if adopt else Comment.Suggestion.DECLINED
        )
        if not updated:
            raise ValidationError(_("This proposal has already been handled."))
    return comment
