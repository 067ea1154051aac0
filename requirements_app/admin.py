"""The Django admin for coordinators: members, areas, the workshop, and each
requirement's reversion history. Requirements are read-only here: edits go
through the workbench so every change gets its version number and revision."""

from django.contrib import admin
from reversion.admin import VersionAdmin

from .models import Area, Insight, Membership, Procurement, Requirement, Workshop


class CoordinatorScopedAdmin(admin.ModelAdmin):
    """Shows a staff coordinator only the objects of their own procurements."""

    memberships_path = "procurement__memberships"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(
            **{
                f"{self.memberships_path}__user": request.user,
                f"{self.memberships_path}__role": Membership.Role.COORDINATOR,
            }
        ).distinct()


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Procurement)
class ProcurementAdmin(CoordinatorScopedAdmin):
    memberships_path = "memberships"
    list_display = ["name", "reference", "organisation"]
    inlines = [MembershipInline]


@admin.register(Area)
class AreaAdmin(CoordinatorScopedAdmin):
    list_display = ["code", "name", "procurement", "order", "last_seq"]
    list_filter = ["procurement"]

    def get_readonly_fields(self, request, obj=None):
        # The code is part of every requirement number: fixed once the area exists.
        return ["code", "procurement"] if obj else []


@admin.register(Workshop)
class WorkshopAdmin(CoordinatorScopedAdmin):
    list_display = ["title", "held_on", "procurement"]


@admin.register(Insight)
class InsightAdmin(CoordinatorScopedAdmin):
    memberships_path = "workshop__procurement__memberships"
    list_display = ["key", "kind", "section", "text"]
    list_filter = ["kind", "workshop"]
    search_fields = ["key", "text", "section"]


@admin.register(Requirement)
class RequirementAdmin(VersionAdmin, CoordinatorScopedAdmin):
    memberships_path = "area__procurement__memberships"
    list_display = ["__str__", "status", "kind", "version_no", "updated_at"]
    list_filter = ["status", "kind", "area"]
    search_fields = ["title", "statement"]
    list_select_related = ["area"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
