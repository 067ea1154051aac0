import datetime
import io
import json
import zipfile

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from requirements_app import derived
from requirements_app.deliberation import decisions
from requirements_app.importing.spreadsheets import (
    SpreadsheetError,
    export_requirements,
    import_requirements,
    read_dataset,
)
from requirements_app.models import ImportUpload, Requirement, Vote
from requirements_app.versions import requirement_versions

from .conftest import login

HEADER = "Kravnummer;Kravområde;Rubrik;Kravtext;Motivering;Typ;Vikt;Verifiering;Status;Insikter;Referenser;Version"


def snapshot():
    """Everything an import could touch, to prove that nothing changed."""
    from reversion.models import Version

    return (
        list(Requirement.objects.order_by("pk").values()),
        list(Requirement.insights.through.objects.order_by("pk").values_list("requirement_id", "insight_id")),
        Version.objects.count(),
    )


def export(membership, fmt="csv"):
    return export_requirements(membership, Requirement.objects.for_procurement(membership.procurement).for_list(), fmt)


def run(membership, name, content, dry_run=False):
    return import_requirements(membership, read_dataset(name, content), name, dry_run=dry_run)


@pytest.fixture
def two(make_requirement):
    return [make_requirement(title="Låna e-böcker"), make_requirement(title="Ladda upp", kind="evaluated", weight=15)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_round_trip_changes_nothing(member, two, fmt):
    before = snapshot()
    report = run(member, f"krav.{fmt}", export(member, fmt))
    assert (len(report.unchanged), len(report.changed), len(report.new), report.invalid) == (2, 0, 0, [])
    assert snapshot() == before


def test_csv_export_is_what_swedish_excel_reads(member, two):
    text = export(member).decode("utf-8")
    assert text.startswith("\ufeff" + HEADER)
    assert "LADD-02;LADD;Ladda upp;" in text and ";bör-krav;15;demonstrera;utkast;FRAM-04;;1" in text


def test_comma_csv_without_bom_is_read_too(member, two):
    import csv

    rows = list(csv.reader(io.StringIO(export(member).decode("utf-8-sig")), delimiter=";"))
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    report = run(member, "krav.csv", out.getvalue().encode())
    assert len(report.unchanged) == 2


def test_changed_row_becomes_a_new_version_with_import_comment(member, two):
    text = export(member).decode("utf-8").replace("Låna e-böcker", "Låna e-ljudböcker")
    report = run(member, "krav.csv", text.encode())
    assert [name for _n, name, _changes in report.changed] == ["LADD-01 Låna e-ljudböcker"]
    requirement = Requirement.objects.get(title="Låna e-ljudböcker")
    assert requirement.version_no == 2
    revision = requirement_versions(requirement).first().revision
    assert revision.get_comment() == "Importerad från krav.csv" and revision.user == member.user


def test_row_without_number_creates_the_next_requirement(member, two):
    text = export(member).decode("utf-8") + ";LADD;Dela länkar;Webbplatsen ska låta användaren dela en länk.;;ska-krav;;bekräfta;;FRAM-04;;\n"
    report = run(member, "krav.csv", text.encode())
    assert len(report.new) == 1
    assert Requirement.objects.get(title="Dela länkar").number == "LADD-03"


def test_import_makes_votes_on_a_changed_requirement_stale(member, second_member, two):
    from requirements_app.drafting import requirements as drafting

    drafting.change_status(member, two[0], Requirement.Status.REVIEW, "")
    decisions.cast_vote(second_member, two[0], 1, "yes")
    text = export(member).decode("utf-8").replace("Låna e-böcker", "Låna fler e-böcker")
    run(member, "krav.csv", text.encode())
    two[0].refresh_from_db()
    assert two[0].version_no == 2 and decisions.tally(two[0]).cast == 0
    assert Vote.objects.count() == 1  # still on record


def test_a_frozen_edition_is_never_touched(coordinator, member, approve, two):
    import datetime

    from requirements_app.documents.editions import freeze_edition

    approve(two[0])
    edition = freeze_edition(coordinator, "Utgåva 1.0", datetime.date(2026, 11, 29))
    run(member, "krav.csv", export(member).decode("utf-8").replace("Låna e-böcker", "Nytt").encode())
    assert edition.items.get().title == "Låna e-böcker"


def test_one_invalid_row_blocks_the_whole_file(member, two):
    before = snapshot()
    text = export(member).decode("utf-8").replace("Låna e-böcker", "Ändrad").replace(";bör-krav;15;", ";bör-krav;;")
    report = run(member, "krav.csv", text.encode())
    assert report.invalid == [(2, ["Vikt: Ett bör-krav behöver ett värde."])]
    assert snapshot() == before


def test_dry_run_writes_nothing(member, two):
    before = snapshot()
    report = run(member, "krav.csv", export(member).decode("utf-8").replace("Låna e-böcker", "X").encode(), dry_run=True)
    assert len(report.changed) == 1
    assert snapshot() == before


def test_row_from_an_older_export_is_refused_not_overwritten(member, second_member, two):
    from .conftest import edit

    old_file = export(member).decode("utf-8")
    edit(second_member, two[0], statement="Fatimas nya text")
    report = run(member, "krav.csv", old_file.replace("Låna e-böcker", "Anders ändring").encode())
    assert "har ändrats sedan filen exporterades (version 1, nu 2)" in report.invalid[0][1][0]
    two[0].refresh_from_db()
    assert two[0].statement == "Fatimas nya text"


def test_import_cannot_approve_a_requirement(member, two):
    report = run(member, "krav.csv", export(member).decode("utf-8").replace(";utkast;FRAM-04;;1;;;\r\nLADD-02", ";fastställt;FRAM-04;;1;;;\r\nLADD-02").encode())
    assert "Status" in report.invalid[0][1][0]
    assert not Requirement.objects.filter(status="approved").exists()


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("krav.csv", b"", "Filen är tom."),
        ("krav.csv", (HEADER + "\n;LADD;Låna;Webbplatsen ska …;;ska-krav;;bekräfta;;;;\n").encode("cp1252"), "inte UTF-8"),
        ("krav.csv", HEADER.replace(";", "|").encode() + b"\n|LADD|x\n", "Kolumnerna kunde inte skiljas åt"),
        ("krav.csv", "Kravnummer;Rubrik\n;Låna\n".encode(), "saknade kolumner: Kravområde, Kravtext, Typ, Verifiering"),
        ("krav.csv", (HEADER + ";Pris\n").encode(), "okända kolumner: Pris"),
        ("krav.csv", HEADER.encode() + b"\n", "Filen har inga kravrader."),
        ("krav.csv", (HEADER + "\nLADD-01;LADD;a;b;;ska-krav;;bekräfta;;;;1\nladd-01;LADD;a;b;;ska-krav;;bekräfta;;;;1\n").encode(), "mer än en gång: LADD-01"),
        ("krav.xlsx", b"\x89PNG\r\n\x1a\n" + b"0" * 100, "inte ett XLSX-kalkylblad"),
        ("krav.xls", b"whatever", "Använd CSV (UTF-8), XLSX eller JSON"),
        ("krav.json", b"{\"Kravnummer\": 1}", "en lista av objekt"),
        ("krav.json", b"not json", "inte giltig JSON"),
    ],
)
def test_bad_files_get_a_clear_swedish_message(member, two, name, content, message):
    with pytest.raises(SpreadsheetError) as error:
        read_dataset(name, content)
    assert message in str(error.value)


