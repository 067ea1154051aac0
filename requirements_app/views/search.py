"""Search a procurement's requirements and insights together."""

from django.shortcuts import render

from .. import search
from ..access import get_membership
from ..forms import SearchForm


def search_results(request, pk):
    membership = get_membership(request, pk)
    form = SearchForm(request.GET or None)
    results = search.search(membership.procurement, form.cleaned_data["q"]) if form.is_valid() else None
    return render(
        request,
        "requirements_app/search.html",
        {"membership": membership, "procurement": membership.procurement, "form": form, "results": results},
    )
