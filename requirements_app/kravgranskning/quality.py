"""Kravgranskning: Swedish, LOU-aware checks on a requirement's text.

`Checker.check_all` reads drafts (a requirement, an import row or a form's
content, as `Draft`) and returns their findings; the rules and their words are
in `quality_rules.py`, plus what the procurement's coordinator added.
`findings.py` applies it to a procurement's requirements.
"""

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from rapidfuzz import fuzz

from ..amounts import kronor
from ..catalogue import standards as catalogues
from ..quality_rules import (
    AFTER_AWARD_PHRASES,
    AS_POSSIBLE_PATTERN,
    BRANDS,
    EMPTY_RATIONALES,
    EXAMPLE_PHRASES,
    GRADED_PATTERN,
    INTEGRATION_PATTERN,
    LIMIT_WORDS,
    MODAL_VERBS,
    OBJECT_SUBJECTS,
    RULES,
    SECOND_ACTION_VERBS,
    SERVICE_LEVEL_PATTERN,
    STANDARD_PATTERN,
    SUPPLIER_PATTERN,
    TERMS,
    TOPICS,
    TURNOVER_PATTERN,
    AMOUNT_UNITS,
    VAGUE_PHRASES,
    VAGUE_WORDS,
    Severity,
)
from ..role_words import role_word_findings
from ..search import fold, stemmer, stopwords

WORD_RE = re.compile(r"[^\W\d_]+(?:[-/][^\W\d_]+)*")
LIKVARDIG_RE = re.compile(r"\blikvärdig(?:t|a|e)?\b", re.IGNORECASE)
DUPLICATE_RATIO = 90
# Statements are compared on their first MAX_COMPARED folded characters (a near
# duplicate shows in its opening), each with at most MAX_CANDIDATES others that
# share its rare words: crafted text cannot make kravgranskning's work grow
# with the square of the requirements or with their length.
MAX_COMPARED = 600
MAX_CANDIDATES = 25
# How many near-duplicates a DUPLICATE finding names (the rest are counted).
MAX_NAMED = 3
# Checked kinds: a ska-krav is checked at tender time.
AT_TENDER = ("qualification", "mandatory")
# Kinds about what is bought (a kvalificeringskrav is about the supplier).
BOUGHT = ("mandatory", "evaluated")
# Standards in LOU's sense, which want "eller likvärdigt" (formats like CSV do not).
FORMAL_STANDARD_RE = re.compile(r"\b(?:WCAG|EN\s?\d{3}|ISO(?:/IEC)?\s?\d+|SS(?:-EN)?\s?\d+|PDF/UA|EPUB\s?\d)")


@dataclass
class Draft:
    """What is checked of one requirement."""

    number: str
    kind: str
    title: str = ""
    statement: str = ""
    rationale: str = ""
    references: str = ""
    verifikat: str = ""
    insight_texts: tuple = ()
    row: int | None = None  # in a spreadsheet
    scale: str = ""

    @classmethod
    def of(cls, requirement):
        """The draft of a saved requirement (its insights prefetched, if many)."""
        return cls(requirement.number, requirement.kind, requirement.title, requirement.statement,
                   requirement.rationale, requirement.references, requirement.verifikat,
                   tuple(i.text for i in requirement.insights.all()), scale=requirement.scale)


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    field: str = "statement"
    # The numbers of the other requirements it names (DUPLICATE, CONTAINED).
    related: tuple = ()

    @property
    def rule(self):
        return RULES[self.code]

    @property
    def severity(self):
        return self.rule.severity

    @property
    def severity_label(self):
        return self.rule.severity_label

    @property
    def is_error(self):
        return self.severity == Severity.ERROR


def _term_key(word):
    """A term as the TERM rule's dictionary keys it: compatibility-normalised and case-folded."""
    return unicodedata.normalize("NFKC", word).casefold()


