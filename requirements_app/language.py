"""Which language a short phrase is in, for `lang` attributes: a reference
such as "European Accessibility Act" in a Swedish document (WCAG 3.1.2).

simplemma's word lists decide (the same lexicon search uses); pure, no models."""

from functools import lru_cache

from simplemma import langdetect

# English only when most words are English and clearly fewer are Swedish:
# "Barnkonventionen art. 12" (both know "art") stays Swedish.
ENGLISH_SHARE = 0.75
MARGIN = 0.3


@lru_cache(maxsize=2048)
def language_of(phrase):
    """"en" for a phrase in English, "" for one in Swedish or of codes alone."""
    # A phrase of codes alone ("EN 301 549") scores only as unknown.
    scores = dict(langdetect(phrase, lang=("sv", "en")))
    english, swedish = scores.get("en", 0), scores.get("sv", 0)
    return "en" if english >= ENGLISH_SHARE and english - swedish >= MARGIN else ""
