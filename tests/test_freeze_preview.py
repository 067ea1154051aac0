"""Before freezing, the coordinator sees what goes in, what is left out and
why, and what changed; a requirement that would disappear must be confirmed."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from requirements_app.documents.editions import freeze_edition
from requirements_app.drafting import requirements as drafting
from requirements_app.models import Edition, Requirement

from .conftest import edit, login

DAY = datetime.date(2026, 11, 29)


@pytest.fixture
def first_edition(coordinator, make_requirement, approve):
    kept, edited, withdrawn = (approve(make_requirement(title=t)) for t in ("Behålls", "Ändras", "Återkallas"))
    freeze_edition(coordinator, "Utgåva 1.0", DAY)
    return kept, edited, withdrawn


def test_the_preview_lists_what_goes_in_what_is_left_out_and_what_changed(
        client, coordinator, member, make_requirement, approve, first_edition, django_assert_max_num_queries):
    kept, edited, withdrawn = first_edition
    edit(member, edited, statement="Webbplatsen ska låta användaren låna i två steg.")  # back to review
    drafting.change_status(member, withdrawn, Requirement.Status.WITHDRAWN, "Ersatt")
    added = approve(make_requirement(title="Nytt"))
    make_requirement(title="Utkast")
    login(client, coordinator)
    with django_assert_max_num_queries(26):  # +2: kravgranskning's stamp is cached with the reports; +1 unread;
        # +3 the publication check (sections, areas, evaluation model)
        response = client.get(reverse("edition_freeze", args=[coordinator.procurement_id]))
    preview = response.context["preview"]
    assert [i.number for i in preview.included] == [kept.number, added.number]
    assert [(r.number, r.status) for r in preview.left_out] == [
        (edited.number, "review"), (withdrawn.number, "withdrawn"), ("LADD-05", "draft")]
    assert [i.number for i in preview.added] == [added.number]
    assert preview.removed_numbers == [edited.number, withdrawn.number]
    html = response.content.decode()
    assert "2 krav i Utgåva 1.0 försvinner ur den nya utgåvan" in html
    assert "väntar på ett nytt beslut (nu under granskning)" in html and "återkallat" in html


def test_freezing_with_a_removal_needs_confirmation(client, coordinator, member, first_edition):
    kept, edited, withdrawn = first_edition
    drafting.change_status(member, withdrawn, Requirement.Status.WITHDRAWN, "Ersatt")
    login(client, coordinator)
    url = reverse("edition_freeze", args=[coordinator.procurement_id])
    data = {"label": "Utgåva 2.0", "edition_date": "2026-12-01", "note": "", "removed": withdrawn.number}
    response = client.post(url, data)
    assert response.status_code == 400 and "confirm_removals" in response.context["form"].errors
    assert Edition.objects.count() == 1
    response = client.post(url, {**data, "confirm_removals": "on"})
    assert response.status_code == 302
    assert [i.number for i in Edition.objects.get(label="Utgåva 2.0").items.all()] == [kept.number, edited.number]


def test_a_removal_that_appeared_after_the_preview_is_not_frozen(coordinator, member, first_edition):
    kept, edited, withdrawn = first_edition
    drafting.change_status(member, withdrawn, Requirement.Status.WITHDRAWN, "Ersatt")
    edit(member, edited, title="Ändrad efter förhandsvisningen")
    with pytest.raises(ValidationError) as error:
        freeze_edition(coordinator, "Utgåva 2.0", DAY, confirmed_removals=[withdrawn.number])
    assert edited.number in str(error.value) and Edition.objects.count() == 1


def test_a_changed_value_with_the_same_text_is_a_change(client, coordinator, member, make_requirement, approve):
    import datetime

    from requirements_app.documents.editions import edition_data, freeze_edition, freeze_preview
    from requirements_app.documents.record_pdf import render_record_pdf

    from .conftest import edit

    criterion = approve(make_requirement(title="Ladda ner", kind="evaluated", weight=150_000))
    freeze_edition(coordinator, "Utgåva 1.0", datetime.date(2026, 11, 29))
    approve(edit(member, criterion, weight=120_000, verifikat="Demonstration."))
    (old, new, runs, fields), = freeze_preview(coordinator.procurement).changed
    assert [(name, before, after) for name, _label, before, after in fields] == [
        ("weight", "150000", "120000"), ("verifikat", "–", "Demonstration.")]
    login(client, coordinator)
    page = client.get(reverse("edition_freeze", args=[coordinator.procurement_id])).content.decode()
    assert "150000 → 120000" in page
    edition = freeze_edition(coordinator, "Utgåva 2.0", datetime.date(2026, 12, 4))
    import io

    from pypdf import PdfReader

    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(render_record_pdf(edition_data(edition)))).pages).split())
    assert "150000 → 120000" in text
