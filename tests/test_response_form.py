"""The svarsmall follows the public document: instructions and the
tenderer's details first, then one sheet per requirement type."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from requirements_app.editions import edition_data, freeze_edition
from requirements_app.response_form import render_response_form
from requirements_app.spreadsheets import export_requirements


@pytest.fixture
def book(coordinator, make_requirement, approve):
    approve(make_requirement(title="Låna", statement="=HYPERLINK(\"http://evil\")", verifikat="Skärmdump."))
    approve(make_requirement(title="Ladda upp", kind="evaluated", weight=15, references="EPUB 3"))
    approve(make_requirement(title="Tester", kind="contract_condition", follow_up="Testrapport före driftstart."))
    edition = freeze_edition(coordinator, "Utgåva 1.0", datetime.date(2026, 11, 29))
    return load_workbook(io.BytesIO(render_response_form(edition_data(edition))))


def test_an_instructions_sheet_then_one_swedish_sheet_per_type(book):
    assert book.sheetnames == ["Anvisningar", "Ska-krav", "Bör-krav", "Kontraktsvillkor", "Pris"]
    for sheet in book.worksheets:
        assert sheet["A1"].value == "Ny Götawebb – Utgåva 1.0"
    instructions = book["Anvisningar"]
    labels = [row[0] for row in instructions.iter_rows(values_only=True)]
    assert "Anbudsgivare (namn)" in labels and "Organisationsnummer" in labels
    row = labels.index("Organisationsnummer") + 1
    assert instructions.cell(row=row, column=2).protection.locked is False


def test_one_row_per_requirement_with_empty_answer_columns(book):
    rows = list(book["Bör-krav"].iter_rows(min_row=3, values_only=True))
    assert rows[0][:3] == ("Kravnummer", "Kravområde", "Vikt")
    assert rows[0][6:] == ("Uppfylls (Ja/Nej)", "Beskrivning", "Bilaga/referens", "Likvärdig lösning – beskriv")
    assert [row[0] for row in rows[1:]] == ["LADD-02"]
    assert rows[1][2] == 15
    assert all(value is None for value in rows[1][6:])


def test_answers_are_validated_and_only_answer_cells_are_unlocked(book):
    sheet = book["Ska-krav"]
    assert sheet.freeze_panes == "A4"
    assert sheet.protection.sheet is True
    assert sheet["A4"].protection.locked is True and sheet["G4"].protection.locked is False
    validation = sheet.data_validations.dataValidation[0]
    assert validation.formula1 == '"Ja,Nej"' and validation.showErrorMessage and "G4" in str(validation.sqref)
    assert validation.error == "Svara Ja eller Nej."


def test_the_equivalent_solution_column_is_open_only_where_a_standard_is_named(book):
    assert book["Bör-krav"]["J4"].protection.locked is False  # cites EPUB 3
    assert book["Ska-krav"]["J4"].protection.locked is True


def test_formula_looking_text_stays_text(book):
    cell = book["Ska-krav"]["E4"]
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://evil")'
    assert cell.quotePrefix is True


def test_the_exported_list_has_a_swedish_sheet_name(member, requirement):
    content = export_requirements(member, requirement.__class__.objects.filter(pk=requirement.pk).for_list(), "xlsx")
    assert load_workbook(io.BytesIO(content)).sheetnames == ["Krav"]
