"""Benchmark: the word diff on adversarial 5,000-word inputs. Prints figures; asserts nothing."""

import random

from django.core.management.base import BaseCommand

from benchmarks.common import measure
from requirements_app.versions import word_diff


def adversarial_inputs(words, seed=2016):
    """(name, old, new) pairs that drove difflib's SequenceMatcher super-linear."""
    rng = random.Random(seed)
    return [
        ("all different", " ".join(f"ord{n}" for n in range(words)), " ".join(f"term{n}" for n in range(words))),
        ("alternating", "a " * words, "b " * words),
        ("random two-token", " ".join(rng.choice("ab") for _ in range(words)),
         " ".join(rng.choice("ab") for _ in range(words))),
    ]


class Command(BaseCommand):
    help = "Time the word diff on adversarial inputs (target: each under 0.5 s at 5,000 words)."

    def add_arguments(self, parser):
        parser.add_argument("--words", type=int, default=5000)

    def handle(self, *args, **options):
        self.stdout.write(f"{'input':>18} {'words':>6} {'runs':>6} {'best s':>8} {'peak MB':>8}")
        for name, old, new in adversarial_inputs(options["words"]):
            seconds, peak = measure(lambda: word_diff(old, new))
            runs = len(word_diff(old, new))
            self.stdout.write(f"{name:>18} {options['words']:>6} {runs:>6} {seconds:>8.3f} {peak:>8.0f}")
        self.stdout.write("(best of three runs, each in a forked child; runs: equal/deleted/inserted pieces shown)")
