"""The tenders received: four suppliers fill the published svarsmall, the
tenders are opened by two people after the deadline, imported, examined,
evaluated with the edition's frozen model, and the contract awarded. Every
figure is worked out by hand below. The clock is set throughout."""

import datetime
import io
import json
import zoneinfo

import openpyxl
import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from requirements_app.documents import sealing
from requirements_app.documents.editions import edition_data, freeze_edition
from requirements_app.evaluation import comparison as evaluation
from requirements_app.models import Edition, EditionDocument, Requirement, Tender, TenderAccess
from requirements_app.tenders import award, examination, receiving

from .conftest import ADOPTED, complete_terms, login
from .test_public_internal_border import html_text, internal_material

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
ALFA, BETA, GAMMA, DELTA = "Alfa Webb AB", "Beta Digital AB", "Gamma Media AB", "Delta Kod AB"
# Made-up organisation numbers, chosen only for their check digit.
NUMBERS = {ALFA: "212000-0001", BETA: "212000-0019", GAMMA: "212000-0027", DELTA: "212000-0035"}


def at(day, hour=10):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=STOCKHOLM)


OPENING_DAY = datetime.date(2027, 4, 9)


@pytest.fixture
def edition(coordinator, member, make_requirement, approve):
    """A publication edition (tender deadline 2027-04-08 23:59) with a
    qualification requirement, a ska-krav, a contract condition and two award
    criteria worth 300 000 kr (graded 0/50/100) and 100 000 kr (met or not)."""
    from requirements_app.drafting import sections
    from requirements_app.models import DocumentSection

    for kind in DocumentSection.Kind.values:
        sections.save_section(coordinator, kind, 0, "Text som gruppen skrivit.", "x")
    verifikat = {"verifikat": "Anbudsgivaren bekräftar kravet."}
    approve(make_requirement("Omsättning", kind=Requirement.Kind.QUALIFICATION, verification="confirm",
                             statement="Anbudsgivaren ska ha en årsomsättning om minst 2 miljoner kronor.", **verifikat))
    approve(make_requirement("Låna e-böcker", references="WCAG 2.1 nivå A", **verifikat))
    approve(make_requirement("Vite vid försening", kind=Requirement.Kind.CONTRACT_CONDITION, verification="confirm",
                             statement="Leverantören ska betala vite om leveransen blir försenad.",
                             follow_up="Samordnaren följer upp leveransdagarna varje kvartal.", **verifikat))
    approve(make_requirement("Boktips", kind=Requirement.Kind.EVALUATED, weight=300_000, verification="demonstrate",
                             scale="0 %: Inga boktips\n50 %: Boktips utifrån lånehistorik\n100 %: Boktips och "
                                   "sparade sökningar", **verifikat))
    approve(make_requirement("Lättläst svenska", kind=Requirement.Kind.EVALUATED, weight=100_000,
                             verification="confirm", **verifikat))
    evaluation.save_model(coordinator, {"expected_price": 2_000_000})
    complete_terms(coordinator)
    receiving.set_evaluators(coordinator, [coordinator, member])
    coordinator.refresh_from_db()
    member.refresh_from_db()
    with time_machine.travel(at(datetime.date(2027, 3, 1)), tick=False):
        return freeze_edition(coordinator, "Utgåva 1.0", datetime.date(2027, 3, 1), kind=Edition.Kind.PUBLICATION,
                              adopted=ADOPTED, override_reason="Anmärkningarna är lästa.")


def numbers(edition):
    return {item.title: item.number for item in edition.items.all()}


def svarsmall(edition):
    return sealing.stored_document(edition, EditionDocument.Kind.RESPONSE_FORM, lambda: edition_data(edition))