def test_zip_bomb_dressed_as_xlsx_is_refused(member):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (80 * 1024 * 1024))
    with pytest.raises(SpreadsheetError, match="packas upp till långt mer"):
        read_dataset("krav.xlsx", buffer.getvalue())


def test_file_over_the_size_limit_is_refused(member, settings):
    settings.IMPORT_MAX_BYTES = 1024
    with pytest.raises(SpreadsheetError, match="gränsen är"):
        read_dataset("krav.csv", b"x" * 2048)


@pytest.mark.parametrize(
    "row, field, message",
    [
        (";TEST;Låna;Webbplatsen ska …;;ska-krav;;bekräfta;;FRAM-04;;", "Kravområde", "Okänt kravområde ”TEST”. Kända kravområden: LADD."),
        (";LADD;Låna;Webbplatsen ska …;;ska-krav;;bekräfta;;FRAM-99;;", "Insikter", "Okänd insikt: FRAM-99."),
        (";LADD;Låna;Webbplatsen ska …;;bör-krav;tio;bekräfta;;FRAM-04;;", "Vikt", "Värdet ska vara ett heltal"),
        (";LADD;Låna;Webbplatsen ska …;;kanske-krav;;bekräfta;;FRAM-04;;", "Typ", "Okänt värde ”kanske-krav”"),
        ("LADD-77;LADD;Låna;Webbplatsen ska …;;ska-krav;;bekräfta;;FRAM-04;;", None, "Det finns inget krav LADD-77"),
    ],
)
def test_invalid_values_are_field_errors_in_swedish(member, two, row, field, message):
    before = snapshot()
    report = run(member, "krav.csv", (HEADER + "\n" + row + "\n").encode())
    [(number, errors)] = report.invalid
    assert number == 1 and message in " ".join(errors)
    if field:
        assert any(error.startswith(field + ":") and message in error for error in errors), errors
    assert snapshot() == before


