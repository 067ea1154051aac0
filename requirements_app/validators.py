"""Validators shared by the models."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def no_control_characters(value):
    """Refuse invisible control characters (a tab and new lines are fine): they
    cannot be shown, and spreadsheets and PDFs refuse or garble them."""
    if CONTROL_CHARACTERS.search(value or ""):
        raise ValidationError(_("The text contains invisible control characters; remove them."), code="control")
