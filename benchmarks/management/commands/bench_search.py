"""Benchmark: search over 10,000 requirements (and their insights) in a
throw-away database, SQLite or PostgreSQL. Prints figures; asserts nothing."""

import random
import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection

from benchmarks.common import WORKER_FLAG, run_in_throwaway_database, setup_procurement
from requirements_app import search
from requirements_app.models import Requirement

# Words of the workshop and the demo requirements, to vary the texts.
WORDS = (
    "webbplatsen ska låta användaren låna e-bok e-böcker e-ljudbok ladda upp ner egen bok barn unga föräldrar "
    "skärmläsare tangentbord kontrast tillgänglighet tillgänglig lättläst svenska teckenspråk personlig "
    "personifierat boktips lånehistorik samtycke radera uppgifter inloggning sök sökträff katalog evenemang "
    "kalender bibliotek filial öppettider reservera reservation kö avgift betala mobil app surfplatta "
    "webbläsare prestanda svarstid sekunder stöd support drift säkerhet integritet dataskydd behörighet "
    "administratör redaktör publicera nyhet artikel bild video undertext syntolkning ljud musik film "
    "tidskrift databas poddar skrivarverkstad läsfrämjande läsambassadör skola lärare klass"
).split()
QUERIES = [
    "ebok", "e-bok", "tillganglighet", "kraven", "TILL-0042", "WCAG 1.4.3", "låna e-böcker", "barn unga",
    "personlig boktips", "skärmläsare tangentbord", "poddar", "syntolkning film", "webbplatsen", "läsambassadör",
    "reservera kö", "lättläst svenska", "dataskydd samtycke", "öppettider filial", "zzz-inget", "ladda upp bild",
]


class Command(BaseCommand):
    help = "Time search over 10,000 requirements (target on PostgreSQL: p95 under 50 ms)."

    def add_arguments(self, parser):
        parser.add_argument(WORKER_FLAG, action="store_true", help="(internal) run inside the throw-away database")
        parser.add_argument("--requirements", type=int, default=10_000)
        parser.add_argument("--rounds", type=int, default=20, help="times each query is run")
        parser.add_argument("--postgres", help="a PostgreSQL server URL; a throw-away database is made on it")

    def handle(self, *args, **options):
        if not options["worker"]:
            args = ["--requirements", str(options["requirements"]), "--rounds", str(options["rounds"])]
            return run_in_throwaway_database("bench_search", args, postgres_url=options["postgres"]) and None
        procurement, areas, memberships = setup_procurement()
        author = memberships["working_group"].user
        rng = random.Random(2016)
        Requirement.objects.bulk_create(
            Requirement(
                area=areas[n % len(areas)], seq=n // len(areas) + 1, title=" ".join(rng.sample(WORDS, 3)).capitalize(),
                statement="Webbplatsen ska " + " ".join(rng.choices(WORDS, k=25)) + ".",
                rationale=" ".join(rng.choices(WORDS, k=12)), references="WCAG 2.1 1.4.3" if n % 7 == 0 else "",
                author=author,
            )
            for n in range(options["requirements"])
        )
        started = time.perf_counter()
        search.rebuild(procurement)
        indexing = time.perf_counter() - started
        self.stdout.write(f"indexed {options['requirements']} requirements and their insights in {indexing:.1f} s")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # as autovacuum would have, after a load this size
        timings, slowest = [], {}
        for typed in QUERIES:
            search.search(procurement, typed)  # warm
            for _round in range(options["rounds"]):
                started = time.perf_counter()
                hits = len(search.search(procurement, typed))
                timings.append((time.perf_counter() - started) * 1000)
                slowest[typed] = (max(slowest.get(typed, (0,))[0], timings[-1]), hits)
        timings.sort()
        p95 = timings[int(len(timings) * 0.95) - 1]
        self.stdout.write(
            f"{len(QUERIES)} queries x {options['rounds']} rounds: p50 {statistics.median(timings):.1f} ms, "
            f"p95 {p95:.1f} ms, max {timings[-1]:.1f} ms (the 50 best hits, with their requirements and insights)"
        )
        self.stdout.write("slowest run (ms) and hits per query: " + ", ".join(
            f"{q} {ms:.0f}/{n}" for q, (ms, n) in sorted(slowest.items(), key=lambda item: -item[1][0])
        ))
