"""The svarsmall follows the public document: instructions and the
tenderer's details first, then one sheet per requirement type."""

import datetime
import io
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from requirements_app import organisation_numbers
from requirements_app.documents.editions import edition_data, freeze_edition
from requirements_app.documents.response_form import render_response_form
from requirements_app.importing.spreadsheets import export_requirements


@pytest.fixture
def book(coordinator, make_requirement, approve):
    approve(make_requirement(title="Låna", statement="=HYPERLINK(\"http://evil\")", verifikat="Skärmdump."))
    approve(make_requirement(title="Ladda upp", kind="evaluated", weight=1_500_000, references="EPUB 3"))
    approve(make_requirement(title="Boktips", kind="evaluated", weight=150_000,
                             scale="0 %: Inga tips\n50 %: Tips utifrån lån\n100 %: Tips utifrån lån och intressen"))
    approve(make_requirement(title="Tester", kind="contract_condition", follow_up="Testrapport före driftstart."))
    approve(make_requirement(title="Lång text", statement="Webbplatsen ska fungera väl. " * 40))
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


def test_the_instructions_name_the_answer_cells_and_say_each_thing_once(book):
    paragraphs = [row[0] for row in book["Anvisningar"].iter_rows(min_row=7, values_only=True) if row[0]]
    assert len(paragraphs) == len(set(paragraphs))
    assert sum("Ja eller Nej" in p or "Ja or Nej" in p for p in paragraphs) <= 1
    # Not by colour alone: the columns are named.
    assert "gula" not in " ".join(paragraphs)
    assert "kolumnerna ”Nivå”, ”Uppfylls (Ja/Nej)”, ”Accepteras (Ja)”, ”Beskrivning”" in paragraphs[0].replace("“", "”")


def test_one_row_per_requirement_with_empty_answer_columns(book):
    rows = list(book["Ska-krav"].iter_rows(min_row=3, values_only=True))
    assert rows[0] == ("Kravnummer", "Kravområde", "Rubrik", "Kravtext", "Verifikat", "Uppfylls (Ja/Nej)",
                       "Beskrivning", "Bilaga/referens", "Likvärdig lösning – beskriv")
    assert [row[0] for row in rows[1:]] == ["LADD-01", "LADD-05"]
    assert all(value is None for value in rows[1][5:])


def test_only_the_bor_krav_sheet_states_values_in_kronor_and_asks_for_a_level(book):
    sheet = book["Bör-krav"]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert rows[0] == ("Kravnummer", "Kravområde", "Värde (kr)", "Rubrik", "Kravtext", "Verifikat", "Skala", "Nivå",
                       "Uppfylls (Ja/Nej)", "Beskrivning", "Bilaga/referens", "Likvärdig lösning – beskriv")
    assert rows[1][2] == 1_500_000 and sheet["C4"].number_format == "#,##0"  # "1 500 000" in Swedish
    assert rows[2][6] == "0\u00a0%: Inga tips\n50\u00a0%: Tips utifrån lån\n100\u00a0%: Tips utifrån lån och intressen"
    # The graded criterion answers with a level from its scale; the other one with Ja or Nej.
    assert sheet["H5"].protection.locked is False and sheet["I5"].protection.locked is True
    assert sheet["H4"].protection.locked is True and sheet["I4"].protection.locked is False
    validations = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert validations == {"I4": '"Ja,Nej"', "H5": '"0 %,50 %,100 %"'}
    assert "Värde (kr)" not in [cell.value for cell in book["Ska-krav"][3]]


def test_a_contract_condition_is_accepted_not_met(book):
    sheet = book["Kontraktsvillkor"]
    assert sheet["F3"].value == "Accepteras (Ja)"
    validation = sheet.data_validations.dataValidation[0]
    assert validation.formula1 == '"Ja"' and str(validation.sqref) == "F4"
    assert "reservationer" in validation.error


def test_answers_are_validated_and_only_answer_cells_are_unlocked(book):
    sheet = book["Ska-krav"]
    assert sheet.freeze_panes == "A4"
    assert sheet.protection.sheet is True
    assert sheet["A4"].protection.locked is True and sheet["F4"].protection.locked is False
    validation = sheet.data_validations.dataValidation[0]
    assert validation.formula1 == '"Ja,Nej"' and validation.showErrorMessage and str(validation.sqref) == "F4 F5"
    assert validation.error == "Svara Ja eller Nej."


