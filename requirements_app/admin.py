"""The Django admin for coordinators: members, areas, the workshop, and each
requirement's reversion history. Requirements are read-only here: edits go
through the workbench so every change gets its version number and revision.

A coordinator (staff, group "Samordnare") sees and changes only the objects of
the procurements they coordinate: every queryset, every foreign-key choice and
every filter is limited to those, and a save is checked again. Superusers see all.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from reversion.admin import VersionAdmin

from . import derived
from .ids import parse_id
from .models import Area, Insight, Membership, Procurement, Requirement, RuleTerm, Workshop
from .versions import requirement_versions

User = get_user_model()


def coordinated(request):
    """The procurements the user may manage in the admin."""
    if request.user.is_superuser:
        return Procurement.objects.all()
    return Procurement.objects.filter(
        memberships__user=request.user, memberships__role=Membership.Role.COORDINATOR
    )


class CoordinatorScopedAdmin(admin.ModelAdmin):
    """Limits an admin to the objects, and the choices, of the user's procurements."""

    # How an object of this admin reaches its procurement.
    procurement_path = "procurement"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.procurement_path}__in": coordinated(request)})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "procurement":
            kwargs["queryset"] = coordinated(request)
        elif db_field.name == "workshop":
            kwargs["queryset"] = Workshop.objects.filter(procurement__in=coordinated(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def procurement_of(self, obj):
        return obj.procurement_id

    # Whether a change here changes what kravgranskning finds (its words, the
    # estimated value): then the procurement is checked again, in the admin's
    # transaction (see `derived`).
    changes_findings = False

    def save_model(self, request, obj, form, change):
        # The limited choices already refuse another procurement; this guards
        # any way past the form.
        if not request.user.is_superuser and not coordinated(request).filter(pk=self.procurement_of(obj)).exists():
            raise PermissionDenied
        super().save_model(request, obj, form, change)
        self.saved(obj)

    def saved(self, obj):
        """Refresh what is derived from the saved object, in the admin's transaction."""
        self._refresh_findings([obj])

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self._refresh_findings([obj])

    def delete_queryset(self, request, queryset):
        objects = list(queryset)
        super().delete_queryset(request, queryset)
        self._refresh_findings(objects)

    def _refresh_findings(self, objects):
        if self.changes_findings:
            for procurement in Procurement.objects.filter(pk__in={self.procurement_of(obj) for obj in objects}):
                derived.words_changed(procurement)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Procurement)
class ProcurementAdmin(CoordinatorScopedAdmin):
    procurement_path = "pk"
    changes_findings = True  # the estimated value (TURNOVER)
    list_display = ["name", "reference", "organisation"]
    inlines = [MembershipInline]

    def procurement_of(self, obj):
        return obj.pk


@admin.register(Area)
class AreaAdmin(CoordinatorScopedAdmin):
    list_display = ["code", "name", "procurement", "order", "last_seq"]
    list_filter = [("procurement", admin.RelatedOnlyFieldListFilter)]

    def get_readonly_fields(self, request, obj=None):
        # The code is part of every requirement number: fixed once the area exists.
        return ["code", "procurement"] if obj else []


@admin.register(RuleTerm)
class RuleTermAdmin(CoordinatorScopedAdmin):
    """Kravgranskning's words a coordinator adds for a procurement."""

    changes_findings = True

    list_display = ["rule", "text", "replacement", "procurement"]
    list_filter = ["rule", ("procurement", admin.RelatedOnlyFieldListFilter)]


@admin.register(Workshop)
class WorkshopAdmin(CoordinatorScopedAdmin):
    list_display = ["title", "held_on", "procurement"]


@admin.register(Insight)
class InsightAdmin(CoordinatorScopedAdmin):
    procurement_path = "workshop__procurement"
    changes_findings = True  # RATIONALE compares a rationale with its insights' texts
    list_display = ["key", "kind", "section", "text"]

    def procurement_of(self, obj):
        return obj.workshop.procurement_id

    def saved(self, obj):
        derived.insights_written([obj])  # searched too; a deleted one's entry goes with it (CASCADE)

    list_filter = ["kind", ("workshop", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["key", "text", "section"]


@admin.register(Requirement)
class RequirementAdmin(VersionAdmin, CoordinatorScopedAdmin):
    procurement_path = "area__procurement"
    list_display = ["__str__", "status", "kind", "version_no", "updated_at"]
    list_filter = ["status", "kind", ("area", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "statement"]
    list_select_related = ["area"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """A version is read and restored in the workbench (with its diff and
        compare-and-set). Reversion's own view looks a version up by object id
        alone, across models and procurements, and reverts it inside a
        transaction to show it: never here."""
        requirement = self.get_queryset(request).filter(pk=parse_id(object_id)).first()
        version = requirement and requirement_versions(requirement).filter(pk=parse_id(version_id)).first()
        if not version:
            raise Http404
        return redirect(f"{reverse('requirement_compare', args=[requirement.pk])}?new={version.pk}")


admin.site.unregister(User)


@admin.register(User)
class MemberUserAdmin(UserAdmin):
    """A coordinator lists only the members of their procurements. To add a
    member they name the exact user name or e-mail address in the member
    picker: other users cannot be browsed or searched for.

    Only a superuser changes who is staff or superuser, groups and
    permissions, or a superuser's account: an operator may then grant
    coordinators `auth.change_user` without letting one promote themselves."""

    privilege_fields = ("is_superuser", "is_staff", "groups", "user_permissions", "last_login", "date_joined")

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return fields if request.user.is_superuser else (*fields, *self.privilege_fields)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(memberships__procurement__in=coordinated(request)).distinct()

    def get_search_results(self, request, queryset, search_term):
        if request.user.is_superuser or not _is_member_picker(request):
            return super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if not term:
            return User.objects.none(), False
        exact = Q(username__iexact=term) | Q(email__iexact=term)
        return User.objects.filter(exact, is_active=True).order_by("username"), False


def _is_member_picker(request):
    """The autocomplete of the membership inline (admin/autocomplete/?model_name=membership)."""
    return request.path.endswith("/autocomplete/") and request.GET.get("model_name") == "membership"
