from django import template

from .. import evaluation

register = template.Library()


@register.filter
def kronor(value):
    """1250000 -> "1 250 000 kr"."""
    return evaluation.kronor(value)
