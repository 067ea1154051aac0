"""The suppliers' response form (svarsmall), made from the public document:
an instructions sheet with cells for the tenderer, then one sheet per
requirement type, one row per requirement, with the answer cells unlocked
and everything else locked. The procurement and the edition head every sheet."""

import io

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from . import catalogue
from .documents import public_document
from .models import CatalogueEntry, Requirement
from .resources import starts_like_formula
from .tender_pdf import how_to_answer

HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")
ANSWER_FILL = PatternFill("solid", fgColor="FFF8E6")
NOT_APPLICABLE_FILL = PatternFill("solid", fgColor="EEEEEE")
WRAP = Alignment(wrap_text=True, vertical="top")
# The requirement table starts on this row of each sheet, under the title rows.
HEADER_ROW = 3


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


def _instructions(workbook, document):
    sheet = workbook.active
    sheet.title = _("Instructions")
    _title_rows(sheet, document, _("Response form"))
    sheet.append([])
    for label in (_("Tenderer (name)"), _("Organisation number")):
        sheet.append([label, None])
        answer = sheet.cell(row=sheet.max_row, column=2)
        answer.protection, answer.fill = Protection(locked=False), ANSWER_FILL
    sheet.append([])
    for paragraph in [
        _("Answer on the sheet of each requirement type. Only the yellow cells can be written in."),
        _("In the column “Met”, choose Ja or Nej. Describe, or name the attachment that shows, what each requirement's "
          "verifikat asks for."),
        _("A ska-krav or bör-krav that cites a whole WCAG level is also answered criterion by criterion on the sheet "
          "“Accessibility (WCAG)”: Stöds, Stöds delvis, Stöds inte or Ej tillämpligt, with a comment."),
        *how_to_answer(),
    ]:
        sheet.append([paragraph])
        sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=4)
        sheet.cell(row=sheet.max_row, column=1).alignment = WRAP
        sheet.row_dimensions[sheet.max_row].height = 48
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 40
    sheet.column_dimensions["C"].width = 30
    sheet.column_dimensions["D"].width = 30
    sheet.protection.sheet = True


def _requirement_sheet(workbook, document, chapter, title):
    sheet = workbook.create_sheet(title[:31])
    _title_rows(sheet, document, chapter.title)
    columns = [
        (_("Number"), 12), (_("Area"), 18), (_("Weight"), 8), (_("Title"), 28), (_("Requirement text"), 60),
        (_("Verifikat"), 30), (_("Met (Ja/Nej)"), 14), (_("Description"), 45), (_("Attachment/reference"), 22),
        (_("Equivalent solution – describe"), 40),
    ]
    answer_from = 7  # the first answer column (1-based)
    equivalent = len(columns)
    sheet.append([title for title, _width in columns])
    for index, (_title, width) in enumerate(columns, start=1):
        sheet.column_dimensions[sheet.cell(row=HEADER_ROW, column=index).column_letter].width = width
    for cell in sheet[HEADER_ROW]:
        cell.font, cell.fill, cell.alignment = Font(bold=True), HEADER_FILL, WRAP
    areas = {area["code"]: area["name"] for area, _items in chapter.areas}
    for item in chapter.items:
        sheet.append([
            item.number, areas.get(item.area_code, item.area_code), item.weight, item.title, item.statement,
            item.verifikat, None, None, None, None,
        ])
        for cell in sheet[sheet.max_row]:
            cell.alignment = WRAP
            _text_cell(cell)
            if cell.column == equivalent and not item.names_a_standard_or_product:
                cell.fill = NOT_APPLICABLE_FILL  # nothing to be equivalent to: stays locked
            elif cell.column >= answer_from:
                cell.protection, cell.fill = Protection(locked=False), ANSWER_FILL
    yes_no = DataValidation(type="list", formula1='"Ja,Nej"', allow_blank=True, showErrorMessage=True, errorStyle="stop")
    yes_no.errorTitle = _("Ja or Nej")
    yes_no.error = _("Answer Ja or Nej.")
    sheet.add_data_validation(yes_no)
    if chapter.items:
        yes_no.add(f"G{HEADER_ROW + 1}:G{HEADER_ROW + len(chapter.items)}")
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False


def _price_sheet(workbook, document):
    """The price the evaluation model compares (and each option's price), in
    kronor excluding VAT: numbers only."""
    sheet = workbook.create_sheet(_("Price"))
    _title_rows(sheet, document, _("Tendered price"))
    sheet.append([_("What is priced"), _("Kronor, excluding VAT")])
    for cell in sheet[HEADER_ROW]:
        cell.font, cell.fill, cell.alignment = Font(bold=True), HEADER_FILL, WRAP
    rows = [_("Tendered price for the contract: the price the evaluation compares")]
    rows += [_("Option %(number)s %(title)s") % {"number": item.number, "title": item.title}
             for chapter in document.chapters if chapter.kind == Requirement.Kind.OPTION for item in chapter.items]
    for label in rows:
        sheet.append([label, None])
        sheet.cell(row=sheet.max_row, column=1).alignment = WRAP
        _text_cell(sheet.cell(row=sheet.max_row, column=1))
        answer = sheet.cell(row=sheet.max_row, column=2)
        answer.protection, answer.fill, answer.number_format = Protection(locked=False), ANSWER_FILL, "# ##0"
    price = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                           showErrorMessage=True, errorStyle="stop")
    price.errorTitle = _("Kronor")
    price.error = _("Write the price in kronor, as a number.")
    sheet.add_data_validation(price)
    price.add(f"B{HEADER_ROW + 1}:B{HEADER_ROW + len(rows)}")
    if document.evaluation:
        sheet.append([])
        for paragraph in document.evaluation.paragraphs:
            sheet.append([paragraph])
            sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=2)
            sheet.cell(row=sheet.max_row, column=1).alignment = WRAP
            sheet.row_dimensions[sheet.max_row].height = 60
    sheet.column_dimensions["A"].width = 70
    sheet.column_dimensions["B"].width = 24
    sheet.protection.sheet = True


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
    for criterion, numbers in rows:
        version = "2.2" if criterion.source == CatalogueEntry.Source.WCAG22 else "2.1"
        name = f"{criterion.title} ({criterion.note})" if criterion.note else criterion.title
        sheet.append([", ".join(numbers), f"{version} {criterion.number}", criterion.level, name, None, None])
        for cell in sheet[sheet.max_row]:
            cell.alignment = WRAP
            _text_cell(cell)
            if cell.column >= 5:
                cell.protection, cell.fill = Protection(locked=False), ANSWER_FILL
    answers = DataValidation(type="list", formula1='"' + ",".join(CONFORMANCE_ANSWERS) + '"', allow_blank=True,
                             showErrorMessage=True, errorStyle="stop")
    answers.errorTitle = _("Answer")
    answers.error = _("Answer Stöds, Stöds delvis, Stöds inte or Ej tillämpligt.")
    sheet.add_data_validation(answers)
    answers.add(f"E{HEADER_ROW + 1}:E{HEADER_ROW + len(rows)}")
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False


def render_response_form(data):
    """The response form for a TenderData, as XLSX bytes."""
    with translation.override("sv"):
        document = public_document(data)
        workbook = Workbook()
        _instructions(workbook, document)
        names = sheet_names()
        for chapter in document.chapters:
            _requirement_sheet(workbook, document, chapter, names[chapter.kind])
        _price_sheet(workbook, document)
        _conformance_sheet(workbook, document)
        workbook.properties.title = f"{_('Response form')} – {document.procurement['name']} – {document.label}"
        buffer = io.BytesIO()
        workbook.save(buffer)
    return buffer.getvalue()
