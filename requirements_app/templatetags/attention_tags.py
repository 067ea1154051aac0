"""The menu's count badges: how much waits for the member, and their unread notifications."""

from django import template

from ..deliberation import attention

register = template.Library()


@register.simple_tag(takes_context=True)
def menu_counts(context):
    """{"total": what "Att granska" holds for the member, "unread": their unread
    notifications} (zeros without a membership), counted in one query. A page that
    counted them already (the overview, the notifications page) passes `waiting`."""
    membership = context.get("membership")
    if not membership:
        return {"total": 0, "unread": 0}
    return context.get("waiting") or attention.waiting_counts(membership)
