"""Declarations of interest: each member declares for themselves; the
coordinator sees, before a decision, who voted despite a declared interest;
the beslutsunderlag lists every declaration."""

from django.utils.translation import gettext as _

from ..models import InterestDeclaration
from ..permissions import Action
from ..writes import write

# The rules a declaration answers to (stated in the record and on the page).
RULES = ("förvaltningslagen (2017:900) 16–18 §§", "kommunallagen (2017:725) 6 kap. 28–32 §§",
         "direktiv 2014/24/EU art. 24")


def declare(membership, declared_on, has_interest, description):
    """Record the member's own declaration; an earlier one stays on record."""
    def change(declaration):
        declaration.full_clean()
        declaration.save()

    return write(membership, Action.COMMENT, lambda: InterestDeclaration(
        procurement=membership.procurement, member=membership.user, declared_on=declared_on,
        has_interest=has_interest, description=description if has_interest else ""),
        change, _("Declaration of interest"), procurement_id=membership.procurement_id)


def with_interest(procurement):
    """{user id: latest declaration} of the members whose latest declaration declares an interest."""
    latest = InterestDeclaration.objects.latest_per_member(procurement)
    return {user_id: declaration for user_id, declaration in latest.items() if declaration.has_interest}


def conflicted_voters(procurement, tally):
    """The declarations of those who voted on the tallied version with a declared interest."""
    declared = with_interest(procurement)
    return [declared[voter] for voter in tally.voter_ids if voter in declared]


def snapshot(procurement):
    """Every declaration, for the beslutsunderlag of an edition frozen now."""
    return [
        {"name": d.member.get_full_name() or d.member.username, "date": d.declared_on.isoformat(),
         "has_interest": d.has_interest, "description": d.description}
        for d in InterestDeclaration.objects.for_procurement(procurement)
    ]
