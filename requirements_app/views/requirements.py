"""Views for drafting: thin wrappers around `access`, `forms` and `drafting`."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from ..access import get_membership, get_requirement_for_user
from ..catalogue import standards as catalogue
from ..deliberation import comments
from ..drafting import requirements as drafting
from ..forms import BulkStatusForm, RequirementFilterForm, RequirementForm, StatusChangeForm
from ..ids import parse_id, parse_ids
from ..kravgranskning import findings, quality
from ..models import CatalogueEntry, Comment, Requirement
from ..permissions import Action, require
from ..versions import (
    compare,
    content_at,
    current_content,
    requirement_versions,
    version_content,
    version_rows,
    word_diff,
)
from . import flash_errors, posted_version
from ..writes import EditConflict

PAGE_SIZE = 25
# The requirement list's sortable columns: (sort key, heading), in column order.
SORT_COLUMNS = [
    ("number", gettext_lazy("Number")), ("title", gettext_lazy("Title")), ("status", gettext_lazy("Status")),
    ("kind", gettext_lazy("Kind")), ("weight", gettext_lazy("Value")), ("changed", gettext_lazy("Last changed")),
    ("author", gettext_lazy("Author")),
]


def requirement_list(request, pk):
    membership = get_membership(request, pk)
    procurement = membership.procurement
    # The stored findings are read only if the filter asks for them (all of them),
    # or the table is not cached (the page's rows alone).
    quality_stamp = findings.stamp(procurement)
    filters = RequirementFilterForm(request.GET or None, membership=membership,
                                    reports=SimpleLazyObject(lambda: findings.summaries(procurement)))
    requirements = filters.filter(Requirement.objects.for_procurement(procurement).for_list())
    # The rendered table is cached under what it shows: every change to a listed
    # requirement moves its updated_at, and requirements are never deleted, so
    # (latest change, count) names the table's content. The page is only fetched
    # when that table is not cached yet.
    stamp = requirements.order_by().aggregate(latest=Max("updated_at"), count=Count("id"))
    page = SimpleLazyObject(lambda: Paginator(requirements, PAGE_SIZE).get_page(request.GET.get("page")))
    query = request.GET.copy()
    query.pop("page", None)
    unsorted = query.copy()
    unsorted.pop("sort", None)
    return render(
        request,
        "requirements_app/requirement_list.html",
        {
            "membership": membership,
            "procurement": procurement,
            "filters": filters,
            # What the filter form's area choices say: its cached rendering is keyed on it.
            "areas": list(procurement.areas.values_list("pk", "code", "name", "order")),
            "page": page,
            "query": query.urlencode(),
            "stamp": stamp,
            "quality_stamp": quality_stamp,
            "reports": SimpleLazyObject(lambda: findings.summaries(procurement, only=[r.pk for r in page])),
            "page_number": request.GET.get("page", ""),
            "sort": request.GET.get("sort", ""),
            "unsorted_query": unsorted.urlencode(),
            "sort_columns": SORT_COLUMNS,
            "bulk_form": BulkStatusForm(procurement=procurement) if membership.can_edit else None,
        },
    )


@require_POST
def requirement_bulk_status(request, pk):
    """Send the selected requirements for review, or back to draft. If some
    cannot go, nothing changes and a page lists why, keeping the selection and
    the comment: send those that can, or (the coordinator) override
    kravgranskning's errors with a reason."""
    membership = get_membership(request, pk)
    require(membership, Action.DRAFT)
    form = BulkStatusForm(request.POST, procurement=membership.procurement)
    back = reverse("requirement_list", args=[pk]) + (f"?{request.POST['query']}" if request.POST.get("query") else "")
    if not form.is_valid():
        flash_errors(request, ValidationError([e for errors in form.errors.values() for e in errors]))
        return redirect(back)
    status, default = STATUS_ACTIONS[form.cleaned_data["action"]]
    try:
        changed = drafting.change_status_of_many(
            membership, form.cleaned_data["selected"], status, form.cleaned_data["comment"] or str(default),
            override=form.cleaned_data["override"] if membership.is_coordinator else "",
            only_those_that_can="those_that_can" in request.POST)
    except drafting.BulkRefused as refused:
        return render(request, "requirements_app/bulk_status_refused.html", {
            "membership": membership, "procurement": membership.procurement, "form": form, "back": back,
            "refused": sorted(refused.refused.items()), "can": refused.can,
            "selected": form.cleaned_data["selected"], "status": Requirement.Status(status).label,
        }, status=409)
    except ValidationError as error:  # a row changed between the check and the write
        flash_errors(request, error)
        return redirect(back)
    messages.success(request, _("%(count)s requirements are now %(status)s.")
                     % {"count": len(changed), "status": Requirement.Status(status).label})
    return redirect(back)