def test_formula_cells_are_neutralised_on_export_and_restored_on_import(member, make_requirement):
    make_requirement(title="=HYPERLINK(\"http://x\")", statement="+46 8 123", rationale="@SUM(A1)")
    sheet = load_workbook(io.BytesIO(export(member, "xlsx"))).active
    assert sheet["C2"].value == "'=HYPERLINK(\"http://x\")" and sheet["D2"].value == "'+46 8 123"
    csv_text = export(member).decode("utf-8")
    assert ";'@SUM(A1);" in csv_text
    before = snapshot()
    assert len(run(member, "krav.xlsx", export(member, "xlsx")).unchanged) == 1
    assert snapshot() == before


def test_web_import_previews_then_applies_on_confirm(client, member, two):
    login(client, member)
    url = reverse("requirement_import", args=[member.procurement_id])
    upload = SimpleUploadedFile("krav.csv", export(member).decode("utf-8").replace("Låna e-böcker", "Låna mer").encode())
    response = client.post(url, {"file": upload})
    html = response.content.decode()
    assert response.status_code == 200 and "Förhandsgranskning: inget har skrivits än" in html
    assert "0 nya, 1 ändrade, 1 oförändrade, 0 ogiltiga" in html
    assert not Requirement.objects.filter(title="Låna mer").exists()
    pending = ImportUpload.objects.get()
    response = client.post(reverse("requirement_import_confirm", args=[member.procurement_id, pending.pk]), follow=True)
    assert "Importerade krav.csv" in response.content.decode()
    assert Requirement.objects.filter(title="Låna mer").exists()
    assert not ImportUpload.objects.exists()


def test_web_import_shows_invalid_rows_and_offers_no_confirm(client, member, two):
    login(client, member)
    upload = SimpleUploadedFile("krav.csv", (HEADER + "\n;NOPE;x;y;;ska-krav;;bekräfta;;;;\n").encode())
    response = client.post(reverse("requirement_import", args=[member.procurement_id]), {"file": upload})
    html = response.content.decode()
    assert response.status_code == 400 and "Rad 1" in html and "Okänt kravområde" in html
    assert not ImportUpload.objects.exists()


def test_web_import_of_an_unreadable_file_says_why(client, member):
    login(client, member)
    response = client.post(reverse("requirement_import", args=[member.procurement_id]), {"file": SimpleUploadedFile("krav.csv", b"")})
    assert response.status_code == 400
    assert "Filen är tom." in response.content.decode() or "Den skickade filen är tom." in response.content.decode()


