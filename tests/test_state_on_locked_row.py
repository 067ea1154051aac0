"""Every state change checks the state on the row it locked, not on the object
it was handed: a page read before a rejection or a withdrawal cannot slip an
edit, a restore or an adoption past it."""

import pytest
from django.core.exceptions import ValidationError

from requirements_app.deliberation import comments, decisions
from requirements_app.drafting import requirements as drafting
from requirements_app.models import Comment, Requirement
from requirements_app.versions import requirement_versions
from requirements_app.writes import EditConflict

from .conftest import edit


def content_of(requirement, **changes):
    return {**{f: getattr(requirement, f) for f in Requirement.CONTENT_FIELDS}, **changes}


@pytest.fixture
def rejected_after_reading(in_review, member, second_member, third_member, coordinator):
    """(the requirement as an editor's page read it, in review) — then it was rejected."""
    stale = Requirement.objects.get(pk=in_review.pk)
    for voter in (member, second_member, third_member):
        decisions.cast_vote(voter, in_review, 1, "no", "Otydligt")
    decisions.record_decision(coordinator, in_review, 1, (0, 3, 0))
    return stale


def test_an_edit_read_before_a_rejection_is_refused(member, rejected_after_reading):
    stale = rejected_after_reading
    with pytest.raises(ValidationError):
        drafting.save_requirement(member, stale, stale.version_no, content_of(stale, title="Ny"), list(stale.insights.all()), "x")
    current = Requirement.objects.get(pk=stale.pk)
    assert (current.status, current.title, current.version_no) == (Requirement.Status.REJECTED, stale.title, 1)


def test_an_edit_read_before_a_withdrawal_is_refused(member, requirement):
    stale = Requirement.objects.get(pk=requirement.pk)
    drafting.change_status(member, requirement, Requirement.Status.WITHDRAWN, "Ersatt")
    with pytest.raises(ValidationError):
        drafting.save_requirement(member, stale, 1, content_of(stale, statement="Ny text"), list(stale.insights.all()), "x")
    assert Requirement.objects.get(pk=stale.pk).statement == stale.statement


def test_a_restore_read_before_a_rejection_is_refused(member, rejected_after_reading):
    stale = rejected_after_reading
    version = requirement_versions(stale).last()
    with pytest.raises(ValidationError):
        drafting.restore_version(member, stale, version, stale.version_no)


def test_adopting_a_wording_after_a_withdrawal_is_refused_and_leaves_it_open(member, expert, requirement):
    suggestion = comments.add_comment(expert, requirement, "Bättre så här", "Webbplatsen ska låta användaren låna e-ljudböcker.")
    drafting.change_status(member, requirement, Requirement.Status.WITHDRAWN, "Ersatt")
    with pytest.raises(ValidationError):
        comments.adopt_suggestion(member, suggestion, 1, content_of(requirement, statement=suggestion.suggested_statement),
                                  list(requirement.insights.all()), "Antar")
    suggestion.refresh_from_db()
    assert suggestion.suggestion == Comment.Suggestion.OPEN
    assert Requirement.objects.get(pk=requirement.pk).version_no == 1


def test_a_suggestion_handled_by_someone_else_is_not_handled_again(member, second_member, expert, requirement):
    suggestion = comments.add_comment(expert, requirement, "Förslag", "Webbplatsen ska låta användaren låna e-ljudböcker.")
    stale = Comment.objects.get(pk=suggestion.pk)
    comments.decline_suggestion(second_member, suggestion)
    with pytest.raises(ValidationError):
        comments.adopt_suggestion(member, stale, 1, content_of(requirement, statement=stale.suggested_statement),
                                  list(requirement.insights.all()), "Antar")
    assert Requirement.objects.get(pk=requirement.pk).version_no == 1


def test_a_vote_read_before_a_withdrawal_is_refused(member, second_member, in_review):
    stale = Requirement.objects.get(pk=in_review.pk)
    drafting.change_status(member, in_review, Requirement.Status.WITHDRAWN, "Ersatt")
    with pytest.raises(ValidationError):
        decisions.cast_vote(second_member, stale, 1, "yes")


def test_a_decision_read_before_a_withdrawal_is_refused(member, second_member, third_member, coordinator, in_review):
    for voter in (member, second_member, third_member):
        decisions.cast_vote(voter, in_review, 1, "yes")
    stale = Requirement.objects.get(pk=in_review.pk)
    drafting.change_status(member, in_review, Requirement.Status.WITHDRAWN, "Ersatt")
    with pytest.raises(ValidationError):
        decisions.record_decision(coordinator, stale, 1, (3, 0, 0))
    assert Requirement.objects.get(pk=in_review.pk).status == Requirement.Status.WITHDRAWN


def test_adopting_a_proposal_twice_is_refused(member, second_member, expert, area, insight):
    proposal = drafting.create_requirement(
        expert, area, {"title": "Förslag", "statement": "Webbplatsen ska …", "rationale": "", "kind": "mandatory",
                       "weight": None, "verification": "confirm", "references": ""}, [insight], "Förslag")
    stale = Requirement.objects.get(pk=proposal.pk)
    drafting.decide_proposal(second_member, proposal, adopt=False)
    with pytest.raises(ValidationError):
        drafting.decide_proposal(member, stale, adopt=True)
    assert Requirement.objects.get(pk=proposal.pk).status == Requirement.Status.WITHDRAWN


def test_an_unchanged_save_writes_no_version_and_keeps_the_votes(member, second_member, in_review):
    decisions.cast_vote(second_member, in_review, 1, "yes")
    stored = requirement_versions(in_review).count()
    saved = edit(member, in_review)
    assert saved.version_no == 1
    assert requirement_versions(in_review).count() == stored
    assert decisions.tally(saved).counts == (1, 0, 0)


def test_a_save_that_differs_only_in_line_breaks_and_spaces_is_unchanged(member, make_requirement):
    requirement = make_requirement(statement="Första stycket.\n\nAndra stycket.")
    saved = edit(member, requirement, statement="Första stycket.  \r\n\r\nAndra stycket. ", title=f"  {requirement.title}\r\n")
    assert saved.version_no == 1 and requirement_versions(requirement).count() == 1


def test_restoring_a_version_identical_to_the_current_one_changes_nothing(member, requirement):
    edit(member, requirement, title="Andra")
    edit(member, requirement, title=requirement.title)
    version_one = requirement_versions(requirement).last()
    with pytest.raises(EditConflict):
        drafting.restore_version(member, requirement, version_one, 2)
    saved = drafting.restore_version(member, requirement, version_one, 3)
    assert saved.version_no == 3
