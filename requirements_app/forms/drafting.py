"""Forms for drafting: the requirement list's filters and search, the requirement
form, status changes, areas, triage and imports."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import search
from ..catalogue import standards as catalogue
from ..drafting.requirements import MAX_BULK
from ..models import Area, CatalogueEntry, Insight, Requirement
from ..quality_rules import RULES
from ..text import NormalisedFormField


class RequirementFilterForm(forms.Form):
    """The filters and the sort order above the requirement list (GET)."""

    # sort key -> the ordering it stands for ("-key" sorts the other way)
    SORTS = {
        "number": ("area__order", "area__code", "seq"),
        "title": ("title",),
        "status": ("status",),
        "kind": ("kind",),
        "weight": ("weight",),
        "changed": ("updated_at",),
        "author": ("author__first_name", "author__last_name", "author__username"),
    }

    q = forms.CharField(label=_("Search"), required=False)
    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.none(), required=False, empty_label=_("All"))
    status = forms.ChoiceField(label=_("Status"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    mine = forms.BooleanField(label=_("Mine"), required=False, help_text=_("Requirements I wrote."))
    waiting = forms.BooleanField(label=_("Waiting for me"), required=False,
                                 help_text=_("My vote, or my reply in a thread."))
    changed_since = forms.DateField(label=_("Changed since"), required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}))
    findings = forms.ChoiceField(label=_("Requirement check"), required=False)
    sort = forms.ChoiceField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, membership, reports=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.membership = membership
        self.reports = reports if reports is not None else {}  # may be lazy: read only when filtering
        self.fields["findings"].choices = [("", _("All")), ("any", _("With findings")), ("errors", _("With errors (FEL)"))] + [
            (code, f"{code} – {rule.title}") for code, rule in RULES.items()]
        self.fields["area"].queryset = membership.procurement.areas.all()
        self.fields["status"].choices = [("", _("All"))] + Requirement.Status.choices
        self.fields["kind"].choices = [("", _("All"))] + Requirement.Kind.choices
        self.fields["sort"].choices = [("", "")] + [(p + key, key) for key in self.SORTS for p in ("", "-")]

    def _selects(self, report):
        wanted = self.cleaned_data["findings"]
        if wanted == "any":
            return bool(report.findings)
        if wanted == "errors":
            return bool(report.errors)
        return any(f.code == wanted for f in report.findings)

    @property
    def personal(self):
        """Whether the selection depends on who is looking (not to be shared through a cache)."""
        return self.is_bound and self.is_valid() and (self.cleaned_data["mine"] or self.cleaned_data["waiting"])

    def filter(self, queryset):
        """The requirements the filters select, in the chosen order; none while
        a filter is invalid (its field error shows), never silently all of them."""
        if not self.is_bound:
            return queryset
        if not self.is_valid():
            return queryset.none()
        data = self.cleaned_data
        if data["area"]:
            queryset = queryset.filter(area=data["area"])
        if data["status"]:
            queryset = queryset.filter(status=data["status"])
        if data["kind"]:
            queryset = queryset.filter(kind=data["kind"])
        if data["mine"]:
            queryset = queryset.filter(author=self.membership.user)
        if data["waiting"]:
            from ..deliberation.attention import waiting_for

            queryset = queryset.filter(pk__in=waiting_for(self.membership))
        if data["changed_since"]:
            queryset = queryset.filter(updated_at__date__gte=data["changed_since"])
        if data["findings"]:
            queryset = queryset.filter(pk__in=[pk for pk, report in self.reports.items() if self._selects(report)])
        if data["sort"]:
            key = data["sort"].lstrip("-")
            descending = data["sort"].startswith("-")
            queryset = queryset.order_by(*(f"-{f}" if descending else f for f in self.SORTS[key]), "pk")
        return search.filter_requirements(queryset, data["q"])


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search requirements and insights"), max_length=200, widget=forms.SearchInput)


class RequirementForm(forms.ModelForm):
    """Create or edit a requirement. Carries the version it was opened on, so a
    save can tell whether somebody else saved in between."""

    insights = forms.ModelMultipleChoiceField(
        label=_("Workshop insights this requirement answers"),
        queryset=Insight.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    comment = NormalisedFormField(
        label=_("Change comment"),
        max_length=500,
        help_text=_("Briefly, what you changed and why. Shown in the version history."),
    )
    add_reference = forms.CharField(
        label=_("Add a reference from the catalogue"), required=False, max_length=300,
        widget=forms.TextInput(attrs={"list": "catalogue-entries", "autocomplete": "off"}),
        help_text=_("Type a number or a word to choose among WCAG, EN 301 549, the Convention on the Rights of the "
                    "Child, the GDPR and the laws; it is added to the references when you save."),
    )
    confirm_reopen = forms.BooleanField(
        label=_("I understand: save the change and send the requirement back to review"), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # An expert's proposed wording being adopted through this form (Comment pk).
    suggestion = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Requirement
        fields = [
            "area", "title", "statement", "rationale", "kind", "weight", "scale", "value_reason", "verification",
            "verifikat", "follow_up", "insights", "basis_kind", "basis", "references",
        ]
        widgets = {
            "statement": forms.Textarea(attrs={"rows": 4}),
            "rationale": forms.Textarea(attrs={"rows": 4}),
            "basis": forms.Textarea(attrs={"rows": 2}),
            "verifikat": forms.Textarea(attrs={"rows": 2}),
            "follow_up": forms.Textarea(attrs={"rows": 2}),
            "scale": forms.Textarea(attrs={"rows": 3}),
            "value_reason": forms.Textarea(attrs={"rows": 2}),
            "references": forms.Textarea(attrs={"rows": 3}),
            "kind": forms.RadioSelect,
        }
        help_texts = {
            "statement": _("One verifiable statement: “The website shall …”."),
            "rationale": _("Why: which need from the workshop this answers."),
        }

    def __init__(self, *args, procurement, **kwargs):
        super().__init__(*args, **kwargs)
        self.procurement = procurement
        live = models.Q(requirements__status__in=Requirement.Status.live_values())
        self.fields["insights"].queryset = (
            Insight.objects.for_procurement(procurement)
            .annotate(answered_by=models.Count("requirements", filter=live, distinct=True))
            .order_by("order")
        )
        if self.instance.pk:
            # The area is part of the stable number, so it is fixed after creation.
            del self.fields["area"]
            self.fields["version"].initial = self.instance.version_no
        else:
            self.fields["area"].queryset = procurement.areas.all()
            self.fields["area"].empty_label = None
            del self.fields["version"]
            del self.fields["suggestion"]
            self.fields["comment"].required = False
            self.fields["comment"].help_text = _("Left empty: “New requirement”.")
        if not self.reopens_decision:
            del self.fields["confirm_reopen"]

    @property
    def reopens_decision(self):
        """Saving this approved requirement sends it back to review (asked to confirm)."""
        return self.instance.status == Requirement.Status.APPROVED

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            # The model's rule (an insight, or another basis stated), on what the form holds.
            probe = Requirement(basis_kind=cleaned.get("basis_kind") or "", basis=cleaned.get("basis") or "")
            try:
                probe.check_insights_for_status(self.instance.status, cleaned.get("insights"))
            except ValidationError as error:
                self.add_error(None, error)
        if self.reopens_decision and not cleaned.get("confirm_reopen"):
            self.add_error("confirm_reopen", _("Tick the box to confirm that the requirement goes back to review."))
        if not self.instance.pk and not cleaned.get("comment"):
            cleaned["comment"] = _("New requirement")
        self._add_reference(cleaned)
        return cleaned

    def _add_reference(self, cleaned):
        added = cleaned.get("add_reference")
        if not added:
            return
        try:
            entries = catalogue.current().resolve(added)
        except ValidationError as error:
            self.add_error("add_reference", error)
            return
        if not entries:
            self.add_error("add_reference", _("Choose a reference from the catalogue; other references go in the "
                                              "field References."))
            return
        if "references" in cleaned and added not in catalogue.lines(cleaned["references"]):
            cleaned["references"] = "\n".join([*catalogue.lines(cleaned["references"]), added])

    def catalogue_entries(self):
        """The catalogue, for the reference picker's list of suggestions."""
        return CatalogueEntry.objects.exclude(kind=CatalogueEntry.Kind.WHOLE).order_by("order")

    def insight_groups(self):
        """The insight checkboxes grouped by kind, for one fieldset per kind, the
        chosen ones (shown first, as chips) and how many there are in all."""
        selected = {str(v) for v in (self.data.getlist("insights") if self.is_bound else self._initial_insights())}
        groups, chosen, total = {}, [], 0
        for insight in self.fields["insights"].queryset:
            checked = str(insight.pk) in selected
            groups.setdefault(insight.get_kind_display(), []).append((insight, checked))
            total += 1
            if checked:
                chosen.append(insight)
        return {"groups": list(groups.items()), "chosen": chosen, "total": total}

    def _initial_insights(self):
        initial = self.initial.get("insights") or []
        return [getattr(i, "pk", i) for i in initial]

    def content(self):
        """The requirement fields from the form, for `drafting`."""
        return {name: self.cleaned_data[name] for name in Requirement.CONTENT_FIELDS}


