"""The suppliers' response form (svarsmall), made from the public document:
an instructions sheet with cells for the tenderer, then one sheet per
requirement type, one row per requirement, with the answer cells unlocked
and everything else locked. The procurement and the edition head every sheet.

Made to be read and printed in Excel and LibreOffice alike: rows as tall as
their text (neither program grows a row itself when a file is opened), every
sheet landscape on A4, fitted to the page's width, its header rows repeated."""

import io
import math

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from .. import organisation_numbers
from .. import scale
from ..catalogue import standards as catalogue
from ..models import CatalogueEntry, EvaluationModel, Requirement
from ..xlsx import starts_like_formula
from .audiences import digest_text, public_document
from .tender_pdf import how_to_answer

HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")
ANSWER_FILL = PatternFill("solid", fgColor="FFF8E6")
NOT_APPLICABLE_FILL = PatternFill("solid", fgColor="EEEEEE")
WRAP = Alignment(wrap_text=True, vertical="top")
# The requirement table starts on this row of each sheet, under the title rows.
HEADER_ROW = 3
# Kronor and points show with the reader's thousands separator: "1 500 000" in Swedish.
AMOUNT_FORMAT = "#,##0"
# A row's height per line of 11-point text, and the tallest row the programs allow.
LINE_HEIGHT = 15
MAX_ROW_HEIGHT = 409


def _lines(text, width):
    """How many lines `text` takes in a column `width` characters wide
    (generously: a wrapped line breaks between words, a little short of the edge)."""
    per_line = max(1, int(width * 1.1) - 2)
    return sum(max(1, math.ceil(len(line) / per_line)) for line in str(text).split("\n"))


def _fit_row(sheet, row, widths):
    """Make the row as tall as its longest text, for `widths` {column: characters}."""
    lines = max((_lines(cell.value, widths[cell.column]) for cell in sheet[row]
                 if cell.value is not None and cell.column in widths), default=1)
    if lines > 1:
        sheet.row_dimensions[row].height = min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT + 3)


def _print_setup(sheet, title_rows):
    """Landscape A4, fitted to the page's width, `title_rows` ("1:3") repeated on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = title_rows


def sheet_names():
    """Swedish sheet names (at most 31 characters) per requirement type."""
    return {
        Requirement.Kind.QUALIFICATION: _("Qualification"),
        Requirement.Kind.MANDATORY: _("Mandatory requirements"),
        Requirement.Kind.EVALUATED: _("Evaluated requirements"),
        Requirement.Kind.CONTRACT_CONDITION: _("Contract conditions"),
        Requirement.Kind.OPTION: _("Options"),
    }


def _text_cell(cell):
    """openpyxl stores a string starting with "=" as a formula: keep it text, and
    quote-prefix it so editing the cell keeps it text too."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
        if starts_like_formula(cell.value):
            cell.quotePrefix = True


