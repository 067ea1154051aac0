"""The suppliers' response form (svarsmall): one row per requirement of the
edition, with empty, unlocked columns for the answers and everything else locked."""

import io

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from .models import Requirement

FORMULA_STARTS = ("=", "+", "-", "@")


def render_response_form(data):
    """The response form for a TenderData, as XLSX bytes."""
    with translation.override("sv"):
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = _("Response form")[:31]
        columns = [
            (_("Number"), 12), (_("Area"), 20), (_("Kind"), 16), (_("Weight"), 8), (_("Title"), 30),
            (_("Requirement text"), 70), (_("Verification"), 16),
            (_("Met (yes/no)"), 14), (_("Description"), 50), (_("Attachment/reference"), 24),
        ]
        answer_from = 8  # first answer column (1-based)
        sheet.append([title for title, _width in columns])
        for index, (_title, width) in enumerate(columns, start=1):
            sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
        header_fill = PatternFill("solid", fgColor="DDE7F0")
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.fill = header_fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        areas = {area["code"]: area["name"] for area in data.context["areas"]}
        answer_fill = PatternFill("solid", fgColor="FFF8E6")
        for item in data.items:
            row = [
                item.number,
                areas.get(item.area_code, item.area_code),
                str(Requirement.Kind(item.kind).label),
                item.weight,
                item.title,
                item.statement,
                str(Requirement.Verification(item.verification).label),
                None, None, None,
            ]
            sheet.append(row)
            for cell in sheet[sheet.max_row]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                if isinstance(cell.value, str):
                    # openpyxl stores a string starting with "=" as a formula; keep it
                    # text, and quote-prefix it so editing the cell keeps it text too.
                    cell.data_type = "s"
                    if cell.value.startswith(FORMULA_STARTS):
                        cell.quotePrefix = True
                if cell.column >= answer_from:
                    cell.protection = Protection(locked=False)
                    cell.fill = answer_fill
        yes_no = DataValidation(type="list", formula1='"Ja,Nej"', allow_blank=True)
        yes_no.error = _("Answer Ja or Nej.")
        sheet.add_data_validation(yes_no)
        if data.items:
            yes_no.add(f"H2:H{len(data.items) + 1}")
        sheet.freeze_panes = "A2"
        sheet.protection.sheet = True
        sheet.protection.formatColumns = False
        sheet.protection.formatRows = False
        workbook.properties.title = f"{_('Response form')} – {data.context['procurement']['name']} – {data.label}"
        buffer = io.BytesIO()
        workbook.save(buffer)
    return buffer.getvalue()
