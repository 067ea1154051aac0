from django.urls import reverse

from requirements_app.deliberation import comments
from requirements_app.drafting import requirements as drafting
from requirements_app.models import Comment, Requirement
from requirements_app.versions import requirement_versions

from .conftest import login


def test_expert_proposes_a_requirement_as_a_credited_draft(client, expert, area, insight):
    login(client, expert)
    client.post(
        reverse("requirement_create", args=[area.procurement_id]),
        {
            "area": area.pk, "title": "Tal", "statement": "Webbplatsen bör läsa upp text.", "kind": "mandatory",
            "verification": "demonstrate", "insights": [insight.pk], "comment": "Förslag",
        },
    )
    proposal = Requirement.objects.get()
    assert proposal.status == Requirement.Status.DRAFT
    assert proposal.proposed_by == expert.user
    assert proposal.is_pending_proposal


def test_pending_proposal_cannot_be_sent_for_review(client, expert, member, make_requirement):
    proposal = make_requirement(by=expert)
    login(client, member)
    client.post(reverse("requirement_status", args=[proposal.pk, "submit"]))
    proposal.refresh_from_db()
    assert proposal.status == Requirement.Status.DRAFT


def test_working_group_adopts_the_proposal_and_the_expert_stays_credited(client, expert, member, make_requirement):
    proposal = make_requirement(by=expert)
    login(client, member)
    client.post(reverse("proposal_adopt", args=[proposal.pk]))
    proposal.refresh_from_db()
    assert proposal.proposal == Requirement.Proposal.ADOPTED
    assert proposal.proposed_by == expert.user
    assert "Föreslaget av Sara" in client.get(proposal.get_absolute_url()).content.decode()


def test_declined_proposal_is_withdrawn_and_kept(client, expert, member, make_requirement):
    proposal = make_requirement(by=expert)
    login(client, member)
    client.post(reverse("proposal_decline", args=[proposal.pk]))
    proposal.refresh_from_db()
    assert (proposal.status, proposal.proposal) == (Requirement.Status.WITHDRAWN, Requirement.Proposal.DECLINED)


def edit_form(requirement, **changes):
    return {
        "title": requirement.title, "statement": requirement.statement, "rationale": requirement.rationale,
        "kind": requirement.kind, "verification": requirement.verification, "references": requirement.references,
        "insights": [i.pk for i in requirement.insights.all()], "comment": "Ändrat", "version": requirement.version_no,
        **changes,
    }


def test_adopting_a_wording_opens_the_edit_form_with_the_proposal_and_its_diff(client, expert, member, requirement):
    comment = comments.add_comment(
        expert, requirement, "Skarpare?", "Webbplatsen ska låta en inloggad användare låna en e-bok i högst två steg.")
    login(client, member)
    response = client.get(reverse("requirement_edit", args=[requirement.pk]), {"forslag": comment.pk})
    html = response.content.decode()
    assert response.context["form"]["statement"].value() == comment.suggested_statement
    assert "Antog formuleringen som Sara föreslog" in response.context["form"]["comment"].value()
    assert "<del><span class=\"visually-hidden\">[borttaget:] </span>tre</del>" in html
    assert requirement_versions(requirement).count() == 1  # nothing adopted by opening the form


def test_the_working_group_edits_the_wording_before_adopting_it(client, expert, member, requirement):
    comment = comments.add_comment(expert, requirement, "Skarpare?", "Webbplatsen ska låta användaren låna i två steg.")
    login(client, member)
    edited = "Webbplatsen ska låta användaren låna e-böcker och e-ljudböcker i två steg."
    client.post(reverse("requirement_edit", args=[requirement.pk]),
                edit_form(requirement, statement=edited, suggestion=comment.pk, comment="Vår version"))
    requirement.refresh_from_db()
    comment.refresh_from_db()
    assert (requirement.version_no, requirement.statement) == (2, edited)
    assert comment.suggestion == Comment.Suggestion.ADOPTED
    assert requirement_versions(requirement).first().revision.get_comment() == (
        "Vår version (Antog formuleringen som Sara föreslog)")


def test_adopting_a_wording_on_a_stale_page_changes_nothing(client, expert, member, requirement):
    comment = comments.add_comment(expert, requirement, "Skarpare?", "Ny text.")
    from .conftest import edit

    edit(member, requirement, title="Annan")
    login(client, member)
    stale = edit_form(requirement, statement="Ny text.", suggestion=comment.pk, version=1)
    response = client.post(reverse("requirement_edit", args=[requirement.pk]), stale)
    requirement.refresh_from_db()
    comment.refresh_from_db()
    assert requirement.statement != "Ny text."
    assert comment.suggestion == Comment.Suggestion.OPEN
    assert response.context["conflict"]["saved_by"] == "Anders"


def test_expert_cannot_adopt_their_own_wording(client, expert, requirement):
    comment = comments.add_comment(expert, requirement, "x", "Ny text.")
    login(client, expert)
    response = client.post(reverse("requirement_edit", args=[requirement.pk]),
                           edit_form(requirement, statement="Ny text.", suggestion=comment.pk))
    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.suggestion == Comment.Suggestion.OPEN


def test_declining_a_wording_keeps_it_on_record(client, expert, member, requirement):
    comment = comments.add_comment(expert, requirement, "x", "Ny text.")
    login(client, member)
    client.post(reverse("suggestion_decline", args=[comment.pk]))
    comment.refresh_from_db()
    assert comment.suggestion == Comment.Suggestion.DECLINED
    assert client.post(reverse("suggestion_decline", args=[comment.pk]), follow=True).status_code == 200


def test_handled_proposal_cannot_be_handled_again(expert, member, make_requirement):
    import pytest
    from django.core.exceptions import ValidationError

    proposal = make_requirement(by=expert)
    drafting.decide_proposal(member, proposal, adopt=True)
    with pytest.raises(ValidationError):
        drafting.decide_proposal(member, proposal, adopt=False)
