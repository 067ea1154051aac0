"""Search a procurement's requirements and insights together."""

from django.shortcuts import render

from .. import search
from ..access import get_membership
from ..forms import SearchForm


def search_results(request, pk):
    membership = get_membership(request, pk)
    form = SearchForm(request.GET or None)
    procurement = membership.procurement
    typed = form.cleaned_data["q"] if form.is_valid() else None
    return render(request, "requirements_app/search.html", {
        "membership": membership, "procurement": procurement, "form": form,
        "results": search.search(procurement, typed) if typed is not None else None,
        # "Tillgänglighet" typed is more likely a wish to see the area than its word.
        "areas": search.areas_named(procurement, typed) if typed else [],
    })
