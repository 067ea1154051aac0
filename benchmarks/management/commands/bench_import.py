"""Benchmark: import 2,000 requirement rows from XLSX (revisions included) beside a
plain bulk_create of the same rows, in a throw-away database. Prints figures."""

import time

from django.core.management.base import BaseCommand
from django.db import transaction
from import_export.formats import base_formats
from tablib import Dataset

from benchmarks.common import WORKER_FLAG, measure, run_in_throwaway_database, setup_procurement
from requirements_app.drafting import requirements as drafting
from requirements_app.importing.resources import COLUMNS
from requirements_app.importing.spreadsheets import import_requirements, read_dataset
from requirements_app.models import Requirement


class Command(BaseCommand):
    help = "Time and measure importing 2,000 XLSX rows against a plain bulk_create (throw-away database)."

    def add_arguments(self, parser):
        parser.add_argument(WORKER_FLAG, action="store_true", help="(internal) run inside the throw-away database")
        parser.add_argument("--rows", type=int, default=2000)

    def handle(self, *args, **options):
        if not options["worker"]:
            return run_in_throwaway_database("bench_import", ["--rows", str(options["rows"])]) and None
        procurement, areas, memberships = setup_procurement()
        content = xlsx_rows(options["rows"], [a.code for a in areas])
        member = memberships["working_group"]

        def ours():
            report = import_requirements(member, read_dataset("bench.xlsx", content), "bench.xlsx", dry_run=False)
            assert report.ok and len(report.new) == options["rows"], report.invalid[:3]

        def plain():
            dataset = read_dataset("bench.xlsx", content)
            codes = {area.code: area for area in areas}
            seq = {}
            rows = []
            for row in dataset.dict:
                area = codes[row[COLUMNS["area"]]]
                seq[area.code] = seq.get(area.code, 0) + 1
                rows.append(Requirement(
                    area=area, seq=seq[area.code], title=row[COLUMNS["title"]], statement=row[COLUMNS["statement"]],
                    rationale=row[COLUMNS["rationale"]], kind="mandatory", verification="confirm",
                    author=member.user,
                ))
            Requirement.objects.bulk_create(rows)

        def undo():
            # Leave the database as it was, so each run starts alike.
            from reversion.models import Revision

            with transaction.atomic():
                Requirement.objects.all().delete()
                Revision.objects.all().delete()
                procurement.areas.update(last_seq=0)

        ours_s, ours_mb = measure(ours, reset=undo)
        plain_s, plain_mb = measure(plain, reset=undo)
        undo()
        write_s = time_write_transaction(ours)
        self.stdout.write(
            f"{'rows':>6} {'import s':>9} {'write s':>8} {'bulk s':>8} {'ratio':>6} {'import peak MB':>15} {'bulk peak MB':>13}"
        )
        self.stdout.write(
            f"{options['rows']:>6} {ours_s:>9.2f} {write_s:>8.2f} {plain_s:>8.2f} {ours_s / plain_s:>6.1f}"
            f" {ours_mb:>15.0f} {plain_mb:>13.0f}"
        )
        self.stdout.write("(both read the same XLSX file; the import checks every row and gives each new requirement")
        self.stdout.write(" its number, version 1 and its own revision; write s: how long its one write transaction,")
        self.stdout.write(" and so SQLite's write lock, is held; peak MB: resident memory of the measuring process)")


def time_write_transaction(run_import):
    """Seconds the import holds its write transaction: the new rows' numbering
    and storing (`drafting._create`), after they were readied outside it."""
    create, spent = drafting._create, []

    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return create(*args, **kwargs)
        finally:
            spent.append(time.perf_counter() - started)

    drafting._create = timed
    try:
        run_import()
    finally:
        drafting._create = create
    return sum(spent)


def xlsx_rows(count, area_codes):
    """An XLSX file of `count` new requirements, as a working group would write it."""
    dataset = Dataset(headers=[COLUMNS[n] for n in ("number", "area", "title", "statement", "rationale", "kind",
                                                     "weight", "verification", "status", "insights", "references")])
    for n in range(count):
        dataset.append([
            "", area_codes[n % len(area_codes)], f"Krav {n}: låna e-böcker",
            f"Webbplatsen ska låta en användare låna e-bok nummer {n} i högst tre steg.",
            "Göta, 92: Jag lånar e-böcker lätt som en plätt!", "ska-krav", "", "demonstrera", "utkast",
            f"INS-{n % 40 + 1:02d}", "WCAG 2.1 1.4.3",
        ])
    return base_formats.XLSX().export_data(dataset)
