"""The admin group "Samordnare": exactly what a coordinator may do in the admin.

The admin limits every object to the procurements the coordinator coordinates
(`admin.py`); these permissions say which kinds of object. Migration 0016
creates the group with them and `setup_workbench` brings it up to date, so a
production database has it without the demo.
"""

GROUP_NAME = "Samordnare"
COORDINATOR_PERMISSIONS = [
    ("requirements_app", "procurement", ("view", "change")),
    ("requirements_app", "membership", ("view", "add", "change", "delete")),
    ("requirements_app", "area", ("view", "add", "change")),
    ("requirements_app", "workshop", ("view", "change")),
    ("requirements_app", "insight", ("view", "add", "change")),
    ("requirements_app", "requirement", ("view",)),
    ("requirements_app", "ruleterm", ("view", "add", "change", "delete")),  # "Granskningsord"
    ("auth", "user", ("view",)),
]


def permission_filter():
    """A Q over Permission for exactly the group's permissions."""
    from django.db.models import Q

    query = Q(pk__in=[])
    for app_label, model, actions in COORDINATOR_PERMISSIONS:
        query |= Q(content_type__app_label=app_label, content_type__model=model,
                   codename__in=[f"{action}_{model}" for action in actions])
    return query


def ensure_group(Group=None, Permission=None):
    """Create the group if missing and give it exactly its permissions (no
    more: one added by hand is taken away). Takes the models, so a migration
    can pass its historical ones."""
    if Group is None:
        from django.contrib.auth.models import Group, Permission
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.set(Permission.objects.filter(permission_filter()))
    return group
