"""The tally follows the decision rule in force: changing it recounts."""

import pytest
from django.urls import reverse

from requirements_app.deliberation import decisions
from requirements_app.models import Membership, Procurement

from .conftest import login, make_user


@pytest.fixture
def three_experts_voted_yes(procurement, in_review):
    Procurement.objects.filter(pk=procurement.pk).update(expert_votes=Procurement.ExpertVotes.COUNTED)
    in_review.area.procurement.refresh_from_db()
    experts = [Membership.objects.create(procurement=procurement, user=make_user(f"expert{n}"),
                                         role=Membership.Role.EXPERT) for n in range(3)]
    for expert in experts:
        expert.procurement.refresh_from_db()
        decisions.cast_vote(expert, in_review, 1, "yes")
    return in_review


def test_experts_no_longer_voting_are_left_out_of_the_tally(client, coordinator, three_experts_voted_yes):
    requirement = three_experts_voted_yes
    assert decisions.tally(requirement).counts == (3, 0, 0)
    login(client, coordinator)
    client.post(reverse("decision_rule", args=[coordinator.procurement_id]),
                {"quorum": 3, "threshold": "majority", "expert_votes": "none", "answer_approvers": "working_group",
                 "signatures_required": 2})
    requirement.area.procurement.refresh_from_db()
    assert decisions.tally(requirement).counts == (0, 0, 0)
    html = client.get(requirement.get_absolute_url()).content.decode()
    assert "0 ja, 0 nej, 0 avstår" in html


def test_a_decision_on_the_old_tally_is_refused_after_the_rule_changed(coordinator, three_experts_voted_yes):
    requirement = three_experts_voted_yes
    Procurement.objects.filter(pk=coordinator.procurement_id).update(expert_votes=Procurement.ExpertVotes.NONE)
    with pytest.raises(decisions.StaleTally):
        decisions.record_decision(coordinator, requirement, 1, (3, 0, 0))
    assert not requirement.decisions.exists()


def test_advisory_experts_are_shown_apart_and_the_decision_names_the_rule(
        coordinator, member, second_member, third_member, three_experts_voted_yes):
    requirement = three_experts_voted_yes
    Procurement.objects.filter(pk=coordinator.procurement_id).update(expert_votes=Procurement.ExpertVotes.ADVISORY)
    for voter in (member, second_member, third_member):
        decisions.cast_vote(voter, requirement, 1, "no", "Otydligt")
    requirement.area.procurement.refresh_from_db()
    tally = decisions.tally(requirement)
    assert (tally.counts, tally.advisory["yes"]) == ((0, 3, 0), 3)
    decision = decisions.record_decision(coordinator, requirement, 1, (0, 3, 0))
    assert decision.outcome == "rejected" and "experter röstar rådgivande" in decision.rule
