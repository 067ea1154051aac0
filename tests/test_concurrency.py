"""Races, with real threads against the test database (SQLite here, PostgreSQL in CI)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from requirements_app.deliberation import decisions
from requirements_app.drafting import requirements as drafting
from requirements_app.models import Decision, Membership, Requirement, Vote
from requirements_app.versions import requirement_versions

from .conftest import make_user

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(functions):
    """Start all functions at once; return what each raised (or None)."""
    barrier = threading.Barrier(len(functions))
    errors = [None] * len(functions)

    def run(index, function):
        try:
            barrier.wait()
            function()
        except Exception as error:  # noqa: BLE001 - returned to the test
            errors[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, f)) for i, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.fixture
def voters(procurement):
    return [
        Membership.objects.create(procurement=procurement, user=make_user(f"voter{n}"), role=Membership.Role.WORKING_GROUP)
        for n in range(8)
    ]


def test_concurrent_votes_are_neither_lost_nor_counted_twice(in_review, voters):
    errors = run_together([lambda m=m: decisions.cast_vote(m, in_review, 1, "yes") for m in voters])
    errors += run_together([lambda m=m: decisions.cast_vote(m, in_review, 1, "yes") for m in voters])  # again
    assert errors == [None] * 16
    assert Vote.objects.count() == 8
    assert decisions.tally(in_review).counts == (8, 0, 0)


def test_decision_racing_a_vote_never_uses_a_stale_tally(in_review, voters, coordinator):
    for membership in voters[:3]:
        decisions.cast_vote(membership, in_review, 1, "yes")
    late = voters[3]
    errors = run_together([
        lambda: decisions.record_decision(coordinator, in_review, 1, (3, 0, 0)),
        lambda: decisions.cast_vote(late, in_review, 1, "no", "Sen invändning"),
    ])
    decided, voted = errors[0] is None, errors[1] is None
    assert decided != voted or not decided  # never both a decision and a vote it did not see
    if decided:
        assert isinstance(errors[1], ValidationError)
        assert Decision.objects.get().tally == "3–0–0"
        assert Vote.objects.filter(voter=late.user).count() == 0
    else:
        assert isinstance(errors[0], decisions.StaleTally)
        assert not Decision.objects.exists()


def test_decision_racing_an_edit_is_on_the_version_it_saw_or_refused(in_review, voters, coordinator, member):
    for membership in voters[:3]:
        decisions.cast_vote(membership, in_review, 1, "yes")
    content = {f: getattr(in_review, f) for f in Requirement.CONTENT_FIELDS}
    errors = run_together([
        lambda: decisions.record_decision(coordinator, in_review, 1, (3, 0, 0)),
        lambda: drafting.save_requirement(member, in_review, 1, {**content, "title": "Ny"}, list(in_review.insights.all()), "x"),
    ])
    in_review.refresh_from_db()
    if errors[0] is None:
        # Decided first: the edit, opened on a requirement in review, finds it
        # approved on the locked row and is refused (reopening needs consent).
        assert Decision.objects.get().version_no == 1
        assert isinstance(errors[1], ValidationError)
        assert (in_review.version_no, in_review.status) == (1, Requirement.Status.APPROVED)
    else:
        assert isinstance(errors[0], decisions.StaleTally)
        assert not Decision.objects.exists()


def test_concurrent_edits_keep_one_and_refuse_the_other(requirement, member, second_member):
    content = {f: getattr(requirement, f) for f in Requirement.CONTENT_FIELDS}
    insights = list(requirement.insights.all())
    errors = run_together([
        lambda: drafting.save_requirement(member, requirement, 1, {**content, "title": "A"}, insights, "a"),
        lambda: drafting.save_requirement(second_member, requirement, 1, {**content, "title": "B"}, insights, "b"),
    ])
    assert sorted(type(e).__name__ for e in errors if e) == ["EditConflict"]
    requirement.refresh_from_db()
    assert requirement.version_no == 2


@pytest.mark.parametrize("round_", range(5))
def test_an_edit_racing_a_withdrawal_never_leaves_a_withdrawn_requirement_with_new_text(member, second_member, requirement, round_):
    stale = Requirement.objects.get(pk=requirement.pk)
    content = {f: getattr(stale, f) for f in Requirement.CONTENT_FIELDS}
    run_together([
        lambda: drafting.save_requirement(member, stale, 1, {**content, "title": "Ny"}, list(stale.insights.all()), "x"),
        lambda: drafting.change_status(second_member, stale, Requirement.Status.WITHDRAWN, "Ersatt"),
    ])
    current = Requirement.objects.get(pk=requirement.pk)
    assert current.status == Requirement.Status.WITHDRAWN
    # Either order is fine; what may not happen is the edit landing after the withdrawal.
    withdrawn_at = next(
        v.revision.date_created for v in requirement_versions(current) if v.field_dict["status"] == "withdrawn"
    )
    edited = [v for v in requirement_versions(current) if v.field_dict["version_no"] == 2]
    assert not edited or edited[0].revision.date_created <= withdrawn_at


def test_an_edit_during_an_import_waits_for_its_write_and_succeeds(member, second_member, make_requirement, area, insight):
    import time

    from requirements_app.importing.resources import RequirementResource
    from requirements_app.importing.spreadsheets import import_requirements, read_dataset

    other = make_requirement(title="Annat krav")
    writing, apply = threading.Event(), RequirementResource.apply

    def slow_apply(self):
        with transaction.atomic():  # holds the write lock on SQLite, as a large import does
            apply(self)
            writing.set()
            time.sleep(0.5)

    header = "Kravnummer;Kravområde;Rubrik;Kravtext;Typ;Verifiering;Insikter\n"
    rows = "".join(f";LADD;Krav {n};Webbplatsen ska {n}.;Ska-krav;Bekräfta;{insight.key}\n" for n in range(50))
    dataset = read_dataset("krav.csv", (header + rows).encode())
    content = {f: getattr(other, f) for f in Requirement.CONTENT_FIELDS}
    RequirementResource.apply = slow_apply
    try:
        errors = run_together([
            lambda: import_requirements(member, dataset, "krav.csv", dry_run=False),
            lambda: writing.wait(5) and drafting.save_requirement(
                second_member, other, 1, {**content, "title": "Ändrat under importen"}, [insight], "x"),
        ])
    finally:
        RequirementResource.apply = apply
    assert errors == [None, None]
    assert Requirement.objects.get(pk=other.pk).title == "Ändrat under importen"
    assert Requirement.objects.count() == 51
