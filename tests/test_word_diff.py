"""The word diff stays fast and correct on inputs that made difflib super-linear."""

import datetime

from django.urls import reverse

from benchmarks.management.commands.bench_diff import adversarial_inputs
from requirements_app.documents.editions import edition_data, freeze_edition
from requirements_app.documents.tender_pdf import render_tender_pdf
from requirements_app.versions import MAX_DIFF_TOKENS, word_diff

from .conftest import edit, login


def rebuild(runs):
    old = "".join(text for op, text in runs if op != "insert")
    new = "".join(text for op, text in runs if op != "delete")
    return old, new


def test_adversarial_inputs_give_a_diff_that_rebuilds_both_texts():
    # With difflib, "a " * 2500 against "b " * 2500 took 573 s.
    for _name, old, new in adversarial_inputs(5000):
        assert rebuild(word_diff(old, new)) == (old, new)


def test_alternating_words_read_as_one_replacement():
    runs = word_diff("a " * 2500, "b " * 2500)
    assert runs == [("delete", ("a " * 2500).rstrip()), ("insert", ("b " * 2500).rstrip()), ("equal", " ")]


def test_past_the_bound_the_whole_text_is_replaced():
    old, new = "x " * (MAX_DIFF_TOKENS // 2 + 1), "y"
    assert word_diff(old, new) == [("delete", old), ("insert", new)]


def test_the_compare_page_and_the_change_log_survive_an_adversarial_edit(client, member, coordinator, make_requirement, approve):
    requirement = approve(make_requirement(statement="a " * 2400))
    first = freeze_edition(coordinator, "Utgåva 1.0", datetime.date(2026, 11, 29))
    approve(edit(member, requirement, statement="b " * 2400))
    second = freeze_edition(coordinator, "Utgåva 2.0", datetime.date(2026, 11, 30))
    assert second.previous == first
    login(client, member)
    assert client.get(reverse("requirement_compare", args=[requirement.pk])).status_code == 200
    assert render_tender_pdf(edition_data(second)).startswith(b"%PDF")