def fill(edition, name, answers, prices, levels=None, organisation_number=None):
    """The edition's svarsmall as a supplier fills it in: `answers` {title: Ja/Nej/""}, `levels` {title: "50 %"}."""
    book = openpyxl.load_workbook(io.BytesIO(svarsmall(edition)))
    titles = {number: title for title, number in numbers(edition).items()}
    sheet = book["Anvisningar"]
    for row in range(1, sheet.max_row + 1):
        if sheet.cell(row, 1).value == "Anbudsgivare (namn)":
            sheet.cell(row, 2).value = name
        if sheet.cell(row, 1).value == "Organisationsnummer":
            sheet.cell(row, 2).value = organisation_number or NUMBERS[name]
    for sheet in book.worksheets[1:]:
        headers = {cell.value: cell.column for cell in sheet[3]}
        if "Kravnummer" not in headers:
            continue
        for row in range(4, sheet.max_row + 1):
            title = titles.get(sheet.cell(row, headers["Kravnummer"]).value)
            if title in (levels or {}):
                sheet.cell(row, headers["Nivå"]).value = levels[title]
            elif title is not None:
                column = headers.get("Uppfylls (Ja/Nej)") or headers["Accepteras (Ja)"]
                sheet.cell(row, column).value = answers.get(title, "Ja")
    for row, price in enumerate(prices, start=4):
        book["Pris"].cell(row, 3).value = price
    wcag = book["Tillgänglighet (WCAG)"]
    wcag.cell(4, 5).value, wcag.cell(4, 6).value = "Stöds delvis", "Alt-texter saknas i arkivet."
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# Alfa: 1 000 000 + 48 × 20 000 = 1 960 000 kr; Boktips 100 % (300 000) and Lättläst Ja (100 000).
# Beta: 800 000 + 48 × 15 000 = 1 520 000 kr; Boktips 50 % (150 000), Lättläst Nej.
# Gamma answers Nej to the ska-krav; Delta does not accept the contract condition.
FILLED = {
    ALFA: ({}, [1_000_000, 20_000], {"Boktips": "100 %"}),
    BETA: ({"Lättläst svenska": "Nej"}, [800_000, 15_000], {"Boktips": "50 %"}),
    GAMMA: ({"Låna e-böcker": "Nej"}, [500_000, 10_000], {"Boktips": "100 %"}),
    DELTA: ({"Vite vid försening": ""}, [600_000, 10_000], {"Boktips": "100 %"}),
}


@pytest.fixture
def opened(edition, coordinator, member):
    with time_machine.travel(at(OPENING_DAY), tick=False):
        return receiving.open_tenders(coordinator, at(OPENING_DAY, 9), member,
                                      [(name, at(datetime.date(2027, 4, 8), 12)) for name in FILLED])


def tender(name):
    return Tender.objects.get(tenderer=name)


@pytest.fixture
def imported(opened, edition, member):
    for name, (answers, prices, levels) in FILLED.items():
        receiving.import_tender(member, tender(name), f"{name}.xlsx", fill(edition, name, answers, prices, levels))
    return opened


def examine_as_proposed(membership, edition):
    items = list(edition.items.all())
    for name in FILLED:
        t = tender(name)
        examination.mark(membership, t, {row.item.number: (row.proposed_met, row.proposed_reason)
                                         for row in examination.rows(t, items)})


@pytest.fixture
def examined(imported, edition, member):
    examine_as_proposed(member, edition)
    return imported


def test_tenders_are_not_opened_before_the_deadline(edition, coordinator, member):
    with time_machine.travel(at(datetime.date(2027, 4, 8), 12), tick=False):
        with pytest.raises(ValidationError, match="efter anbudstidens utgång"):
            receiving.open_tenders(coordinator, at(datetime.date(2027, 4, 8), 11), member, [(ALFA, at(
                datetime.date(2027, 4, 8), 9))])


def test_the_opening_needs_two_people_and_seals_its_list(edition, coordinator, member):
    with time_machine.travel(at(OPENING_DAY), tick=False):
        with pytest.raises(ValidationError, match="12 kap. 10 §"):
            receiving.open_tenders(coordinator, at(OPENING_DAY, 9), coordinator, [(ALFA, at(OPENING_DAY, 1))])
        opening = receiving.open_tenders(coordinator, at(OPENING_DAY, 9), member,
                                         [(ALFA, at(datetime.date(2027, 4, 8), 12))])
    from requirements_app.documents import seal

    assert opening.digest == seal.sha256(seal.canonical(receiving.sealed_opening(opening)))
    assert [t.tenderer for t in opening.tenders.all()] == [ALFA]


def test_a_tender_received_after_the_deadline_is_not_opened(edition, coordinator, member):
    with time_machine.travel(at(OPENING_DAY), tick=False):
        with pytest.raises(ValidationError, match=ALFA):
            receiving.open_tenders(coordinator, at(OPENING_DAY, 9), member, [(ALFA, at(OPENING_DAY, 8))])


