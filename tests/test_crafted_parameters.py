"""Crafted parameters get an answer, never a 500: every URL of the matrix with
hostile values in every GET parameter and POST id the views read, and ids past
the database's 64-bit integers in the path."""

import pytest
from django.urls import reverse

from .test_permissions import MATRIX, objects  # noqa: F401  (objects is a fixture)

HOSTILE = ["²", "٣", "-1", "0", "1e9", "99999999999999999999", "9223372036854775808", "2020-13-45T99:99", "", "x" * 300]
GET_PARAMS = ["page", "sort", "insight", "catalogue", "forslag", "old", "new", "since", "anbud", "wcag", "q",
              "requirements_page", "comments_page", "decisions_page", "area", "status", "kind", "simulera"]
POST_IDS = ["version", "suggestion", "notification", "requirements", "insights", "area", "confirm_reopen"]


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_hostile_parameters_never_give_a_500(name, objects, client, coordinator):  # noqa: F811
    method, kwargs, *_expected = MATRIX[name]
    client.force_login(coordinator.user)
    url = reverse(name, kwargs=kwargs(objects))
    for value in HOSTILE:
        if method == "get":
            response = client.get(url, {param: value for param in GET_PARAMS})
        else:
            response = client.post(url, {param: value for param in POST_IDS})
        assert response.status_code < 500, value


@pytest.mark.parametrize("path", [
    "/krav/99999999999999999999/", "/krav/9223372036854775808/", "/krav/999999999999999999/",
    "/upphandling/99999999999999999999/krav/", "/utgava/99999999999999999999/kravspecifikation.pdf",
    "/krav/1/aterstall/99999999999999999999/",
])
def test_ids_past_the_database_integers_are_not_found(path, client, coordinator):
    client.force_login(coordinator.user)
    assert client.get(path).status_code == 404


def test_an_impossible_since_date_lists_changes_since_the_last_visit(client, member):
    client.force_login(member.user)
    response = client.get(reverse("news", args=[member.procurement_id]), {"since": "2020-13-45T99:99"})
    assert response.status_code == 200


def test_a_forged_notification_id_marks_nothing_and_answers(client, member):
    client.force_login(member.user)
    response = client.post(reverse("notification_list", args=[member.procurement_id]),
                           {"notification": ["²", "99999999999999999999"]})
    assert response.status_code == 302
