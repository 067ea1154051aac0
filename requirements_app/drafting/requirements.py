"""State changes of a requirement: create, save, change status, restore.

Each goes through the write pipeline (`writes.write`: permission, lock,
compare, save, revision, derived rows, notification), so the UI, the admin and
imports follow the same rules. Many new rows at once are written together.
"""

import json
from collections import Counter
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import router, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from reversion.models import Revision, Version

from .. import bulk, derived, notifications, search
from ..catalogue import standards as catalogue
from ..kravgranskning import findings
from ..models import Area, Insight, Requirement
from ..permissions import Action, require
from ..text import normalise
from ..versions import requirement_versions, version_content
from ..writes import write


def _validate(requirement, numbered=True):
    # Field rules (the weight rule lives in clean_fields) in Python. The area and
    # author are objects we hold, and the database's constraints guard the rest,
    # so Django need not look each of them up with a query. A requirement not yet
    # created has no number (seq) yet.
    exclude = ["area", "author"] if numbered else ["area", "author", "seq"]
    requirement.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)


def create_requirement(membership, area, fields, insights, comment):
    """Create a requirement with the area's next number, as version 1.

    An expert's requirement is a proposal: a draft the working group adopts or declines.
    """
    require(membership, Action.PROPOSE)
    return _create(membership, [(area, fields, insights, Requirement.Status.DRAFT)], comment)[0]


def create_requirements(membership, drafts, comment, creation=None):
    """Create many requirements at once (an import): `drafts` is a list of
    (area, fields, insights, status), status draft or review; `creation`, if
    given, is theirs from `prepare_creation`, made before the caller's transaction."""
    require(membership, Action.DRAFT)
    return _create(membership, drafts, comment, creation)


def create_area(membership, area, comment=""):
    """Add a requirement area to the procurement (coordinator only), as a revision."""
    area.procurement = membership.procurement

    def change(row):
        row.full_clean()
        row.save()

    return write(membership, Action.COORDINATE, lambda: area, change,
                 comment or _("Area %(code)s added") % {"code": area.code},
                 message=_("Only the coordinator adds areas."))


def check_room(procurement_id, adding):
    """ValidationError if `adding` more requirements would take the procurement
    past MAX_REQUIREMENTS (a bound on what every page and document must carry)."""
    from django.conf import settings

    have = Requirement.objects.filter(area__procurement=procurement_id).count()
    if have + adding > settings.MAX_REQUIREMENTS:
        raise ValidationError(
            _("A procurement holds at most %(max)s requirements; this one has %(have)s, and %(adding)s more would "
              "pass that.") % {"max": settings.MAX_REQUIREMENTS, "have": have, "adding": adding})


@dataclass
class Creation:
    """Requirements about to be created, readied outside the write transaction:
    validated (all but their numbers) and, for many, their search terms, their
    citations, their revisions' content, and kravgranskning's findings checked
    under the numbers they are expected to get."""

    membership: object
    drafts: list  # (area, fields, insights, status)
    requirements: list  # unsaved, validated, no seq yet
    terms: list = None
    citations: list = None
    serialized: list = None
    prepared: object = None


def prepare_creation(membership, drafts):
    """A Creation for `drafts`: call it before the write transaction opens,
    so that the lock is held only to number and store what it made."""
    check_room(membership.procurement_id, len(drafts))
    with catalogue.pinned():
        return _prepared(membership, drafts)


def _prepared(membership, drafts):
    requirements = []
    for area, fields, insights, status in drafts:
        require(membership, Action.PROPOSE, area.procurement_id)
        requirement = Requirement(area=area, author=membership.user, status=status, **fields)
        if membership.is_expert:
            requirement.proposed_by = membership.user
            requirement.proposal = Requirement.Proposal.PENDING
        requirement.check_insights_for_status(status, insights)
        _validate(requirement, numbered=False)
        requirements.append(requirement)
    creation = Creation(membership, list(drafts), requirements)
    if len(drafts) > derived.ONE_BY_ONE:
        creation.terms = [search.prepared_terms(r.title, search.requirement_texts(r)) for r in requirements]
        creation.citations = [catalogue.cited(r.references) for r in requirements]
        creation.serialized = [_serialized(r) for r in requirements]
        creation.prepared = findings.prepare(membership.procurement, _expected_drafts(creation))
    return creation