def test_the_import_reads_answers_levels_prices_and_the_tenderer(imported):
    alfa, beta = tender(ALFA), tender(BETA)
    assert (alfa.organisation_number, alfa.version_no, alfa.unit_prices[:2]) == ("212000-0001", 1,
                                                                                 ["1000000", "20000"])
    levels = {answer["level"] for answer in beta.answers.values() if answer["level"] is not None}
    assert levels == {50}
    assert {a["answer"] for a in tender(DELTA).answers.values()} == {"Ja", ""}
    first = alfa.conformance[0]
    assert (first["answer"], first["comment"]) == ("Stöds delvis", "Alt-texter saknas i arkivet.")
    assert first["criterion"] == "2.1 1.1.1" and first["requirements"] == numbers(alfa.opening.edition)["Låna e-böcker"]


def test_a_tender_on_another_editions_form_is_refused(imported, edition, coordinator, member):
    content = fill(edition, ALFA, {}, [1, 1], {"Boktips": "50 %"})
    book = openpyxl.load_workbook(io.BytesIO(content))
    for sheet in book.worksheets:
        sheet["A1"] = sheet["A1"].value.replace("Utgåva 1.0", "Utgåva 0.9")
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(ValidationError, match="inte ”Ny Götawebb – Utgåva 1.0”"):
        receiving.import_tender(member, tender(ALFA), "alfa.xlsx", out.getvalue(), reason="Rättad")
    assert tender(ALFA).version_no == 1


def test_a_changed_requirement_text_and_a_wrong_level_are_refused_with_their_places(imported, edition, member):
    book = openpyxl.load_workbook(io.BytesIO(fill(edition, ALFA, {}, [1, "ett"], {"Boktips": "75 %"})))
    sheet = book["Ska-krav"]
    sheet["E4"] = "Webbplatsen bör kanske låta någon låna."
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(ValidationError) as refused:
        receiving.import_tender(member, tender(ALFA), "alfa.xlsx", out.getvalue(), reason="Rättad")
    assert "Blad ”Ska-krav”, rad 4, kolumn E" in str(refused.value) or "rad 4, kolumn E" in str(refused.value)
    assert tender(ALFA).version_no == 1  # nothing stored


def test_a_broken_file_gets_a_clear_message(imported, member):
    with pytest.raises(ValidationError, match="inte ett XLSX"):
        receiving.import_tender(member, tender(ALFA), "alfa.xlsx", b"not a spreadsheet", reason="x")


def test_a_reimport_is_a_new_version_with_its_reason(imported, edition, member):
    content = fill(edition, ALFA, {}, [900_000, 20_000], {"Boktips": "100 %"})
    with pytest.raises(ValidationError, match="varför"):
        receiving.import_tender(member, tender(ALFA), "alfa.xlsx", content)
    receiving.import_tender(member, tender(ALFA), "alfa2.xlsx", content, reason="Rättat pris efter förtydligande")
    from reversion.models import Version

    versions = Version.objects.get_for_object(tender(ALFA))
    # Registered at the opening, then imported twice.
    assert tender(ALFA).version_no == 2 and versions.count() == 3
    assert versions.first().revision.comment == "Rättat pris efter förtydligande"


def test_only_evaluators_handle_tenders(imported, edition, second_member):
    with pytest.raises(PermissionDenied):
        receiving.import_tender(second_member, tender(ALFA), "a.xlsx", b"", reason="x")


def test_the_examination_starts_from_the_answers(imported, edition):
    rows = {row.item.title: row for row in examination.rows(tender(GAMMA), list(edition.items.all()))}
    assert rows["Låna e-böcker"].proposed_met is False and "Nej" in rows["Låna e-böcker"].proposed_reason
    assert rows["Omsättning"].proposed_met is True
    rows = {row.item.title: row for row in examination.rows(tender(DELTA), list(edition.items.all()))}
    assert rows["Vite vid försening"].proposed_met is False


