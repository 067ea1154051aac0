"""The workshop's insights (with their triage) and the areas."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ..access import get_insight_for_user, get_membership
from ..drafting import requirements as drafting, triage
from ..forms import AreaForm, BulkTriageForm, TriageForm
from ..models import Insight
from ..permissions import Action, require
from ..versions import requirement_versions


def insight_list(request, pk):
    """The insights by kind; the working group triages a selection of the open
    ones, or every open one of a kind, with one reason."""
    membership = get_membership(request, pk)
    open_insights = Insight.objects.for_procurement(membership.procurement).open().order_by("order")
    form = BulkTriageForm(request.POST or None, open_insights=open_insights) if membership.can_edit else None
    if request.method == "POST":
        require(membership, Action.DRAFT)
        if form.is_valid():
            try:
                done = triage.triage_insights(membership, form.selected(), form.cleaned_data["triage"],
                                              form.cleaned_data["triage_reason"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("%(count)s insights were triaged.") % {"count": len(done)})
                return redirect("insight_list", pk)
    insights = (
        Insight.objects.for_procurement(membership.procurement)
        .select_related("workshop")
        .annotate(answered_by=Count("requirements", distinct=True))
        .order_by("order")
    )
    open_pks = {i.pk for i in open_insights}
    groups = {}
    for insight in insights:
        insight.is_open = insight.pk in open_pks
        groups.setdefault(insight.get_kind_display(), []).append(insight)
    return render(
        request,
        "requirements_app/insight_list.html",
        {"membership": membership, "procurement": membership.procurement, "groups": list(groups.items()),
         "form": form, "checked": {str(v) for v in (form.data.getlist("insights") if form and form.is_bound else [])}},
    )


def insight_detail(request, pk):
    insight, membership = get_insight_for_user(request, pk)
    form = TriageForm(request.POST or None, initial={"triage": insight.triage, "triage_reason": insight.triage_reason})
    if request.method == "POST":
        require(membership, Action.DRAFT)
        if form.is_valid():
            try:
                triage.triage_insight(membership, insight, form.cleaned_data["triage"], form.cleaned_data["triage_reason"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The triage of %(key)s was saved.") % {"key": insight.key})
                return redirect(insight)
    requirements = insight.requirements.select_related("area").order_by("area__order", "seq")
    return render(
        request,
        "requirements_app/insight_detail.html",
        {
            "membership": membership,
            "procurement": membership.procurement,
            "insight": insight,
            "requirements": requirements,
            "triage_form": form,
            "triage_history": requirement_versions(insight),
        },
        status=400 if form.errors else 200,
    )


def area_create(request, pk):
    membership = get_membership(request, pk)
    require(membership, Action.COORDINATE)
    form = AreaForm(request.POST or None, procurement=membership.procurement)
    if request.method == "POST" and form.is_valid():
        area = drafting.create_area(membership, form.save(commit=False))
        messages.success(request, _("The area %(name)s was added.") % {"name": area.name})
        return redirect(membership.procurement)
    return render(
        request,
        "requirements_app/area_form.html",
        {"membership": membership, "procurement": membership.procurement, "form": form},
    )
