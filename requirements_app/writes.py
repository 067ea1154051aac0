"""The write pipeline: every versioned change runs through `write` (or `remove`).

In order, in one transaction: ask the permission table; lock the row; compare
it with the version the person saw; apply the change (the service's `change`,
which validates and saves); write the revision (who, when, why); refresh the
rows derived from it (`derived`); notify. A service passes in only what differs.
"""

import reversion
from django.db import models, transaction

from .permissions import require


class EditConflict(Exception):
    """Somebody saved the row after the editor opened it: `current` is the row as saved."""

    def __init__(self, current):
        super().__init__(f"{current} is at version {current.version_no}")
        self.current = current


def write(membership, action, lock, change, comment="", *, procurement_id=None, expected_version=None,
          version=lambda row: row.version_no, conflict=EditConflict, derive=None, notify=None, message=None,
          revise=True):
    """Run one change through the pipeline and return what it made: the row as
    stored, or the record the change made.

    `lock()` returns the row locked for the change (a new row: as it will be
    created). `expected_version` is compared with `version(row)`; a mismatch
    raises `conflict(row)`. `change(row)` applies, validates and saves, and says
    what it made by what it returns:
    - nothing: the locked row is what changed;
    - False: the change turns out to change nothing, and nothing more is
      written (no revision, no derived rows, no notification);
    - a row (a model instance): the record the change made under the lock (a
      vote, a comment, a decision), which `write` returns instead of the locked row;
    - a list: the other rows it wrote, which the revision holds beside the
      locked row (the versioned ones).
    `comment` may be a function of what was made; `derive` and `notify` are
    called with it, in the same transaction. `revise=False` for a change that is
    a record of its own (a vote, a comment: append-only or the person's own
    latest word), which the locked row's history does not repeat.
    """
    require(membership, action, procurement_id, message)
    with transaction.atomic(), reversion.create_revision(manage_manually=True, atomic=False):
        row = lock()
        if expected_version is not None and version(row) != expected_version:
            raise conflict(row)
        made = change(row)
        if made is False:
            return row
        result = made if isinstance(made, models.Model) else row
        if revise:
            also = made if isinstance(made, list) else []
            _revision(membership, [row, *also], comment(result) if callable(comment) else comment)
        if derive is not None:
            derive(result)
        if notify is not None:
            notify(result)
    return result


def remove(membership, action, row, comment, *, procurement_id=None, derive=None, message=None):
    """Delete `row` through the pipeline; its revision, written first, keeps it as it was."""
    require(membership, action, procurement_id, message)
    with transaction.atomic():
        # reversion saves a revision's versions only of rows that still exist when its block ends.
        with reversion.create_revision(manage_manually=True, atomic=False):
            _revision(membership, [row], comment)
        row.delete()
        if derive is not None:
            derive(row)


def _revision(membership, rows, comment):
    for row in rows:
        if reversion.is_registered(type(row)):
            reversion.add_to_revision(row)
    reversion.set_user(membership.user)
    reversion.set_comment(comment)