def test_expert_exports_but_cannot_import(client, expert, two):
    login(client, expert)
    response = client.get(reverse("requirement_export", args=[expert.procurement_id, "xlsx"]))
    assert response.status_code == 200 and response.content.startswith(b"PK")
    assert client.get(reverse("requirement_import", args=[expert.procurement_id])).status_code == 403


def test_export_follows_the_list_filters(client, member, two, django_assert_max_num_queries):
    login(client, member)
    with django_assert_max_num_queries(17):  # 6, and 11 counting the download in the shared (database) cache
        response = client.get(reverse("requirement_export", args=[member.procurement_id, "json"]), {"kind": "evaluated"})
    assert [row["Kravnummer"] for row in json.loads(response.content)] == ["LADD-02"]


def test_command_reports_and_imports(member, two, tmp_path, capsys):
    path = tmp_path / "krav.csv"
    path.write_bytes(export(member).decode("utf-8").replace("Låna e-böcker", "Låna via kommandot").encode())
    call_command("import_requirements", "GB 2016/01", str(path), "--user", "anders", "--dry-run")
    assert "0 nya, 1 ändrade" in capsys.readouterr().out or "0 new, 1 changed" in capsys.readouterr().out
    assert not Requirement.objects.filter(title="Låna via kommandot").exists()
    call_command("import_requirements", "GB 2016/01", str(path), "--user", "anders")
    assert Requirement.objects.filter(title="Låna via kommandot").exists()


def test_command_refuses_invalid_files_and_experts(member, expert, two, tmp_path):
    path = tmp_path / "krav.csv"
    path.write_bytes((HEADER + "\n;NOPE;x;y;;ska-krav;;bekräfta;;;;\n").encode())
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_requirements", "GB 2016/01", str(path), "--user", "anders", stderr=io.StringIO())
    with pytest.raises(CommandError, match="may not import"):
        call_command("import_requirements", "GB 2016/01", str(path), "--user", "sara")


# One row is written as it comes; an import of many has its revisions' content made before the write lock.
@pytest.mark.parametrize("rows", [1, derived.ONE_BY_ONE + 1])
def test_bulk_created_versions_read_back_like_reversions_own(member, area, insight, other_insight, rows):
    from requirements_app.drafting import requirements as drafting
    from requirements_app.versions import version_content

    fields = {"title": "T", "statement": "Webbplatsen ska …", "rationale": "", "kind": "evaluated", "weight": 10,
              "verification": "confirm", "references": "R"}
    others = [(area, {**fields, "title": f"T{n}"}, [insight], "draft") for n in range(rows - 1)]
    bulk, *_ = drafting.create_requirements(member, [(area, fields, [insight, other_insight], "draft"), *others],
                                            "Import")
    written_by_us = requirement_versions(bulk).get()
    # What only the insert sets is in the revision as stored: its pk, number and times.
    stored = Requirement.objects.get(pk=bulk.pk)
    assert written_by_us.object_id == str(stored.pk)
    assert written_by_us.field_dict["seq"] == stored.seq
    # (reversion's JSON keeps times to the millisecond)
    assert all(abs(written_by_us.field_dict[name] - getattr(stored, name)).total_seconds() < 0.001
               for name in ("created_at", "updated_at"))
    # Saved with one change and back again: the last version is written by
    # reversion itself, with the content we wrote.
    drafting.save_requirement(member, bulk, 1, {**fields, "title": "U"}, [insight, other_insight], "Ändrat")
    saved = drafting.save_requirement(member, bulk, 2, dict(fields), [insight, other_insight], "Tillbaka")
    written_by_reversion = requirement_versions(bulk).first()
    assert set(written_by_us.field_dict) == set(written_by_reversion.field_dict)
    ours, theirs = version_content(written_by_us), version_content(written_by_reversion)
    assert (ours.pop("version_no"), theirs.pop("version_no")) == (1, 3)
    assert ours == theirs
    assert written_by_us.revision.get_comment() == "Import" and written_by_us.revision.user == member.user
    assert (saved.number, saved.version_no) == ("LADD-01", 3)
    assert sorted(bulk.insights.values_list("key", flat=True)) == ["CIT-01", "FRAM-04"]