def _title_rows(sheet, document, title):
    sheet.append([f"{document.procurement['name']} – {document.label}"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([title])
    sheet["A2"].font = Font(bold=True)
    for cell in (sheet["A1"], sheet["A2"]):
        _text_cell(cell)


def _instructions(workbook, document, columns):
    sheet = workbook.active
    sheet.title = _("Instructions")
    _title_rows(sheet, document, _("Response form"))
    sheet.append([])
    for label in (_("Tenderer (name)"), _("Organisation number")):
        sheet.append([label, None])
        answer = sheet.cell(row=sheet.max_row, column=2)
        answer.protection, answer.fill = Protection(locked=False), ANSWER_FILL
    organisation_number = sheet.cell(row=sheet.max_row, column=2)
    organisation_number.number_format = "@"  # text: "556000-0000" is no subtraction
    check = DataValidation(type="custom", formula1=organisation_numbers.spreadsheet_check(organisation_number.coordinate),
                           allow_blank=True, showErrorMessage=True, showInputMessage=True, errorStyle="stop")
    check.promptTitle, check.prompt = _("Organisation number"), _("Write it as NNNNNN-NNNN.")
    check.errorTitle = _("Organisation number")
    check.error = _("Write the organisation number as NNNNNN-NNNN: ten digits, the last its check digit.")
    sheet.add_data_validation(check)
    check.add(organisation_number.coordinate)
    sheet.append([])
    paragraphs = [
        # Named, not only coloured: the answer cells are also yellow.
        _("Answer on the sheet of each requirement type. Only the answer cells can be written in: the tenderer's "
          "name and organisation number above, and on each requirement sheet the columns %(columns)s. Every other "
          "cell is locked.") % {"columns": ", ".join(f"“{name}”" for name in columns)},
        _("A ska-krav or bör-krav that cites a whole WCAG level is also answered criterion by criterion on the sheet "
          "“Accessibility (WCAG)”: Stöds, Stöds delvis, Stöds inte or Ej tillämpligt, with a comment."),
        *how_to_answer(),
        *([digest_text(document.digest)] if document.digest else []),
    ]
    widths = {1: 30, 2: 40, 3: 30, 4: 30}
    for paragraph in paragraphs:
        sheet.append([paragraph])
        sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=4)
        sheet.cell(row=sheet.max_row, column=1).alignment = WRAP
        sheet.row_dimensions[sheet.max_row].height = _lines(paragraph, sum(widths.values())) * LINE_HEIGHT + 3
    for column, width in widths.items():
        sheet.column_dimensions[sheet.cell(row=1, column=column).column_letter].width = width
    _print_setup(sheet, "1:2")
    sheet.protection.sheet = True


def _columns(kind, value_header):
    """The requirement sheet's columns for a requirement type: (header, width, answered)."""
    columns = [(_("Number"), 12, False), (_("Area"), 18, False)]
    if kind == Requirement.Kind.EVALUATED:
        columns.append((value_header, 12, False))
    columns += [(_("Title"), 28, False), (_("Requirement text"), 60, False), (_("Verifikat"), 30, False)]
    if kind == Requirement.Kind.EVALUATED:
        columns += [(_("Scale"), 30, False), (_("Level"), 10, True)]
    # A contract condition is accepted by tendering: a tender with reservations against it is rejected.
    met = _("Accepted (Ja)") if kind == Requirement.Kind.CONTRACT_CONDITION else _("Met (Ja/Nej)")
    columns += [(met, 14, True), (_("Description"), 45, True), (_("Attachment/reference"), 22, True),
                (_("Equivalent solution – describe"), 40, True)]
    return columns


def answer_columns():
    """The names of the answer columns, as the instructions list them."""
    return [_("Level"), _("Met (Ja/Nej)"), _("Accepted (Ja)"), _("Description"), _("Attachment/reference"),
            _("Equivalent solution – describe")]


def _choice(sheet, choices, title, message):
    validation = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True,
                                showErrorMessage=True, errorStyle="stop")
    validation.errorTitle, validation.error = title, message
    sheet.add_data_validation(validation)
    return validation


def _requirement_sheet(workbook, document, chapter, title, value_header):
    sheet = workbook.create_sheet(title[:31])
    _title_rows(sheet, document, chapter.title)
    columns = _columns(chapter.kind, value_header)
    headers = [header for header, _width, _answered in columns]
    position = {header: index for index, header in enumerate(headers, start=1)}
    widths = {index: width for index, (_header, width, _answered) in enumerate(columns, start=1)}
    answered = {index for index, (_header, _width, answer) in enumerate(columns, start=1) if answer}
    sheet.append(headers)
    for index, width in widths.items():
        sheet.column_dimensions[sheet.cell(row=HEADER_ROW, column=index).column_letter].width = width
    for cell in sheet[HEADER_ROW]:
        cell.font, cell.fill, cell.alignment = Font(bold=True), HEADER_FILL, WRAP
    _fit_row(sheet, HEADER_ROW, widths)
    met = headers[-4]
    if chapter.kind == Requirement.Kind.CONTRACT_CONDITION:
        yes = _choice(sheet, ["Ja"], _("Accepted"), _("A contract condition is accepted with Ja: a tender with "
                                                       "reservations against it is rejected."))
    else:
        yes = _choice(sheet, ["Ja", "Nej"], _("Ja or Nej"), _("Answer Ja or Nej."))
    levels = {}  # a scale's percentages -> its validation, shared by the criteria with that scale
    areas = {area["code"]: area["name"] for area, _items in chapter.areas}
    for item in chapter.items:
        values = {_("Number"): item.number, _("Area"): areas.get(item.area_code, item.area_code),
                  value_header: item.weight, _("Title"): item.title, _("Requirement text"): item.statement,
                  _("Verifikat"): item.verifikat}
        steps = scale.parse(item.scale) if chapter.kind == Requirement.Kind.EVALUATED and item.scale.strip() else []
        graded = bool(steps)
        if graded:
            values[_("Scale")] = "\n".join(f"{level.percent}\u00a0%: {level.meaning}" for level in steps)
        sheet.append([values.get(header) for header in headers])
        row = sheet.max_row
        for cell in sheet[row]:
            cell.alignment = WRAP
            _text_cell(cell)
            # A graded criterion is answered with its level, any other with Ja or Nej.
            closed = ((cell.column == position[headers[-1]] and not item.names_a_standard_or_product)
                      or (cell.column == position.get(_("Level")) and not graded)
                      or (cell.column == position[met] and graded))
            if closed:
                cell.fill = NOT_APPLICABLE_FILL  # nothing to answer here: stays locked
            elif cell.column in answered:
                cell.protection, cell.fill = Protection(locked=False), ANSWER_FILL
        if value_header in position:
            sheet.cell(row=row, column=position[value_header]).number_format = AMOUNT_FORMAT
        if not graded:
            yes.add(sheet.cell(row=row, column=position[met]).coordinate)
        else:
            percents = tuple(f"{level.percent} %" for level in steps)
            if percents not in levels:
                levels[percents] = _choice(sheet, percents, _("Level"), _("Choose one of the scale's levels."))
            levels[percents].add(sheet.cell(row=row, column=position[_("Level")]).coordinate)
        _fit_row(sheet, row, widths)
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    _print_setup(sheet, f"1:{HEADER_ROW}")
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False


