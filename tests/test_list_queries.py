"""The newer list pages read a fixed number of queries, however many rows
they list: one more question, price component, authority or declaration costs
no query of its own."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from requirements_app import terms
from requirements_app.deliberation import declarations
from requirements_app.models import ContractingAuthority, PriceComponent, Question

from .conftest import login


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def add_question(procurement, number, requirement):
    question = Question.objects.create(procurement=procurement, number=number, received_at=datetime.datetime(
        2026, 11, 2, 9, tzinfo=datetime.timezone.utc), asker="Leverantör AB", text=f"Fråga {number}?")
    question.requirements.set([requirement])


def add_component(coordinator, order):
    terms.save_price_component(coordinator, PriceComponent(procurement=coordinator.procurement, kind="monthly",
                                                           label=f"Del {order}", quantity=12, order=order))


def add_authority(coordinator, order):
    terms.save_authority(coordinator, ContractingAuthority(procurement=coordinator.procurement,
                                                           legal_name=f"Kommun {order}", order=order))


@pytest.mark.parametrize("page, add", [
    ("question_list", lambda o, n: add_question(o["coordinator"].procurement, n, o["requirement"])),
    ("price_model", lambda o, n: add_component(o["coordinator"], n)),
    ("procurement_terms", lambda o, n: add_authority(o["coordinator"], n)),
    ("declaration_list", lambda o, n: declarations.declare(o["members"][n % 3], datetime.date(2026, 11, n),
                                                           n % 2 == 0, "Delägare i en leverantör." if n % 2 == 0
                                                           else "")),
])
def test_a_list_page_reads_the_same_number_of_queries_for_more_rows(page, add, client, coordinator, member,
                                                                     second_member, third_member, requirement):
    objects = {"coordinator": coordinator, "requirement": requirement,
               "members": [member, second_member, third_member]}
    login(client, coordinator)
    url = reverse(page, args=[coordinator.procurement_id])
    add(objects, 1)
    few = queries(client, url)
    for number in range(2, 7):
        add(objects, number)
    assert queries(client, url) == few
