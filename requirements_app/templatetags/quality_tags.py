from django import template

register = template.Library()


@register.filter
def report_of(reports, pk):
    """The kravgranskning Report of requirement `pk` in {pk: Report} (None if not checked)."""
    return reports.get(pk) if reports is not None else None
