"""Hostile or oversized spreadsheets get a clear Swedish message, early, and lose nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.exceptions import ValidationError
from django.db import OperationalError
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from requirements_app.forms import RequirementFilterForm
from requirements_app.importing.spreadsheets import (
    SpreadsheetError,
    export_requirements,
    import_requirements,
    read_dataset,
)
from requirements_app.models import Requirement

from .conftest import login

HEADER = "Kravnummer;Kravområde;Rubrik;Kravtext;Motivering;Typ;Vikt;Verifiering;Status;Insikter;Referenser;Version"


def new_row(n, insight="FRAM-04"):
    return f";LADD;Krav {n};Webbplatsen ska {n}.;;ska-krav;;bekräfta;;{insight};;\n"


def test_an_xlsx_declaring_a_million_rows_is_read_as_the_rows_it_holds():
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(";"))
    sheet.append(["", "LADD", "Krav", "Webbplatsen ska fungera.", "", "ska-krav", "", "bekräfta", "", "FRAM-04", "", ""])
    sheet.cell(row=1_048_576, column=12, value="1")  # the dimension becomes A1:L1048576
    buffer = io.BytesIO()
    book.save(buffer)
    assert len(buffer.getvalue()) < 10_000
    dataset = read_dataset("krav.xlsx", buffer.getvalue())
    assert len(dataset) == 2  # the real row and the lone cell: no million padded rows


def test_a_csv_of_100000_empty_rows_reads_only_its_real_rows(member, area, insight):
    content = (HEADER + "\n" + ";;;;;;;;;;;\n" * 100_000 + new_row(1)).encode()
    dataset = read_dataset("krav.csv", content)
    assert len(dataset) == 1
    assert import_requirements(member, dataset, "krav.csv", dry_run=True).ok


def test_a_file_past_the_row_limit_is_refused_before_any_preview(settings):
    settings.IMPORT_MAX_ROWS = 5
    content = (HEADER + "\n" + "".join(new_row(n) for n in range(6))).encode()
    with pytest.raises(SpreadsheetError, match="mer än 5 kravrader"):
        read_dataset("krav.csv", content)
    assert len(read_dataset("krav.csv", (HEADER + "\n" + "".join(new_row(n) for n in range(5))).encode())) == 5


def test_a_procurement_holds_at_most_max_requirements_by_import_or_by_hand(settings, member, area, insight,
                                                                          make_requirement):
    settings.MAX_REQUIREMENTS = 3
    make_requirement(title="Ett")
    content = (HEADER + "\n" + "".join(new_row(n) for n in range(3))).encode()
    report = import_requirements(member, read_dataset("krav.csv", content), "krav.csv", dry_run=True)
    assert not report.ok and "högst 3 krav" in str(report.invalid)
    report = import_requirements(member, read_dataset("krav.csv", content), "krav.csv", dry_run=False)
    assert not report.ok and Requirement.objects.count() == 1  # nothing written
    make_requirement(title="Två")
    make_requirement(title="Tre")
    with pytest.raises(ValidationError, match="högst 3 krav"):
        make_requirement(title="Fyra")
    assert Requirement.objects.count() == 3


def test_deeply_nested_json_gets_the_usual_file_error():
    with pytest.raises(SpreadsheetError, match="inte giltig JSON"):
        read_dataset("krav.json", b"[" * 100_000)


def test_the_same_number_spelt_two_ways_is_reported(requirement):
    content = (HEADER + "\nLADD-1;LADD;A;Webbplatsen ska a.;;ska-krav;;bekräfta;;FRAM-04;;1\n"
               "LADD-001;LADD;B;Webbplatsen ska b.;;ska-krav;;bekräfta;;FRAM-04;;1\n").encode()
    with pytest.raises(SpreadsheetError, match="LADD-1 = LADD-001"):
        read_dataset("krav.csv", content)


def test_a_full_width_equals_sign_is_neutralised_and_survives_the_round_trip(member, make_requirement):
    requirement = make_requirement(title="＝HYPERLINK(\"http://evil\")", statement="﹦1+1 ska inte räknas")
    content = export_requirements(member, Requirement.objects.filter(pk=requirement.pk).for_list(), "xlsx")
    row = [cell.value for cell in load_workbook(io.BytesIO(content)).active[2]]
    assert row[2].startswith("'＝") and row[3].startswith("'﹦")
    report = import_requirements(member, read_dataset("krav.xlsx", content), "krav.xlsx", dry_run=True)
    assert len(report.unchanged) == 1


def test_the_preview_shows_a_page_of_invalid_rows_and_counts_the_rest(client, member, area, insight):
    login(client, member)
    rows = "".join(new_row(n, insight="NOPE-1") for n in range(60))
    upload = SimpleUploadedFile("krav.csv", (HEADER + "\n" + rows).encode())
    response = client.post(reverse("requirement_import", args=[area.procurement_id]), {"file": upload})
    html = response.content.decode()
    assert response.status_code == 400
    assert html.count("Okänd insikt: NOPE-1") == 50
    assert "…och 10 rader till med fel." in html


def test_the_preview_shows_what_changed_in_each_changed_row(client, member, requirement):
    login(client, member)
    content = (HEADER + f"\nLADD-01;LADD;{requirement.title};Webbplatsen ska låta en inloggad användare låna en "
               "e-ljudbok i högst två steg.;Göta, 92.;ska-krav;;demonstrera;utkast;FRAM-04;;1\n").encode()
    response = client.post(reverse("requirement_import", args=[requirement.area.procurement_id]),
                           {"file": SimpleUploadedFile("krav.csv", content)})
    html = response.content.decode()
    assert response.status_code == 200
    assert ("e-<del><span class=\"visually-hidden\">[borttaget:] </span>bok</del>"
            "<ins><span class=\"visually-hidden\">[tillagt:] </span>ljudbok</ins>") in html
    assert "<ins><span class=\"visually-hidden\">[tillagt:] </span>två</ins>" in html


def test_an_oversized_request_is_refused_before_it_is_read(client, member):
    login(client, member)
    huge = str(1000 * 1024 * 1024)
    url = reverse("requirement_import", args=[member.procurement_id])
    response = client.generic("POST", url, b"x", content_type="multipart/form-data; boundary=x", CONTENT_LENGTH=huge)
    assert response.status_code == 413 and "Filen är för stor" in response.content.decode()
    client.logout()
    response = client.generic("POST", reverse("login"), b"x", CONTENT_LENGTH=huge)
    assert response.status_code == 413


def test_database_is_locked_becomes_a_swedish_503(client, member, monkeypatch):
    def busy(self, queryset):
        raise OperationalError("database is locked")

    monkeypatch.setattr(RequirementFilterForm, "filter", busy)
    login(client, member)
    response = client.get(reverse("requirement_list", args=[member.procurement_id]))
    assert response.status_code == 503 and response["Retry-After"] == "10"
    assert "försök igen" in response.content.decode()
