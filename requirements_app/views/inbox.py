"""Keeping people in step: "Att granska" and "Nytt sedan senast"."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import attention
from ..access import get_membership
from ..forms import DigestForm


def to_review(request, pk):
    membership = get_membership(request, pk)
    proposals, wordings = attention.proposals_to_handle(membership)
    return render(
        request,
        "requirements_app/to_review.html",
        {
            "membership": membership,
            "procurement": membership.procurement,
            "to_vote": attention.to_vote(membership),
            "threads": attention.awaiting_reply(membership),
            "proposals": proposals,
            "wordings": wordings,
        },
    )


def news(request, pk):
    membership = get_membership(request, pk)
    form = DigestForm(request.POST or None, instance=membership)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("Your e-mail setting was saved."))
        return redirect("news", pk=pk)
    changes = attention.changes_since(membership)
    # Evaluate before the visit is recorded, then move "last visit" to now.
    context = {key: list(value) if key != "since" else value for key, value in changes.items()}
    attention.mark_seen(membership)
    return render(
        request,
        "requirements_app/news.html",
        {"membership": membership, "procurement": membership.procurement, "digest_form": form, **context},
    )
