from django import template

from ..evaluation import comparison as evaluation

register = template.Library()


@register.filter
def kronor(value):
    """1250000 -> "1 250 000 kr"."""
    return evaluation.kronor(value)


@register.filter
def points(value):
    """1630.5 -> "1 630,50": points the Swedish way."""
    return evaluation.points_text(value)
