"""Insights that are not requirement material are triaged out, with a reason:
versioned, reversible, counted apart, and listed in the internal record."""

import datetime

import pytest
from django.urls import reverse

from requirements_app.documents.editions import edition_data, freeze_edition
from requirements_app.documents.record_pdf import render_record_pdf
from requirements_app.drafting import triage
from requirements_app.models import Insight
from requirements_app.versions import requirement_versions

from .conftest import login
from .test_public_internal_border import pdf_text


def test_a_member_triages_an_insight_with_a_reason_and_opens_it_again(client, member, insight):
    login(client, member)
    url = reverse("insight", args=[insight.pk])
    response = client.post(url, {"triage": "outside", "triage_reason": ""})
    assert response.status_code == 400 and "triage_reason" in response.context["triage_form"].errors
    client.post(url, {"triage": "outside", "triage_reason": "Kommunikationsplanen sköts av styrgruppen."})
    insight.refresh_from_db()
    assert (insight.triage, insight.triage_reason) == ("outside", "Kommunikationsplanen sköts av styrgruppen.")
    client.post(url, {"triage": "", "triage_reason": ""})
    insight.refresh_from_db()
    assert (insight.triage, insight.triage_reason) == ("", "")
    assert [v.revision.get_comment() for v in requirement_versions(insight)] == [
        "Öppnad igen", "Kommunikationsplanen sköts av styrgruppen."]


def test_an_expert_cannot_triage(client, expert, insight):
    login(client, expert)
    response = client.post(reverse("insight", args=[insight.pk]), {"triage": "outside", "triage_reason": "x"})
    assert response.status_code == 403


def test_the_overview_counts_answered_triaged_and_open(client, member, requirement, insight, other_insight, workshop):
    third = Insight.objects.create(workshop=workshop, key="FORV-01", kind="expectation", section="Förväntningar",
                                   text="Kul att vara med", order=30)
    triage.triage_insight(member, third, "not_requirement", "En förväntning på workshopen, inget krav.")
    login(client, member)
    response = client.get(reverse("procurement", args=[member.procurement_id]))
    assert response.context["coverage"] == {"answered": 1, "triaged": 1, "open": 1}
    assert [i.key for i in response.context["unanswered"]] == ["CIT-01"]


def test_the_decision_record_lists_the_triage_with_its_reason(coordinator, member, make_requirement, approve,
                                                              other_insight):
    triage.triage_insight(member, other_insight, "not_requirement", "Ett citat, ingen funktion.")
    approve(make_requirement())
    edition = freeze_edition(coordinator, "Utgåva 1.0", datetime.date(2026, 11, 29))
    text = pdf_text(render_record_pdf(edition_data(edition)))
    assert "CIT-01" in text and "Ej kravgrundande: Ett citat, ingen funktion." in text


def test_a_triage_needs_a_reason_in_the_database_too(insight):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Insight.objects.filter(pk=insight.pk).update(triage="outside", triage_reason="")


def test_the_service_refuses_a_triage_without_a_reason(member, insight):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        triage.triage_insight(member, insight, "outside", "  ")
    insight.refresh_from_db()
    assert insight.triage == ""


def test_a_selection_or_a_whole_kind_of_open_insights_is_triaged_with_one_reason(
        client, member, insight, other_insight, workshop):
    from reversion.models import Version

    third = Insight.objects.create(workshop=workshop, key="CIT-02", kind=Insight.Kind.QUOTE, section="Löpsedlar",
                                   text="Ett citat till", order=30)
    login(client, member)
    url = reverse("insight_list", args=[member.procurement_id])
    page = client.get(url).content.decode()
    assert f'name="insights" value="{insight.pk}"' in page
    response = client.post(url, {"kind": "quote", "triage": "not_requirement",
                                 "triage_reason": "Citat från workshopen, inte behov."})
    assert response.status_code == 302
    for quote in (other_insight, third):
        quote.refresh_from_db()
        assert (quote.triage, quote.triage_reason) == ("not_requirement", "Citat från workshopen, inte behov.")
        assert Version.objects.get_for_object(quote).count() == 1  # one revision each
    insight.refresh_from_db()
    assert insight.triage == ""  # another kind
    client.post(url, {"insights": [insight.pk], "triage": "outside", "triage_reason": "Hanteras i driftavtalet."})
    insight.refresh_from_db()
    assert insight.triage == "outside"


def test_bulk_triage_needs_a_selection_and_a_reason_and_an_editor(client, member, expert, insight):
    url = reverse("insight_list", args=[member.procurement_id])
    login(client, member)
    response = client.post(url, {"triage": "outside", "triage_reason": "Skäl"})
    assert response.status_code == 200 and "Välj insikterna" in response.content.decode()
    response = client.post(url, {"insights": [insight.pk], "triage": "outside", "triage_reason": ""})
    assert response.status_code == 200
    insight.refresh_from_db()
    assert insight.triage == ""
    login(client, expert)
    assert client.post(url, {"insights": [insight.pk], "triage": "outside", "triage_reason": "x"}).status_code == 403
