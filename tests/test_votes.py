import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from requirements_app.deliberation import decisions
from requirements_app.drafting import requirements as drafting
from requirements_app.models import Procurement, Requirement, Vote

from .conftest import edit, login


def test_member_votes_on_the_current_version(client, member, in_review):
    login(client, member)
    response = client.post(reverse("vote", args=[in_review.pk]), {"choice": "yes", "version": 1})
    assert response.status_code == 302
    vote = Vote.objects.get()
    assert (vote.voter, vote.version_no, vote.choice) == (member.user, 1, "yes")


def test_no_without_reason_is_refused_with_a_field_error(client, member, in_review):
    login(client, member)
    response = client.post(reverse("vote", args=[in_review.pk]), {"choice": "no", "reason": " ", "version": 1})
    assert response.status_code == 400
    assert "Ange ett skäl när du röstar nej." in response.content.decode()
    assert not Vote.objects.exists()


def test_database_refuses_no_vote_without_reason(member, in_review):
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(requirement=in_review, version_no=1, voter=member.user, choice="no", reason="")


def test_database_refuses_a_second_vote_on_the_same_version(member, in_review):
    Vote.objects.create(requirement=in_review, version_no=1, voter=member.user, choice="yes")
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(requirement=in_review, version_no=1, voter=member.user, choice="no", reason="x")


def test_voter_may_change_their_vote_until_the_decision(member, in_review):
    decisions.cast_vote(member, in_review, 1, "yes")
    decisions.cast_vote(member, in_review, 1, "no", "För vagt")
    assert list(Vote.objects.values_list("choice", "reason")) == [("no", "För vagt")]


def test_edit_makes_earlier_votes_stale_and_the_voter_is_told(client, member, second_member, in_review):
    decisions.cast_vote(second_member, in_review, 1, "yes")
    edit(member, in_review, statement="Webbplatsen ska låta användaren låna i två steg.")
    in_review.refresh_from_db()
    assert decisions.tally(in_review).cast == 0
    assert Vote.objects.filter(version_no=1).count() == 1  # kept in the history
    login(client, second_member)
    html = client.get(in_review.get_absolute_url()).content.decode()
    assert "Du röstade ja på version 1" in html and "räknas inte längre" in html


def test_vote_with_a_forged_or_stale_version_is_refused(client, member, in_review):
    login(client, member)
    response = client.post(reverse("vote", args=[in_review.pk]), {"choice": "yes", "version": 7}, follow=True)
    assert "har ändrats till version 1" in response.content.decode()
    assert not Vote.objects.exists()


def test_withdrawn_requirement_takes_no_votes(client, member, in_review):
    drafting.change_status(member, in_review, Requirement.Status.WITHDRAWN, "")
    login(client, member)
    response = client.post(reverse("vote", args=[in_review.pk]), {"choice": "yes", "version": 1}, follow=True)
    assert "återkallat och kan inte röstas om" in response.content.decode()
    assert not Vote.objects.exists()


def test_draft_takes_no_votes(member, requirement):
    with pytest.raises(ValidationError):
        decisions.cast_vote(member, requirement, 1, "yes")


def test_expert_does_not_vote_by_default(client, expert, in_review):
    login(client, expert)
    assert client.post(reverse("vote", args=[in_review.pk]), {"choice": "yes", "version": 1}).status_code == 403
    with pytest.raises(PermissionDenied):
        decisions.cast_vote(expert, in_review, 1, "yes")


def test_advisory_expert_vote_is_shown_apart_and_not_counted(expert, member, in_review, procurement):
    Procurement.objects.filter(pk=procurement.pk).update(expert_votes=Procurement.ExpertVotes.ADVISORY)
    expert.procurement.refresh_from_db()
    decisions.cast_vote(expert, in_review, 1, "no", "Otydligt")
    decisions.cast_vote(member, in_review, 1, "yes")
    in_review.area.procurement.refresh_from_db()
    tally = decisions.tally(in_review)
    assert tally.counts == (1, 0, 0)
    assert tally.advisory == {"yes": 0, "no": 1, "abstain": 0}
    assert tally.dissent == []


def test_a_vote_is_its_own_record_and_adds_nothing_to_the_requirements_history(member, in_review):
    from reversion.models import Version

    before = Version.objects.get_for_object(in_review).count()
    decisions.cast_vote(member, in_review, in_review.version_no, Vote.Choice.YES)
    decisions.cast_vote(member, in_review, in_review.version_no, Vote.Choice.NO, "För vagt.")
    assert Version.objects.get_for_object(in_review).count() == before
    assert Vote.objects.get(requirement=in_review, voter=member.user).choice == Vote.Choice.NO


def test_a_comment_pins_the_version_current_when_it_is_written(member, in_review):
    from requirements_app.deliberation.comments import add_comment

    stale = Requirement.objects.get(pk=in_review.pk)
    edit(member, in_review, statement="Webbplatsen ska visa en ny text.")
    comment = add_comment(member, stale, "Bra.")
    assert comment.version_no == Requirement.objects.get(pk=in_review.pk).version_no == stale.version_no + 1
