"""Guarding against hostile spreadsheets: an XLSX before openpyxl reads it, and a cell a spreadsheet would run as
a formula. Pure: imports no models."""

import io
import unicodedata
import zipfile

from django.utils.translation import gettext as _

# An XLSX is a zip: refuse one that unpacks to far more than its size (a zip bomb).
MAX_UNPACKED_BYTES = 60 * 1024 * 1024
MAX_PACKING_RATIO = 150


class NotAnXlsx(ValueError):
    """The bytes are not a readable XLSX file; the message says why."""


def check_archive(content):
    """NotAnXlsx unless `content` is a zip that unpacks to a sane size."""
    try:
        unpacked = sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(content)).infolist())
    except zipfile.BadZipFile:
        raise NotAnXlsx(_("The file is not an XLSX spreadsheet."))
    if unpacked > MAX_UNPACKED_BYTES or unpacked > MAX_PACKING_RATIO * len(content):
        raise NotAnXlsx(_("The XLSX file unpacks to far more than its size and is not read."))


FORMULA_STARTS = ("=", "+", "-", "@")


def starts_like_formula(value):
    """Whether a spreadsheet could read `value` as a formula: it starts with
    = + - @ or a look-alike that Excel folds to one (full-width "＝", small "﹦")."""
    return bool(value) and unicodedata.normalize("NFKC", value[0]).startswith(FORMULA_STARTS)
