"""Views: thin wrappers around `access`, the forms and the service modules."""

import functools

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render

from .. import throttle

from ..ids import MAX_ID, parse_int
from ..templatetags.sections import section_tag


def posted_version(request):
    """The version number a form was opened on; -1 (never current) if missing or forged."""
    return parse_int(request.POST.get("version"), -1, 0, MAX_ID)


def flash_errors(request, error, section=""):
    """A ValidationError's messages as error messages on the next page (in
    `section` of it, if given: see templatetags.sections)."""
    for message in error.messages:
        messages.error(request, message, extra_tags=section_tag(section) if section else "")


def throttled(view):
    """At most DOWNLOADS_PER_MINUTE expensive downloads (documents, exports) a
    minute per person, counted in the shared cache for every worker; past it,
    429 with a page that says when to try again."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not throttle.allowed(f"downloads:{request.user.pk}", settings.DOWNLOADS_PER_MINUTE, 60):
            response = render(request, "429.html", status=429)
            response["Retry-After"] = "60"
            return response
        return view(request, *args, **kwargs)

    return wrapper


def download(content, content_type, filename, inline=False):
    """A file download (`inline`: shown in the browser, with a name to save it
    under). Tender documents and exports are internal until published: no
    shared cache (a proxy, the browser's disk) may keep them."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
