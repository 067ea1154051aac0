"""The write pipeline's contract (`writes.write`): what a change returns decides
what is written, what the callbacks are given and what the service gets back."""

import pytest
from django.core.exceptions import PermissionDenied
from reversion.models import Version

from requirements_app.models import Comment, Requirement
from requirements_app.permissions import Action
from requirements_app.writes import EditConflict, write


def locked(requirement):
    return lambda: Requirement.objects.locked(requirement.pk)


def versions_of(requirement):
    return Version.objects.get_for_object(requirement).count()


def comment_on(requirement, membership, body):
    return Comment.objects.create(requirement=requirement, version_no=requirement.version_no,
                                  author=membership.user, body=body)


def test_a_record_made_under_the_lock_is_returned_and_given_to_the_callbacks(member, requirement):
    given = []
    made = write(member, Action.COMMENT, locked(requirement), lambda row: comment_on(row, member, "Tydligt."),
                 lambda record: f"about {record.body}", derive=given.append, notify=given.append)
    assert isinstance(made, Comment) and made.pk and made.body == "Tydligt."
    assert given == [made, made]
    assert Version.objects.get_for_object(requirement).first().revision.comment == "about Tydligt."


def test_a_change_that_changes_nothing_writes_no_revision_and_calls_nothing(member, requirement):
    before, called = versions_of(requirement), []
    row = write(member, Action.DRAFT, locked(requirement), lambda row: False, "nothing",
                derive=called.append, notify=called.append)
    assert row.pk == requirement.pk and called == [] and versions_of(requirement) == before


def test_the_other_rows_a_change_lists_are_in_its_revision(member, make_requirement):
    first, second = make_requirement(title="Ett"), make_requirement(title="Två")

    def change(row):
        row.title, second.title = "Ett, ändrad", "Två, ändrad"
        row.save()
        second.save()
        return [second]

    row = write(member, Action.DRAFT, locked(first), change, "two rows")
    assert row.title == "Ett, ändrad"
    revision = Version.objects.get_for_object(first).first().revision
    assert Version.objects.get_for_object(second).first().revision == revision
    assert sorted(v.field_dict["title"] for v in revision.version_set.all()) == ["Ett, ändrad", "Två, ändrad"]


def test_a_version_other_than_the_one_seen_is_refused_and_nothing_is_written(member, requirement):
    def change(row):
        raise AssertionError("not to be called")

    with pytest.raises(EditConflict) as conflict:
        write(member, Action.DRAFT, locked(requirement), change, expected_version=requirement.version_no + 1)
    assert conflict.value.current.pk == requirement.pk


def test_a_member_the_table_refuses_is_refused_before_the_row_is_locked(expert, requirement):
    def lock():
        raise AssertionError("not to be locked")

    with pytest.raises(PermissionDenied):
        write(expert, Action.DRAFT, lock, lambda row: None)
