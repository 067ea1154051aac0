"""Settings that change what the workbench decides are versioned like
requirements: the decision rule, the areas, the evaluation model (with a
compare-and-set), and a definition's removal."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from reversion.models import Version

from requirements_app.deliberation import decisions
from requirements_app.drafting import requirements as drafting
from requirements_app.evaluation import comparison as evaluation
from requirements_app.models import Area, EvaluationModel, Procurement

from .conftest import login


def test_changing_the_decision_rule_leaves_a_revision_with_the_rule_before_and_after(client, coordinator):
    login(client, coordinator)
    client.post(reverse("decision_rule", args=[coordinator.procurement_id]),
                {"quorum": 4, "threshold": "majority", "expert_votes": "none", "answer_approvers": "working_group",
                 "signatures_required": 2})
    procurement = Procurement.objects.get(pk=coordinator.procurement_id)
    version = Version.objects.get_for_object(procurement).get()
    assert version.field_dict["quorum"] == 4 and version.revision.user == coordinator.user
    assert "från ”minst 3 röster" in version.revision.comment and "till ”minst 4 röster" in version.revision.comment


def test_only_the_coordinator_changes_the_decision_rule(member):
    with pytest.raises(PermissionDenied):
        decisions.change_rule(member, {"quorum": 1, "threshold": "majority", "expert_votes": "none",
                                       "answer_approvers": "working_group",
                 "signatures_required": 2})


def test_an_area_is_added_through_a_revision(client, coordinator):
    login(client, coordinator)
    response = client.post(reverse("area_create", args=[coordinator.procurement_id]),
                           {"code": "barn", "name": "Barnperspektiv", "description": "", "order": 20})
    assert response.status_code == 302
    area = Area.objects.get(code="BARN")
    assert Version.objects.get_for_object(area).get().revision.user == coordinator.user


def test_an_expert_cannot_add_an_area(expert):
    with pytest.raises(PermissionDenied):
        drafting.create_area(expert, Area(code="X", name="X", order=1))


def test_a_second_coordinators_save_of_the_evaluation_model_is_not_overwritten(client, coordinator):
    evaluation.model_for(coordinator.procurement)
    login(client, coordinator)
    url = reverse("evaluation_model", args=[coordinator.procurement_id])
    seen = client.get(url).context["settings_form"]["version"].value()
    evaluation.save_model(coordinator, {"expected_price": 1_000_000}, expected_version=seen)  # someone else
    response = client.post(url, {"version": seen, "basis": "price_quality", "method": "value_added",
                                 "price_points": 0, "price_formula": "relative", "tie_break": "highest_quality",
                                 "max_share": 30})
    assert response.status_code == 200
    assert "Någon sparade utvärderingsmodellen efter att du öppnade den" in response.content.decode()
    model = EvaluationModel.objects.get()
    assert model.expected_price == 1_000_000 and model.tie_break == "lowest_price"
    assert response.context["settings_form"]["version"].value() == model.version_no  # the next save can go


def test_a_stale_version_is_refused_by_the_service_too(coordinator):
    evaluation.model_for(coordinator.procurement)
    evaluation.save_model(coordinator, {"expected_price": 1_000_000}, expected_version=0)
    with pytest.raises(ValidationError):
        evaluation.save_model(coordinator, {"expected_price": 2_000_000}, expected_version=0)