def _price_sheet(workbook, document):
    """The price the evaluation model compares (and each option's price), in
    kronor excluding VAT: numbers only."""
    sheet = workbook.create_sheet(_("Price"))
    _title_rows(sheet, document, _("Tendered price"))
    price = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                           showErrorMessage=True, errorStyle="stop")
    price.errorTitle = _("Kronor")
    price.error = _("Write the price in kronor, as a number.")
    sheet.add_data_validation(price)
    options = [_("Option %(number)s %(title)s") % {"number": item.number, "title": item.title}
               for chapter in document.chapters if chapter.kind == Requirement.Kind.OPTION for item in chapter.items]
    if document.price_model:
        _price_components(sheet, document, options, price)
    else:  # an edition frozen before the price model: one price, as it was
        sheet.append([_("What is priced"), _("Kronor, excluding VAT")])
        for cell in sheet[HEADER_ROW]:
            cell.font, cell.fill, cell.alignment = Font(bold=True), HEADER_FILL, WRAP
        rows = [_("Tendered price for the contract: the price the evaluation compares"), *options]
        for label in rows:
            sheet.append([label, None])
            sheet.cell(row=sheet.max_row, column=1).alignment = WRAP
            _text_cell(sheet.cell(row=sheet.max_row, column=1))
            _answer_amount(sheet.cell(row=sheet.max_row, column=2))
        price.add(f"B{HEADER_ROW + 1}:B{HEADER_ROW + len(rows)}")
    if document.evaluation:
        sheet.append([])
        for paragraph in document.evaluation.paragraphs:
            sheet.append([paragraph])
            sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=2)
            sheet.cell(row=sheet.max_row, column=1).alignment = WRAP
            sheet.row_dimensions[sheet.max_row].height = _lines(paragraph, 94) * LINE_HEIGHT + 3
    sheet.column_dimensions["A"].width = 70
    sheet.column_dimensions["B"].width = 24
    _print_setup(sheet, f"1:{HEADER_ROW}")
    sheet.protection.sheet = True


def _answer_amount(cell):
    cell.protection, cell.fill, cell.number_format = Protection(locked=False), ANSWER_FILL, AMOUNT_FORMAT


def _price_components(sheet, document, options, price):
    """One row per price component: the quantity stated, the unit price the tenderer gives, their product; the
    utvärderingspris sums the products of the components that count in it. Options of the requirements after."""
    sheet.append([_("What is priced"), _("Quantity"), _("Price per unit, kronor excluding VAT"), _("Sum"),
                  _("In the utvärderingspris")])
    for cell in sheet[HEADER_ROW]:
        cell.font, cell.fill, cell.alignment = Font(bold=True), HEADER_FILL, WRAP
    first = HEADER_ROW + 1
    for component in document.price_model:
        row = sheet.max_row + 1
        label = component["label"] + (f" ({component['unit']})" if component["unit"] else "")
        sheet.append([label, component["quantity"], None, f"=B{row}*C{row}", "Ja" if component["evaluated"] else "Nej"])
        _text_cell(sheet.cell(row=row, column=1))
        sheet.cell(row=row, column=1).alignment = WRAP
        _answer_amount(sheet.cell(row=row, column=3))
        sheet.cell(row=row, column=4).number_format = AMOUNT_FORMAT
    last = sheet.max_row
    price.add(f"C{first}:C{last}")
    sheet.append([_("Utvärderingspris"), None, None, f'=SUMIF(E{first}:E{last},"Ja",D{first}:D{last})', None])
    sheet.cell(row=sheet.max_row, column=1).font = sheet.cell(row=sheet.max_row, column=4).font = Font(bold=True)
    sheet.cell(row=sheet.max_row, column=4).number_format = AMOUNT_FORMAT
    for label in options:
        sheet.append([label, 1, None, f"=B{sheet.max_row + 1}*C{sheet.max_row + 1}", "Nej"])
        _text_cell(sheet.cell(row=sheet.max_row, column=1))
        _answer_amount(sheet.cell(row=sheet.max_row, column=3))
        price.add(f"C{sheet.max_row}")
    for column, width in zip("BCDE", (12, 22, 18, 16)):
        sheet.column_dimensions[column].width = width
    if document.price_formula:
        sheet.append([document.price_formula])


