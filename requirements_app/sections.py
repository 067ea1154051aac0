"""The tender document's own sections and definitions: saving them (versioned,
like requirements), and the checks on the words the document uses."""

import re

import reversion
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from .drafting import EditConflict, require_editor_of
from .models import Definition, DocumentSection

# Words for the two parties, each with its Swedish inflections. The document
# should use the one term its definitions give each party.
ROLE_WORDS = {
    Definition.Role.SUPPLIER: ["leverantör", "anbudsgivare", "tjänsteleverantör", "entreprenör", "säljare"],
    Definition.Role.AUTHORITY: ["beställare", "kund", "köpare", "myndighet", "upphandlande myndighet"],
}
INFLECTIONS = "(?:|en|ens|er|erna|ernas|n|ns|na|nas)"
BINDING_WORDS = re.compile(r"\b(ska|skall|måste)\b", re.IGNORECASE)


def _pattern(word):
    return re.compile(rf"\b{re.escape(word)}{INFLECTIONS}\b", re.IGNORECASE)


ROLE_PATTERNS = {role: [(word, _pattern(word)) for word in words] for role, words in ROLE_WORDS.items()}


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
        reversion.set_user(membership.user)
        reversion.set_comment(comment)
    return definition


def role_word_findings(text, definitions):
    """[(word as written, the defined term)] for each word in `text` that names
    a party other than by the term the definitions give it. A defined term
    (the party's, or another defined on purpose) is never flagged, nor any
    word inside it ("myndighet" inside a defined "upphandlande myndighet")."""
    text = text or ""
    findings = []
    for definition in definitions:
        if definition.role not in ROLE_PATTERNS:
            continue
        patterns = ROLE_PATTERNS[definition.role]
        defined = [p for _word, p in patterns if any(p.fullmatch(d.term) for d in definitions)]
        allowed = [m.span() for p in defined for m in p.finditer(text)]
        for _word, pattern in patterns:
            if pattern in defined:
                continue
            for match in pattern.finditer(text):
                if not any(start <= match.start() and match.end() <= end for start, end in allowed):
                    findings.append((match.group(), definition.term))
    return findings


def binding_words(text):
    """The words that make an area introduction read as a requirement."""
    return [match.group() for match in BINDING_WORDS.finditer(text or "")]


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
