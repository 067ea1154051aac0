"""Reading and writing requirement spreadsheets (CSV, XLSX, JSON).

Reading checks everything that can be checked before a row is looked at –
size, encoding, delimiter, that an XLSX is not a zip bomb, the columns,
duplicate numbers – and says what is wrong in Swedish. Importing runs the
resource inside one transaction; any invalid row rolls the whole file back.
"""

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import PurePath

import openpyxl
import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export.formats import base_formats
from import_export.results import RowResult

from ..catalogue import standards as catalogue
from ..drafting import requirements as drafting
from ..models import NUMBER_RE
from ..xlsx import NotAnXlsx, check_archive
from .resources import COLUMNS, REQUIRED_COLUMNS, InsightResource, RequirementResource, RowRefused

FORMATS = {"csv": "text/csv; charset=utf-8", "xlsx": base_formats.XLSX().get_content_type(), "json": "application/json"}


class SpreadsheetError(Exception):
    """The file cannot be read as a requirement spreadsheet; the message says why."""


def _check_size(size):
    if size > settings.IMPORT_MAX_BYTES:
        raise SpreadsheetError(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": round(size / 1024 / 1024, 1), "limit": settings.IMPORT_MAX_BYTES // 1024 // 1024}
        )


def read_upload(uploaded):
    """(content, dataset) of an uploaded file; its size is checked before it is read."""
    _check_size(uploaded.size)
    content = uploaded.read()
    return content, read_dataset(uploaded.name, content)


def read_dataset(filename, content):
    """A tablib Dataset of the file's rows, or SpreadsheetError with a clear message.

    Empty rows are skipped, and reading stops with an error as soon as the file
    holds more than IMPORT_MAX_ROWS rows: a small file cannot make the
    workbench build a huge table (an XLSX may declare a million rows)."""
    if not content:
        raise SpreadsheetError(_("The file is empty."))
    _check_size(len(content))
    suffix = PurePath(filename or "").suffix.lower()
    if suffix == ".xlsx":
        dataset = _read_xlsx(content)
    elif suffix == ".json":
        dataset = _read_json(content)
    elif suffix in (".csv", ".txt"):
        dataset = _read_csv(content)
    else:
        raise SpreadsheetError(
            _("“%(name)s” is not a file the workbench reads. Use CSV (UTF-8), XLSX or JSON.") % {"name": filename}
        )
    _check_columns(dataset)
    return dataset


def _is_empty(row):
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in row)


def _dataset(rows):
    """A Dataset of the header row and the non-empty rows after it, read lazily
    and refused as soon as there are more than the row limit."""
    rows = (row for row in rows if not _is_empty(row))
    headers = next(rows, None)
    if headers is None:
        raise SpreadsheetError(_("The file has no requirement rows."))
    headers = [str(h or "").strip() for h in headers]
    while headers and not headers[-1]:  # trailing empty header cells (a sheet's declared width)
        headers.pop()
    width, limit = len(headers), settings.IMPORT_MAX_ROWS
    dataset = tablib.Dataset(headers=headers)
    for number, row in enumerate(rows, start=1):
        if number > limit:
            raise SpreadsheetError(
                _("The file has more than %(limit)s requirement rows. Split it into smaller files.") % {"limit": limit}
            )
        row = list(row)
        if len(row) > width:
            if not _is_empty(row[width:]):
                raise SpreadsheetError(
                    _("Row %(number)s has values beyond the last column (%(column)s).")
                    % {"number": number, "column": headers[-1] if headers else ""}
                )
            row = row[:width]
        dataset.append(row + [""] * (width - len(row)))
    return dataset


