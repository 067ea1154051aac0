import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from requirements_app.documents.editions import edition_data, freeze_edition
from requirements_app.models import Edition, EditionItem

from .conftest import edit, login

DAY = datetime.date(2026, 11, 29)


@pytest.fixture
def approved(make_requirement, approve):
    first = approve(make_requirement(title="Låna e-böcker"))
    second = approve(make_requirement(title="Ladda upp", kind="evaluated", weight=15))
    make_requirement(title="Bara utkast")  # not approved: not frozen
    return [first, second]


def test_coordinator_freezes_the_approved_requirements(client, coordinator, approved):
    login(client, coordinator)
    response = client.post(
        reverse("edition_freeze", args=[coordinator.procurement_id]),
        {"label": "Utgåva 1.0", "edition_date": "2026-11-29", "note": "Till styrgruppen"},
    )
    assert response.status_code == 302
    edition = Edition.objects.get()
    items = list(edition.items.order_by("pk"))
    assert [(i.number, i.version_no, i.title) for i in items] == [("LADD-01", 1, "Låna e-böcker"), ("LADD-02", 1, "Ladda upp")]
    assert all(i.reversion_version_id for i in items)
    assert items[0].decision["outcome"] == "approved" and items[0].decision["yes"] == 3
    assert items[0].insight_keys == ["FRAM-04"]


def test_edition_does_not_change_when_the_requirement_does(coordinator, member, approved):
    edition = freeze_edition(coordinator, "Utgåva 1.0", DAY)
    edit(member, approved[0], title="Ändrad efter frysning", statement="Ny text")
    item = EditionItem.objects.get(edition=edition, requirement=approved[0])
    assert (item.title, item.version_no) == ("Låna e-böcker", 1)
    assert [i.title for i in edition_data(edition).items] == ["Låna e-böcker", "Ladda upp"]


def test_second_edition_points_to_the_first_for_its_change_log(coordinator, member, approved, approve, make_requirement):
    first = freeze_edition(coordinator, "Utgåva 1.0", DAY)
    edit(member, approved[0], statement="Webbplatsen ska låta användaren låna i två steg.")
    approve(approved[0])
    approve(make_requirement(title="Nytt krav"))
    second = freeze_edition(coordinator, "Utgåva 1.1", DAY)
    assert second.previous == first
    log = edition_data(second).change_log()
    assert [i.number for i in log["added"]] == ["LADD-04"]
    [(old, new, runs, fields)] = log["changed"]
    assert (old.version_no, new.version_no) == (1, 2)
    assert ("insert", "två") in runs and [name for name, *_rest in fields] == ["statement"]
    assert log["removed"] == []


def test_duplicate_label_is_refused(coordinator, approved):
    freeze_edition(coordinator, "Utgåva 1.0", DAY)
    with pytest.raises(ValidationError):
        freeze_edition(coordinator, "Utgåva 1.0", DAY)


def test_nothing_approved_nothing_to_freeze(client, coordinator, requirement):
    login(client, coordinator)
    response = client.post(reverse("edition_freeze", args=[coordinator.procurement_id]), {"label": "1.0", "edition_date": "2026-11-29"})
    assert response.status_code == 400
    assert "Det finns inga fastställda krav att frysa." in response.content.decode()
    assert not Edition.objects.exists()


def test_only_the_coordinator_freezes(member, approved):
    with pytest.raises(PermissionDenied):
        freeze_edition(member, "Utgåva 1.0", DAY)


def test_edition_list_shows_downloads_to_every_member(client, coordinator, expert, approved, django_assert_max_num_queries):
    edition = freeze_edition(coordinator, "Utgåva 1.0", DAY)
    login(client, expert)
    with django_assert_max_num_queries(8):  # +2: the navigation's count badge
        html = client.get(reverse("edition_list", args=[expert.procurement_id])).content.decode()
    assert reverse("edition_pdf", args=[edition.pk]) in html
    assert reverse("edition_response_form", args=[edition.pk]) in html
    assert "Frys utgåvan" not in html


def test_edition_downloads_are_never_cached_by_others(client, coordinator, make_requirement, approve):
    import datetime

    from django.urls import reverse

    from requirements_app.documents.editions import freeze_edition

    from .conftest import login

    approve(make_requirement())
    edition = freeze_edition(coordinator, "Utgåva 1.0", datetime.date(2026, 11, 29))
    login(client, coordinator)
    for name in ("edition_pdf", "edition_response_form"):
        assert client.get(reverse(name, args=[edition.pk]))["Cache-Control"] == "private, no-store"
