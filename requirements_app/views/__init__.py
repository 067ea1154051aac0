"""Views: thin wrappers around `access`, the forms and the service modules."""

from django.contrib import messages


def posted_version(request):
    """The version number a form was opened on; -1 (never current) if missing or forged."""
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1


def flash_errors(request, error):
    """A ValidationError's messages as error messages on the next page."""
    for message in error.messages:
        messages.error(request, message)
