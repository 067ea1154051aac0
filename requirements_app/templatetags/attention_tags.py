"""The count badge in the navigation: how much waits for the member."""

from django import template

from .. import attention

register = template.Library()


@register.simple_tag(takes_context=True)
def waiting_total(context):
    """What "Att granska" holds for the member, in all (0 without a membership);
    a page that counted it already (the overview) passes `waiting`."""
    if context.get("waiting"):
        return context["waiting"]["total"]
    membership = context.get("membership")
    return attention.waiting_counts(membership)["total"] if membership else 0
