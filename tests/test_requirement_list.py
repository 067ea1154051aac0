from unittest import mock

import pytest
from django.urls import reverse

from requirements_app import derived
from requirements_app.drafting import requirements as drafting
from requirements_app.kravgranskning import findings
from requirements_app.models import Requirement

from .conftest import login


def bulk_requirements(area, author, insight, count):
    """Many requirements quickly (no revisions; search entries, citations and
    findings written as an import writes them): for list and query-count tests."""
    start = area.last_seq
    created = Requirement.objects.bulk_create(
        Requirement(area=area, seq=start + n, title=f"Krav {n}", statement="Webbplatsen ska …", author=author)
        for n in range(1, count + 1)
    )
    area.last_seq = start + count
    area.save()
    Through = Requirement.insights.through
    Through.objects.bulk_create(Through(requirement=r, insight=insight) for r in created)
    derived.requirements_created(area.procurement, created)
    return created


@pytest.mark.parametrize("count", [10, 300])
def test_list_query_count_does_not_grow_with_requirements(
    client, member, area, insight, count, django_assert_max_num_queries
):
    bulk_requirements(area, member.user, insight, count)
    login(client, member)
    with django_assert_max_num_queries(35):  # 9 for the page itself (the areas keying the filter form's
        # rendering: 1); +3: the badges (waiting, unread); +5: kravgranskning's stored findings (their stamp: 2;
        # the live versions, the reports, the dismissals: 3); +18: the shared cache's miss and storing the
        # table, the filter form and the bulk action's fields (6 each: count, savepoint, read, write, release);
        # the same for 10 or 300
        response = client.get(reverse("requirement_list", args=[area.procurement_id]))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == count
    with django_assert_max_num_queries(15):  # warm: each of the three is one read, and no findings are read
        client.get(reverse("requirement_list", args=[area.procurement_id]))


def test_list_is_paginated_and_keeps_filters_in_page_links(client, member, area, insight):
    bulk_requirements(area, member.user, insight, 30)
    login(client, member)
    response = client.get(reverse("requirement_list", args=[area.procurement_id]), {"q": "Krav", "page": 2})
    assert len(response.context["page"].object_list) == 5
    assert "?q=Krav&amp;page=1" in response.content.decode()


def test_filters_by_area_status_kind_and_text(client, member, make_requirement, procurement):
    from requirements_app.models import Area

    till = Area.objects.create(procurement=procurement, code="TILL", name="Tillgänglighet")
    make_requirement(title="Låna e-böcker")
    make_requirement(title="Tangentbord", area=till)
    make_requirement(title="Lättläst", area=till, kind="evaluated", weight=10)
    login(client, member)
    url = reverse("requirement_list", args=[procurement.pk])

    def titles(**params):
        return [r.title for r in client.get(url, params).context["page"].object_list]

    assert titles(area=till.pk) == ["Tangentbord", "Lättläst"]
    assert titles(kind="evaluated") == ["Lättläst"]
    assert titles(status="draft", q="e-böcker") == ["Låna e-böcker"]
    assert titles(q="TILL-02") == ["Lättläst"]
    assert titles(status="approved") == []


def test_invalid_filter_value_shows_everything_with_an_error(client, member, requirement):
    login(client, member)
    response = client.get(reverse("requirement_list", args=[requirement.area.procurement_id]), {"status": "bogus"})
    assert response.status_code == 200
    assert "status" in response.context["filters"].errors


def test_list_shows_only_this_procurements_requirements(client, outsider, requirement):
    login(client, outsider)
    response = client.get(reverse("requirement_list", args=[outsider.procurement_id]))
    assert response.context["page"].paginator.count == 0


def test_cached_list_shows_every_change_at_once(client, member, make_requirement, django_assert_max_num_queries):
    from .conftest import edit

    first = make_requirement(title="Låna e-böcker")
    login(client, member)
    url = reverse("requirement_list", args=[first.area.procurement_id])
    assert "Låna e-böcker" in client.get(url).content.decode()
    with django_assert_max_num_queries(13):  # cached: no page, count or prefetch query; +1 reading the shared
        # cache; +2 the badge; +1 the unread notifications; +4 the stamp of kravgranskning's cached findings
        client.get(url)
    edit(member, first, title="Låna e-ljudböcker")
    assert "Låna e-ljudböcker" in client.get(url).content.decode()
    drafting.change_status(member, first, Requirement.Status.REVIEW, "")
    assert "under granskning" in client.get(url).content.decode()
    make_requirement(title="Helt nytt krav")
    html = client.get(url).content.decode()
    assert "Helt nytt krav" in html and "2 krav" in html
    assert "Helt nytt krav" not in client.get(url, {"q": "ljudböcker"}).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "in review" in client.get(url).content.decode()


