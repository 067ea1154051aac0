"""The write pipeline: every versioned change runs through `write` (or `remove`).

In order, in one transaction: ask the permission table; lock the row; compare
it with the version the person saw; apply the change (the service's `change`,
which validates and saves); write the revision (who, when, why); refresh the
rows derived from it (`derived`); notify. A service passes in only what differs.
"""

import reversion
from django.db import transaction

from .permissions import require


class EditConflict(Exception):
    """Somebody saved the row after the editor opened it: `current` is the row as saved."""

    def __init__(self, current):
        super().__init__(f"{current} is at version {current.version_no}")
        self.current = current


def write(membership, action, lock, change, comment="", *, procurement_id=None, expected_version=None,
          version=lambda row: row.version_no, conflict=EditConflict, derive=None, notify=None, message=None,
          revise=True):
    """Run one change through the pipeline and return the row as stored.

    `lock()` returns the row locked for the change (a new row: as it will be
    created). `change(row)` applies, validates and saves; it returns False when
    the change turns out to change nothing, and then nothing more is written: no
    revision, no derived rows, no notification. It may return the other rows it
    wrote, which the revision holds beside the locked row (the versioned ones). `expected_version` is compared
    with `version(row)`; a mismatch raises `conflict(row)`. `comment` may be a
    function of the saved row. `derive(row)` and `notify(row)` run in the same
    transaction. `revise=False` for a change that is a record of its own (a
    vote, a comment: append-only or the person's own latest word), which the
    locked row's history does not repeat.
    """
    require(membership, action, procurement_id, message)
    with transaction.atomic(), reversion.create_revision(manage_manually=True, atomic=False):
        row = lock()
        if expected_version is not None and version(row) != expected_version:
            raise conflict(row)
        written = change(row)
        if written is False:
            return row
        if revise:
            _revision(membership, [row, *(written or ())], comment(row) if callable(comment) else comment)
        if derive is not None:
            derive(row)
        if notify is not None:
            notify(row)
    return row


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
