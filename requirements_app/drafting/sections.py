"""The tender document's own sections and definitions: saving them (versioned,
like requirements), and the checks on the words the document uses."""

from django.utils.translation import gettext as _

from .. import derived
from ..models import DocumentSection
from ..permissions import Action
from ..role_words import binding_words, role_word_findings
from ..writes import remove, write


def save_section(membership, kind, expected_version, text, comment):
    """Save a section's text as its next version, unless someone saved since
    `expected_version` (EditConflict). Unchanged text writes nothing."""
    def lock():
        DocumentSection.objects.get_or_create(procurement=membership.procurement, kind=kind)
        return DocumentSection.objects.select_for_update().get(procurement=membership.procurement, kind=kind)

    def change(section):
        before = section.text
        section.text = text
        section.full_clean(exclude=["procurement"])  # normalises, so the comparison is like with like
        if section.text == before:
            return False
        section.version_no += 1
        section.save()

    return write(membership, Action.DRAFT, lock, change, comment, expected_version=expected_version,
                 derive=derived.section_revised)


def save_definition(membership, definition, comment):
    """Add or change a definition (a revision of its own)."""
    def change(row):
        row.full_clean()
        row.save()

    # The TERM rule reads the definitions: kravgranskning checks everything again.
    return write(membership, Action.DRAFT, lambda: definition, change, comment,
                 procurement_id=definition.procurement_id, derive=lambda row: derived.words_changed(row.procurement))


def delete_definition(membership, definition, comment):
    """Remove a definition (a revision records it; kravgranskning checks again)."""
    remove(membership, Action.DRAFT, definition, comment, procurement_id=definition.procurement_id,
           derive=lambda row: derived.words_changed(membership.procurement))


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
