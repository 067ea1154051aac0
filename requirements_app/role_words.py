"""The words a tender document uses for its two parties, and the words that
bind: pure text rules, read by kravgranskning's TERM rule and by the
document's own checks. Imports no models (roles are Definition.Role's values)."""

import re

# Words for the two parties, each with its Swedish inflections. The document
# should use the one term its definitions give each party.
ROLE_WORDS = {
    "supplier": ["leverantör", "anbudsgivare", "tjänsteleverantör", "entreprenör", "säljare"],
    "authority": ["beställare", "kund", "köpare", "myndighet", "upphandlande myndighet"],
}
INFLECTIONS = "(?:|en|ens|er|erna|ernas|n|ns|na|nas)"
BINDING_WORDS = re.compile(r"\b(ska|skall|måste)\b", re.IGNORECASE)


def _pattern(word):
    return re.compile(rf"\b{re.escape(word)}{INFLECTIONS}\b", re.IGNORECASE)


ROLE_PATTERNS = {role: [(word, _pattern(word)) for word in words] for role, words in ROLE_WORDS.items()}


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
