"""The tender document's own sections and definitions: saving them (versioned,
like requirements), and the checks on the words the document uses."""

import reversion
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from .drafting import EditConflict, require_editor_of
from .findings import refresh_all
from .models import DocumentSection
from .role_words import binding_words, role_word_findings
from .tender_period import questions


def sections_of(procurement):
    """Every section kind in document order, saved or not yet written."""
    saved = {section.kind: section for section in procurement.sections.all()}
    return [saved.get(kind) or DocumentSection(procurement=procurement, kind=kind) for kind in DocumentSection.Kind.values]


def save_section(membership, kind, expected_version, text, comment):
    """Save a section's text as its next version, unless someone saved since
    `expected_version` (EditConflict). Unchanged text writes nothing."""
    require_editor_of(membership)
    with transaction.atomic(), reversion.create_revision(atomic=False):
        DocumentSection.objects.get_or_create(procurement=membership.procurement, kind=kind)
        section = DocumentSection.objects.select_for_update().get(procurement=membership.procurement, kind=kind)
        if section.version_no != expected_version:
            raise EditConflict(section)
        section.text = text
        section.full_clean(exclude=["procurement"])
        if section.text == DocumentSection.objects.get(pk=section.pk).text:
            return section
        section.version_no += 1
        section.save()
        questions.mark_section_suspect(section)  # an answer about the old text may no longer hold
        reversion.set_user(membership.user)
        reversion.set_comment(comment)
    return section


def save_definition(membership, definition, comment):
    """Add or change a definition (a revision of its own)."""
    require_editor_of(membership)
    if definition.procurement_id != membership.procurement_id:
        raise PermissionDenied
    with transaction.atomic(), reversion.create_revision(atomic=False):
        definition.full_clean()
        definition.save()
        refresh_all(membership.procurement)  # the TERM rule reads the definitions
        reversion.set_user(membership.user)
        reversion.set_comment(comment)
    return definition


def delete_definition(membership, definition, comment):
    """Remove a definition (a revision records it; kravgranskning checks again)."""
    require_editor_of(membership)
    if definition.procurement_id != membership.procurement_id:
        raise PermissionDenied
    with transaction.atomic():
        # The revision keeps the definition as it was; it is written before the row goes.
        with reversion.create_revision(atomic=False):
            reversion.add_to_revision(definition)
            reversion.set_user(membership.user)
            reversion.set_comment(comment)
        definition.delete()
        refresh_all(membership.procurement)


def document_findings(procurement, requirements):
    """What to look over before freezing: role words that do not match the
    definitions (in sections and requirement texts) and area introductions that bind."""
    definitions = list(procurement.definitions.all())
    texts = [(section.get_kind_display(), section.text) for section in procurement.sections.all()]
    texts += [(r.number, f"{r.statement}\n{r.verifikat}") for r in requirements]
    findings = [
        (where, _("“%(word)s”: the definitions say “%(term)s”.") % {"word": word, "term": term})
        for where, text in texts
        for word, term in role_word_findings(text, definitions)
    ]
    for area in procurement.areas.all():
        words = binding_words(area.description)
        if words:
            findings.append((area.name, _("The area introduction uses “%(word)s”: an introduction describes, it does not bind. Make it a requirement instead.") % {"word": words[0]}))
    return findings
