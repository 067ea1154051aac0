"""The count badge in the navigation: how much waits for the member."""

from django import template

from ..deliberation import attention
from ..models import Notification

register = template.Library()


@register.simple_tag(takes_context=True)
def waiting_total(context):
    """What "Att granska" holds for the member, in all (0 without a membership);
    a page that counted it already (the overview) passes `waiting`."""
    if context.get("waiting"):
        return context["waiting"]["total"]
    membership = context.get("membership")
    return attention.waiting_counts(membership)["total"] if membership else 0


@register.simple_tag(takes_context=True)
def unread_total(context):
    """The member's unread notifications (0 without a membership); the
    notifications page, which counted them already, passes `unread`."""
    if "unread" in context:
        return context["unread"]
    membership = context.get("membership")
    return Notification.objects.for_membership(membership).unread().count() if membership else 0