def requirement_create(request, pk):
    # Every member may write: an expert's requirement becomes a proposal (see drafting).
    membership = get_membership(request, pk)
    procurement = membership.procurement
    # "Write a requirement for this insight" links here with ?insight=<pk>, and
    # "Create a requirement draft" on the standards page with ?catalogue=<pk>.
    initial = {"insights": parse_ids(request.GET.getlist("insight"))}
    wanted = parse_id(request.GET.get("catalogue"))
    entry = CatalogueEntry.objects.filter(pk=wanted).select_related("wcag").first() if wanted else None
    if entry:
        area = procurement.areas.filter(code="TILL").first()
        initial.update(catalogue.draft(entry), area=area)
    form = RequirementForm(request.POST or None, procurement=procurement, initial=initial)
    checked = _checked(request, form, procurement)
    if request.method == "POST" and checked is None and form.is_valid():
        try:
            requirement = drafting.create_requirement(
                membership,
                form.cleaned_data["area"],
                form.content(),
                form.cleaned_data["insights"],
                form.cleaned_data["comment"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(number)s was created.") % {"number": requirement.number}
                             + _findings_note(requirement))
            return redirect(requirement)
    return render(
        request,
        "requirements_app/requirement_form.html",
        {"membership": membership, "procurement": procurement, "form": form, "findings": checked},
    )


def _checked(request, form, procurement, requirement=None):
    """The findings of the form's content when "Granska texten" was pressed
    (nothing is saved then); None otherwise."""
    if "check" not in request.POST:
        return None
    form.is_valid()
    # Checking saves nothing, so it asks for no change comment or confirmation.
    for name in ("comment", "confirm_reopen"):
        form.errors.pop(name, None)
    if form.errors:
        return None
    data = form.cleaned_data
    draft = quality.Draft(
        requirement.number if requirement else "", data["kind"], data["title"], data["statement"], data["rationale"],
        data["references"], data["verifikat"], tuple(insight.text for insight in data["insights"]),
        scale=data.get("scale", ""),
    )
    return findings.check_content(procurement, draft, requirement.pk if requirement else None)


def _findings_note(requirement):
    """" Kravgranskning: 2 findings." after a save, when there are any."""
    count = len(findings.report_for(requirement))
    return (" " + ngettext("Requirement check: %(count)s finding, see below.", "Requirement check: %(count)s findings, see below.",
                           count) % {"count": count}) if count else ""


def requirement_edit(request, pk):
    requirement, membership = get_requirement_for_user(request, pk)
    require(membership, Action.DRAFT)
    if not requirement.is_editable:
        messages.error(request, _("A withdrawn or rejected requirement cannot be edited."))
        return redirect(requirement)
    procurement = membership.procurement
    suggestion = _open_suggestion(requirement, request.POST.get("suggestion") or request.GET.get("forslag"))
    initial = {}
    if suggestion:
        # The proposed wording, for the working group to edit before adopting it.
        initial = {"statement": suggestion.suggested_statement, "comment": comments.credit(suggestion),
                   "suggestion": suggestion.pk}
    form = RequirementForm(request.POST or None, instance=requirement, procurement=procurement, initial=initial)
    conflict = None
    checked = _checked(request, form, procurement, requirement)
    if request.method == "POST" and checked is None and form.is_valid():
        opened = form.cleaned_data["version"]
        arguments = (opened, form.content(), form.cleaned_data["insights"], form.cleaned_data["comment"])
        reopen = form.cleaned_data.get("confirm_reopen", False)
        try:
            if suggestion:
                saved = comments.adopt_suggestion(membership, suggestion, *arguments, reopen_decided=reopen)
            else:
                saved = drafting.save_requirement(membership, requirement, *arguments, reopen_decided=reopen)
        except EditConflict as error:
            conflict = _conflict(error.current, opened)
            # Keep the editor's text; the form now carries the current version, so
            # saving again is a deliberate choice made after seeing the other change.
            data = request.POST.copy()
            data["version"] = error.current.version_no
            form = RequirementForm(data, instance=error.current, procurement=procurement)
            form.is_valid()
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if saved.version_no == opened:
                messages.info(
                    request,
                    _("Nothing changed: %(number)s is still version %(version)s.")
                    % {"number": saved.number, "version": saved.version_no},
                )
            else:
                messages.success(
                    request,
                    _("%(number)s was saved as version %(version)s.")
                    % {"number": saved.number, "version": saved.version_no} + _findings_note(saved),
                )
            return redirect(saved)
    return render(
        request,
        "requirements_app/requirement_form.html",
        {
            "membership": membership,
            "procurement": procurement,
            "form": form,
            "requirement": requirement,
            "conflict": conflict,
            "findings": checked,
            "suggestion": suggestion,
            "suggestion_diff": word_diff(requirement.statement, suggestion.suggested_statement) if suggestion else None,
        },
    )


def _open_suggestion(requirement, pk):
    """The requirement's open proposed wording with this pk, if any."""
    pk = parse_id(pk)
    if pk is None:
        return None
    return (
        requirement.comments.filter(pk=pk, suggestion=Comment.Suggestion.OPEN).select_related("author").first()
    )


def _conflict(current, opened_version):
    """What the edit-conflict notice shows: who saved, when, and what they changed."""
    opened = content_at(current, opened_version)
    user, when = drafting.saved_by(current)
    return {
        "current": current,
        "saved_by": (user.get_full_name() or user.get_username()) if user else "",
        "saved_at": when,
        "diff": compare(opened, current_content(current)) if opened else None,
    }


STATUS_ACTIONS = {
    "submit": (Requirement.Status.REVIEW, _("Sent for review")),
    "draft": (Requirement.Status.DRAFT, _("Returned to draft")),
    "withdraw": (Requirement.Status.WITHDRAWN, _("Withdrawn")),
}


@require_POST
def requirement_status(request, pk, action):
    requirement, membership = get_requirement_for_user(request, pk)
    require(membership, Action.DRAFT)
    if action not in STATUS_ACTIONS:
        raise Http404
    status, default_comment = STATUS_ACTIONS[action]
    form = StatusChangeForm(request.POST)
    valid = form.is_valid()
    comment = form.cleaned_data["comment"] if valid else ""
    override = form.cleaned_data["override"] if valid else ""
    try:
        updated = drafting.change_status(membership, requirement, status, comment or str(default_comment), override)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(
            request,
            _("%(number)s is now %(status)s.") % {"number": updated.number, "status": updated.get_status_display()},
        )
    return redirect(requirement)


def requirement_history(request, pk):
    requirement, membership = get_requirement_for_user(request, pk)
    rows = version_rows(requirement)
    return render(
        request,
        "requirements_app/requirement_history.html",
        {
            "membership": membership,
            "procurement": membership.procurement,
            "requirement": requirement,
            "versions": rows,
            # The newest version of the text (the newest row may be a status change).
            "current": next((row for row in rows if not row.get("status_change")), None),
        },
    )


def requirement_compare(request, pk):
    """Two versions side by side. Status changes are not versions (the text is
    the same), so only versions are offered. With ?aterstall=1 this is the
    preview of a restore: the current text against the one brought back, and
    the form that asks for a comment."""
    requirement, membership = get_requirement_for_user(request, pk)
    rows = [row for row in version_rows(requirement) if not row.get("status_change")]
    if not rows:
        raise Http404
    by_id = {str(row["version"].pk): row for row in rows}
    # By default: the previous version against the newest.
    old = by_id.get(request.GET.get("old"), rows[min(1, len(rows) - 1)])
    new = by_id.get(request.GET.get("new"), rows[0])
    restoring = (request.GET.get("aterstall") == "1" and membership.can_edit and requirement.is_editable
                 and new["content"]["version_no"] != requirement.version_no)
    return render(
        request,
        "requirements_app/requirement_compare.html",
        {
            "membership": membership,
            "procurement": membership.procurement,
            "requirement": requirement,
            "versions": rows,
            "old": old,
            "new": new,
            "diff": compare(old["content"], new["content"]),
            "restoring": restoring,
        },
    )


@require_POST
def requirement_restore(request, pk, version_pk):
    requirement, membership = get_requirement_for_user(request, pk)
    require(membership, Action.DRAFT)
    version = get_object_or_404(requirement_versions(requirement), pk=version_pk)
    expected = posted_version(request)
    try:
        restored = drafting.restore_version(
            membership, requirement, version, expected, reopen_decided=bool(request.POST.get("confirm_reopen")),
            comment=request.POST.get("comment", ""),
        )
    except EditConflict:
        messages.error(
            request,
            _("Somebody saved %(number)s while you were reading its history. Look at the new version first.")
            % {"number": requirement.number},
        )
        return redirect("requirement_history", pk=requirement.pk)
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("requirement_history", pk=requirement.pk)
    old = version_content(version)["version_no"]
    if restored.version_no == expected:
        messages.info(request, _("Version %(old)s has the same content as the current version; nothing changed.") % {"old": old})
    else:
        messages.success(
            request, _("Version %(old)s was restored as version %(new)s.") % {"old": old, "new": restored.version_no}
        )
    return redirect(restored)
