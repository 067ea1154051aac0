import datetime
import io

import pytest
from openpyxl import load_workbook

from requirements_app.editions import edition_data, freeze_edition
from requirements_app.response_form import render_response_form


@pytest.fixture
def sheet(coordinator, make_requirement, approve):
    approve(make_requirement(title="Låna", statement="=HYPERLINK(\"http://evil\")"))
    approve(make_requirement(title="Ladda upp", kind="evaluated", weight=15))
    edition = freeze_edition(coordinator, "Utgåva 1.0", datetime.date(2026, 11, 29))
    return load_workbook(io.BytesIO(render_response_form(edition_data(edition)))).active


def test_one_row_per_requirement_with_empty_answer_columns(sheet):
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Kravnummer", "Kravområde", "Typ")
    assert rows[0][7:] == ("Uppfylls (ja/nej)", "Beskrivning", "Bilaga/referens")
    assert [row[0] for row in rows[1:]] == ["LADD-01", "LADD-02"]
    assert rows[2][2:4] == ("bör-krav", 15)
    assert all(value is None for row in rows[1:] for value in row[7:])


def test_header_is_frozen_and_only_answer_cells_are_unlocked(sheet):
    assert sheet.freeze_panes == "A2"
    assert sheet.protection.sheet is True
    assert sheet["A2"].protection.locked is True
    assert sheet["H2"].protection.locked is False and sheet["J3"].protection.locked is False
    assert sheet.column_dimensions["F"].width == 70


def test_formula_looking_text_stays_text(sheet):
    cell = sheet["F2"]
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://evil")'
    assert cell.quotePrefix is True