class StatusChangeForm(forms.Form):
    comment = NormalisedFormField(label=_("Comment"), max_length=500, required=False)
    override = NormalisedFormField(
        label=_("Override the requirement check's errors, because"), max_length=500, required=False,
        help_text=_("Coordinator only: the reason is recorded in the history."))


class BulkStatusForm(forms.Form):
    """A status change for the selected rows of the requirement list (actions
    as in views.requirements.STATUS_ACTIONS)."""

    action = forms.ChoiceField(
        label=_("With the selected requirements"),
        choices=[("submit", _("send for review")), ("draft", _("return to draft"))],
    )
    selected = forms.ModelMultipleChoiceField(queryset=Requirement.objects.none(), error_messages={
        "required": _("Select at least one requirement.")})
    comment = NormalisedFormField(label=_("Comment"), max_length=500, required=False)
    override = NormalisedFormField(
        label=_("Reason for overriding the requirement check's errors"), max_length=500, required=False,
        help_text=_("Only the coordinator: the reason is recorded in each requirement's history."))

    def __init__(self, *args, procurement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["selected"].queryset = Requirement.objects.for_procurement(procurement).select_related(
            "area__procurement").prefetch_related("insights")

    def clean_selected(self):
        selected = self.cleaned_data["selected"]
        if len(selected) > MAX_BULK:
            raise forms.ValidationError(_("Select at most %(max)s requirements at a time.") % {"max": MAX_BULK})
        return selected


class AreaForm(forms.ModelForm):
    class Meta:
        model = Area
        fields = ["code", "name", "description", "order"]

    def __init__(self, *args, procurement, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.procurement = procurement

    def clean_code(self):
        code = self.cleaned_data["code"].upper()
        # The unique constraint includes the procurement, which is not a form field,
        # so ModelForm would not check it: check here for a field error, not a 500.
        if Area.objects.filter(procurement=self.instance.procurement, code=code).exists():
            raise forms.ValidationError(_("This procurement already has an area with that code."))
        return code


class TriageForm(forms.Form):
    triage = forms.ChoiceField(label=_("This insight is"), choices=Insight.Triage.choices, widget=forms.RadioSelect,
                               required=False)
    triage_reason = NormalisedFormField(
        label=_("Reason"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the insight is triaged away. Shown in the internal decision record."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("triage") and not cleaned.get("triage_reason"):
            self.add_error("triage_reason", _("Give a reason for the triage."))
        return cleaned


class BulkTriageForm(forms.Form):
    """Triage a selection of open insights, or every open one of a kind, with one reason."""

    insights = forms.ModelMultipleChoiceField(queryset=Insight.objects.none(), required=False,
                                              widget=forms.CheckboxSelectMultiple)
    kind = forms.ChoiceField(label=_("Or every open insight of the kind"), required=False,
                             choices=[("", "–"), *Insight.Kind.choices])
    triage = forms.ChoiceField(label=_("They are"), widget=forms.RadioSelect,
                               choices=[c for c in Insight.Triage.choices if c[0]])
    triage_reason = NormalisedFormField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
                                        help_text=_("One reason for all of them, shown in the internal decision record."))

    def __init__(self, *args, open_insights, **kwargs):
        super().__init__(*args, **kwargs)
        self.open_insights = open_insights
        self.fields["insights"].queryset = open_insights

    def selected(self):
        """The open insights chosen, by selection or by kind."""
        chosen = list(self.cleaned_data["insights"])
        if self.cleaned_data["kind"]:
            chosen += [i for i in self.open_insights.filter(kind=self.cleaned_data["kind"]) if i not in chosen]
        return chosen

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not self.selected():
            raise forms.ValidationError(_("Select the insights, or a kind with open insights."))
        return cleaned


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_("CSV (UTF-8, semicolons or commas), XLSX or JSON, at most 5 MB, with the columns of an export."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.json,.txt"}),
    )