def test_an_area_of_another_procurement_is_a_field_error_not_a_silent_everything(
        client, member, requirement, other_procurement):
    from requirements_app.models import Area

    foreign = Area.objects.create(procurement=other_procurement, code="XX", name="Främmande")
    login(client, member)
    response = client.get(reverse("requirement_list", args=[member.procurement_id]), {"area": foreign.pk})
    assert "area" in response.context["filters"].errors
    assert response.context["page"].paginator.count == 0
    response = client.get(reverse("requirement_export", args=[member.procurement_id, "csv"]), {"area": foreign.pk})
    assert response.status_code == 302 and "area=" in response.url
    assert "Ett filter är ogiltigt" in client.get(response.url).content.decode()


def test_downloads_are_never_cached_by_others(client, coordinator, requirement):
    login(client, coordinator)
    procurement = coordinator.procurement_id
    for url in (reverse("requirement_export", args=[procurement, "xlsx"]),
                reverse("requirement_export", args=[procurement, "csv"]),
                reverse("insight_export", args=[procurement, "json"]),
                reverse("preview_pdf", args=[procurement])):
        response = client.get(url)
        assert response.status_code == 200 and response["Cache-Control"] == "private, no-store", url


def test_columns_sort_both_ways_and_the_sort_survives_filtering(client, member, make_requirement):
    make_requirement(title="Bbb")
    make_requirement(title="Aaa")
    login(client, member)
    url = reverse("requirement_list", args=[member.procurement_id])
    titles = lambda response: [r.title for r in response.context["page"].object_list]  # noqa: E731
    assert titles(client.get(url, {"sort": "title"})) == ["Aaa", "Bbb"]
    response = client.get(url, {"sort": "-title"})
    assert titles(response) == ["Bbb", "Aaa"]
    assert 'aria-sort="descending"' in response.content.decode()
    assert 'name="sort" value="-title"' in response.content.decode()  # kept when the filters are used
    assert "sort" in client.get(url, {"sort": "nonsense"}).context["filters"].errors


def test_mine_waiting_for_me_and_changed_since(client, member, second_member, make_requirement):
    import datetime

    from requirements_app.deliberation import comments
    from requirements_app.drafting import requirements as drafting

    mine = make_requirement(title="Mitt")
    theirs = make_requirement(title="Deras", by=second_member)
    drafting.change_status(second_member, theirs, "review", "")
    comments.add_comment(member, mine, "Fråga")
    login(client, member)
    url = reverse("requirement_list", args=[member.procurement_id])
    assert [r.title for r in client.get(url, {"mine": "on"}).context["page"].object_list] == ["Mitt"]
    assert [r.title for r in client.get(url, {"waiting": "on"}).context["page"].object_list] == ["Deras"]
    tomorrow = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
    assert client.get(url, {"changed_since": tomorrow}).context["page"].paginator.count == 0


def test_personal_filters_are_never_served_from_another_users_cache(client, member, second_member, make_requirement):
    make_requirement(title="Anders krav")
    make_requirement(title="Fatimas krav", by=second_member)
    url = reverse("requirement_list", args=[member.procurement_id])
    login(client, member)
    client.get(url, {"mine": "on"})
    login(client, second_member)
    assert [r.title for r in client.get(url, {"mine": "on"}).context["page"].object_list] == ["Fatimas krav"]
    assert "Fatimas krav" in client.get(url, {"mine": "on"}).content.decode()
    assert "Anders krav" not in client.get(url, {"mine": "on"}).content.decode()


def test_a_bulk_action_is_all_or_nothing_with_a_reason_per_refused_row(client, member, make_requirement, insight):
    ready = make_requirement(title="Klar")
    unlinked = make_requirement(title="Saknar insikt", insights=[])
    login(client, member)
    url = reverse("requirement_bulk_status", args=[member.procurement_id])
    response = client.post(url, {"action": "submit", "selected": [ready.pk, unlinked.pk], "comment": "Inför mötet"})
    assert response.status_code == 409
    main = response.content.decode()[response.content.decode().index("<main"):]
    assert "Ingenting har ändrats" in main and "LADD-02</strong>: Koppla minst en insikt från workshoppen" in main
    assert 'value="Inför mötet"' in main  # the comment is kept
    assert "Ändra det 1 som kan" in main and "Åsidosätt" not in main  # the override is the coordinator's
    assert Requirement.objects.get(pk=ready.pk).status == "draft"
    client.post(url, {"action": "submit", "selected": [ready.pk]})
    assert Requirement.objects.get(pk=ready.pk).status == "review"
    from requirements_app.versions import requirement_versions

    assert requirement_versions(ready).first().revision.get_comment() == "Skickat på granskning"


