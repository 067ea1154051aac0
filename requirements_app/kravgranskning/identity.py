"""Whether a question or answer about to be published tells who asked: the
asker's name, or a name from the question (a product, a brand) that the
tender document never uses. Pure: imports no models."""

import re

from django.utils.translation import gettext as _

WORD = re.compile(r"[^\W\d_][\w&®™-]*", re.UNICODE)
# Words in an organisation's name that tell nothing about which organisation.
GENERIC = {"ab", "hb", "kb", "ek", "för", "aktiebolag", "aktiebolaget", "kommun", "region", "sverige", "sweden",
           "nordic", "group", "the", "och", "and", "i", "consulting", "konsult", "it", "solutions", "systems"}
SENTENCE_END = re.compile(r"[.!?:]\s*$")


def _name_words(asker):
    return {word.lower() for word in WORD.findall(asker) if len(word) >= 3 and word.lower() not in GENERIC}


def _proper_names(text):
    """Capitalised words that do not open a sentence: the names a question uses."""
    names = set()
    for match in WORD.finditer(text):
        word = match.group()
        before = text[:match.start()]
        opens = not before.strip() or SENTENCE_END.search(before) or before.rstrip().endswith("\n")
        if (word[0].isupper() and not opens) or "®" in word or "™" in word:
            names.add(word.strip("®™"))
    return names


ASKER, UNUSED_NAME = "asker", "unused_name"


def identity_findings(asker, question, answer, document_words):
    """[kind, word] for each word of `question` + `answer` (both published)
    that may identify the asker: a word of its name (ASKER), or a name from
    the question the tender document (`document_words`, lower case) does not
    use itself (UNUSED_NAME). Stored as they are; `finding_text` says them."""
    published = f"{question}\n{answer}"
    words = {word.lower() for word in WORD.findall(published)}
    findings = [[ASKER, word] for word in sorted(_name_words(asker) & words)]
    names = sorted(name for name in _proper_names(question)
                   if name.lower() not in document_words and name.lower() not in _name_words(asker))
    return findings + [[UNUSED_NAME, name] for name in names]


def finding_text(finding, asker):
    """A stored finding as a sentence, in the active language."""
    kind, word = finding
    if kind == ASKER:
        return _("“%(word)s” is part of the asker's name (%(asker)s).") % {"word": word, "asker": asker}
    return _("“%(word)s” is a name from the question that the tender document does not use: it may point "
             "to the asker's product.") % {"word": word}


def document_words(texts):
    """The lower-case words of the tender document's texts, for `identity_findings`."""
    return {word.lower() for text in texts for word in WORD.findall(text)}
