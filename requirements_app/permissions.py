"""Who may do what in a procurement: the one table that the services, the
views, the templates (through `Membership`) and the permission matrix test ask.

A rule reads only the membership (its role, whether it evaluates) and its
procurement's settings (the decision rule, who approves answers, whether the
award decision is made). Pure: imports no models, so the models can ask it too.
"""

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _


class Role(TextChoices):
    COORDINATOR = "coordinator", _("coordinator")
    WORKING_GROUP = "working_group", _("working group")
    EXPERT = "expert", _("expert")


class Action(StrEnum):
    READ = "read"  # see the procurement: requirements, documents, terms, decisions
    COMMENT = "comment"  # comment, reply, declare one's own interests
    PROPOSE = "propose"  # add a requirement (an expert's is a proposal the working group handles)
    DRAFT = "draft"  # write requirements, sections, definitions and answers; import; triage
    SIGN = "sign"  # sign a publication edition after entering the password again
    VOTE = "vote"  # on a requirement's current version, as the decision rule counts it
    APPROVE_ANSWER = "approve_answer"  # publishable answers to suppliers' questions
    COORDINATE = "coordinate"  # areas, terms, parties, the rule, decisions, freezing, questions, the award
    EVALUATE = "evaluate"  # record anything about the tenders received
    SEE_TENDERS = "see_tenders"  # see that tenders exist and read them


DRAFTERS = {Role.COORDINATOR, Role.WORKING_GROUP}


def _approves_answers(membership):
    if membership.procurement.answer_approvers == "coordinator":
        return membership.role == Role.COORDINATOR
    return membership.role in DRAFTERS


TABLE = {
    Action.READ: lambda m: True,
    Action.COMMENT: lambda m: True,
    Action.PROPOSE: lambda m: True,
    Action.DRAFT: lambda m: m.role in DRAFTERS,
    Action.SIGN: lambda m: m.role in DRAFTERS,
    Action.VOTE: lambda m: m.procurement.vote_weight(m.role) is not None,
    Action.APPROVE_ANSWER: _approves_answers,
    Action.COORDINATE: lambda m: m.role == Role.COORDINATOR,
    Action.EVALUATE: lambda m: m.evaluator,
    # Tenders are secret until the award decision (OSL 19 kap. 3 §); after it every
    # member may read them (each access is still logged).
    Action.SEE_TENDERS: lambda m: m.evaluator or m.procurement.award_decided,
}

# What a refusal says, unless the service says something more precise.
REFUSALS = {
    Action.DRAFT: _("Only the coordinator and the working group may edit requirements."),
    Action.SIGN: _("The coordinator and the working group sign editions."),
    Action.VOTE: _("Your role does not vote on requirements in this procurement."),
    Action.APPROVE_ANSWER: _("You may not approve answers in this procurement."),
    Action.COORDINATE: _("Only the coordinator may do this."),
    Action.EVALUATE: _("Only an evaluator of this procurement handles the tenders."),
}

# Refused as if the page did not exist (404, not 403): not even their existence is told.
HIDDEN = {Action.SEE_TENDERS}


def allows(membership, action):
    """Whether `membership` may do `action` in its procurement (False for no membership)."""
    return membership is not None and TABLE[action](membership)


def require(membership, action, procurement_id=None, message=None):
    """PermissionDenied unless `membership` may do `action`, in the procurement
    `procurement_id` when one is given (an object of another procurement)."""
    if not allows(membership, action):
        raise PermissionDenied(message or REFUSALS.get(action, ""))
    if procurement_id is not None and procurement_id != membership.procurement_id:
        raise PermissionDenied