CONFORMANCE_ANSWERS = ("Stöds", "Stöds delvis", "Stöds inte", "Ej tillämpligt")


def _conformance_sheet(workbook, document):
    """One row per WCAG success criterion that a ska-krav or bör-krav requires
    through a whole level, with the requirements that require it, to answer as
    in an accessibility conformance report (VPAT/ACR)."""
    entries = catalogue.current()
    criteria = {}  # (version, level) -> its criteria, read once however many requirements cite it
    requiring = {}  # criterion -> the numbers of the requirements that require it
    for chapter in document.chapters:
        for item in chapter.items:
            if item.kind not in Requirement.Kind.bought():
                continue
            for version, level in catalogue.wcag_levels(item.references, entries):
                if (version, level) not in criteria:
                    criteria[version, level] = list(CatalogueEntry.objects.wcag_criteria(version, level))
                for criterion in criteria[version, level]:
                    numbers = requiring.setdefault(criterion, [])
                    if item.number not in numbers:
                        numbers.append(item.number)
    rows = sorted(requiring.items(), key=lambda pair: (pair[0].source, pair[0].order))
    if not rows:
        return
    sheet = workbook.create_sheet(_("Accessibility (WCAG)"))
    _title_rows(sheet, document, _("Accessibility conformance, one success criterion a row"))
    # Above the table (its header row is fixed): what a partial answer means.
    sheet.cell(row=2, column=4, value=_("Under a ska-krav every criterion must be met in full: “Stöds delvis” and "
                                        "“Stöds inte” mean that the ska-krav is not met. Say in the comment what is "
                                        "missing.")).alignment = WRAP
    columns = [(_("Requirements"), 14), (_("Criterion"), 10), (_("Level"), 7), (_("Name"), 40),
               (_("Answer"), 16), (_("Comment"), 60)]
    sheet.append([title for title, _width in columns])
    for index, (_title, width) in enumerate(columns, start=1):
        sheet.column_dimensions[sheet.cell(row=HEADER_ROW, column=index).column_letter].width = width
    for cell in sheet[HEADER_ROW]:
        cell.font, cell.fill, cell.alignment = Font(bold=True), HEADER_FILL, WRAP
    widths = {index: width for index, (_title, width) in enumerate(columns, start=1)}
    for criterion, numbers in rows:
        version = "2.2" if criterion.source == CatalogueEntry.Source.WCAG22 else "2.1"
        name = f"{criterion.title} ({criterion.note})" if criterion.note else criterion.title
        sheet.append([", ".join(numbers), f"{version} {criterion.number}", criterion.level, name, None, None])
        for cell in sheet[sheet.max_row]:
            cell.alignment = WRAP
            _text_cell(cell)
            if cell.column >= 5:
                cell.protection, cell.fill = Protection(locked=False), ANSWER_FILL
        _fit_row(sheet, sheet.max_row, widths)
    answers = DataValidation(type="list", formula1='"' + ",".join(CONFORMANCE_ANSWERS) + '"', allow_blank=True,
                             showErrorMessage=True, errorStyle="stop")
    answers.errorTitle = _("Answer")
    answers.error = _("Answer Stöds, Stöds delvis, Stöds inte or Ej tillämpligt.")
    sheet.add_data_validation(answers)
    answers.add(f"E{HEADER_ROW + 1}:E{HEADER_ROW + len(rows)}")
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    _print_setup(sheet, f"1:{HEADER_ROW}")
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False


def value_header(data):
    """The heading of a criterion's value: in kronor, in points, or a bare
    weight for an edition frozen before the evaluation model."""
    settings = data.context.get("evaluation")
    if not settings:
        return _("Weight")
    return _("Value (points)") if settings["method"] == EvaluationModel.Method.POINTS else _("Value (kr)")


def render_response_form(data):
    """The response form for a TenderData, as XLSX bytes."""
    with translation.override("sv"):
        document = public_document(data)
        workbook = Workbook()
        _instructions(workbook, document, answer_columns())
        names = sheet_names()
        for chapter in document.chapters:
            _requirement_sheet(workbook, document, chapter, names[chapter.kind], value_header(data))
        _price_sheet(workbook, document)
        _conformance_sheet(workbook, document)
        workbook.properties.title = f"{_('Response form')} – {document.procurement['name']} – {document.label}"
        buffer = io.BytesIO()
        workbook.save(buffer)
    return buffer.getvalue()