def test_the_evaluation_ranks_by_hand_worked_figures(examined, edition, member):
    result = award.run(member, edition).result
    by_name = {row["tenderer"]: row for row in award.summary(result)}
    assert by_name[BETA] == {"tenderer": BETA, "organisationsnummer": "212000-0019", "rejected": False, "reasons": [],
                             "price": 1_520_000, "quality_value": 150_000, "comparison": 1_370_000, "rank": 1}
    assert (by_name[ALFA]["price"], by_name[ALFA]["quality_value"], by_name[ALFA]["comparison"],
            by_name[ALFA]["rank"]) == (1_960_000, 400_000, 1_560_000, 2)
    assert by_name[GAMMA]["rejected"] and by_name[GAMMA]["rank"] is None
    assert any(reason.startswith(numbers(edition)["Låna e-böcker"]) for reason in by_name[GAMMA]["reasons"])
    assert by_name[DELTA]["rejected"]
    assert [row["tenderer"] for row in award.summary(result)][:2] == [BETA, ALFA]


def test_a_signed_demonstration_overrides_the_claimed_level(examined, edition, coordinator, member):
    number = numbers(edition)["Boktips"]
    protocol = examination.record_demonstration(member, tender(ALFA), number, datetime.date(2027, 4, 20),
                                                "Boktips visades; sparade sökningar saknades.", 50,
                                                "Nivå 50 % uppnådd.")
    with pytest.raises(ValidationError, match="inte signerat"):
        award.run(member, edition)
    with pytest.raises(ValidationError, match="andra signaturen"):
        examination.sign_demonstration(member, protocol, protocol.version_no)
    examination.sign_demonstration(coordinator, protocol, protocol.version_no)
    alfa = next(row for row in award.run(member, edition).result["tenders"] if row["tenderer"] == ALFA)
    # 1 960 000 − (150 000 + 100 000) = 1 710 000
    assert (alfa["quality_value"], alfa["comparison"]) == (250_000, 1_710_000)
    assert alfa["levels"][0]["evidence"].startswith("demonstration")


def test_a_changed_mark_puts_the_evaluation_out_of_date(examined, edition, coordinator, member):
    run = award.run(member, edition)
    examination.mark(member, tender(ALFA), {numbers(edition)["Omsättning"]: (False, "Omsättningen är för låg.")})
    run.refresh_from_db()
    assert run.out_of_date
    with pytest.raises(ValidationError, match="igen"):
        award.decide(coordinator, run, datetime.date(2027, 5, 2), "Kim Beslutsfattare, kulturchef")


def test_the_clarification_log_shows_the_same_deficiency_side_by_side(imported, edition, member):
    number = numbers(edition)["Omsättning"]
    with time_machine.travel(at(datetime.date(2027, 4, 12)), tick=False):
        for name in (ALFA, BETA):
            examination.request_clarification(member, tender(name), number, "Bifoga årsredovisningen.",
                                              at(datetime.date(2027, 4, 12)))
    [(found, pairs)] = examination.side_by_side(list(Tender.objects.order_by("tenderer")))
    assert found == number and [len(requests) for _t, requests in pairs] == [1, 1, 0, 0]


def test_evaluate_tenders_prints_json(examined, edition, member, procurement):
    out = io.StringIO()
    call_command("evaluate_tenders", str(procurement.pk), "--edition", "Utgåva 1.0", "--format", "json", stdout=out)
    printed = json.loads(out.getvalue())
    assert [(row["tenderer"], row["rank"]) for row in printed] == [(BETA, 1), (ALFA, 2), (DELTA, None), (GAMMA, None)]
    assert set(printed[0]) == {"tenderer", "organisationsnummer", "rejected", "reasons", "price", "quality_value",
                               "comparison", "rank"}


def test_import_tender_command_reads_the_file(opened, edition, procurement, member, tmp_path):
    path = tmp_path / "alfa.xlsx"
    path.write_bytes(fill(edition, ALFA, *FILLED[ALFA][:2], FILLED[ALFA][2]))
    call_command("import_tender", str(procurement.pk), "--edition", "Utgåva 1.0", "--tenderer", ALFA,
                 "--user", member.user.username, str(path), stdout=io.StringIO())
    assert tender(ALFA).version_no == 1


