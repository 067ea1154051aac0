"""Benchmark: the tender PDF of a 1,000- and a 5,000-requirement edition, beside a
bare reportlab rendering of the same paragraphs. Prints figures; asserts nothing."""

import datetime
import io
import resource

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone, translation
from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate

from requirements_app.benchmarks import WORKER_FLAG, measure, run_in_throwaway_database, setup_procurement
from requirements_app.editions import edition_data, freeze_edition
from requirements_app.models import Decision, Requirement
from requirements_app.tender_pdf import StoryBuilder, register_fonts, render_tender_pdf

STATEMENT = (
    "Webbplatsen ska låta en inloggad användare låna en e-bok eller e-ljudbok från sökträffen i högst tre steg, "
    "med tangentbord och skärmläsare, och visa lånetiden ≥ 14 dagar – även på äldre mobiler (nr {n})."
)
RATIONALE = "Göta, 92: Jag lånar e-böcker lätt som en plätt! Workshopen 2016-04-15 såg detta som en framgångsfaktor."


class Command(BaseCommand):
    help = "Time and measure the tender PDF at 1,000 and 5,000 requirements (throw-away database)."

    def add_arguments(self, parser):
        parser.add_argument(WORKER_FLAG, action="store_true", help="(internal) run inside the throw-away database")
        parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])

    def handle(self, *args, **options):
        if not options["worker"]:
            sizes = [str(size) for size in options["sizes"]]
            return run_in_throwaway_database("bench_export", ["--sizes", *sizes]) and None
        register_fonts()
        procurement, areas, memberships = setup_procurement()
        self.stdout.write(f"{'size':>6} {'ours s':>8} {'bare s':>8} {'ratio':>6} {'ours MB':>8} {'bare MB':>8}")
        for size in options["sizes"]:
            edition = self.make_edition(procurement, areas, memberships, size)
            data = edition_data(edition)
            ours_s, ours_mb, _pdf = measure(lambda: render_tender_pdf(edition_data(edition)))
            bare_s, bare_mb, _bare = measure(lambda: bare_render(data))
            self.stdout.write(
                f"{size:>6} {ours_s:>8.2f} {bare_s:>8.2f} {ours_s / bare_s:>6.2f} {ours_mb:>8.1f} {bare_mb:>8.1f}"
            )
        peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(f"process peak RSS: {peak_rss:.0f} MB")

    @transaction.atomic
    def make_edition(self, procurement, areas, memberships, size):
        """`size` approved requirements with decisions, frozen into an edition."""
        author = memberships["working_group"].user
        start = {area.pk: area.last_seq for area in areas}
        rows = []
        for n in range(size):
            area = areas[n % len(areas)]
            start[area.pk] += 1
            evaluated = n % 5 == 0
            rows.append(Requirement(
                area=area, seq=start[area.pk], title=f"Krav {n}: låna e-böcker lätt", statement=STATEMENT.format(n=n),
                rationale=RATIONALE, kind="evaluated" if evaluated else "mandatory", weight=5 if evaluated else None,
                verification="demonstrate", status="approved", author=author, references="WCAG 2.1 1.4.3\nEN 301 549",
            ))
        for area in areas:
            area.last_seq = start[area.pk]
            area.save(update_fields=["last_seq"])
        created = Requirement.objects.bulk_create(rows)
        Through = Requirement.insights.through
        insights = list(procurement.workshops.get().insights.values_list("pk", flat=True))
        Through.objects.bulk_create(Through(requirement=r, insight_id=insights[i % len(insights)]) for i, r in enumerate(created))
        Decision.objects.bulk_create(
            Decision(requirement=r, version_no=1, outcome="approved", yes=3, no=1, abstain=0, rule="minst 3 röster",
                     dissent="Eva: för många steg", recorded_by=memberships["coordinator"].user)
            for r in created
        )
        return freeze_edition(memberships["coordinator"], f"Utgåva {size}", datetime.date(2026, 11, 29))


def bare_render(data):
    """The same requirement paragraphs in a plain SimpleDocTemplate: no TOC,
    outline, header, appendices or database."""
    with translation.override("sv"):
        builder = StoryBuilder(data)
        story = [flowable for item in data.items for flowable in builder.requirement(item)]
        buffer = io.BytesIO()
        SimpleDocTemplate(buffer, pagesize=A4).build(story)
    return buffer.getvalue()
