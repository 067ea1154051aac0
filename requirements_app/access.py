"""One access helper per object: 404 for anyone who is not a member of the
object's procurement, and the membership (the role) for everyone who is."""

from django.shortcuts import get_object_or_404

from .models import Insight, Membership, Requirement


def get_membership(request, procurement_pk):
    """The user's membership in a procurement; 404 (not 403) for outsiders, so
    they cannot tell which procurements exist."""
    return get_object_or_404(
        Membership.objects.for_user(request.user).select_related("procurement", "user"),
        procurement_id=procurement_pk,
    )


def get_requirement_for_user(request, pk):
    """(requirement, membership) for a member of the requirement's procurement, else 404."""
    requirement = get_object_or_404(Requirement.objects.select_related("area__procurement", "author"), pk=pk)
    return requirement, get_membership(request, requirement.area.procurement_id)


def get_insight_for_user(request, pk):
    """(insight, membership) for a member of the insight's procurement, else 404."""
    insight = get_object_or_404(Insight.objects.select_related("workshop__procurement"), pk=pk)
    return insight, get_membership(request, insight.workshop.procurement_id)


def get_question_for_user(request, pk):
    """(question, membership) for a member of the question's procurement, else 404."""
    from .models import Question

    question = get_object_or_404(Question.objects.select_related("procurement", "batch", "revises"), pk=pk)
    return question, get_membership(request, question.procurement_id)