def test_the_award_decision_is_public_and_starts_the_standstill(examined, edition, coordinator, member):
    run = award.run(member, edition)
    with time_machine.travel(at(datetime.date(2019, 4, 1)), tick=False):
        decision = award.decide(coordinator, run, datetime.date(2019, 4, 1), "Kim Beslutsfattare, kulturchef")
    assert decision.winner == BETA
    award.mark_sent(coordinator, decision, datetime.date(2019, 4, 1))
    assert award.standstill(decision) == (datetime.date(2019, 4, 11), datetime.date(2019, 4, 12))
    text = html_text(bytes(decision.html))
    assert BETA in text and "20 kap. 1 §" in text
    assert not [word for word in internal_material(edition) if word in text]
    assert bytes(decision.pdf).startswith(b"%PDF")


def test_the_individual_report_is_frozen_and_sealed(examined, edition, coordinator, member):
    decision = award.decide(coordinator, award.run(member, edition), datetime.date(2027, 5, 2), "Kim, kulturchef")
    with pytest.raises(ValidationError):
        award.freeze_report(coordinator, decision, {"address": "Storgatan 1"})
    report = award.freeze_report(coordinator, decision, {key: "–" for key in award.REPORT_FIELDS} | {
        "address": "Storgatan 1, Exempelstad"})
    text = html_text(bytes(report.html))
    assert "Storgatan 1" in text and GAMMA in text and BETA in text
    from requirements_app.documents import seal

    assert report.digest == seal.sha256(seal.canonical({"facts": award.report_facts(decision),
                                                        "completed": report.completed}))
    assert report.digest in text


def test_an_evaluator_sees_the_tenders_and_another_member_gets_404(client, imported, member, second_member,
                                                                    procurement):
    url = reverse("tender_list", args=[procurement.pk])
    assert login(client, second_member).get(url).status_code == 404
    response = login(client, member).get(url)
    assert response.status_code == 200 and ALFA in response.content.decode()
    detail = login(client, member).get(reverse("tender", args=[tender(ALFA).pk]))
    assert detail.status_code == 200
    assert TenderAccess.objects.filter(user=member.user, tender=tender(ALFA)).exists()
    assert login(client, second_member).get(reverse("tender", args=[tender(ALFA).pk])).status_code == 404


def test_the_evaluation_record_lets_a_reader_recompute_every_number(client, examined, edition, member, procurement,
                                                                      tmp_path):
    from pdfua import validate

    from requirements_app.tenders.documents import render_evaluation_record
    from .test_public_internal_border import pdf_text

    run = award.run(member, edition)
    html, pdf = render_evaluation_record(edition, run)
    text = html_text(html)
    # html_text folds the no-break spaces between thousands.
    for line in ["Jämförelsetal = 1 520 000 kr − 150 000 kr = 1 370 000 kr",
                 "Jämförelsetal = 1 960 000 kr − 400 000 kr = 1 560 000 kr",
                 "Drift och förvaltning 48 20 000 kr 960 000 kr Ja", "Boktips 300 000 kr 100 % anbudets angivna nivå",
                 "offentlighets- och sekretesslagen 19 kap. 3 §", run.digest]:
        assert line in text, line
    assert "1 520 000" in pdf_text(pdf).replace("\u00a0", " ")
    path = tmp_path / "utvardering.pdf"
    path.write_bytes(pdf)
    report = validate(str(path))
    assert report.exit_code == 0, [(f.rule_id, f.message) for f in report.findings]
    response = login(client, member).get(reverse("evaluation_record", args=[procurement.pk, "html"]))
    assert response.status_code == 200 and TenderAccess.objects.filter(what__contains="utvarderingsprotokoll").exists()


def test_the_award_decision_pdf_is_tagged(examined, edition, coordinator, member, tmp_path):
    from pdfua import validate

    decision = award.decide(coordinator, award.run(member, edition), datetime.date(2027, 5, 2), "Kim, kulturchef")
    path = tmp_path / "tilldelningsbeslut.pdf"
    path.write_bytes(bytes(decision.pdf))
    report = validate(str(path))
    assert report.exit_code == 0, [(f.rule_id, f.message) for f in report.findings]


