"""Benchmark: kravgranskning's precision and recall per rule on the labelled
corpus in tests/data, and the time to check 5,000 requirements. Prints
figures; asserts nothing."""

import random
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from benchmarks.common import WORKER_FLAG, run_in_throwaway_database
from benchmarks.corpus import PRECISION_TARGET, RECALL_TARGET, label_counts, score
from requirements_app.kravgranskning.quality import Checker, Draft
from requirements_app.quality_rules import RULES

CORPUS = Path(settings.BASE_DIR) / "tests" / "data" / "review_corpus.json"
WORDS = ("webbplatsen användaren låna reservera e-bok ljudbok sökträff kontosida evenemang öppettider bibliotek "
         "barn tangentbord skärmläsare kontrast lånehistorik samtycke radera publicera redaktör nyhet språk").split()


class Command(BaseCommand):
    help = "Precision and recall per rule on the corpus; time to check 5,000 requirements (target: under 2 s)."

    def add_arguments(self, parser):
        parser.add_argument(WORKER_FLAG, action="store_true", help="(internal) run inside the throw-away database")
        parser.add_argument("--requirements", type=int, default=5000)

    def handle(self, *args, **options):
        if not options["worker"]:
            return run_in_throwaway_database("bench_review", ["--requirements", str(options["requirements"])]) and None
        from django.core.management import call_command

        call_command("migrate", verbosity=0)  # the catalogue of standards, for REF
        with translation.override("sv"):
            counts = label_counts(CORPUS)
            scores, disagreements = score(CORPUS)
            total = sum(1 for _line in open(CORPUS, encoding="utf-8") if '"kind"' in _line)
            self.stdout.write(f"corpus: {total} texts, {counts['(none)']} that should raise nothing")
            self.stdout.write(f"{'rule':>12} {'severity':>8} {'expected':>8} {'fired':>6} {'precision':>9} "
                              f"{'recall':>6} {'target':>14}")
            for code, s in scores.items():
                severity = RULES[code].severity
                target = f"P≥{PRECISION_TARGET[severity]} R≥{RECALL_TARGET}"
                mark = "ok" if s.meets_targets else "MISSED"
                self.stdout.write(f"{code:>12} {severity:>8} {counts[code]:>8} {s.true_positives + s.false_positives:>6} "
                                  f"{s.precision:>9.2f} {s.recall:>6.2f} {target:>14} {mark}")
            self.stdout.write(f"texts where the checker and the labels disagree: {len(disagreements)}")
            drafts = self.drafts(options["requirements"])
            checker = Checker()
            started = time.perf_counter()
            findings = checker.check_all(drafts)
            seconds = time.perf_counter() - started
            self.stdout.write(f"checked {len(drafts)} requirements in {seconds:.2f} s "
                              f"({sum(len(f) for f in findings)} findings)")

    @staticmethod
    def drafts(count):
        """Requirements of 15–30 words, some with references and rationales, a few near-duplicates."""
        rng = random.Random(2016)
        drafts = []
        for n in range(count):
            kind = rng.choice(["mandatory", "mandatory", "evaluated", "contract_condition"])
            modal = "bör" if kind == "evaluated" else "ska"
            statement = f"Webbplatsen {modal} " + " ".join(rng.choices(WORDS, k=rng.randint(15, 30))) + "."
            if n % 50 == 1:
                statement = drafts[-1].statement
            drafts.append(Draft(
                number=f"KRAV-{n:04d}", kind=kind, title=" ".join(rng.sample(WORDS, 3)), statement=statement,
                rationale=" ".join(rng.choices(WORDS, k=10)), references="WCAG 2.1 1.4.3" if n % 7 == 0 else "",
                insight_texts=("Ladda upp. Ladda ner. T ex egenutgivna böcker.",),
            ))
        return drafts