def test_those_that_can_are_sent_and_the_others_stay(client, member, make_requirement):
    ready = make_requirement(title="Klar")
    unlinked = make_requirement(title="Saknar insikt", insights=[])
    login(client, member)
    url = reverse("requirement_bulk_status", args=[member.procurement_id])
    response = client.post(url, {"action": "submit", "selected": [ready.pk, unlinked.pk], "comment": "Inför mötet",
                                 "those_that_can": "1"}, follow=True)
    assert "1 krav är nu På granskning" in response.content.decode() or response.status_code == 200
    assert Requirement.objects.get(pk=ready.pk).status == "review"
    assert Requirement.objects.get(pk=unlinked.pk).status == "draft"


def test_the_coordinator_overrides_kravgranskning_in_a_bulk_action_with_a_reason(
        client, coordinator, member, make_requirement):
    from requirements_app.versions import requirement_versions

    modal = make_requirement(kind="evaluated", weight=10, statement="Webbplatsen ska ha talsyntes.")  # MODAL: FEL
    fine = make_requirement(title="Klar")
    login(client, coordinator)
    url = reverse("requirement_bulk_status", args=[coordinator.procurement_id])
    response = client.post(url, {"action": "submit", "selected": [modal.pk, fine.pk]})
    assert response.status_code == 409 and "Åsidosätt kravgranskningens fel" in response.content.decode()
    client.post(url, {"action": "submit", "selected": [modal.pk, fine.pk], "override": "Beslutat av styrgruppen",
                      "those_that_can": "1"})
    assert set(Requirement.objects.filter(pk__in=[modal.pk, fine.pk]).values_list("status", flat=True)) == {"review"}
    assert "Beslutat av styrgruppen" in requirement_versions(modal).first().revision.get_comment()
    member_override = drafting.change_status_of_many  # a member's override counts for nothing
    with pytest.raises(drafting.BulkRefused):
        member_override(member, Requirement.objects.filter(pk=make_requirement(
            kind="evaluated", weight=10, statement="Webbplatsen ska ha uppläsning.").pk), "review", "", override="Jag vill")


def test_a_bulk_selection_is_at_most_200(client, member, make_requirement):
    requirement = make_requirement()
    login(client, member)
    url = reverse("requirement_bulk_status", args=[member.procurement_id])
    with mock.patch("requirements_app.forms.drafting.MAX_BULK", 0):
        response = client.post(url, {"action": "submit", "selected": [requirement.pk]}, follow=True)
    assert "Välj högst 0 krav åt gången." in response.content.decode()
    assert Requirement.objects.get(pk=requirement.pk).status == "draft"


@pytest.mark.django_db(transaction=True)
def test_a_bulk_action_checks_every_row_before_it_takes_the_write_lock(member, make_requirement):
    """397 rows checked inside the transaction held SQLite's write lock for 30 s."""
    from django.db import connection

    selected = [make_requirement(title=f"Krav {n}") for n in range(3)]
    checked_in_transaction = []
    real = findings.reports

    def spy(*args, **kwargs):
        checked_in_transaction.append(connection.in_atomic_block)
        return real(*args, **kwargs)

    with mock.patch.object(findings, "reports", spy), mock.patch.object(
            findings, "report_for", side_effect=AssertionError("one row at a time")):
        changed = drafting.change_status_of_many(member, Requirement.objects.filter(pk__in=[r.pk for r in selected]),
                                                 "review", "")
    assert len(changed) == 3 and checked_in_transaction == [False]


def test_an_expert_cannot_use_the_bulk_action(client, expert, requirement):
    login(client, expert)
    response = client.post(reverse("requirement_bulk_status", args=[expert.procurement_id]),
                           {"action": "submit", "selected": [requirement.pk]})
    assert response.status_code == 403


def test_the_filter_forms_shared_rendering_shows_a_new_area_at_once(client, coordinator, area):
    from requirements_app.drafting import requirements as drafting
    from requirements_app.models import Area

    login(client, coordinator)
    url = reverse("requirement_list", args=[area.procurement_id])
    assert "Tillgänglighet" not in client.get(url).content.decode()
    drafting.create_area(coordinator, Area(code="TILL", name="Tillgänglighet", order=9))
    assert '">Tillgänglighet (TILL)</option>' in client.get(url).content.decode()
