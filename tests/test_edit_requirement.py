import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from requirements_app.drafting import requirements as drafting
from requirements_app.models import Requirement
from requirements_app.versions import requirement_versions

from .conftest import login


def edit_data(requirement, **overrides):
    data = {
        "title": requirement.title,
        "statement": requirement.statement,
        "rationale": requirement.rationale,
        "kind": requirement.kind,
        "weight": requirement.weight or "",
        "verification": requirement.verification,
        "insights": [i.pk for i in requirement.insights.all()],
        "references": requirement.references,
        "comment": "Förtydligat",
        "version": requirement.version_no,
    }
    data.update(overrides)
    return data


def test_edit_saves_next_version_with_user_and_comment(client, member, requirement):
    login(client, member)
    response = client.post(
        reverse("requirement_edit", args=[requirement.pk]), edit_data(requirement, title="Låna e-ljudböcker")
    )
    assert response.status_code == 302
    requirement.refresh_from_db()
    assert requirement.title == "Låna e-ljudböcker"
    assert requirement.version_no == 2
    newest = requirement_versions(requirement).first()
    assert newest.revision.get_comment() == "Förtydligat"
    assert newest.field_dict["title"] == "Låna e-ljudböcker"


def test_second_editor_is_refused_and_keeps_their_text(client, member, second_member, requirement):
    # Fatima opens the form at version 1, Anders saves first.
    opened_at = requirement.version_no
    drafting.save_requirement(
        member, requirement, opened_at,
        {**{f: getattr(requirement, f) for f in Requirement.CONTENT_FIELDS}, "title": "Anders rubrik"},
        [*requirement.insights.all()], "Anders ändring",
    )
    login(client, second_member)
    response = client.post(
        reverse("requirement_edit", args=[requirement.pk]),
        edit_data(requirement, title="Fatimas rubrik", version=opened_at),
    )
    html = response.content.decode()
    assert response.status_code == 200
    requirement.refresh_from_db()
    assert requirement.title == "Anders rubrik"
    assert requirement.version_no == 2
    assert "Inte sparat: Anders sparade först" in html
    assert "sparade Anders LADD-01 som version 2" in html
    assert 'value="Fatimas rubrik"' in html  # her text is kept in the form
    assert "<ins><span class=\"visually-hidden\">[tillagt:] </span>Anders rubrik</ins>" in html  # his change
    assert response.context["form"]["version"].value() == 2


def test_saving_again_after_a_conflict_is_a_deliberate_overwrite(client, member, second_member, requirement):
    drafting.save_requirement(
        member, requirement, 1,
        {**{f: getattr(requirement, f) for f in Requirement.CONTENT_FIELDS}, "title": "Anders rubrik"},
        [*requirement.insights.all()], "Anders ändring",
    )
    login(client, second_member)
    client.post(reverse("requirement_edit", args=[requirement.pk]), edit_data(requirement, title="Fatima", version=2))
    requirement.refresh_from_db()
    assert requirement.title == "Fatima"
    assert requirement.version_no == 3


def test_forged_version_number_is_a_conflict_not_a_500(client, member, requirement):
    login(client, member)
    response = client.post(reverse("requirement_edit", args=[requirement.pk]), edit_data(requirement, version="999"))
    assert response.status_code == 200
    assert response.context["conflict"]["diff"] is None
    requirement.refresh_from_db()
    assert requirement.version_no == 1


def test_edit_in_review_without_insights_is_refused(client, member, requirement):
    drafting.change_status(member, requirement, Requirement.Status.REVIEW, "")
    login(client, member)
    response = client.post(reverse("requirement_edit", args=[requirement.pk]), edit_data(requirement, insights=[]))
    assert "insights" in response.context["form"].errors
    assert requirement.insights.exists()


def test_editing_approved_requirement_sends_it_back_to_review_only_when_confirmed(member, requirement):
    Requirement.objects.filter(pk=requirement.pk).update(status=Requirement.Status.APPROVED)
    requirement.refresh_from_db()
    content = {f: getattr(requirement, f) for f in Requirement.CONTENT_FIELDS}
    with pytest.raises(ValidationError):
        drafting.save_requirement(member, requirement, 1, {**content, "title": "Ny"}, [*requirement.insights.all()], "x")
    requirement.refresh_from_db()
    assert (requirement.status, requirement.version_no) == (Requirement.Status.APPROVED, 1)
    saved = drafting.save_requirement(
        member, requirement, 1, {**content, "title": "Ny"}, [*requirement.insights.all()], "x", reopen_decided=True
    )
    assert (saved.status, saved.version_no) == (Requirement.Status.REVIEW, 2)


def test_withdrawn_requirement_cannot_be_edited(client, member, requirement):
    drafting.change_status(member, requirement, Requirement.Status.WITHDRAWN, "Ersatt")
    login(client, member)
    response = client.post(reverse("requirement_edit", args=[requirement.pk]), edit_data(requirement, title="Nej"))
    assert response.status_code == 302
    requirement.refresh_from_db()
    assert requirement.title != "Nej"


def test_expert_cannot_edit_requirement(client, expert, requirement):
    login(client, expert)
    response = client.post(reverse("requirement_edit", args=[requirement.pk]), edit_data(requirement, title="Expert"))
    assert response.status_code == 403
    requirement.refresh_from_db()
    assert requirement.title != "Expert"


def test_saving_without_a_change_says_nothing_changed(client, member, requirement):
    login(client, member)
    response = client.post(
        reverse("requirement_edit", args=[requirement.pk]),
        edit_data(requirement, statement=requirement.statement.replace(" ", "  \r\n", 0) + "  "), follow=True,
    )
    assert "Inget ändrades: LADD-01 är fortfarande version 1." in response.content.decode()
    assert requirement_versions(requirement).count() == 1


def test_editing_an_approved_requirement_warns_and_asks_for_confirmation(client, member, requirement, approve):
    approve(requirement)
    login(client, member)
    url = reverse("requirement_edit", args=[requirement.pk])
    html = client.get(url).content.decode()
    assert "LADD-01 är fastställt" in html and "finns beslutet kvar i beslutsloggen" in html
    assert "kommer kravet inte med i nästa utgåva" in html
    response = client.post(url, edit_data(requirement, title="En mening till"))
    assert "confirm_reopen" in response.context["form"].errors
    requirement.refresh_from_db()
    assert (requirement.status, requirement.version_no) == (Requirement.Status.APPROVED, 1)
    client.post(url, edit_data(requirement, title="En mening till", confirm_reopen="on"))
    requirement.refresh_from_db()
    assert (requirement.status, requirement.version_no) == (Requirement.Status.REVIEW, 2)
    assert requirement.decisions.get().version_no == 1