def test_rows_are_as_tall_as_their_text_and_every_sheet_prints_landscape_fitted_to_width(book):
    sheet = book["Ska-krav"]
    # 1,160 characters in a column 60 wide: about 18 lines of 15 points.
    assert sheet.row_dimensions[5].height >= 18 * 15
    assert sheet.row_dimensions[4].height is None or sheet.row_dimensions[4].height < 60
    for sheet in book.worksheets:
        assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9  # A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
        assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert book["Ska-krav"].print_title_rows == "$1:$3"


def test_the_organisation_number_is_validated_with_its_check_digit(book):
    sheet = book["Anvisningar"]
    validation = next(v for v in sheet.data_validations.dataValidation if v.type == "custom")
    assert str(validation.sqref) == "B5" and sheet["B5"].number_format == "@"
    assert validation.formula1 == organisation_numbers.spreadsheet_check("B5") and len(validation.formula1) <= 255
    assert "NNNNNN-NNNN" in validation.error and validation.showErrorMessage


@pytest.mark.parametrize("number, valid", [
    ("202100-5489", True),  # Skatteverket's own
    ("202100-5488", False),  # a wrong check digit
    ("2021005489", False), ("20210-05489", False), ("202100-548X", False), ("", False),
])
def test_organisation_numbers_are_checked_by_the_luhn_algorithm(number, valid):
    assert organisation_numbers.is_valid(number) is valid


def test_the_equivalent_solution_column_is_open_only_where_a_standard_is_named(book):
    assert book["Bör-krav"]["L4"].protection.locked is False  # cites EPUB 3
    assert book["Ska-krav"]["I4"].protection.locked is True


def test_formula_looking_text_stays_text(book):
    cell = book["Ska-krav"]["D4"]
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://evil")'
    assert cell.quotePrefix is True


def test_the_exported_list_has_a_swedish_sheet_name(member, requirement):
    content = export_requirements(member, requirement.__class__.objects.filter(pk=requirement.pk).for_list(), "xlsx")
    assert load_workbook(io.BytesIO(content)).sheetnames == ["Krav"]


def soffice(tmp_path, source, target_format):
    """Convert `source` headless with LibreOffice, in a profile of its own (two runs must not share one)."""
    profile = tmp_path / "profile"
    subprocess.run(
        [shutil.which("soffice"), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
         target_format, "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=120,
    )
    return tmp_path / f"{source.stem}.{target_format.split(':')[0]}"


needs_libreoffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")


@needs_libreoffice
def test_libreoffice_opens_the_form_and_prints_it_a_sheet_to_a_page_width(tmp_path, coordinator, make_requirement,
                                                                          approve):
    from pypdf import PdfReader

    for n in range(12):
        approve(make_requirement(title=f"Krav {n}", statement="Webbplatsen ska fungera väl för alla. " * 8))
    edition = freeze_edition(coordinator, "Utgåva 1.0", datetime.date(2026, 11, 29))
    source = tmp_path / "svarsmall.xlsx"
    source.write_bytes(render_response_form(edition_data(edition)))
    reader = PdfReader(soffice(tmp_path, source, "pdf"))
    assert "Krav 11" in " ".join(page.extract_text() for page in reader.pages)  # it opens, with the requirements
    # Instructions, twelve long requirements and the price: a handful of landscape pages, no column cut off.
    assert len(reader.pages) <= 6, len(reader.pages)
    assert all(page.mediabox.width > page.mediabox.height for page in reader.pages)


@needs_libreoffice
def test_libreoffice_computes_the_organisation_number_check_as_python_does(tmp_path):
    from openpyxl import Workbook

    numbers = ["202100-5489", "202100-5488", "556000-0000", "2021005489", "55600A-0000"]
    workbook = Workbook()
    sheet = workbook.active
    for row, number in enumerate(numbers, start=1):
        sheet.cell(row=row, column=1, value=number).number_format = "@"
        sheet.cell(row=row, column=2, value="=IFERROR(" + organisation_numbers.spreadsheet_check(f"A{row}") + ",FALSE())")
    source = tmp_path / "check.xlsx"
    workbook.save(source)
    computed = [line.split(",")[-1].strip().upper() for line in soffice(tmp_path, source, "csv").read_text().splitlines()]
    assert computed == [str(organisation_numbers.is_valid(n)).upper() for n in numbers]
