"""Reading a filled svarsmall against the edition's own svarsmall, the form
as it was stored when the edition was sealed. Pure: imports no models.

The stored form is the template: every locked cell of the tender's file must
still hold what the form holds (a changed requirement text, a moved row or
another edition's title is refused), and only its unlocked cells are read,
as answers. Every problem is reported with its sheet, row and column, and
nothing is returned unless the whole file reads."""

import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import openpyxl
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from .. import organisation_numbers
from ..xlsx import NotAnXlsx, check_archive

HEADER_ROW = 3  # as response_form writes it
LEVEL_RE = re.compile(r"^\s*(\d{1,3})\s*%?\s*$")


@dataclass(frozen=True)
class Layout:
    """What the caller knows of the form: the sheet names and column headers
    (in Swedish, as response_form writes them) and each graded criterion's levels."""

    instructions: str
    tenderer_label: str
    organisation_number_label: str
    requirement_sheets: dict  # sheet name -> requirement kind
    number: str
    met: tuple  # the headers of the Ja/Nej column: "Uppfylls (Ja/Nej)", "Accepteras (Ja)"
    level: str
    description: str
    attachment: str
    equivalent: str
    price_sheet: str
    conformance_sheet: str
    conformance_answers: tuple
    scales: dict  # number -> the percents of its levels


@dataclass
class Answers:
    """What a filled svarsmall says."""

    tenderer: str = ""
    organisation_number: str = ""
    answers: dict = field(default_factory=dict)  # number -> {answer, level, description, attachment, equivalent}
    prices: list = field(default_factory=list)  # [(label, kronor or None)] in the price sheet's order
    conformance: list = field(default_factory=list)  # [{criterion, requirements, answer, comment}]


def _open(content, template=False):
    check_archive(content)
    try:
        # The template is read whole (its cells' protection); a tender streams, values only.
        return openpyxl.load_workbook(io.BytesIO(content), read_only=not template, data_only=not template)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds; the user needs one message
        raise NotAnXlsx(_("The file is not an XLSX spreadsheet."))


def _cells(sheet, max_rows, max_columns):
    """{(row, column): value} of a streamed sheet, refusing one far larger than the form."""
    sheet.reset_dimensions()
    cells = {}
    for row_number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        for column, value in enumerate(row[:max_columns + 20], start=1):
            if value not in (None, ""):
                cells[row_number, column] = value
        if row_number > max_rows + 50:
            break
    return cells


def _place(sheet, row, column):
    return _("Sheet “%(sheet)s”, row %(row)s, column %(column)s") % {
        "sheet": sheet, "row": row, "column": get_column_letter(column)}


def _text(value):
    return "" if value is None else str(value).strip()


def read(template_content, content, layout):
    """The Answers of `content`, a filled copy of the svarsmall `template_content`.

    ValidationError with every problem found (its place, what is wrong) when
    the file is not that form, was changed outside its answer cells, or holds
    an answer the form does not allow."""
    template = _open(template_content, template=True)
    try:
        filled = _open(content)
    except NotAnXlsx as error:
        raise ValidationError(str(error))
    try:
        return _read(template, filled, layout)
    finally:
        filled.close()


def _read(template, filled, layout):
    if filled.sheetnames != template.sheetnames:
        raise ValidationError(_("The file is not this edition's svarsmall: its sheets are %(found)s, the form's are "
                                "%(expected)s.") % {"found": ", ".join(filled.sheetnames),
                                                    "expected": ", ".join(template.sheetnames)})
    errors, found = [], Answers()
    sheets = {}
    for name in template.sheetnames:
        form = template[name]
        cells = _cells(filled[name], form.max_row, form.max_column)
        title = form.cell(row=1, column=1).value
        if _text(cells.get((1, 1))) != _text(title):
            # The first thing to say: the form of another edition (or procurement).
            raise ValidationError(_("This svarsmall is for “%(found)s”, not for “%(expected)s”. Use the svarsmall of "
                                    "the edition the tender answers.") % {"found": _text(cells.get((1, 1))),
                                                                          "expected": _text(title)})
        answer_cells = set()
        for row in form.iter_rows():
            for cell in row:
                if cell.protection.locked is False:
                    answer_cells.add((cell.row, cell.column))
                elif isinstance(cell.value, str) and cell.value.startswith("="):
                    continue  # a formula: a program that saves the file may store its value instead
                elif _text(cells.get((cell.row, cell.column))) != _text(cell.value):
                    errors.append(_("%(place)s: this cell is locked in the svarsmall and was changed.")
                                  % {"place": _place(name, cell.row, cell.column)})
        for (row, column), _value in cells.items():
            if (row > form.max_row or column > form.max_column) and (row, column) not in answer_cells:
                errors.append(_("%(place)s: the svarsmall has nothing here; write only in its answer cells.")
                              % {"place": _place(name, row, column)})
        sheets[name] = (form, cells, answer_cells)
    if errors:
        raise ValidationError(errors[:50])
    _instructions(sheets[layout.instructions], layout, found, errors)
    for name, (form, cells, answer_cells) in sheets.items():
        if name in layout.requirement_sheets:
            _requirements(name, form, cells, layout, found, errors)
        elif name == layout.price_sheet:
            _prices(name, form, cells, answer_cells, found, errors)
        elif name == layout.conformance_sheet:
            _conformance(name, form, cells, layout, found, errors)
    if errors:
        raise ValidationError(errors[:50])
    return found


