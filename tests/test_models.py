import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from requirements_app.models import Area, Requirement


def test_number_is_area_code_and_two_digit_sequence(requirement):
    assert requirement.number == "LADD-01"


def test_database_refuses_weight_on_mandatory_requirement(requirement):
    with pytest.raises(IntegrityError), transaction.atomic():
        Requirement.objects.filter(pk=requirement.pk).update(weight=10)


def test_database_refuses_evaluated_requirement_without_weight(requirement):
    with pytest.raises(IntegrityError), transaction.atomic():
        Requirement.objects.filter(pk=requirement.pk).update(kind=Requirement.Kind.EVALUATED)


def test_database_refuses_two_requirements_with_one_number(requirement):
    twin = Requirement(area=requirement.area, seq=requirement.seq, title="x", statement="x", author=requirement.author)
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_model_validation_names_the_weight_field(requirement):
    requirement.kind = Requirement.Kind.EVALUATED
    with pytest.raises(ValidationError) as error:
        requirement.full_clean()
    assert "weight" in error.value.message_dict


def test_requirement_cannot_leave_draft_without_insight(requirement):
    with pytest.raises(ValidationError) as error:
        requirement.check_insights_for_status(Requirement.Status.REVIEW, [])
    assert "insights" in error.value.message_dict


def test_area_codes_are_unique_per_procurement(area):
    with pytest.raises(IntegrityError), transaction.atomic():
        Area.objects.create(procurement=area.procurement, code="LADD", name="Dubblett")


def test_with_number_finds_requirement_case_insensitively(requirement):
    assert list(Requirement.objects.with_number("ladd-1")) == [requirement]
    assert not Requirement.objects.with_number("nonsense").exists()


def test_an_insight_answered_only_by_a_withdrawn_requirement_is_unanswered(requirement, insight, other_insight):
    from requirements_app.models import Insight

    def answered():
        return {i.key: i.answered for i in Insight.objects.with_answered()}

    assert answered() == {insight.key: True, other_insight.key: False}
    Requirement.objects.filter(pk=requirement.pk).update(status=Requirement.Status.WITHDRAWN)
    assert answered() == {insight.key: False, other_insight.key: False}
