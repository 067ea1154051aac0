import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from requirements_app.deliberation import decisions
from requirements_app.deliberation.decisions import StaleTally, Tally
from requirements_app.models import Decision, Procurement, Requirement
from requirements_app.versions import requirement_versions

from .conftest import edit, login


@pytest.fixture
def voted(in_review, member, second_member, third_member, coordinator):
    decisions.cast_vote(member, in_review, 1, "yes")
    decisions.cast_vote(second_member, in_review, 1, "yes")
    decisions.cast_vote(third_member, in_review, 1, "no", "Tre steg är för många för Göta, 92.")
    return in_review


@pytest.mark.parametrize(
    "threshold, yes, no, passes",
    [
        ("majority", 2, 1, True), ("majority", 1, 1, False),
        ("two_thirds", 2, 1, True), ("two_thirds", 3, 2, False),
        ("unanimous", 3, 0, True), ("unanimous", 3, 1, False), ("unanimous", 0, 0, False),
    ],
)
def test_threshold(threshold, yes, no, passes):
    tally = Tally(procurement=Procurement(threshold=threshold, quorum=1), yes=yes, no=no, abstain=2)
    assert tally.passes is passes


def test_coordinator_records_the_decision_with_tally_dissent_and_version(client, coordinator, voted):
    login(client, coordinator)
    response = client.post(reverse("decide", args=[voted.pk]), {"version": 1, "yes": 2, "no": 1, "abstain": 0, "note": "Enligt regel"})
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert (decision.version_no, decision.outcome, decision.tally) == (1, "approved", "2–1–0")
    assert "Tre steg är för många" in decision.dissent and "Eva" in decision.dissent
    assert decision.recorded_by == coordinator.user
    assert "minst 3 röster" in decision.rule
    voted.refresh_from_db()
    assert voted.status == Requirement.Status.APPROVED
    assert requirement_versions(voted).first().revision.get_comment() == "Beslut: fastställt (2–1–0)"


def test_decision_below_quorum_is_refused(coordinator, member, in_review):
    decisions.cast_vote(member, in_review, 1, "yes")
    with pytest.raises(ValidationError):
        decisions.record_decision(coordinator, in_review, 1, (1, 0, 0))
    assert not Decision.objects.exists()


def test_majority_of_no_records_a_rejection(coordinator, member, second_member, third_member, in_review):
    decisions.cast_vote(member, in_review, 1, "no", "Vagt")
    decisions.cast_vote(second_member, in_review, 1, "no", "Vagt")
    decisions.cast_vote(third_member, in_review, 1, "abstain")
    decision = decisions.record_decision(coordinator, in_review, 1, (0, 2, 1))
    in_review.refresh_from_db()
    assert decision.outcome == in_review.status == Requirement.Status.REJECTED


def test_decision_on_a_stale_tally_is_refused(client, coordinator, voted, member):
    decisions.cast_vote(member, voted, 1, "no", "Ändrat mig")  # after the coordinator loaded the page
    login(client, coordinator)
    response = client.post(reverse("decide", args=[voted.pk]), {"version": 1, "yes": 2, "no": 1, "abstain": 0}, follow=True)
    assert "Rösterna eller texten ändrades" in response.content.decode()
    assert not Decision.objects.exists()


def test_decision_on_an_old_version_is_refused(coordinator, voted, member):
    edit(member, voted, title="Ny rubrik")
    with pytest.raises(StaleTally):
        decisions.record_decision(coordinator, voted, 1, (2, 1, 0))


def test_member_cannot_record_a_decision(member, voted):
    with pytest.raises(PermissionDenied):
        decisions.record_decision(member, voted, 1, (2, 1, 0))


def test_decided_requirement_takes_no_votes(coordinator, voted, member):
    decisions.record_decision(coordinator, voted, 1, (2, 1, 0))
    with pytest.raises(ValidationError):
        decisions.cast_vote(member, voted, 1, "no", "Sent")


def test_editing_an_approved_requirement_reopens_review_and_keeps_the_decision(coordinator, voted, member):
    decisions.record_decision(coordinator, voted, 1, (2, 1, 0))
    edit(member, voted, statement="Webbplatsen ska låta användaren låna i två steg.")
    voted.refresh_from_db()
    assert (voted.status, voted.version_no) == (Requirement.Status.REVIEW, 2)
    assert Decision.objects.get().version_no == 1
    assert decisions.tally(voted).cast == 0


def test_decision_log_lists_decisions_in_date_order(client, coordinator, voted, expert, django_assert_max_num_queries):
    decisions.record_decision(coordinator, voted, 1, (2, 1, 0))
    login(client, expert)
    with django_assert_max_num_queries(14):  # +2: the navigation's count badge; +7: kravgranskning and the evaluation model
        response = client.get(reverse("decision_log", args=[voted.area.procurement_id]))
    html = response.content.decode()
    assert "LADD-01" in html and "2–1–0" in html and "Tre steg är för många" in html


def test_coordinator_changes_the_decision_rule(client, coordinator, procurement):
    login(client, coordinator)
    client.post(reverse("decision_rule", args=[procurement.pk]), {"quorum": 4, "threshold": "two_thirds", "expert_votes": "advisory", "answer_approvers": "working_group",
                 "signatures_required": 2})
    procurement.refresh_from_db()
    assert (procurement.quorum, procurement.threshold, procurement.expert_votes) == (4, "two_thirds", "advisory")


def test_quorum_of_zero_is_refused(client, coordinator, procurement):
    login(client, coordinator)
    response = client.post(reverse("decision_rule", args=[procurement.pk]), {"quorum": 0, "threshold": "majority", "expert_votes": "none", "answer_approvers": "working_group",
                 "signatures_required": 2})
    assert response.status_code == 200 and "quorum" in response.context["form"].errors


def test_requirement_page_query_count_is_bounded(client, coordinator, voted, expert, django_assert_max_num_queries):
    from requirements_app.deliberation import comments

    for n in range(5):
        thread = comments.add_comment(expert, voted, f"Fråga {n}")
        comments.reply(coordinator, thread, "Svar")
    login(client, coordinator)
    with django_assert_max_num_queries(20):  # +6: kravgranskning (the others, insights, words, definitions, dismissals, the model)
        response = client.get(voted.get_absolute_url())
    assert response.status_code == 200