def _create(membership, drafts, comment, creation=None):
    """Give each draft its area's next number and store it as version 1 with its
    own revision, in a handful of queries however many there are. Many at once
    (an import) are readied first (`prepare_creation`), outside the lock."""
    if not drafts:
        return []
    creation = creation or prepare_creation(membership, drafts)
    procurement = membership.procurement
    with transaction.atomic():
        counts = Counter(area.pk for area, _fields, _insights, _status in drafts)
        for area_pk, count in counts.items():
            # One UPDATE per area hands out a block of numbers and locks the area
            # row, so concurrent creations queue; the counter never goes down.
            Area.objects.filter(pk=area_pk, procurement=membership.procurement_id).update(
                last_seq=F("last_seq") + count
            )
        prepared = creation.prepared if findings.still_holds(procurement, creation.prepared) else None
        last = dict(Area.objects.filter(pk__in=counts).values_list("pk", "last_seq"))
        next_seq = {pk: last[pk] - count for pk, count in counts.items()}
        requirements = creation.requirements
        for requirement in requirements:
            next_seq[requirement.area_id] += 1
            requirement.seq = next_seq[requirement.area_id]
        Requirement.objects.bulk_create(requirements)
        Through = Requirement.insights.through
        bulk.insert(
            Through(requirement=requirement, insight=insight)
            for requirement, (_area, _fields, insights, _status) in zip(requirements, drafts)
            for insight in insights
        )
        _bulk_revisions(membership.user, comment, requirements, [d[2] for d in drafts], creation.serialized)
        derived.requirements_created(procurement, requirements, creation.terms, creation.citations, prepared)
    return requirements


def _expected_drafts(creation):
    """Kravgranskning's Drafts of requirements about to be created, numbered as
    their areas' counters say they will be (checked again under the lock)."""
    from ..kravgranskning.quality import Draft

    last = dict(Area.objects.filter(pk__in={r.area_id for r in creation.requirements}).values_list("pk", "last_seq"))
    expected = []
    for requirement, (_area, _fields, insights, _status) in zip(creation.requirements, creation.drafts):
        last[requirement.area_id] += 1
        expected.append(Draft(
            f"{requirement.area.code}-{last[requirement.area_id]:02d}", requirement.kind, requirement.title,
            requirement.statement, requirement.rationale, requirement.references, requirement.verifikat,
            tuple(i.text for i in insights), scale=requirement.scale,
        ))
    return expected


# What a requirement's revision holds of it (reversion's own choice: every local field).
REVISION_FIELDS = [f.name for f in Requirement._meta.local_fields if f.name != "id"]
# The fields only the insert gives a value: set in a revision serialised beforehand.
SET_AT_INSERT = ["seq", *(f.name for f in Requirement._meta.local_fields
                          if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False))]


def _serialized(requirement):
    return serializers.serialize("python", [requirement], fields=REVISION_FIELDS)[0]


def _bulk_revisions(user, comment, requirements, insights, serialized=None):
    """One reversion revision per requirement, written as reversion writes them
    (its JSON format: the python serialisation through DjangoJSONEncoder).
    reversion has no bulk API; a test checks these read back like its own.
    `serialized`: the requirements' content serialised before the lock; what
    only the insert sets (pk, number, times) is filled in here."""
    now = timezone.now()
    revisions = Revision.objects.bulk_create(
        Revision(date_created=now, user=user, comment=comment) for _requirement in requirements
    )
    content_type = ContentType.objects.get_for_model(Requirement)
    db = router.db_for_write(Requirement)
    versions = []
    for n, (revision, requirement, linked) in enumerate(zip(revisions, requirements, insights)):
        if serialized:
            data = serialized[n]
            data["pk"] = requirement.pk
            data["fields"].update((name, getattr(requirement, name)) for name in SET_AT_INSERT)
        else:
            data = _serialized(requirement)
        data["fields"]["insights"] = sorted(insight.pk for insight in linked)
        versions.append(Version(
            revision=revision, object_id=str(requirement.pk), content_type=content_type, db=db, format="json",
            serialized_data=json.dumps([data], cls=DjangoJSONEncoder), object_repr=str(requirement),
        ))
    bulk.insert(versions)