def _read_csv(content):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SpreadsheetError(
            _("The file is not UTF-8. In Excel, save it as “CSV UTF-8 (kommaavgränsad)” and try again.")
        )
    if "\x00" in text:
        raise SpreadsheetError(_("The file is not a text spreadsheet."))
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count)  # Swedish Excel writes semicolons
    if first_line.count(delimiter) == 0:
        raise SpreadsheetError(_("The columns could not be told apart: use semicolons, commas or tabs between them."))
    try:
        return _dataset(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        raise SpreadsheetError(_("The file could not be read as CSV."))


def _read_xlsx(content):
    try:
        check_archive(content)
    except NotAnXlsx as error:
        raise SpreadsheetError(str(error))
    try:
        # Read-only mode streams the rows instead of building the whole sheet.
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds; the user needs one message
        raise SpreadsheetError(_("The file is not an XLSX spreadsheet."))
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # rows as stored, not the (perhaps huge) declared size
        return _dataset(sheet.iter_rows(values_only=True))
    except SpreadsheetError:
        raise
    except Exception:  # noqa: BLE001
        raise SpreadsheetError(_("The file is not an XLSX spreadsheet."))
    finally:
        workbook.close()


def _read_json(content):
    try:
        rows = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise SpreadsheetError(_("The file is not valid JSON."))
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise SpreadsheetError(_("The JSON file must be a list of objects, one per requirement."))
    headers = list(dict.fromkeys(key for row in rows for key in row))
    if any(isinstance(value, (dict, list)) for row in rows for value in row.values()):
        raise SpreadsheetError(_("The JSON file must be a list of objects, one per requirement."))
    return _dataset([headers, *(["" if row.get(h) is None else row.get(h) for h in headers] for row in rows)])


def canonical_number(number):
    """ "TILL-3", "till-003" and " TILL-03 " all name TILL-3; other text is itself."""
    match = NUMBER_RE.match(number or "")
    return f"{match.group(1).upper()}-{int(match.group(2))}" if match else (number or "").strip().upper()


def _check_columns(dataset):
    headers = dataset.headers
    missing = sorted(REQUIRED_COLUMNS - set(headers))
    unknown = [h for h in headers if h not in COLUMNS.values()]
    if missing or unknown:
        parts = []
        if missing:
            parts.append(_("missing columns: %(names)s") % {"names": ", ".join(missing)})
        if unknown:
            parts.append(_("unknown columns: %(names)s") % {"names": ", ".join(unknown)})
        raise SpreadsheetError(
            _("The columns do not match (%(problems)s). The columns are: %(known)s.")
            % {"problems": "; ".join(parts), "known": ", ".join(COLUMNS.values())}
        )
    if not len(dataset):
        raise SpreadsheetError(_("The file has no requirement rows."))
    spellings = {}
    for number in dataset[COLUMNS["number"]]:
        number = str(number or "").strip()
        if number:
            spellings.setdefault(canonical_number(number), []).append(number)
    duplicates = [" = ".join(dict.fromkeys(names)) for names in spellings.values() if len(names) > 1]
    if duplicates:
        raise SpreadsheetError(
            _("Requirement numbers appear more than once: %(numbers)s.") % {"numbers": ", ".join(duplicates)}
        )


# The preview lists at most this many invalid rows, then says how many more.
INVALID_ROWS_SHOWN = 50


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do), row by row."""

    new: list = field(default_factory=list)  # (row number, requirement)
    changed: list = field(default_factory=list)  # (row number, requirement, changes)
    unchanged: list = field(default_factory=list)
    invalid: list = field(default_factory=list)  # (row number, [messages])

    @property
    def ok(self):
        return not self.invalid

    @property
    def invalid_shown(self):
        return self.invalid[:INVALID_ROWS_SHOWN]

    @property
    def invalid_not_shown(self):
        return max(0, len(self.invalid) - INVALID_ROWS_SHOWN)

    def summary(self):
        return _("%(new)s new, %(changed)s changed, %(unchanged)s unchanged, %(invalid)s invalid") % {
            "new": len(self.new), "changed": len(self.changed), "unchanged": len(self.unchanged),
            "invalid": len(self.invalid),
        }


def _label(name):
    return COLUMNS.get("version" if name == "version_no" else name, name)


def _report(result, changes):
    report = ImportReport()
    for number, row in enumerate(result.rows, start=1):
        if row.import_type == RowResult.IMPORT_TYPE_NEW:
            report.new.append((number, row.object_repr))
        elif row.import_type == RowResult.IMPORT_TYPE_UPDATE:
            report.changed.append((number, row.object_repr, changes.get(number)))
        elif row.import_type == RowResult.IMPORT_TYPE_SKIP:
            report.unchanged.append((number, row.object_repr))
    for invalid in result.invalid_rows:
        messages = [
            f"{_label(name)}: {message}" if name != "__all__" else message
            for name, errors in invalid.error_dict.items()
            for message in errors
        ]
        report.invalid.append((invalid.number, messages))
    for number, errors in result.row_errors():
        report.invalid.append((number, [str(error.error) for error in errors]))
    for error in result.base_errors:
        messages = error.error.messages if hasattr(error.error, "messages") else [str(error.error)]
        report.invalid.append((0, list(messages)))
    report.invalid.sort()
    return report


def import_requirements(membership, dataset, filename, dry_run):
    """Import the rows as `membership`. All or nothing: with any invalid row,
    or in a dry run, the database is left exactly as it was.

    Every row is read and checked first, outside any write transaction; only
    then are the changes written, together, in one short transaction."""
    resource = RequirementResource(membership, filename=filename)
    with catalogue.pinned():  # every row's references checked against one reading of the catalogue
        result = resource.import_data(dataset, dry_run=False, raise_errors=False, use_transactions=False)
    report = _report(result, resource.changes)
    if report.ok and resource.new_rows:
        try:
            drafting.check_room(membership.procurement_id, len(resource.new_rows))
        except ValidationError as error:
            report.invalid.append((0, error.messages))
    if report.ok and not dry_run:
        try:
            resource.apply()
        except RowRefused as refused:
            report.invalid.append((refused.number, refused.messages))
    return report


def export_requirements(membership, queryset, file_format):
    """The requirements as CSV (UTF-8 with BOM, semicolons, for Swedish Excel), XLSX or JSON bytes."""
    return _export(RequirementResource(membership).export(queryset=queryset), file_format)


def export_insights(procurement, file_format):
    """The procurement's workshop insights, in the same formats."""
    resource = InsightResource(procurement)
    return _export(resource.export(queryset=resource.get_queryset()), file_format)


def _export(dataset, file_format):
    dataset.title = _("Requirements")  # the XLSX sheet's name (tablib's default is "Tablib Dataset")
    if file_format == "csv":
        return ("\ufeff" + dataset.export("csv", delimiter=";")).encode("utf-8")
    if file_format == "json":
        return json.dumps(dataset.dict, ensure_ascii=False, indent=1, default=str).encode("utf-8")
    return base_formats.XLSX().export_data(dataset)
