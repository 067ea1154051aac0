"""Expensive downloads: a draft is rendered once per state of what it is made
of, and each person may download a bounded number a minute, in every worker."""

from unittest import mock

from django.urls import reverse

from requirements_app.views import editions as edition_views

from .conftest import edit, login


def test_a_draft_pdf_is_rendered_once_until_something_in_it_changes(client, member, make_requirement):
    requirement = make_requirement()
    login(client, member)
    url = reverse("preview_pdf", args=[member.procurement_id])
    real = edition_views.render_tender_pdf
    with mock.patch.object(edition_views, "render_tender_pdf", side_effect=real) as render:
        first = client.get(url).content
        assert client.get(url).content == first and render.call_count == 1
        edit(member, requirement, statement="Webbplatsen ska låta en användare låna e-böcker i högst två steg.")
        assert client.get(url).content != first and render.call_count == 2
        member.procurement.definitions.create(term="Användare", meaning="Den som använder webbplatsen.", role="other")
        client.get(url)
        assert render.call_count == 3  # the context (definitions, sections, the model) is in the stamp too


def test_downloads_past_the_limit_get_429_with_a_time_to_wait(client, member, requirement, settings):
    settings.DOWNLOADS_PER_MINUTE = 2
    login(client, member)
    url = reverse("requirement_export", args=[member.procurement_id, "csv"])
    assert [client.get(url).status_code for _ in range(2)] == [200, 200]
    refused = client.get(url)
    assert refused.status_code == 429 and refused["Retry-After"] == "60"
    assert "Vänta en minut" in refused.content.decode()
    assert client.get(reverse("preview_pdf", args=[member.procurement_id])).status_code == 429  # one limit for all


def test_the_default_cache_is_shared_by_every_worker_through_the_database(settings):
    from django.core.cache import caches
    from django.core.cache.backends.db import DatabaseCache

    assert isinstance(caches["default"], DatabaseCache)


def test_a_frozen_editions_documents_are_rendered_once_and_served_as_stored(client, coordinator, requirement,
                                                                           approve, settings):
    import datetime

    from requirements_app.documents.editions import freeze_edition
    from requirements_app.models import EditionDocument

    settings.DOWNLOADS_PER_MINUTE = 100
    approve(requirement)
    edition = freeze_edition(coordinator, "Utgåva 1.0", datetime.date(2026, 11, 29))
    login(client, coordinator)
    from requirements_app.documents import sealing

    for name, kind in (("edition_pdf", "pdf"), ("edition_html", "html"), ("edition_record", "record"),
                       ("edition_response_form", "response_form")):
        url = reverse(name, args=[edition.pk])
        first = client.get(url).content
        assert bytes(EditionDocument.objects.get(edition=edition, kind=kind).content) == first
        # Whatever the code would render now, the edition's bytes are what it was first downloaded as.
        rendered_again = mock.Mock(side_effect=AssertionError("rendered again"))
        with mock.patch.dict(sealing.FILES, {kind: (sealing.FILES[kind][0], rendered_again)}):
            assert client.get(url).content == first