def _instructions(sheet, layout, found, errors):
    form, cells, _answer_cells = sheet
    for row in range(1, form.max_row + 1):
        label = form.cell(row=row, column=1).value
        value = _text(cells.get((row, 2)))
        if label == layout.tenderer_label:
            found.tenderer = value
            if not value:
                errors.append(_("%(place)s: write the tenderer's name.")
                              % {"place": _place(layout.instructions, row, 2)})
        elif label == layout.organisation_number_label:
            found.organisation_number = value
            if not organisation_numbers.is_valid(value):
                errors.append(_("%(place)s: “%(value)s” is not an organisation number: write NNNNNN-NNNN, the last "
                                "digit its check digit.") % {"place": _place(layout.instructions, row, 2),
                                                             "value": value})


def _requirements(name, form, cells, layout, found, errors):
    headers = {form.cell(row=HEADER_ROW, column=column).value: column for column in range(1, form.max_column + 1)}
    met = next(headers[header] for header in layout.met if header in headers)
    for row in range(HEADER_ROW + 1, form.max_row + 1):
        number = form.cell(row=row, column=headers[layout.number]).value
        if not number:
            continue
        answer = _text(cells.get((row, met)))
        if answer and answer not in ("Ja", "Nej"):
            errors.append(_("%(place)s: “%(value)s” is not an answer: write Ja or Nej.")
                          % {"place": _place(name, row, met), "value": answer})
        level = None
        if number in layout.scales:
            column = headers[layout.level]
            written = cells.get((row, column))
            if written not in (None, ""):
                match = LEVEL_RE.match(str(written).replace("\u00a0", " "))
                level = int(match.group(1)) if match else None
                if level not in layout.scales[number]:
                    errors.append(_("%(place)s: “%(value)s” is not a level of this criterion's scale (%(levels)s).")
                                  % {"place": _place(name, row, column), "value": written,
                                     "levels": ", ".join(f"{p} %" for p in layout.scales[number])})
                    level = None
        found.answers[number] = {
            "answer": answer, "level": level,
            "description": _text(cells.get((row, headers[layout.description]))),
            "attachment": _text(cells.get((row, headers[layout.attachment]))),
            "equivalent": _text(cells.get((row, headers[layout.equivalent]))),
        }


def _amount(value):
    if isinstance(value, (int, float)):
        return Decimal(str(value))
    return Decimal(str(value).replace("\u00a0", "").replace(" ", "").replace(",", "."))


def _prices(name, form, cells, answer_cells, found, errors):
    for row, column in sorted(answer_cells):
        written = cells.get((row, column))
        price = None
        if written not in (None, ""):
            try:
                price = _amount(written)
            except InvalidOperation:
                price = Decimal(-1)
            if price < 0:
                errors.append(_("%(place)s: “%(value)s” is not a price: write kronor as a number.")
                              % {"place": _place(name, row, column), "value": written})
                price = None
        found.prices.append((_text(form.cell(row=row, column=1).value), price))


def _conformance(name, form, cells, layout, found, errors):
    for row in range(HEADER_ROW + 1, form.max_row + 1):
        answer = _text(cells.get((row, 5)))
        if answer and answer not in layout.conformance_answers:
            errors.append(_("%(place)s: “%(value)s” is not an answer: write %(answers)s.")
                          % {"place": _place(name, row, 5), "value": answer,
                             "answers": ", ".join(layout.conformance_answers)})
        found.conformance.append({"criterion": _text(form.cell(row=row, column=2).value),
                                  "requirements": _text(form.cell(row=row, column=1).value),
                                  "answer": answer, "comment": _text(cells.get((row, 6)))})
