"""Not every requirement comes from the workshop: a requirement may rest on
an insight, or on another basis stated with its kind and text. The
beslutsunderlag shows that basis; the tender document does not."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from requirements_app.documents.editions import edition_data, freeze_edition
from requirements_app.documents.record_pdf import render_record_pdf
from requirements_app.documents.tender_html import render_tender_html
from requirements_app.drafting import requirements as drafting

from .conftest import login
from .test_public_internal_border import pdf_text

TURNOVER = dict(kind="qualification", title="Ekonomisk stabilitet",
                statement="Anbudsgivaren ska ha en årsomsättning på minst 2 miljoner kronor.",
                verification="attach", verifikat="Årsredovisning för det senaste räkenskapsåret.")
BASIS = "Kommunens riktlinjer för upphandling, avsnitt 4.2: leverantörens ekonomiska stabilitet prövas."


def test_a_requirement_on_another_basis_leaves_draft_without_an_insight(make_requirement, member):
    requirement = make_requirement(insights=[], basis_kind="policy", basis=BASIS, **TURNOVER)
    drafting.change_status(member, requirement, "review", "")
    requirement.refresh_from_db()
    assert requirement.status == "review"


def test_a_requirement_on_nothing_stays_in_draft(make_requirement, member):
    requirement = make_requirement(insights=[], **TURNOVER)
    with pytest.raises(ValidationError, match="ange en annan grund"):
        drafting.change_status(member, requirement, "review", "")
    stated_kind_only = make_requirement(insights=[], basis_kind="law", basis="", **TURNOVER)
    with pytest.raises(ValidationError):
        drafting.change_status(member, stated_kind_only, "review", "")


def test_the_record_shows_the_basis_and_the_tender_document_does_not(make_requirement, approve, coordinator):
    approve(make_requirement(insights=[], basis_kind="policy", basis=BASIS, **TURNOVER))
    edition = freeze_edition(coordinator, "Utgåva 1.0", datetime.date(2026, 12, 1))
    record = pdf_text(render_record_pdf(edition_data(edition)))
    assert "Krav som vilar på annan grund" in record and f"policy eller beslut: {BASIS}" in record
    assert BASIS not in render_tender_html(edition_data(edition)).decode()


def test_the_form_takes_the_basis(client, member, area):
    login(client, member)
    response = client.post(reverse("requirement_create", args=[member.procurement_id]), {
        "area": area.pk, "title": "Ekonomisk stabilitet", "statement": TURNOVER["statement"],
        "kind": "qualification", "verification": "attach", "verifikat": TURNOVER["verifikat"],
        "basis_kind": "policy", "basis": BASIS, "comment": "Nytt",
    })
    assert response.status_code == 302
    from requirements_app.models import Requirement

    assert Requirement.objects.get().basis == BASIS


def test_editing_keeps_a_requirement_on_another_basis_out_of_draft_without_an_insight(client, make_requirement,
                                                                                       member):
    requirement = make_requirement(insights=[], basis_kind="policy", basis=BASIS, **TURNOVER)
    drafting.change_status(member, requirement, "review", "")
    login(client, member)
    data = {"area": requirement.area_id, "title": "Ekonomisk stabilitet", "statement": TURNOVER["statement"],
            "kind": "qualification", "verification": "attach", "verifikat": TURNOVER["verifikat"],
            "basis_kind": "policy", "basis": BASIS, "version": 1, "comment": "Förtydligat"}
    response = client.post(reverse("requirement_edit", args=[requirement.pk]), data)
    assert response.status_code == 302
    response = client.post(reverse("requirement_edit", args=[requirement.pk]), {**data, "basis": "", "version": 1})
    assert "ange en annan grund" in response.content.decode()