def inflections(word):
    """A Swedish adjective's forms: snabb, snabbt, snabba, snabbe, snabbare,
    snabbast, snabbaste; enkel, enkla …; anpassad, anpassat, anpassade."""
    forms = {word + ending for ending in ("", "t", "a", "e", "are", "ast", "aste")}
    if re.search(r"[^aeiouyåäö][ae][lnr]$", word):  # enkel -> enkla, flexibel -> flexibla
        short = word[:-2] + word[-1]
        forms |= {short + ending for ending in ("a", "are", "ast", "aste")}
    if word.endswith("ad"):  # anpassad -> anpassat
        forms.add(word[:-1] + "t")
    if word.endswith("d") and not word.endswith("ad"):  # god -> gott
        forms.add(word[:-1] + "tt")
    return forms


def _phrase_pattern(phrases):
    ordered = sorted(phrases, key=len, reverse=True)
    return re.compile(r"(?<![\w/])(" + "|".join(re.escape(p) for p in ordered) + r")(?![\w/])", re.IGNORECASE)


def _words(text):
    return [match.group().lower() for match in WORD_RE.finditer(text or "")]


# Checking thousands of requirements folds and stems the same words and texts
# (an insight, a frequent word) again and again: remember them.
_fold_word = lru_cache(maxsize=100_000)(fold)


@lru_cache(maxsize=20_000)
def _stems(text):
    """The text's content words, folded and stemmed (stop words and short stems left out)."""
    stop = stopwords()
    folded = [f for f in map(_fold_word, _words(text)) if f not in stop]
    return frozenset(s for s in stemmer().stemWords(folded) if len(s) > 2)


