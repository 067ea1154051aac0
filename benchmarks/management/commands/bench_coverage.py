"""Benchmark: the standards page's coverage at 1,000 to 20,000 requirements
that cite a whole WCAG level and a criterion each, in a throw-away database.
Prints the time and the query count per size; asserts nothing. Both must stay
flat per citation (the attack: 8,000 took 48 s when membership was tested in
lists)."""

import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import CaptureQueriesContext

from benchmarks.common import WORKER_FLAG, run_in_throwaway_database, setup_procurement
from requirements_app.catalogue import coverage
from requirements_app.models import CatalogueEntry, Citation, Requirement


class Command(BaseCommand):
    help = "Time the WCAG coverage of the standards page for growing numbers of citing requirements."

    def add_arguments(self, parser):
        parser.add_argument(WORKER_FLAG, action="store_true", help="(internal) run inside the throw-away database")
        parser.add_argument("--sizes", default="1000,4000,8000,20000")
        parser.add_argument("--postgres", help="a PostgreSQL server URL; a throw-away database is made on it")

    def handle(self, *args, **options):
        if not options["worker"]:
            return run_in_throwaway_database("bench_coverage", ["--sizes", options["sizes"]],
                                             postgres_url=options["postgres"]) and None
        procurement, areas, memberships = setup_procurement()
        author = memberships["working_group"].user
        level = CatalogueEntry.objects.get(source="wcag21", kind="level", number="AA")
        criterion = CatalogueEntry.objects.get(source="wcag21", number="1.4.3")
        made = 0
        coverage.wcag(procurement, "2.1")  # the catalogue is read once per process: not part of the figures
        self.stdout.write(f"{'requirements':>12} {'seconds':>8} {'queries':>8}")
        for size in (int(s) for s in options["sizes"].split(",")):
            batch = Requirement.objects.bulk_create(
                Requirement(area=areas[n % len(areas)], seq=100_000 + n, title=f"Krav {n}", author=author,
                            statement=f"Webbplatsen ska uppfylla WCAG 2.1 nivå AA, eller likvärdigt ({n}).",
                            references="WCAG 2.1 nivå AA\nWCAG 2.1 1.4.3")
                for n in range(made, size))
            Citation.objects.bulk_create(Citation(requirement=r, entry=e) for r in batch for e in (level, criterion))
            made = size
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                covered = sum(1 for c in coverage.wcag(procurement, "2.1") if c.covered)
            self.stdout.write(f"{size:>12} {time.perf_counter() - started:>8.2f} {len(queries):>8}  ({covered} of 50 covered)")