def test_equal_first_places_need_the_drawn_winner(examined, edition, coordinator, member):
    from requirements_app.models import EvaluationRun

    run = award.run(member, edition)
    tied = [{**row, "rank": 1, "tied": True} if not row["rejected"] else row for row in run.result["tenders"]]
    run = EvaluationRun.objects.create(procurement=edition.procurement, edition=edition, ran_by=member.user,
                                       result={**run.result, "tenders": tied}, digest="0" * 64)
    with pytest.raises(ValidationError, match="dra lott"):
        award.decide(coordinator, run, datetime.date(2027, 5, 2), "Kim, kulturchef")
    decision = award.decide(coordinator, run, datetime.date(2027, 5, 2), "Kim, kulturchef", lot_winner=ALFA)
    assert decision.winner == ALFA and "lottades" in html_text(bytes(decision.html))


def test_the_web_import_shows_a_preview_and_stores_nothing_until_confirmed(client, opened, edition, member):
    login(client, member)
    content = fill(edition, ALFA, *FILLED[ALFA][:2], FILLED[ALFA][2])
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(reverse("tender_import", args=[tender(ALFA).pk]),
                           {"file": SimpleUploadedFile("alfa.xlsx", content)})
    assert response.status_code == 200 and "212000-0001" in response.content.decode()
    assert tender(ALFA).version_no == 0
    upload = response.context["upload"]
    client.post(reverse("tender_import_confirm", args=[tender(ALFA).pk, upload.pk]))
    assert tender(ALFA).version_no == 1


def test_a_refused_web_import_names_each_place_and_stores_nothing(client, opened, edition, member):
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = fill(edition, ALFA, {"Låna e-böcker": "Kanske"}, [1, 1], FILLED[ALFA][2], organisation_number="123")
    response = login(client, member).post(reverse("tender_import", args=[tender(ALFA).pk]),
                                          {"file": SimpleUploadedFile("alfa.xlsx", content)})
    page = response.content.decode()
    assert response.status_code == 400
    assert "”Kanske” är inget svar" in page and "”123” är inte ett organisationsnummer" in page
    assert tender(ALFA).version_no == 0


def test_after_the_award_decision_members_see_the_tenders_with_a_warning_and_are_logged(
        client, examined, edition, coordinator, member, second_member, procurement):
    award.decide(coordinator, award.run(member, edition), datetime.date(2027, 5, 2), "Kim, kulturchef")
    response = login(client, second_member).get(reverse("tender_list", args=[procurement.pk]))
    assert response.status_code == 200 and "sekretessprövas" in response.content.decode()
    assert TenderAccess.objects.filter(user=second_member.user).exists()
    with pytest.raises(ValidationError, match="Tilldelningsbeslutet är fattat"):
        examination.mark(member, tender(ALFA), {numbers(edition)["Omsättning"]: (False, "För sent.")})


def test_the_tender_list_reads_a_fixed_number_of_queries(client, examined, edition, coordinator, member, procurement,
                                                          django_assert_max_num_queries):
    award.run(member, edition)
    login(client, coordinator)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("tender_list", args=[procurement.pk]))
    assert response.status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get(reverse("tender", args=[tender(ALFA).pk])).status_code == 200


