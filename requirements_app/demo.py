"""Demo users and demo requirements, so a new user meets a living workbench.

Only used when DJANGO_DEBUG is on. Requirements are created through
`drafting`, so they get numbers, versions and revisions like any other.
"""

import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from . import coordinators
from .drafting import requirements as drafting
from .models import Insight, Membership, Procurement, Requirement

DEMO_PASSWORD = "gotawebben2016"
DEMO_USERS = [
    ("samordnare", "Karin", "Lindqvist", Membership.Role.COORDINATOR),
    ("arbetsgrupp1", "Anders", "Berg", Membership.Role.WORKING_GROUP),
    ("arbetsgrupp2", "Fatima", "Hassan", Membership.Role.WORKING_GROUP),
    ("arbetsgrupp3", "Eva", "Nyström", Membership.Role.WORKING_GROUP),
    ("arbetsgrupp4", "Johan", "Ek", Membership.Role.WORKING_GROUP),
    ("expert1", "Sara", "Holm", Membership.Role.EXPERT),
    ("expert2", "Mikael", "Strand", Membership.Role.EXPERT),
    ("expert3", "Leila", "Karimi", Membership.Role.EXPERT),
]
DEMO_REQUIREMENTS = Path(settings.BASE_DIR) / "fixtures" / "demo_requirements.json"
DEMO_DOCUMENT = Path(settings.BASE_DIR) / "fixtures" / "demo_document.json"


def coordinator_group():
    """The group that lets coordinators into the admin for their procurements."""
    return coordinators.ensure_group()


@transaction.atomic
def create_demo_users(procurement):
    """Create the demo users (once) and their memberships. Returns the usernames created."""
    User = get_user_model()
    group = coordinator_group()
    created = []
    for username, first, last, role in DEMO_USERS:
        user, is_new = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last}
        )
        if is_new:
            user.set_password(DEMO_PASSWORD)
            if role == Membership.Role.COORDINATOR:
                user.is_staff = True
            user.save()
            created.append(username)
        if role == Membership.Role.COORDINATOR:
            user.groups.add(group)
        Membership.objects.get_or_create(procurement=procurement, user=user, defaults={"role": role})
    return created


def create_demo_requirements(procurement, path=DEMO_REQUIREMENTS):
    """Create the demo requirements unless the procurement already has requirements."""
    if Requirement.objects.for_procurement(procurement).exists():
        return 0
    rows = json.loads(Path(path).read_text(encoding="utf-8"))
    areas = {area.code: area for area in procurement.areas.all()}
    insights = {insight.key: insight for insight in Insight.objects.for_procurement(procurement)}
    memberships = {m.user.username: m for m in procurement.memberships.select_related("user", "procurement")}
    with transaction.atomic():
        for row in rows:
            membership = memberships[row["author"]]
            fields = {
                "title": row["title"],
                "statement": row["statement"],
                "rationale": row["rationale"],
                "kind": row["kind"],
                "weight": row["weight"],
                "verification": row["verification"],
                "verifikat": row.get("verifikat", ""),
                "follow_up": row.get("follow_up", ""),
                "references": "\n".join(row["references"]),
                "scale": "\n".join(row.get("scale", [])),
            }
            linked = [insights[key] for key in row["insights"]]
            requirement = drafting.create_requirement(
                membership, areas[row["area"]], fields, linked, "Första utkast (demodata)"
            )
            if row["status"] == Requirement.Status.REVIEW:
                drafting.change_status(membership, requirement, Requirement.Status.REVIEW, "Skickat på remiss")
        deliberate(procurement, memberships)
    return len(rows)


def deliberate(procurement, memberships):
    """Some deliberation on the requirements in review: votes, an expert's
    proposed wording, and two decisions, so the tender document has content."""
    from .deliberation import comments, decisions

    in_review = list(Requirement.objects.for_procurement(procurement).in_review().order_by("area__order", "seq"))
    voters = [memberships[name] for name in ("arbetsgrupp1", "arbetsgrupp2", "arbetsgrupp3")]
    for requirement in in_review[:2]:
        for voter in voters:
            decisions.cast_vote(voter, requirement, requirement.version_no, "yes")
        decisions.record_decision(memberships["samordnare"], requirement, requirement.version_no, (3, 0, 0),
                                  "Fastställt vid arbetsgruppens möte.")
    if len(in_review) > 2:
        third = in_review[2]
        decisions.cast_vote(voters[0], third, third.version_no, "yes")
        decisions.cast_vote(voters[1], third, third.version_no, "no", "Åldersgränsen 6–12 år behöver motiveras.")
        comments.add_comment(
            memberships["expert1"], third, "Barn från 9 år läser själva; ska ingången även passa yngre med vuxen?",
            third.statement.replace("6–12 år", "6–12 år, och för yngre barn tillsammans med en vuxen"),
        )


def create_demo_document(procurement, path=DEMO_DOCUMENT):
    """Write the demo procurement's document sections and definitions, through the
    same services as the UI, unless it has any already. Returns how many were written."""
    from .drafting import sections
    from .models import Definition

    if procurement.sections.exists() or procurement.definitions.exists():
        return 0
    content = json.loads(Path(path).read_text(encoding="utf-8"))
    coordinator = procurement.memberships.select_related("user", "procurement").get(user__username="samordnare")
    with transaction.atomic():
        for kind, text in content["sections"].items():
            sections.save_section(coordinator, kind, 0, text, "Första utkast (demodata)")
        for row in content["definitions"]:
            sections.save_definition(coordinator, Definition(procurement=procurement, **row), "Demodata")
    return len(content["sections"]) + len(content["definitions"])


def demo_procurement():
    return Procurement.objects.get(pk=1)