def save_requirement(membership, requirement, expected_version, fields, insights, comment, reopen_decided=False):
    """Save new content as the next version, unless someone saved since `expected_version`.

    Every rule is checked on the locked row, not on the object handed in. Raises
    EditConflict (nothing written) when the requirement moved on, and
    ValidationError when it is withdrawn or rejected, or approved without
    `reopen_decided`: saving an approved requirement sends it back to review (the
    decision was about the old text), so the editor must have agreed to that.

    Returns the requirement as stored. Content that is the same once normalised,
    with the same insights, writes nothing: no version, no stale votes; the
    returned requirement is then still at `expected_version`.
    """
    def change(locked):
        if not locked.is_editable:
            raise ValidationError(_("A withdrawn or rejected requirement cannot be edited."))
        if locked.status == Requirement.Status.APPROVED and not reopen_decided:
            raise ValidationError(
                _("%(number)s is approved. Confirm that saving sends it back to review before you save.")
                % {"number": locked.number},
                code="confirm_reopen",
            )
        before = (locked.content(), sorted(locked.insights.values_list("pk", flat=True)))
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.check_insights_for_status(locked.status, insights)
        _validate(locked)  # normalises the text, so the comparison below is like with like
        if (locked.content(), sorted(insight.pk for insight in insights)) == before:
            return False
        locked.version_no += 1
        if locked.status == Requirement.Status.APPROVED:
            locked.status = Requirement.Status.REVIEW
        locked.save()
        locked.insights.set(insights)

    return write(membership, Action.DRAFT, lambda: Requirement.objects.locked(requirement.pk), change, comment,
                 procurement_id=requirement.area.procurement_id, expected_version=expected_version,
                 derive=derived.requirement_revised,
                 notify=lambda locked: notifications.new_version(locked, membership.user))


def saved_by(requirement):
    """(user, time) of the requirement's latest stored version: who saved it last."""
    latest = requirement_versions(requirement).first()
    return (latest.revision.user, latest.revision.date_created) if latest else (None, None)


# Which status changes a person may make by hand; decisions make the others.
MANUAL_TRANSITIONS = {
    Requirement.Status.REVIEW: {Requirement.Status.DRAFT},
    Requirement.Status.DRAFT: {Requirement.Status.REVIEW},
    Requirement.Status.WITHDRAWN: {
        Requirement.Status.DRAFT,
        Requirement.Status.REVIEW,
        Requirement.Status.APPROVED,
    },
}


def change_status(membership, requirement, status, comment, override=""):
    """Move a requirement to `status` (review, back to draft, withdrawn).

    The status change is a revision of its own but not a new version: the text
    that votes and comments point at is unchanged. Kravgranskning's errors
    (FEL) keep a requirement from review, unless the coordinator overrides
    them with a reason (`override`), which the revision's comment records.
    Kravgranskning runs before the write lock; under it, the rest is checked
    on the locked row, and a text changed since it was checked is refused.
    """
    require(membership, Action.DRAFT, requirement.area.procurement_id)
    current = Requirement.objects.select_related("area__procurement").get(pk=requirement.pk)
    errors = _gate_errors(current, status)
    comment = _checked_comment(membership, current, status, comment, override, errors)
    return _write_status(membership, current, status, comment, _overridden(errors, override))


def _overridden(errors, override):
    """{code: reason} of the errors an override lets through (checked already
    to be the coordinator's, with a reason)."""
    return {f.code: override.strip() for f in errors} if errors and override.strip() else {}


def _gate_errors(requirement, status):
    return findings.report_for(requirement).errors if status == Requirement.Status.REVIEW else []


def _check_transition(requirement, status):
    """ValidationError unless `requirement` may go to `status` as it stands."""
    if status == Requirement.Status.REVIEW and requirement.is_pending_proposal:
        raise ValidationError(_("Adopt the proposal before sending it for review."))
    if requirement.status not in MANUAL_TRANSITIONS.get(status, set()):
        raise ValidationError(
            _("A requirement that is %(current)s cannot become %(new)s.")
            % {"current": requirement.get_status_display(), "new": Requirement.Status(status).label}
        )
    requirement.check_insights_for_status(status, list(requirement.insights.all()))


def _checked_comment(membership, requirement, status, comment, override, errors):
    """The comment to record if `requirement`, as read, may go to `status`;
    else ValidationError with the reason. `errors`: its kravgranskning FEL."""
    _check_transition(requirement, status)
    if not errors:
        return comment
    codes = ", ".join(dict.fromkeys(f.code for f in errors))
    if override.strip() and membership.may(Action.COORDINATE):
        return " ".join(filter(None, [comment, _("Findings overridden (%(codes)s): %(reason)s")
                                      % {"codes": codes, "reason": override.strip()}]))
    raise ValidationError(_("The requirement check found errors (%(codes)s): fix them, or the coordinator can override them "
                          "with a reason.") % {"codes": codes})


