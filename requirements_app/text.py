"""The one way text enters the workbench.

Every text a person types, imports or sends through the admin passes through
`normalise()`: line breaks become "\\n", no line ends in spaces, the text is in
Unicode NFC, and a one-line field (a title, a name) holds no line break at all.
Then "did anything change?" compares like with like: a browser's CRLF and a
spreadsheet's LF are the same text.

The model fields and the form field below call `normalise()` in `to_python`,
so a model's `full_clean()`, a ModelForm (the workbench's and the admin's) and
a fixture all normalise; the spreadsheet widgets call it directly because
import-export compares before it validates.
"""

import re
import unicodedata

from django import forms
from django.db import models

from .validators import allowed_characters

LINE_BREAKS = re.compile(r"\r\n|[\r\x85\u2028\u2029]")
TRAILING_SPACE = re.compile(r"[ \t\u00a0\u3000]+$", re.MULTILINE)
WHITESPACE_RUN = re.compile(r"\s+")
# Bidi controls (embeddings, overrides, isolates, marks) reorder what a reader
# sees: "U+202E" can make a text read backwards in HTML and not in the PDF.
BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def normalise(value, one_line=False):
    """`value` as the workbench stores it (None stays None).

    NFC without bidi controls; CRLF, CR, NEL and the Unicode line separators become "\\n"; trailing
    spaces on each line and blank space around the whole text are dropped. With
    `one_line`, every run of white space, line breaks included, is one space.
    """
    if value is None:
        return None
    text = BIDI_CONTROLS.sub("", unicodedata.normalize("NFC", str(value)))
    if one_line:
        return WHITESPACE_RUN.sub(" ", LINE_BREAKS.sub(" ", text)).strip()
    text = LINE_BREAKS.sub("\n", text)
    return TRAILING_SPACE.sub("", text).strip()


class NormalisedFormField(forms.CharField):
    """A form's CharField that normalises and refuses characters that cannot be stored."""

    default_validators = [allowed_characters]

    def __init__(self, *, one_line=False, **kwargs):
        self.one_line = one_line
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return normalise(value, self.one_line) if value not in self.empty_values else value


class _Normalised:
    one_line = False
    default_validators = [allowed_characters]

    def to_python(self, value):
        value = super().to_python(value)
        return normalise(value, self.one_line) if isinstance(value, str) else value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": NormalisedFormField, "one_line": self.one_line, **kwargs})


class LineField(_Normalised, models.CharField):
    """One line of text: a title, a name, a label."""

    one_line = True


class TextField(_Normalised, models.TextField):
    """Text with paragraphs: a requirement text, a comment."""
