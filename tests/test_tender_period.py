"""The tender period: suppliers' questions registered, answered, approved and
published to everyone in numbered batches, never after the last answer day
unless the deadline is extended; answers about a changed requirement become
suspect. The clock is set: no test depends on today's date."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from requirements_app.documents.editions import freeze_edition
from requirements_app.models import AnswerBatch, DocumentSection, Edition, Question
from requirements_app.tender_period import calendar, questions
from requirements_app.tender_period.documents import render_answers

from .conftest import ADOPTED, complete_terms, edit, login
from .test_public_internal_border import html_text, internal_material, pdf_text

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
ASKER = "Webbfabriken Nordic AB"


def at(day, hour=10):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=STOCKHOLM)


@pytest.fixture
def published(coordinator, make_requirement, approve):
    """A publication edition with its tender deadline on 2025-04-08."""
    from requirements_app.drafting import sections
    from requirements_app.evaluation import comparison as evaluation

    from requirements_app.models import DocumentSection

    for kind in DocumentSection.Kind.values:
        sections.save_section(coordinator, kind, 0, "Text som gruppen skrivit.", "x")
    requirement = approve(make_requirement(verifikat="Anbudsgivaren bekräftar kravet."))
    evaluation.save_model(coordinator, {"expected_price": 2_000_000})
    complete_terms(coordinator, questions_deadline=datetime.date(2025, 3, 28),
                   tender_deadline=at(datetime.date(2025, 4, 8), 23).replace(minute=59),
                   tender_valid_until=datetime.date(2025, 9, 30),
                   procurement_threshold_date=datetime.date(2024, 1, 1))
    with time_machine.travel(at(datetime.date(2025, 3, 1)), tick=False):
        freeze_edition(coordinator, "Utgåva 1.0", datetime.date(2025, 3, 1), kind=Edition.Kind.PUBLICATION,
                       adopted=ADOPTED)
    return requirement


def render(batch, ready):
    return render_answers(batch, ready, "Utgåva 1.0")


def ask(coordinator, requirement, text="Räcker det att e-böckerna kan lånas i appen?", day=datetime.date(2025, 3, 20)):
    with time_machine.travel(at(day), tick=False):
        return questions.register_question(coordinator, at(day, 9), ASKER, text, [requirement])


def answered(question, member, second_member, day=datetime.date(2025, 3, 24), text="Ja, om kravet i övrigt uppfylls."):
    with time_machine.travel(at(day), tick=False):
        questions.save_answer(member, question, question.answer_version, text)
        question.refresh_from_db()
        return questions.approve_answer(second_member, question, question.answer_version)


def test_the_worked_dates():
    assert calendar.last_answer_day(datetime.date(2025, 4, 8)) == datetime.date(2025, 4, 2)
    assert calendar.last_answer_day(datetime.date(2025, 4, 8), accelerated=True) == datetime.date(2025, 4, 4)
    # Six days before 2025-04-27 is Easter Monday: the answer must be out on Maundy Thursday.
    assert calendar.last_answer_day(datetime.date(2025, 4, 27)) == datetime.date(2025, 4, 17)
    assert calendar.standstill(datetime.date(2019, 4, 1)) == (datetime.date(2019, 4, 11), datetime.date(2019, 4, 12))
    # Ten days after 2025-06-10 is Midsummer Eve: the standstill runs to the Monday after.
    assert calendar.standstill(datetime.date(2025, 6, 10)) == (datetime.date(2025, 6, 23), datetime.date(2025, 6, 24))


def test_no_question_before_an_edition_is_published(coordinator, requirement):
    with pytest.raises(ValidationError, match="Ingen utgåva är publicerad"):
        questions.register_question(coordinator, timezone.now(), ASKER, "Fråga?", [requirement])


def test_only_the_coordinator_registers_questions(published, member):
    with pytest.raises(PermissionDenied):
        questions.register_question(member, timezone.now(), ASKER, "Fråga?", [published])


def test_questions_are_numbered_answered_approved_and_published_in_batches(published, coordinator, member,
                                                                           second_member):
    first = answered(ask(coordinator, published), member, second_member)
    second = ask(coordinator, published, "Gäller kravet även barnens sidor?")
    assert [first.number, second.number] == [1, 2]
    with time_machine.travel(at(datetime.date(2025, 3, 25)), tick=False):
        batch = questions.publish_batch(coordinator, render)
    assert batch.number == 1 and list(batch.questions.all()) == [first]  # the unanswered one waits
    answered(Question.objects.get(pk=second.pk), member, second_member, day=datetime.date(2025, 3, 26))
    with time_machine.travel(at(datetime.date(2025, 3, 27)), tick=False):
        assert questions.publish_batch(coordinator, render).number == 2
    assert Version.objects.get_for_object(first).count() >= 3  # registered, answered, approved


def test_the_writer_of_an_answer_does_not_approve_it(published, coordinator, member):
    question = ask(coordinator, published)
    with time_machine.travel(at(datetime.date(2025, 3, 24)), tick=False):
        questions.save_answer(member, question, 0, "Ja.")
        with pytest.raises(ValidationError, match="någon annan än den som skrev"):
            questions.approve_answer(member, question, 1)


def test_an_expert_neither_writes_nor_approves_answers(published, coordinator, expert):
    question = ask(coordinator, published)
    with pytest.raises(PermissionDenied):
        questions.save_answer(expert, question, 0, "Ja.")


def test_only_the_coordinator_approves_when_the_procurement_says_so(published, coordinator, member, second_member):
    from requirements_app.deliberation import decisions

    decisions.change_rule(coordinator, {"quorum": 3, "threshold": "majority", "expert_votes": "none",
                                        "answer_approvers": "coordinator", "signatures_required": 2})
    second_member.procurement.refresh_from_db()
    question = ask(coordinator, published)
    with time_machine.travel(at(datetime.date(2025, 3, 24)), tick=False):
        questions.save_answer(member, question, 0, "Ja.")
        with pytest.raises(PermissionDenied):
            questions.approve_answer(second_member, question, 1)
        assert questions.approve_answer(coordinator, question, 1).is_approved


def test_an_approval_is_of_the_answer_as_it_stood(published, coordinator, member, second_member):
    question = answered(ask(coordinator, published), member, second_member)
    with time_machine.travel(at(datetime.date(2025, 3, 25)), tick=False):
        changed = questions.save_answer(member, question, question.answer_version, "Nej, inte enbart i appen.")
    assert not changed.is_approved
    with pytest.raises(ValidationError, match="Någon sparade svaret"):
        questions.save_answer(second_member, question, 1, "Ett svar som skrevs över en gammal version.")


def test_an_answer_that_may_tell_who_asked_needs_a_reason(published, coordinator, member, second_member):
    question = ask(coordinator, published, "Kan vår plattform WebbCMS användas för e-böckerna?")
    with time_machine.travel(at(datetime.date(2025, 3, 24)), tick=False):
        questions.save_answer(member, question, 0, "Webbfabriken kan lämna anbud med vilken plattform som helst.")
        found = questions.findings(Question.objects.get(pk=question.pk))
        assert any("Webbfabriken" in f or "webbfabriken" in f for f in found)
        assert any("WebbCMS" in f for f in found)
        with pytest.raises(ValidationError, match="kan avslöja vem som frågade"):
            questions.approve_answer(second_member, question, 1)
        assert questions.approve_answer(second_member, question, 1, note="Namnet är allmänt känt.").is_approved


def test_what_may_tell_who_asked_is_stored_and_follows_the_document(published, coordinator, member,
                                                                     django_assert_max_num_queries, client):
    from requirements_app.drafting import sections

    question = ask(coordinator, published, "Kan vår plattform WebbCMS användas för e-böckerna?")
    assert Question.objects.get(pk=question.pk).identity == [["unused_name", "WebbCMS"]]
    # The document starts to use the name: the stored finding goes, in the section's own transaction.
    section = DocumentSection.objects.every_kind(coordinator.procurement)[0]
    with time_machine.travel(at(datetime.date(2025, 3, 21)), tick=False):
        sections.save_section(coordinator, section.kind, section.version_no, "Plattformen WebbCMS används i dag.", "x")
    assert Question.objects.get(pk=question.pk).identity == []
    login(client, member)
    with django_assert_max_num_queries(30):  # read as stored: no document words are built for the page
        assert client.get(reverse("question", args=[question.pk])).status_code == 200


def test_a_late_answer_is_refused_until_the_deadline_is_extended(published, coordinator, member, second_member):
    question = ask(coordinator, published, day=datetime.date(2025, 3, 27))
    assert questions.answer_deadline(coordinator.procurement) == datetime.date(2025, 4, 2)
    with time_machine.travel(at(datetime.date(2025, 4, 3)), tick=False):
        questions.save_answer(member, question, 0, "Ja.")
        with pytest.raises(ValidationError, match="2025-04-02"):
            questions.approve_answer(second_member, question, 1)
        questions.extend_deadline(coordinator, at(datetime.date(2025, 4, 15), 23), "Svaret på fråga 1 kom sent; "
                                  "beslut av samordnaren enligt delegation.")
        coordinator.procurement.refresh_from_db()
        assert questions.answer_deadline(coordinator.procurement) == datetime.date(2025, 4, 9)
        second_member.procurement.refresh_from_db()
        assert questions.approve_answer(second_member, question, 1).is_approved
        assert questions.publish_batch(coordinator, render).number == 1


def test_an_approved_answer_is_not_published_after_the_last_answer_day(published, coordinator, member,
                                                                      second_member):
    answered(ask(coordinator, published), member, second_member)
    with time_machine.travel(at(datetime.date(2025, 4, 3)), tick=False):
        with pytest.raises(ValidationError, match="förlängning"):
            questions.publish_batch(coordinator, render)
    assert not AnswerBatch.objects.exists()


def test_an_extension_must_move_the_deadline_later(published, coordinator):
    with pytest.raises(ValidationError):
        questions.extend_deadline(coordinator, at(datetime.date(2025, 4, 1)), "Fel håll.")


def test_a_changed_requirement_makes_its_answers_suspect_until_confirmed(published, coordinator, member,
                                                                         second_member):
    question = answered(ask(coordinator, published), member, second_member)
    edit(member, published, statement="Webbplatsen ska låta låntagare låna e-böcker i webbläsaren och i appen.")
    question.refresh_from_db()
    assert question.suspect_since and "LADD-01" in question.suspect_reason
    unanswered = ask(coordinator, published, "En fråga utan svar?")
    edit(member, published, statement="Webbplatsen ska låta låntagare låna e-böcker.")
    unanswered.refresh_from_db()
    assert unanswered.suspect_since is None  # nothing written yet that could be wrong
    questions.confirm_answer(second_member, question, "Ändringen rör inte svaret.")
    question.refresh_from_db()
    assert question.suspect_since is None


def test_a_suspect_published_answer_is_revised_as_a_new_answer(published, coordinator, member, second_member):
    question = answered(ask(coordinator, published), member, second_member)
    with time_machine.travel(at(datetime.date(2025, 3, 25)), tick=False):
        questions.publish_batch(coordinator, render)
        edit(member, published, statement="Webbplatsen ska låta låntagare låna e-böcker i webbläsaren.")
        question.refresh_from_db()
        with pytest.raises(ValidationError, match="publicerat"):
            questions.save_answer(member, question, question.answer_version, "Nytt svar i gammal fråga.")
        revision = questions.revise_answer(coordinator, question)
    question.refresh_from_db()
    assert revision.revises == question and revision.number == 2 and question.suspect_since is None
    answered(revision, member, second_member, day=datetime.date(2025, 3, 26))
    with time_machine.travel(at(datetime.date(2025, 3, 27)), tick=False):
        batch = questions.publish_batch(coordinator, render)
    assert "Ändrar svaret på fråga 1." in html_text(bytes(batch.html))


@pytest.mark.parametrize("extract, field", [(pdf_text, "pdf"), (html_text, "html")])
def test_the_published_answers_carry_nothing_internal(published, coordinator, member, second_member, extract, field):
    answered(ask(coordinator, published), member, second_member)
    with time_machine.travel(at(datetime.date(2025, 3, 25)), tick=False):
        batch = questions.publish_batch(coordinator, render)
    text = extract(bytes(getattr(batch, field)))
    assert "Frågor och svar 1" in text and "Räcker det att e-böckerna" in text and "LADD-01" in text
    leaked = [word for word in [ASKER, "Webbfabriken", "Anders", "Fatima", "Karin"] + internal_material(None)
              if word in text]
    assert leaked == []


def test_the_pages_of_the_tender_period(client, published, coordinator, member, second_member):
    question = answered(ask(coordinator, published), member, second_member)
    login(client, member)
    with time_machine.travel(at(datetime.date(2025, 3, 25)), tick=False):
        page = client.get(reverse("question_list", args=[coordinator.procurement_id])).content.decode()
        assert "Svar kan publiceras till och med 2025-04-02: 8 dagar kvar." in page
        assert "godkänt, väntar på att publiceras" in page
        assert client.post(reverse("batch_publish", args=[coordinator.procurement_id])).status_code == 403
        login(client, coordinator)
        client.post(reverse("batch_publish", args=[coordinator.procurement_id]))
        batch = AnswerBatch.objects.get()
        response = client.get(reverse("batch_document", args=[batch.pk, "html"]))
        assert response.content == bytes(batch.html) and "script-src" not in response["Content-Security-Policy"]
        calendar_page = client.get(reverse("deadline_calendar", args=[coordinator.procurement_id])).content.decode()
        assert "2025-04-02" in calendar_page and "2025-04-08 23:59" in calendar_page
        detail = client.get(reverse("question", args=[question.pk])).content.decode()
        assert ASKER in detail  # internal pages name the asker


def test_registering_through_the_web_checks_the_requirement_numbers(client, published, coordinator):
    login(client, coordinator)
    url = reverse("question_create", args=[coordinator.procurement_id])
    data = {"received_at": "2025-03-20T09:00", "asker": ASKER, "text": "Fråga?", "requirements": "LADD-01, NOPE-9"}
    response = client.post(url, data)
    assert "Inget krav har numret NOPE-9." in response.content.decode()
    assert not Question.objects.exists()
    response = client.post(url, {**data, "requirements": "ladd-01"})
    question = Question.objects.get()
    assert response.url == reverse("question", args=[question.pk])
    assert [r.number for r in question.requirements.all()] == ["LADD-01"]


def test_the_record_of_a_later_edition_holds_the_questions_and_deadline_decisions(published, coordinator, member,
                                                                                  second_member):
    from requirements_app.documents.editions import edition_data
    from requirements_app.documents.record_pdf import render_record_pdf
    from requirements_app.documents.tender_pdf import render_tender_pdf

    answered(ask(coordinator, published), member, second_member)
    with time_machine.travel(at(datetime.date(2025, 3, 25)), tick=False):
        questions.publish_batch(coordinator, render)
        questions.extend_deadline(coordinator, at(datetime.date(2025, 4, 22), 12), "Rättelse av LADD-01.")
        later = freeze_edition(coordinator, "Utgåva 1.1", datetime.date(2025, 3, 25))
    record = pdf_text(render_record_pdf(edition_data(later)))
    for said in [f"Fråga 1, inkommen 2025-03-20 09:00 från {ASKER}", "Publicerad i Frågor och svar 1, 2025-03-25",
                 "Från 2025-04-08 23:59 till 2025-04-22 12:00", "Rättelse av LADD-01."]:
        assert said in record, said
    assert ASKER not in pdf_text(render_tender_pdf(edition_data(later)))


def test_an_answer_about_a_section_becomes_suspect_when_the_section_changes(published, coordinator, member,
                                                                           second_member):
    from requirements_app.drafting import sections

    with time_machine.travel(at(datetime.date(2025, 3, 20)), tick=False):
        question = questions.register_question(coordinator, at(datetime.date(2025, 3, 20), 9), ASKER,
                                               "Ingår drift i uppdraget?", [], sections=["scope"])
    answered(question, member, second_member)
    with time_machine.travel(at(datetime.date(2025, 3, 25)), tick=False):
        batch = questions.publish_batch(coordinator, render)
    assert "Gäller: omfattning" in html_text(bytes(batch.html))
    sections.save_section(member, "scope", 1, "Drift ingår i fyra år.", "Förtydligat")
    question.refresh_from_db()
    assert "omfattning" in question.suspect_reason