def _write_status(membership, requirement, status, comment, overridden=None):
    """Through the pipeline, under the row lock: the transition checked again on
    the locked row (and, for review, the text must be the one kravgranskning
    checked), then the new status and its revision. Overridden errors are kept
    as set-asides of the version, marked as overrides, so the freeze preview and
    the record show them."""
    from ..models import Dismissal

    was_live = []

    def change(locked):
        _check_transition(locked, status)
        was_live.append(locked.is_live)
        locked.status = status
        locked.save(update_fields=["status", "updated_at"])
        for code, reason in (overridden or {}).items():
            Dismissal.objects.update_or_create(
                requirement=locked, version_no=locked.version_no, code=code,
                defaults={"reason": reason, "dismissed_by": membership.user, "overridden": True})

    def in_or_out_of_play(locked):
        if locked.is_live != was_live[0]:
            derived.requirement_in_or_out_of_play(locked)

    def changed_since_checked(locked):
        return ValidationError(_("%(number)s has changed since it was checked: try again.") % {"number": locked.number})

    return write(membership, Action.DRAFT, lambda: Requirement.objects.locked(requirement.pk), change, comment,
                 procurement_id=requirement.area.procurement_id,
                 expected_version=requirement.version_no if status == Requirement.Status.REVIEW else None,
                 conflict=changed_since_checked, derive=in_or_out_of_play)


# A bulk action changes at most this many requirements at once, so it never
# holds the write lock for long.
MAX_BULK = 200


def change_status_of_many(membership, requirements, status, comment, override="", only_those_that_can=False):
    """Move each requirement to `status` (one revision each). Every row is
    checked first, outside the write transaction, kravgranskning once for them
    all; then the rows are locked and written in one transaction.

    If any is refused, none changes and BulkRefused says why per number and
    which could go; with `only_those_that_can`, those are changed and the
    others left. Returns the changed requirements."""
    require(membership, Action.DRAFT)
    requirements = list(requirements)
    if len(requirements) > MAX_BULK:
        raise ValidationError(_("Select at most %(max)s requirements at a time.") % {"max": MAX_BULK})
    reports = findings.reports(membership.procurement) if status == Requirement.Status.REVIEW else {}
    checked, refused = {}, {}
    for requirement in requirements:
        try:
            require(membership, Action.DRAFT, requirement.area.procurement_id)
            errors = reports[requirement.pk].errors if requirement.pk in reports else _gate_errors(requirement, status)
            checked[requirement.pk] = (_checked_comment(membership, requirement, status, comment, override, errors),
                                       _overridden(errors, override))
        except ValidationError as error:
            refused[requirement.number] = error.messages
    can = [r for r in requirements if r.pk in checked]
    if refused and not only_those_that_can:
        raise BulkRefused(refused, can)
    with transaction.atomic():
        return [_write_status(membership, r, status, *checked[r.pk]) for r in can]


class BulkRefused(Exception):
    """Some rows of a bulk action were refused: {number: [reasons]}, and the
    requirements that could go (`can`); nothing changed."""

    def __init__(self, refused, can=()):
        super().__init__(refused)
        self.refused = refused
        self.can = list(can)


def restore_version(membership, requirement, version, expected_version, reopen_decided=False, comment=""):
    """Bring back the content of an old version as a new version; `comment`
    (why) follows the note of which version came back."""
    content = version_content(version)
    fields = {name: content[name] for name in Requirement.CONTENT_FIELDS}
    # Insights that no longer exist simply drop out of the restored version.
    insights = list(
        Insight.objects.for_procurement(requirement.area.procurement_id).filter(pk__in=content["insights"])
    )
    restored = _("Restored version %(number)s") % {"number": content["version_no"]}
    comment = f"{restored}: {normalise(comment, one_line=True)}" if (comment or "").strip() else restored
    return save_requirement(membership, requirement, expected_version, fields, insights, comment, reopen_decided)


def decide_proposal(membership, requirement, adopt, comment=""):
    """The working group adopts an expert's proposal (it becomes an ordinary draft,
    the expert still credited) or declines it (withdrawn, kept for the record)."""
    def change(locked):
        if not locked.is_pending_proposal:
            raise ValidationError(_("This proposal has already been handled."))
        if adopt:
            locked.proposal = Requirement.Proposal.ADOPTED
        else:
            locked.proposal = Requirement.Proposal.DECLINED
            locked.status = Requirement.Status.WITHDRAWN
        locked.save(update_fields=["proposal", "status", "updated_at"])

    return write(membership, Action.DRAFT, lambda: Requirement.objects.locked(requirement.pk), change,
                 comment or (_("Proposal adopted") if adopt else _("Proposal declined")),
                 procurement_id=requirement.area.procurement_id,
                 derive=None if adopt else derived.requirement_in_or_out_of_play,
                 notify=lambda locked: notifications.proposal_handled(locked, membership.user, adopt))