class Checker:
    """The rules of one procurement: the built-in words, the coordinator's
    additions (`terms`: [(rule code, text, replacement)]) and its definitions."""

    def __init__(self, terms=(), definitions=(), catalogue=None, estimated_value=None):
        added = {}
        self.estimated_value = estimated_value
        for code, text, replacement in terms:
            added.setdefault(code, []).append((text, replacement))
        self.definitions = list(definitions)
        self.catalogue = catalogue
        self.vague_forms = {form for word in VAGUE_WORDS for form in inflections(word)}
        self.vague_forms |= {form for text, _r in added.get("VAGUE", []) if " " not in text for form in inflections(text.lower())}
        self.vague_phrases = _phrase_pattern(VAGUE_PHRASES + [t for t, _r in added.get("VAGUE", []) if " " in t])
        self.example = _phrase_pattern(EXAMPLE_PHRASES + [t for t, _r in added.get("EXAMPLE", [])])
        self.after_award = _phrase_pattern(AFTER_AWARD_PHRASES + [t for t, _r in added.get("AFTER_AWARD", [])])
        brands = BRANDS + [t for t, _r in added.get("BRAND", [])]
        self.brands = re.compile(r"(?<![\w-])(" + "|".join(re.escape(b) for b in brands) + r")(?![\w-])")
        self.terms = {_term_key(t): r for t, r in [*TERMS.items(), *((t, r) for t, r in added.get("TERM", []) if r)]}
        self.term_pattern = re.compile(
            r"(?<![\w-])(" + "|".join(re.escape(t) for t in sorted(self.terms, key=len, reverse=True))
            + r")(en|et|n|na|ens|ets|s)?(?![\w-])", re.IGNORECASE)
        self.standard = re.compile(STANDARD_PATTERN)
        self.as_possible = re.compile(AS_POSSIBLE_PATTERN, re.IGNORECASE)
        self.supplier = re.compile(SUPPLIER_PATTERN, re.IGNORECASE)
        self.integration = re.compile(INTEGRATION_PATTERN, re.IGNORECASE)
        self.service_level = re.compile(SERVICE_LEVEL_PATTERN, re.IGNORECASE)
        self.graded = re.compile(GRADED_PATTERN, re.IGNORECASE)
        self.turnover = re.compile(TURNOVER_PATTERN, re.IGNORECASE)
        self.second_action = re.compile(
            r"\boch\s+(?:även\s+|dessutom\s+|sedan\s+|då\s+)?(?:" + "|".join(SECOND_ACTION_VERBS) + r")\b", re.IGNORECASE)

    @cached_property
    def _catalogue(self):
        return self.catalogue or catalogues.current()

    def check_all(self, drafts):
        """{draft index: [Finding]} for every draft; DUPLICATE and CONTAINED compare them with each other."""
        duplicates = self._duplicates(drafts)
        contained = self._contained(drafts)
        return [self.check(draft) + duplicates.get(index, []) + contained.get(index, [])
                for index, draft in enumerate(drafts)]

    def check_one(self, draft, others):
        """The findings of one draft, DUPLICATE and CONTAINED compared with
        `others` (drafts that need only their number, kind, statement and references)."""
        return (self.check(draft) + self._duplicates([draft, *others], first_only=True).get(0, [])
                + self._contained([draft, *others], first_only=True).get(0, []))

    def check(self, draft):
        """The findings of one draft, but DUPLICATE (that needs the others)."""
        findings = []
        for rule in (self._vague, self._example, self._multi, self._modal, self._after_award, self._brand,
                     self._likvardigt, self._standard, self._kind, self._turnover, self._scale, self._measure,
                     self._ref, self._term, self._rationale):
            findings.extend(rule(draft))
        return findings

    # The rules, one method each, in the order of the issue.

    def _vague(self, draft):
        text = f"{draft.title}\n{draft.statement}"
        found = [w for w in _words(text) if w in self.vague_forms]
        found += [m.group() for m in self.vague_phrases.finditer(text)]
        found += [m.group() for m in self.as_possible.finditer(text)]
        return [Finding("VAGUE", _("“%(word)s” is imprecise: say what is meant, as a number, a limit or a standard.")
                        % {"word": word}) for word in dict.fromkeys(found)]

    def _example(self, draft):
        found = [m.group() for m in self.example.finditer(draft.statement)]
        return [Finding("EXAMPLE", _("“%(words)s” in the requirement text: name all that is required, or move the "
                                     "example to the rationale.") % {"words": found[0]})] if found else []

    def _multi(self, draft):
        words = _words(draft.statement)
        modals = sum(1 for w in words if w in MODAL_VERBS)
        reason = None
        if modals > 1:
            reason = _("it has %(count)s modal verbs") % {"count": modals}
        elif "samt" in words:
            reason = _("“samt” joins a second requirement")
        elif match := self.second_action.search(draft.statement):
            reason = _("“%(words)s” adds a second action") % {"words": match.group()}
        if reason:
            return [Finding("MULTI", _("More than one requirement in one statement (%(reason)s): split it.")
                            % {"reason": reason})]
        return []

    def _modal(self, draft):
        words = set(_words(draft.statement))
        found = []
        if draft.kind == "evaluated" and words & {"ska", "skall", "måste"}:
            found.append(Finding("MODAL", _("A bör-krav says “bör”, not “ska”: as written it reads as mandatory.")))
        if draft.kind in (*AT_TENDER, "contract_condition") and words & {"bör", "borde"}:
            found.append(Finding("MODAL", _("A ska-krav says “ska”, not “bör”: as written it reads as optional.")))
        return found

    def _after_award(self, draft):
        if draft.kind not in AT_TENDER:
            return []
        match = self.after_award.search(draft.statement)
        if not match:
            return []
        if draft.kind == "mandatory" and self.service_level.search(draft.statement):
            return [Finding("SERVICE_LEVEL", _("“%(words)s”: a service level is a ska-krav the tenderer confirms; say "
                                               "in the contract terms how it is followed up and what a breach costs.")
                            % {"words": match.group()})]
        return [Finding("AFTER_AWARD", _("“%(words)s” can only be shown after award, so it cannot reject a tender: "
                                         "make it a särskilt kontraktsvillkor with a follow-up.") % {"words": match.group()})]

    def _brand(self, draft):
        found = []
        likvardigt = LIKVARDIG_RE.search(draft.statement)
        for match in self.brands.finditer(draft.statement):
            brand = match.group()
            # A system to work with: the words before it in its sentence say so.
            before = re.split(r"[.!?;]", draft.statement[:match.start()])[-1]
            if self.integration.search(before):
                if brand.lower() not in draft.rationale.lower():
                    found.append(Finding("INTEGRATION", _("“%(brand)s” is a system to work with: say in the rationale "
                                                          "that it is the authority's own and why (LOU 9 kap. 6 §).")
                                         % {"brand": brand}, "rationale"))
            elif not likvardigt:
                found.append(Finding("BRAND", _("“%(brand)s” is a product or trademark: add “eller likvärdigt”, or "
                                                "describe the need instead (LOU 9 kap. 6 §).") % {"brand": brand}))
        first = {}  # the first finding of each rule, in the order of the text
        for finding in found:
            first.setdefault(finding.code, finding)
        return list(first.values())

    def _standard(self, draft):
        if draft.kind not in BOUGHT or LIKVARDIG_RE.search(draft.statement):
            return []
        match = FORMAL_STANDARD_RE.search(draft.statement)
        if not match:
            return []
        return [Finding("STANDARD", _("“%(standard)s” is a standard: follow it with “eller likvärdigt” (LOU 9 kap. "
                                      "4 §).") % {"standard": match.group()})]

    def _kind(self, draft):
        statement = draft.statement.strip()
        if draft.kind == "mandatory" and (match := self.supplier.search(statement)):
            return [Finding("KIND", _("“%(words)s” is about the supplier, not what is bought: make it a "
                                      "kvalificeringskrav.") % {"words": match.group()})]
        if draft.kind == "qualification" and statement.lower().startswith(OBJECT_SUBJECTS):
            return [Finding("KIND", _("A kvalificeringskrav is about the supplier; this is about what is bought: make "
                                      "it a ska-krav."))]
        return []

    def _turnover(self, draft):
        """Only once the procurement states its estimated value: never against a guess."""
        if not self.estimated_value or not (match := self.turnover.search(draft.statement)):
            return []
        number, unit = match.groups()
        amount = float(re.sub(r"[ \u00a0.]", "", number).replace(",", ".")) * AMOUNT_UNITS[unit.lower()]
        if amount <= 2 * self.estimated_value:
            return []
        return [Finding("TURNOVER", _("A turnover of %(amount)s is more than twice the estimated value (%(value)s): "
                                      "state the special reasons, or ask for less (LOU 14 kap. 3 §).")
                        % {"amount": kronor(amount), "value": kronor(self.estimated_value)})]

    def _scale(self, draft):
        if draft.kind != "evaluated" or draft.scale.strip() or not self.graded.search(draft.statement):
            return []
        return [Finding("SCALE", _("The bör-krav is met more or less, but has no scale: say what each level gives "
                                   "and how it is established."), "scale")]

    def _cited_parts(self, draft):
        return [e for e in catalogues.cited(draft.references, self._catalogue) if e.kind != "whole"]

    def _likvardigt(self, draft):
        if not LIKVARDIG_RE.search(draft.statement):
            return []
        if self.standard.search(draft.statement) or self.brands.search(draft.statement) or self._cited_parts(draft):
            return []
        return [Finding("LIKVARDIGT", _("“eller likvärdigt” but no standard or product to be equivalent to."))]

    def _measure(self, draft):
        if draft.kind != "mandatory" or re.search(r"\d", draft.statement) or draft.verifikat.strip():
            return []
        if set(_words(draft.statement)) & set(LIMIT_WORDS):
            return []
        if self.standard.search(draft.statement) or self.brands.search(draft.statement) or self._cited_parts(draft):
            return []
        return [Finding("MEASURE", _("Nothing to check a tender against: add a number, a limit or a standard, or a "
                                     "verifikat that says what the tenderer shows."), "verifikat")]

    def _ref(self, draft):
        found = []
        if not draft.references.strip():
            return found
        text = fold(f"{draft.title} {draft.statement} {draft.rationale}")
        for line in catalogues.lines(draft.references):
            try:
                entries = self._catalogue.resolve(line)
            except ValidationError as error:  # it names what the catalogue lacks
                found.append(Finding("REF", " ".join(error.messages), "references"))
                continue
            for entry in entries:
                if entry is None:
                    continue
                key = entry.label if entry.source == "gdpr" else (
                    entry.number[2:] if entry.source == "en301549" and entry.wcag_id else entry.number)
                topic = TOPICS.get(key) if entry.source in ("gdpr", "wcag21", "wcag22", "en301549") else None
                if topic and not any(fold(word) in text for word in topic):
                    found.append(Finding("REF", _("%(reference)s (%(title)s) does not fit what the requirement is "
                                                  "about.") % {"reference": entry.label, "title": entry.title},
                                         "references"))
        return found

    def _term(self, draft):
        found = []
        text = f"{draft.title}\n{draft.statement}\n{draft.verifikat}"
        for match in self.term_pattern.finditer(text):
            term = self._term_for(match.group(1))
            found.append(Finding("TERM", _("“%(word)s”: the term is “%(term)s”.") % {"word": match.group(), "term": term}))
        if self.definitions:
            for word, term in role_word_findings(text, self.definitions):
                found.append(Finding("TERM", _("“%(word)s”: the definitions say “%(term)s”.") % {"word": word, "term": term}))
        return list(dict.fromkeys(found))

    def _term_for(self, word):
        """The preferred term for a matched word. The pattern matches case-
        insensitively, which pairs µ with μ and ſ with s: look up through a
        folding at least as wide, and else through the pattern itself."""
        if (term := self.terms.get(_term_key(word))) is not None:
            return term
        return next(r for t, r in self.terms.items() if re.fullmatch(re.escape(t), word, re.IGNORECASE))

    def _rationale(self, draft):
        rationale = draft.rationale.strip()
        if not rationale:
            return []
        if fold(rationale).strip(" .!") in EMPTY_RATIONALES or len(_stems(rationale)) < 2:
            return [Finding("RATIONALE", _("The rationale says nothing: say why the requirement is needed and what it "
                                           "answers."), "rationale")]
        if not draft.insight_texts:
            return []
        for insight in draft.insight_texts:
            repeated = fold(rationale) in fold(insight) and len(rationale) >= 0.6 * len(insight)
            # Copied near word for word from the insight, perhaps a part of it.
            copied = (len(rationale) <= 1.2 * len(insight) and len(_words(rationale)) >= 4
                      and fuzz.partial_ratio(comparable(rationale), comparable(insight), score_cutoff=90))
            if repeated or copied or fuzz.token_sort_ratio(comparable(rationale), comparable(insight), score_cutoff=85):
                return [Finding("RATIONALE", _("The rationale only repeats the insight: say why the requirement "
                                               "answers it."), "rationale")]
        related = _stems(" ".join(draft.insight_texts)) | _stems(f"{draft.title} {draft.statement}")
        if not _stems(rationale) & related:
            return [Finding("RATIONALE", _("The rationale shares nothing with the insight or the requirement: is it "
                                           "the right one?"), "rationale")]
        return []

    def _contained(self, drafts, first_only=False):
        """CONTAINED findings by draft index: a requirement on what is bought
        whose every cited WCAG criterion another requires through a whole level."""
        cited = {index: self._wcag_cited(draft) for index, draft in enumerate(drafts)
                 if draft.kind in BOUGHT and catalogues.citing_lines(draft.references)}
        levels = [(index, through_level) for index, (_direct, through_level) in cited.items() if through_level]
        if not levels:
            return {}
        found = {}
        for index in [0] if first_only else list(cited):
            direct, through_level = cited.get(index, (set(), set()))
            if not direct or through_level:
                continue
            for other, numbers in levels:
                if other != index and direct <= numbers:
                    found[index] = [Finding("CONTAINED", _("Every criterion it cites is already required by "
                                                           "%(number)s.") % {"number": drafts[other].number},
                                            "references", (drafts[other].number,))]
                    break
        return found

    def requires_a_level(self, draft):
        """Whether the draft requires a whole WCAG level: then others may be CONTAINED in it."""
        return bool(catalogues.citing_lines(draft.references)) and bool(self._wcag_cited(draft)[1])

    def _wcag_cited(self, draft):
        """(the WCAG criteria a draft cites one by one, those it requires through a whole level)."""
        direct, through_level = set(), set()
        for entry in catalogues.cited(draft.references, self._catalogue):
            reach, one_by_one = self._catalogue.wcag_reach(entry)
            (direct if one_by_one else through_level).update(reach)
        return direct, through_level

    def _duplicates(self, drafts, first_only=False):
        """DUPLICATE findings by draft index (of the first draft only, if asked).
        Statements with the same words are duplicates at once; other candidates
        must share one of their rarer words (a cheap block, so 5,000 statements
        are not compared pair by pair), and are then compared word order aside."""
        stems = [_stems(d.statement) for d in drafts]
        alike = {}  # draft index -> the indices of its duplicates
        same = {}
        for i, words in enumerate(stems):
            if words:
                same.setdefault(words, []).append(i)
        for group in same.values():
            if len(group) > 1:
                for i in group[:1] if first_only else group:
                    # A few of the group are named; a big group is counted, not listed pair by pair.
                    alike[i] = [j for j in group[:MAX_NAMED + 1] if j != i][:MAX_NAMED] + [len(group) - 1]
        frequency = Counter(s for words in stems for s in words)
        rare_limit = max(50, len(drafts) // 100)
        folded = {}

        def text(i):
            if i not in folded:
                folded[i] = comparable(drafts[i].statement)
            return folded[i]

        def alike_to(i, candidates):
            # The candidates sharing most rare words first, and no more than
            # MAX_CANDIDATES: crafted words shared by many cannot make it quadratic.
            ranked = sorted(candidates, key=lambda j: (-candidates[j], j))[:MAX_CANDIDATES]
            return sorted(j for j in ranked if _ratio(text(i), text(j), DUPLICATE_RATIO) >= DUPLICATE_RATIO)

        def rarest(words):
            return [s for s in sorted(words, key=lambda s: (frequency[s], s))[:3] if frequency[s] <= rare_limit]

        if first_only:
            if 0 not in alike:
                wanted = set(rarest(stems[0]))
                similar = alike_to(0, {j: len(stems[j] & wanted) for j in range(1, len(drafts)) if stems[j] & wanted})
                if similar:
                    alike[0] = similar[:MAX_NAMED] + [len(similar)]
            return self._duplicate_findings(drafts, alike)
        index = {}
        rare = []
        for i, words in enumerate(stems):
            chosen = rarest(words)
            rare.append(chosen)
            for stem in chosen:
                index.setdefault(stem, []).append(i)
        for i, chosen in enumerate(rare):
            if i in alike:
                continue
            similar = alike_to(i, Counter(j for stem in chosen for j in index[stem] if j != i))
            if similar:
                alike[i] = similar[:MAX_NAMED] + [len(similar)]
        return self._duplicate_findings(drafts, alike)

    @staticmethod
    def _duplicate_findings(drafts, alike):
        found = {}
        for i, (*named, count) in alike.items():
            numbers = ", ".join(drafts[j].number or _("row %(row)s") % {"row": drafts[j].row} for j in named)
            if count > len(named):
                numbers = _("%(numbers)s and %(more)s more") % {"numbers": numbers, "more": count - len(named)}
            found[i] = [Finding("DUPLICATE", _("Nearly the same as %(number)s.") % {"number": numbers},
                                related=tuple(drafts[j].number for j in named if drafts[j].number))]
        return found


def comparable(text):
    """What of a statement is compared: folded, and no longer than MAX_COMPARED."""
    return fold(text)[:MAX_COMPARED]


def _ratio(a, b, cutoff=0):
    """How alike two comparable texts are, 0–100, word order aside; one that only
    adds a few words to the other counts as alike. Below `cutoff` it may answer 0."""
    if min(len(a), len(b)) >= 0.7 * max(len(a), len(b)):
        return fuzz.token_set_ratio(a, b, score_cutoff=cutoff)
    return fuzz.token_sort_ratio(a, b, score_cutoff=cutoff)
