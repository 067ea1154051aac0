"""Declarations of interest: each member declares, with a date; a declared
interest is shown on the requirements the member voted on, before the
decision; the beslutsunderlag lists every declaration."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from requirements_app.deliberation import declarations, decisions
from requirements_app.documents.editions import edition_data, freeze_edition
from requirements_app.documents.record_pdf import render_record_pdf
from requirements_app.documents.tender_html import render_tender_html
from requirements_app.drafting import requirements as drafting
from requirements_app.models import InterestDeclaration

from .conftest import login

INTEREST = "Tidigare anställd hos en webbyrå som kan lämna anbud (till 2015)."


def test_a_member_declares_through_the_page(client, member, procurement):
    login(client, member)
    url = reverse("declaration_list", args=[procurement.pk])
    response = client.post(url, {"declared_on": "2026-12-01", "has_interest": "yes", "description": ""})
    assert "Beskriv intresset du anmäler." in response.content.decode()
    client.post(url, {"declared_on": "2026-12-01", "has_interest": "yes", "description": INTEREST})
    declaration = InterestDeclaration.objects.get()
    assert declaration.member == member.user and declaration.has_interest
    assert INTEREST in client.get(url).content.decode()


def test_a_declared_interest_must_be_described(member):
    with pytest.raises(ValidationError):
        declarations.declare(member, datetime.date(2026, 12, 1), True, "")


def test_a_later_declaration_supersedes_but_keeps_the_earlier(member):
    declarations.declare(member, datetime.date(2026, 11, 1), True, INTEREST)
    declarations.declare(member, datetime.date(2026, 12, 1), False, "")
    assert InterestDeclaration.objects.count() == 2
    assert declarations.with_interest(member.procurement) == {}


def test_the_coordinator_sees_a_conflicted_vote_before_the_decision(client, coordinator, member, in_review):
    declarations.declare(member, datetime.date(2026, 12, 1), True, INTEREST)
    decisions.cast_vote(member, in_review, in_review.version_no, "yes")
    login(client, coordinator)
    page = client.get(reverse("requirement", args=[in_review.pk])).content.decode()
    assert "Röstat med anmält intresse:" in page and INTEREST in page and "jäv" in page


def test_the_record_lists_declarations_and_marks_the_votes(coordinator, member, second_member, third_member, requirement):
    declarations.declare(member, datetime.date(2026, 12, 1), True, INTEREST)
    declarations.declare(second_member, datetime.date(2026, 12, 1), False, "")
    drafting.change_status(member, requirement, "review", "")
    for voter in (member, second_member, third_member):
        decisions.cast_vote(voter, requirement, 1, "yes")
    decisions.record_decision(coordinator, requirement, 1, (3, 0, 0))
    edition = freeze_edition(coordinator, "Utgåva 1.0", datetime.date(2026, 12, 2))
    reader = PdfReader(io.BytesIO(render_record_pdf(edition_data(edition))))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "förvaltningslagen (2017:900) 16–18 §§" in text
    assert f"2026-12-01 Anders anmäler ett intresse: {INTEREST}" in text
    assert "2026-12-01 Fatima anmäler inget intresse" in text
    assert "Anders ja [har anmält intresse]" in text
    assert INTEREST not in render_tender_html(edition_data(edition)).decode()
