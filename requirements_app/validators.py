"""Validators shared by the models and forms."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# What XML 1.0 (and so XLSX and the PDF's text) cannot hold or discourages:
# C0 controls but tab and line breaks, DEL and the C1 controls, lone surrogates,
# and the Unicode noncharacters (U+FDD0–U+FDEF and the last two of every plane).
NONCHARACTERS = "".join(f"\\U{plane:04x}fffe\\U{plane:04x}ffff" for plane in range(1, 17))
FORBIDDEN_CHARACTERS = re.compile(
    "[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\ud800-\\udfff\\ufdd0-\\ufdef\\ufffe\\uffff" + NONCHARACTERS + "]"
)


def allowed_characters(value):
    """Refuse characters that cannot be shown or stored in a spreadsheet or PDF
    (a tab and line breaks are fine), naming the first one found."""
    match = FORBIDDEN_CHARACTERS.search(value or "")
    if match:
        raise ValidationError(
            _("The text contains an invisible or invalid character (U+%(code)s at position %(position)s); remove it."),
            code="control",
            params={"code": f"{ord(match.group()):04X}", "position": match.start() + 1},
        )


# The name the migrations 0001–0005 refer to.
no_control_characters = allowed_characters
