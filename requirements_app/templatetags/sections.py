"""Messages shown where the user is: a message flashed for a section of the
requirement page (tagged "section-voting", say) is shown in that section, so
it is on screen when the redirect lands there; the others at the top."""

from django import template

register = template.Library()
PREFIX = "section-"


def section_tag(section):
    """The extra_tags that send a flashed message to `section` of the page."""
    return PREFIX + section


@register.filter
def in_section(messages, section):
    return [message for message in messages if message.extra_tags == section_tag(section)]


@register.filter
def outside_sections(messages):
    return [message for message in messages if not (message.extra_tags or "").startswith(PREFIX)]