def test_four_suppliers_answer_the_demos_svarsmall(db, settings):
    """The demo as published: four suppliers fill its svarsmall; the ranking and
    every jämförelsetal are the ones worked out by hand below."""
    from .test_publication_check import publish_the_demo

    edition, members = publish_the_demo(settings, approved=[
        "Personliga boktips", "Lättläst svenska", "Tillgänglighetstest med användare", "Låna e-böcker i tre steg",
        "Sidor för barn"])
    coordinator, evaluator = members["samordnare"], members["arbetsgrupp1"]
    receiving.set_evaluators(coordinator, [coordinator, evaluator])
    coordinator.refresh_from_db()
    evaluator.refresh_from_db()
    criteria = {item.title: item.weight for item in edition.items.filter(kind=Requirement.Kind.EVALUATED)}
    assert criteria == {"Personliga boktips": 150_000, "Lättläst svenska": 100_000}
    filled = {
        # 1 000 000 + 48 × 20 000 = 1 960 000; 150 000 × 100 % + 100 000 = 250 000; 1 960 000 − 250 000 = 1 710 000
        ALFA: ({}, [1_000_000, 20_000], {"Personliga boktips": "100 %"}),
        # 800 000 + 48 × 15 000 = 1 520 000; 150 000 × 50 % + 0 = 75 000; 1 520 000 − 75 000 = 1 445 000
        BETA: ({"Lättläst svenska": "Nej"}, [800_000, 15_000], {"Personliga boktips": "50 %"}),
        GAMMA: ({"Låna e-böcker i tre steg": "Nej"}, [500_000, 10_000], {"Personliga boktips": "100 %"}),
        DELTA: ({"Tillgänglighetstest med användare": ""}, [600_000, 10_000], {"Personliga boktips": "100 %"}),
    }
    with time_machine.travel(at(OPENING_DAY), tick=False):
        receiving.open_tenders(coordinator, at(OPENING_DAY, 9), evaluator,
                               [(name, at(datetime.date(2027, 4, 8), 12)) for name in filled])
        for name, (answers, prices, levels) in filled.items():
            receiving.import_tender(evaluator, tender(name), f"{name}.xlsx",
                                    fill(edition, name, answers, prices, levels))
        examine_as_proposed(evaluator, edition)
        out = io.StringIO()
        call_command("evaluate_tenders", "1", "--edition", "Utgåva 1.0", "--format", "json", stdout=out)
    rows = {row["tenderer"]: row for row in json.loads(out.getvalue())}
    assert [(rows[n]["price"], rows[n]["quality_value"], rows[n]["comparison"], rows[n]["rank"]) for n in (BETA, ALFA)] \
        == [(1_520_000, 75_000, 1_445_000, 1), (1_960_000, 250_000, 1_710_000, 2)]
    assert rows[GAMMA]["rejected"] and rows[DELTA]["rejected"]
    assert any("Anbudet svarar Nej" in reason for reason in rows[GAMMA]["reasons"])
    assert any("accepterar inte kontraktsvillkoret" in reason for reason in rows[DELTA]["reasons"])


def test_a_clarification_is_requested_and_answered_on_the_tender_page(client, imported, edition, member):
    url = reverse("clarification_create", args=[tender(ALFA).pk])
    login(client, member)
    response = client.post(url, {"number": numbers(edition)["Omsättning"], "request": ""}, follow=True)
    assert "Begäran till anbudsgivaren: Detta fält måste fyllas i." in response.content.decode()
    client.post(url, {"number": numbers(edition)["Omsättning"], "request": "Bifoga årsredovisningen.",
                      "requested_at": "2027-04-12T10:00"})
    clarification = tender(ALFA).clarifications.get()
    response = client.post(reverse("clarification_answer", args=[clarification.pk]),
                           {"answer": "Årsredovisningen är bifogad.", "answered_at": "2027-04-13T09:00"}, follow=True)
    assert "Svaret är registrerat." in response.content.decode()
    clarification.refresh_from_db()
    assert clarification.answer == "Årsredovisningen är bifogad." and clarification.answered_at is not None


@pytest.mark.django_db(transaction=True)
def test_of_two_award_decisions_at_once_the_second_gets_a_message(examined, edition, coordinator, member):
    from .test_concurrency import run_together

    run = award.run(member, edition)
    errors = run_together([lambda: award.decide(coordinator, run, datetime.date(2027, 5, 2), "Kim, kulturchef")] * 2)
    assert sorted(type(error).__name__ for error in errors if error) == ["ValidationError"]
    assert edition.procurement.award_decisions.count() == 1


@pytest.mark.django_db(transaction=True)
def test_an_examination_racing_the_award_decision_never_lands_after_it(examined, edition, coordinator, member):
    from .test_concurrency import run_together

    run = award.run(member, edition)
    number = numbers(edition)["Omsättning"]
    assert tender(ALFA).marks.get(number=number).met
    errors = run_together([
        lambda: award.decide(coordinator, run, datetime.date(2027, 5, 2), "Kim, kulturchef"),
        lambda: examination.mark(member, tender(ALFA), {number: (False, "Omsättningen är för låg.")}),
    ])
    # One of them goes first: a decision on the examination as it was, or a changed
    # examination that makes the evaluation out of date. Never both.
    assert [type(error).__name__ if error else None for error in errors] in (
        [None, "ValidationError"], ["ValidationError", None])
    decided = edition.procurement.award_decisions.exists()
    assert decided == (errors[0] is None)
    assert tender(ALFA).marks.get(number=number).met is decided  # unchanged if the decision went first
