"""The evaluation model: its settings (the coordinator), its criteria and
warnings, and a simulation of imagined tenders (everyone)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ..access import get_membership
from ..evaluation import comparison as evaluation
from ..forms import EvaluationModelForm, SimulationForm
from ..ids import parse_int
from ..models import Requirement
from ..permissions import Action, require


def evaluation_model(request, pk):
    membership = get_membership(request, pk)
    procurement = membership.procurement
    model = evaluation.model_for(procurement)
    # The simulation posts too (its data does not fit in a URL), but stores nothing.
    simulating = request.method == "POST" and "simulera" in request.POST
    saving = request.method == "POST" and not simulating
    settings_form = (EvaluationModelForm(request.POST if saving else None, instance=model)
                     if membership.is_coordinator else None)
    if saving:
        require(membership, Action.COORDINATE)
        if settings_form.is_valid():
            try:
                evaluation.save_model(membership, {name: settings_form.cleaned_data[name]
                                                   for name in EvaluationModelForm.Meta.fields},
                                      expected_version=settings_form.cleaned_data["version"])
            except ValidationError as error:  # e.g. kronor that would be published as points
                if error.code == "stale":  # another coordinator saved: show what is saved now
                    messages.error(request, error.messages[0])
                    model.refresh_from_db()
                    settings_form = EvaluationModelForm(instance=model)
                else:
                    settings_form.add_error(None, error)
            else:
                messages.success(request, _("The evaluation model was saved."))
                return redirect("evaluation_model", pk)
        model.refresh_from_db()  # the page describes the saved model, not the refused input
    requirements = list(
        Requirement.objects.for_procurement(procurement).live().select_related("area").order_by(
            "area__order", "area__code", "seq")
    )
    criteria = evaluation.criteria_of(requirements)
    count = parse_int((request.POST if simulating else request.GET).get("anbud"), 3, 2, SimulationForm.MAX_TENDERS)
    simulation = SimulationForm(request.POST if simulating else None, criteria=criteria, count=count)
    results = decisive = None
    if simulation.is_bound and simulation.is_valid():
        tenders = simulation.tenders()
        results = evaluation.evaluate(model, criteria, tenders) if tenders else []
        decisive = evaluation.decisive(model, criteria, tenders)
    return render(request, "requirements_app/evaluation.html", {
        "membership": membership,
        "procurement": procurement,
        "model": model,
        "settings_form": settings_form,
        "criteria": [(c, evaluation.amount(model, c.value)) for c in criteria],
        "total": evaluation.amount(model, sum(c.value for c in criteria)),
        "warnings": evaluation.warnings(model, requirements),
        "simulation": simulation,
        "results": results,
        "decisive": decisive,
        "points": model.method == model.Method.POINTS,
        "more": min(count + 1, SimulationForm.MAX_TENDERS),
    })
