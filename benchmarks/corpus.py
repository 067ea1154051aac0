"""Measuring kravgranskning on a labelled corpus: per rule, how many of its
findings are right (precision) and how many of the expected ones it finds
(recall). Used by `bench_review` and the corpus test."""

import json
from collections import Counter
from dataclasses import dataclass

from requirements_app.kravgranskning.quality import Checker, Draft
from requirements_app.quality_rules import RULES

# The targets of the issue: precision per severity, recall for every rule.
PRECISION_TARGET = {"FEL": 0.9, "VARNING": 0.7}
RECALL_TARGET = 0.8


@dataclass
class Score:
    code: str
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self):
        fired = self.true_positives + self.false_positives
        return self.true_positives / fired if fired else 1.0

    @property
    def recall(self):
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0

    @property
    def meets_targets(self):
        return self.precision >= PRECISION_TARGET[RULES[self.code].severity] and self.recall >= RECALL_TARGET


def drafts_of(item, index):
    """The corpus item as drafts: itself, and the statement it may duplicate."""
    draft = Draft(number=f"K{index}", kind=item["kind"], title=item.get("title", ""), statement=item["statement"],
                  rationale=item.get("rationale", ""), references=item.get("references", ""),
                  verifikat=item.get("verifikat", ""), scale=item.get("scale", ""),
                  insight_texts=(item["insight"],) if item.get("insight") else ())
    others = [Draft(number="ANDRA-01", kind=item["kind"], statement=item["duplicate_of"])] if item.get("duplicate_of") else []
    if item.get("other"):  # another requirement of the procurement, as the rule sees it
        others.append(Draft(number="ANDRA-02", **item["other"]))
    return [draft, *others]


def score(path, checker=None):
    """({code: Score}, [(item, fired codes)] where the checker disagrees with the labels)."""
    checker = checker or Checker()
    items = json.loads(open(path, encoding="utf-8").read())
    scores = {code: Score(code) for code in RULES}
    disagreements = []
    for index, item in enumerate(items):
        # An item may state the procurement's estimated value (the turnover check needs one).
        item_checker = (Checker(catalogue=checker.catalogue, estimated_value=item["estimated_value"])
                        if "estimated_value" in item else checker)
        fired = {f.code for f in item_checker.check_all(drafts_of(item, index))[0]}
        expected = set(item["expect"])
        for code in fired & expected:
            scores[code].true_positives += 1
        for code in fired - expected:
            scores[code].false_positives += 1
        for code in expected - fired:
            scores[code].false_negatives += 1
        if fired != expected:
            disagreements.append((item, sorted(fired)))
    return scores, disagreements


def label_counts(path):
    """How many items expect each rule, and how many expect nothing."""
    items = json.loads(open(path, encoding="utf-8").read())
    counts = Counter(code for item in items for code in item["expect"])
    counts["(none)"] = sum(1 for item in items if not item["expect"])
    return counts
