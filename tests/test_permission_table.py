"""The permission table answers from the procurement's own settings: the
decision rule, who approves answers, and whether the award decision is made.
(tests/test_permissions.py asks the same table for every URL.)"""

import re

import pytest
from django.core.exceptions import PermissionDenied

from requirements_app import permissions
from requirements_app.models import Procurement
from requirements_app.permissions import Action


def test_an_expert_votes_only_when_the_decision_rule_counts_experts(expert):
    assert not expert.may(Action.VOTE)
    expert.procurement.expert_votes = Procurement.ExpertVotes.ADVISORY
    assert expert.may(Action.VOTE)


def test_only_the_coordinator_approves_answers_when_the_procurement_says_so(member, coordinator):
    assert member.may(Action.APPROVE_ANSWER) and coordinator.may(Action.APPROVE_ANSWER)
    member.procurement.answer_approvers = Procurement.AnswerApprovers.COORDINATOR
    assert not member.may(Action.APPROVE_ANSWER)


def test_members_see_the_tenders_only_as_evaluators_until_the_award_decision(member, coordinator, monkeypatch):
    assert not member.may(Action.SEE_TENDERS)
    member.evaluator = True
    assert member.may(Action.SEE_TENDERS) and member.may(Action.EVALUATE)
    member.evaluator = False
    monkeypatch.setattr(Procurement, "award_decided", True)
    assert member.may(Action.SEE_TENDERS) and not member.may(Action.EVALUATE)


def test_a_refusal_names_what_the_role_may_not_do(expert):
    with pytest.raises(PermissionDenied, match=re.escape(str(permissions.REFUSALS[Action.DRAFT]))):
        permissions.require(expert, Action.DRAFT)


def test_an_object_of_another_procurement_is_refused_even_to_the_coordinator(coordinator, other_procurement):
    with pytest.raises(PermissionDenied):
        permissions.require(coordinator, Action.COORDINATE, other_procurement.pk)
    permissions.require(coordinator, Action.COORDINATE, coordinator.procurement_id)


def test_no_membership_may_do_anything():
    assert not any(permissions.allows(None, action) for action in Action)


def test_every_action_has_a_rule():
    assert set(permissions.TABLE) == set(Action)
