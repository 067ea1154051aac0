"""Keeping people in step: "Att granska" and "Nytt sedan senast"."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from .. import notifications
from ..access import get_membership
from ..deliberation import attention
from ..forms import DigestForm
from ..ids import parse_ids
from ..models import Notification


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
            "to_comment": attention.to_comment(membership),
            "threads": attention.awaiting_reply(membership),
            "proposals": proposals,
            "wordings": wordings,
        },
    )


NEWS_PAGE_SIZE = 50


def news(request, pk):
    membership = get_membership(request, pk)
    form = DigestForm(request.POST or None, instance=membership)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("Your e-mail setting was saved."))
        return redirect("news", pk=pk)
    # The links to further pages carry the moment the list starts from, since
    # this visit moves "last visit" to now.
    changes = attention.changes_since(membership, _since(request.GET.get("since", "")))
    query = request.GET.copy()
    query["since"] = changes["since"].isoformat()
    lists = {}
    for key in ("requirements", "comments", "decisions"):
        param = f"{key}_page"
        others = query.copy()
        others.pop(param, None)
        page = Paginator(changes[key], NEWS_PAGE_SIZE).get_page(request.GET.get(param))
        lists[key] = {"page": page, "param": param, "query": others.urlencode()}
        list(page)  # read now, before the visit is recorded
    attention.mark_seen(membership)
    return render(
        request,
        "requirements_app/news.html",
        {"membership": membership, "procurement": membership.procurement, "digest_form": form,
         "since": changes["since"], **lists},
    )


def _since(value):
    """The moment a "since" link carries; None (since the last visit) if it is no date."""
    try:
        return parse_datetime(value)
    except ValueError:  # well formed but impossible: 2020-13-45T99:99
        return None


def notification_list(request, pk):
    """What happened on the requirements I wrote, voted on or commented on: unread first."""
    membership = get_membership(request, pk)
    if request.method == "POST":
        pks = parse_ids(request.POST.getlist("notification"))
        count = notifications.mark_read(membership, pks if "all" not in request.POST else None)
        messages.success(request, _("%(count)s marked as read.") % {"count": count})
        return redirect("notification_list", pk=pk)
    items = Notification.objects.for_membership(membership).for_list()
    page = Paginator(items, NEWS_PAGE_SIZE).get_page(request.GET.get("page"))
    counts = attention.waiting_counts(membership)  # the menu's badges too
    return render(
        request,
        "requirements_app/notifications.html",
        {"membership": membership, "procurement": membership.procurement, "page": page,
         "waiting": counts, "unread": counts["unread"]},
    )
