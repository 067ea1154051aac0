from django.urls import reverse

from requirements_app import comments, drafting
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


def test_adopting_a_proposed_wording_makes_the_next_version(client, expert, member, requirement):
    comment = comments.add_comment(expert, requirement, "Skarpare?", "Webbplatsen ska låta användaren låna i två steg.")
    login(client, member)
    client.post(reverse("suggestion_adopt", args=[comment.pk]), {"version": 1})
    requirement.refresh_from_db()
    comment.refresh_from_db()
    assert requirement.version_no == 2
    assert requirement.statement == "Webbplatsen ska låta användaren låna i två steg."
    assert comment.suggestion == Comment.Suggestion.ADOPTED
    assert "Sara" in requirement_versions(requirement).first().revision.get_comment()


def test_adopting_a_wording_on_a_stale_page_changes_nothing(client, expert, member, requirement):
    comment = comments.add_comment(expert, requirement, "Skarpare?", "Ny text.")
    from .conftest import edit

    edit(member, requirement, title="Annan")
    login(client, member)
    response = client.post(reverse("suggestion_adopt", args=[comment.pk]), {"version": 1}, follow=True)
    requirement.refresh_from_db()
    comment.refresh_from_db()
    assert requirement.statement != "Ny text."
    assert comment.suggestion == Comment.Suggestion.OPEN
    assert "Läs den nya versionen först" in response.content.decode()


def test_expert_cannot_adopt_their_own_wording(client, expert, requirement):
    comment = comments.add_comment(expert, requirement, "x", "Ny text.")
    login(client, expert)
    assert client.post(reverse("suggestion_adopt", args=[comment.pk]), {"version": 1}).status_code == 403


def test_handled_proposal_cannot_be_handled_again(expert, member, make_requirement):
    import pytest
    from django.core.exceptions import ValidationError

    proposal = make_requirement(by=expert)
    drafting.decide_proposal(member, proposal, adopt=True)
    with pytest.raises(ValidationError):
        drafting.decide_proposal(member, proposal, adopt=False)
