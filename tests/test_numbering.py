import threading

import pytest
from django.db import connection

from requirements_app.models import Requirement


def test_numbers_count_up_per_area(make_requirement, procurement):
    from requirements_app.models import Area

    other_area = Area.objects.create(procurement=procurement, code="TILL", name="Tillgänglighet")
    assert [make_requirement().number for _ in range(3)] == ["LADD-01", "LADD-02", "LADD-03"]
    assert make_requirement(area=other_area).number == "TILL-01"


@pytest.mark.django_db(transaction=True)
def test_concurrent_creation_gives_unique_numbers(make_requirement):
    numbers, errors = [], []

    def create():
        try:
            numbers.append(make_requirement().number)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=create) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(numbers) == [f"LADD-{n:02d}" for n in range(1, 9)]
    assert Requirement.objects.count() == 8
