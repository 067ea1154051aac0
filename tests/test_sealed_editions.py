"""A publication edition is stored once, sealed with a manifest, signed after
the password is entered again, and downloadable as one zip that
`verify_edition` checks without the database."""

import datetime
import io
import json
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from requirements_app.documents import seal, sealing
from requirements_app.documents.editions import edition_data, freeze_edition
from requirements_app.models import Edition, EditionDocument, EditionSignature

from .conftest import PASSWORD, login
from .test_public_internal_border import html_text, pdf_text
from .test_publication_check import publish, ready  # noqa: F401  (ready is a fixture)


@pytest.fixture
def sealed(ready, coordinator):  # noqa: F811
    return publish(coordinator)


def bundle_files(edition):
    with zipfile.ZipFile(io.BytesIO(sealing.bundle(edition, lambda: edition_data(edition)))) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def test_freezing_for_publication_stores_and_seals_the_documents(sealed):
    assert EditionDocument.objects.filter(edition=sealed).count() == 4
    manifest = sealed.manifest
    assert [f["name"] for f in manifest["files"]] == ["beslutsunderlag.pdf", "kravspecifikation.html",
                                                      "kravspecifikation.pdf", "svarsmall.xlsx"]
    stored = EditionDocument.objects.get(edition=sealed, kind="pdf").content
    assert manifest["files"][2]["sha256"] == seal.sha256(bytes(stored))


def test_every_document_prints_the_content_digest(sealed):
    digest = sealed.manifest["content_digest"]
    files = bundle_files(sealed)
    assert digest in pdf_text(files["kravspecifikation.pdf"]).replace(" ", "")
    assert digest in html_text(files["kravspecifikation.html"])
    assert digest in pdf_text(files["beslutsunderlag.pdf"]).replace(" ", "")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(files["svarsmall.xlsx"])).worksheets[0]
    assert any(digest in str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value)


def test_a_remiss_edition_is_not_sealed(coordinator, make_requirement, approve):
    approve(make_requirement())
    edition = freeze_edition(coordinator, "Remiss 1", datetime.date(2026, 12, 1))
    assert edition.manifest is None and not EditionDocument.objects.filter(edition=edition).exists()