def test_new_rows_are_numbered_in_file_order_and_each_gets_a_revision(member, area, insight):
    rows = "".join(f";LADD;Krav {n};Webbplatsen ska {n}.;;ska-krav;;bekräfta;granskning;FRAM-04;;\n" for n in range(3))
    report = run(member, "nya.csv", (HEADER + "\n" + rows.replace("granskning", "under granskning")).encode())
    assert len(report.new) == 3
    created = list(Requirement.objects.order_by("seq"))
    assert [(r.number, r.title, r.status) for r in created] == [
        ("LADD-01", "Krav 0", "review"), ("LADD-02", "Krav 1", "review"), ("LADD-03", "Krav 2", "review")]
    for requirement in created:
        assert requirement_versions(requirement).get().revision.get_comment() == "Importerad från nya.csv"


def unpacked(content, fmt):
    """An export as what it holds: an XLSX as {file name: bytes} of its zip, anything else as it is."""
    if fmt != "xlsx":
        return content
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_insights_export_and_import_round_trip(client, expert, insight, other_insight, fmt):
    from requirements_app.importing.resources import InsightResource
    from requirements_app.importing.spreadsheets import export_insights

    login(client, expert)
    # The clock stands still: an XLSX carries the time it was written in its properties. Its zip
    # also dates the sheet by the temporary file openpyxl streamed it to (the file system's clock,
    # which no test stops), so an XLSX is compared by what each of its files holds.
    with time_machine.travel(datetime.datetime(2026, 12, 5, 9, 0, tzinfo=datetime.timezone.utc), tick=False):
        response = client.get(reverse("insight_export", args=[expert.procurement_id, fmt]))
        assert response.status_code == 200
        assert unpacked(response.content, fmt) == unpacked(export_insights(expert.procurement, fmt), fmt)
    from import_export.formats import base_formats

    if fmt == "csv":
        import tablib

        dataset = tablib.Dataset().load(response.content.decode("utf-8-sig"), format="csv", delimiter=";")
    elif fmt == "json":
        import tablib

        dataset = tablib.Dataset().load(response.content.decode(), format="json")
    else:
        dataset = base_formats.XLSX().create_dataset(response.content)
    assert dataset.headers == ["Nyckel", "Typ", "Avsnitt", "Text", "Ordning"]
    result = InsightResource(expert.procurement).import_data(dataset, dry_run=True)
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["skip"] == 2 and result.totals["update"] == 0


def test_import_changes_status_alone_without_a_new_version(member, two):
    text = export(member).decode("utf-8").replace(";utkast;FRAM-04;;1;;;\r\nLADD-02", ";under granskning;FRAM-04;;1;;;\r\nLADD-02")
    report = run(member, "krav.csv", text.encode())
    assert len(report.changed) == 1
    two[0].refresh_from_db()
    assert (two[0].status, two[0].version_no) == (Requirement.Status.REVIEW, 1)


def test_an_edit_made_while_the_import_runs_is_refused_not_overwritten(member, second_member, two, monkeypatch):
    from requirements_app.importing.resources import RequirementResource

    from .conftest import edit

    checked = RequirementResource.validate_instance

    def edit_meanwhile(self, instance, *args, **kwargs):
        if instance.pk == two[0].pk:
            edit(second_member, Requirement.objects.get(pk=instance.pk), statement="Fatimas samtidiga ändring")
        return checked(self, instance, *args, **kwargs)

    monkeypatch.setattr(RequirementResource, "validate_instance", edit_meanwhile)
    report = import_requirements(
        member, read_dataset("krav.csv", export(member).decode("utf-8").replace("Låna e-böcker", "Anders").encode()),
        "krav.csv", dry_run=False,
    )
    assert "har ändrats sedan filen exporterades (version 1, nu 2)" in report.invalid[0][1][0]
    two[0].refresh_from_db()
    # Nothing of the import was written; Fatima's edit, made meanwhile, stands.
    assert (two[0].title, two[0].statement, two[0].version_no) == ("Låna e-böcker", "Fatimas samtidiga ändring", 2)