def test_verify_edition_passes_the_untouched_bundle_and_fails_a_changed_byte(sealed, tmp_path):
    path = tmp_path / "utgava.zip"
    path.write_bytes(sealing.bundle(sealed, lambda: edition_data(sealed)))
    out = io.StringIO()
    call_command("verify_edition", str(path), stdout=out)
    assert "OK  kravspecifikation.pdf: holds" in out.getvalue() and "All files match" in out.getvalue()

    folder = tmp_path / "utgava"
    with zipfile.ZipFile(path) as archive:
        archive.extractall(folder)
    pdf = folder / "kravspecifikation.pdf"
    content = bytearray(pdf.read_bytes())
    content[len(content) // 2] ^= 1
    pdf.write_bytes(bytes(content))
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("verify_edition", str(folder), stdout=out)
    assert "FEL kravspecifikation.pdf: changed" in out.getvalue()


def test_verify_edition_fails_a_renamed_file(sealed, tmp_path):
    for name, content in bundle_files(sealed).items():
        (tmp_path / ("svar.xlsx" if name == "svarsmall.xlsx" else name)).write_bytes(content)
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("verify_edition", str(tmp_path), stdout=out)
    assert "FEL svarsmall.xlsx: missing" in out.getvalue() and "FEL svar.xlsx: not in the manifest" in out.getvalue()


def test_verify_edition_fails_a_changed_manifest(sealed):
    files = bundle_files(sealed)
    manifest = json.loads(files["manifest.json"])
    manifest["edition"] = "Utgåva 9.9"
    files["manifest.json"] = json.dumps(manifest).encode()
    assert ("manifest.json", False, "root digest differs") in seal.verify(files)


def test_signing_asks_for_the_password_and_records_who_what_and_when(sealed, coordinator, member):
    with pytest.raises(ValidationError, match="Lösenordet stämmer inte"):
        sealing.sign(coordinator, sealed, "fel", "adopted")
    signature = sealing.sign(coordinator, sealed, PASSWORD, "adopted")
    assert signature.root_digest == sealed.manifest["root_digest"] and signature.role == "samordnare"
    assert sealing.status(sealed) == (1, 2)
    sealing.sign(member, sealed, PASSWORD, "reviewed")
    assert sealing.status(sealed) == (2, 2)
    records = json.loads(bundle_files(sealed)["signatures.json"])
    assert [r["meaning"] for r in records] == ["adopted", "reviewed"] and records[0]["signed_at"].endswith("Z")


def test_an_expert_does_not_sign(sealed, expert):
    with pytest.raises(PermissionDenied):
        sealing.sign(expert, sealed, PASSWORD, "reviewed")


def test_a_signature_is_revoked_with_a_reason_never_deleted(sealed, coordinator):
    signature = sealing.sign(coordinator, sealed, PASSWORD, "adopted")
    with pytest.raises(ValidationError):
        sealing.revoke(coordinator, signature, "")
    sealing.revoke(coordinator, signature, "Fel utgåva undertecknad.")
    with pytest.raises(PermissionError):
        signature.delete()
    assert sealing.status(sealed) == (0, 2)
    assert EditionSignature.objects.count() == 1
    sealing.sign(coordinator, sealed, PASSWORD, "adopted")  # may sign again
    record = json.loads(bundle_files(sealed)["signatures.json"])[0]
    assert record["revoke_reason"] == "Fel utgåva undertecknad."


def test_the_signing_page_and_the_bundle_download(client, sealed, coordinator):
    login(client, coordinator)
    url = reverse("edition_sign", args=[sealed.pk])
    response = client.post(url, {"meaning": "adopted", "password": "fel"})
    assert "Lösenordet stämmer inte" in response.content.decode()
    response = client.post(url, {"meaning": "adopted", "password": PASSWORD})
    assert response.status_code == 302
    assert "1 av 2 underskrifter" in client.get(url).content.decode()
    response = client.get(reverse("edition_bundle", args=[sealed.pk]))
    assert response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert "manifest.json" in archive.namelist() and "signatures.json" in archive.namelist()


def test_a_download_serves_the_sealed_bytes(client, sealed, coordinator):
    login(client, coordinator)
    stored = bytes(EditionDocument.objects.get(edition=sealed, kind="pdf").content)
    assert client.get(reverse("edition_pdf", args=[sealed.pk])).content == stored
    assert Edition.objects.get(pk=sealed.pk).manifest == sealed.manifest


def test_an_outsider_neither_signs_nor_downloads_the_bundle(client, sealed, outsider):
    login(client, outsider)
    assert client.get(reverse("edition_sign", args=[sealed.pk])).status_code == 404
    assert client.get(reverse("edition_bundle", args=[sealed.pk])).status_code == 404


def test_the_published_pdf_is_tagged_and_passes_the_pdf_ua_checker(sealed, tmp_path):
    import pikepdf
    from pdfua import validate

    pdf = bytes(EditionDocument.objects.get(edition=sealed, kind="pdf").content)
    path = tmp_path / "kravspecifikation.pdf"
    path.write_bytes(pdf)
    report = validate(str(path))
    assert report.exit_code == 0, [(f.rule_id, f.message) for f in report.findings]
    with pikepdf.open(path) as document:
        assert document.Root.Lang == "sv" and document.Root.MarkInfo.Marked
        assert document.Root.ViewerPreferences.DisplayDocTitle
        assert "/StructTreeRoot" in document.Root


def test_the_published_pdf_says_what_the_html_twin_says(sealed):
    files = bundle_files(sealed)
    pdf, html = pdf_text(files["kravspecifikation.pdf"]), html_text(files["kravspecifikation.html"])
    for said in ["LADD-01 Låna", "LADD-02 Boktips", "Anbudsgivaren bekräftar kravet.", "Sekretess för anbud",
                 "Exempelstads kommun, organisationsnummer 212000-0001", "Sida 1 av"]:
        assert said in pdf, said
    assert all(said in html for said in ["LADD-01 Låna", "Anbudsgivaren bekräftar kravet.", "Sekretess för anbud"])


def test_the_published_record_is_tagged_pdf_a_2a_and_passes_the_pdf_ua_checker(sealed, tmp_path):
    import pikepdf
    from pdfua import validate

    record = bundle_files(sealed)["beslutsunderlag.pdf"]
    assert record == sealing.FILES["record"][1](edition_data(sealed))  # the same data, the same bytes
    path = tmp_path / "beslutsunderlag.pdf"
    path.write_bytes(record)
    report = validate(str(path))
    assert report.exit_code == 0, [(f.rule_id, f.message) for f in report.findings]
    with pikepdf.open(path) as pdf:
        with pdf.open_metadata() as meta:
            assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "A"
            assert meta["pdfuaid:part"] == "1"
            assert meta["dc:title"] == str(pdf.docinfo.Title) == f"Beslutsunderlag – {sealed.procurement.name} – {sealed.label}"
            assert meta["xmp:CreateDate"].startswith(sealed.edition_date.isoformat())
        assert pdf.Root.Lang == "sv" and pdf.Root.MarkInfo.Marked and "/StructTreeRoot" in pdf.Root
        intent = pdf.Root.OutputIntents[0]
        assert intent.S == "/GTS_PDFA1" and intent.DestOutputProfile.N == 3
        fonts = [font for page in pdf.pages for font in page.Resources.Font.values()]
        assert fonts and all("/FontFile2" in font.FontDescriptor or "/FontFile3" in font.FontDescriptor
                             for font in (f.DescendantFonts[0] if "/DescendantFonts" in f else f for f in fonts))


def test_the_published_record_says_what_the_reportlab_record_says(sealed):
    """One story, two renderers: the tagged record's words are the reportlab record's, page furniture aside."""
    from dataclasses import replace

    from requirements_app.documents.record_pdf import render_record_pdf

    data = edition_data(sealed)
    tagged = pdf_text(bundle_files(sealed)["beslutsunderlag.pdf"])
    drawn = pdf_text(render_record_pdf(replace(data, publication=False)))
    for said in ["Beslutslogg", "Spårbarhet", "Jäv", "LADD-01", "allmän handling"]:
        assert said in tagged and said in drawn, said
    assert "Sida 1 av" in tagged and " ".join(tagged.split()).count("LADD-01") >= 2


def test_a_remiss_record_is_drawn_by_reportlab_and_declares_pdf_a_2b(coordinator, make_requirement, approve):
    import pikepdf

    from requirements_app.documents.record_pdf import render_record_pdf

    approve(make_requirement())
    data = edition_data(freeze_edition(coordinator, "Remiss 1", datetime.date(2026, 12, 1)))
    assert not data.publication
    with pikepdf.open(io.BytesIO(render_record_pdf(data))) as pdf:
        with pdf.open_metadata() as meta:
            assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "B"
        assert pdf.Root.OutputIntents[0].S == "/GTS_PDFA1"
        assert all("/FontFile2" in font.FontDescriptor for page in pdf.pages
                   for font in page.Resources.Font.values())


def test_a_caption_a_page_break_left_alone_joins_its_table():
    import pikepdf

    from requirements_app.documents.tender_pdf_ua import _join_split_captions

    pdf = pikepdf.new()

    def element(kind, *children):
        made = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name(kind),
                                                    K=pikepdf.Array(list(children))))
        for child in children:
            child.P = made
        return made

    caption = element("/Caption")
    first = element("/Sect", element("/Div", element("/Table", caption)))
    rest = element("/Table", element("/THead"), element("/TBody"))
    second = element("/Sect", element("/Div", rest))
    root = element("/Document", first, second)
    _join_split_captions(root)
    assert [c.S for c in rest.K] == ["/Caption", "/THead", "/TBody"] and caption.P.objgen == rest.objgen
    assert len(first.K) == 0  # the caption's own table is gone
