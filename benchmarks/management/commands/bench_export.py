"""Benchmark: the tender PDF of a 1,000- and a 5,000-requirement edition (the
reportlab draft and the tagged PDF/UA a publication seals) and the beslutsunderlag,
each beside a bare rendering by its engine: reportlab's of the same paragraphs, and
for the tagged PDF WeasyPrint's of the same HTML, without our gathering of the
data and completion of the structure tree. Prints figures; asserts nothing."""

import datetime
import functools
import io
from dataclasses import replace

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import translation
from reportlab.lib.pagesizes import A4
from reportlab.platypus import Paragraph, SimpleDocTemplate

from benchmarks.common import (
    WORKER_FLAG,
    bulk_requirements,
    measure,
    run_in_throwaway_database,
    setup_procurement,
)
from requirements_app.documents.audiences import internal_record, public_document
from requirements_app.documents.editions import edition_data, freeze_edition
from requirements_app.documents.pdf_layout import register_fonts
from requirements_app.documents.record_pdf import RecordStory, render_record_html, render_record_pdf
from requirements_app.documents.tender_html import render_tender_html
from requirements_app.documents.tender_pdf import PublicStory, render_tender_pdf
from requirements_app.documents.tender_pdf_ua import render_tender_pdf_ua

class Command(BaseCommand):
    help = "Time and measure the tender PDF at 1,000 and 5,000 requirements (throw-away database)."

    def add_arguments(self, parser):
        parser.add_argument(WORKER_FLAG, action="store_true", help="(internal) run inside the throw-away database")
        parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
        parser.add_argument("--repeat", type=int, default=3, help="runs of each rendering; the fastest counts")

    def handle(self, *args, **options):
        if not options["worker"]:
            sizes = [str(size) for size in options["sizes"]]
            extra = ["--sizes", *sizes, "--repeat", str(options["repeat"])]
            return run_in_throwaway_database("bench_export", extra) and None
        register_fonts()
        procurement, areas, memberships = setup_procurement()
        self.stdout.write(
            f"{'document':>9} {'size':>6} {'ours s':>8} {'bare s':>8} {'ratio':>6} {'ours peak MB':>13} {'bare peak MB':>13}"
        )
        # (name, our rendering, the bare one to time for the edition's data)
        documents = [
            ("public", render_tender_pdf, lambda data: lambda: bare_render(PublicStory(public_document(data)))),
            # What a publication edition seals: WeasyPrint's tagged PDF/UA-1 from the HTML twin (made untimed).
            ("tagged", render_tender_pdf_ua, lambda data: functools.partial(
                bare_weasyprint, render_tender_html(data).decode())),
            ("internal", render_record_pdf, lambda data: lambda: bare_render(RecordStory(internal_record(data)))),
            # A publication's record: tagged PDF/A-2a and PDF/UA-1 from the record's story as HTML.
            ("archived", lambda data: render_record_pdf(replace(data, publication=True)), lambda data: functools.partial(
                bare_weasyprint, render_record_html(data), "pdf/a-2a")),
        ]
        for size in options["sizes"]:
            edition = self.make_edition(procurement, areas, memberships, size)
            data = edition_data(edition)
            for name, render, bare in documents:
                ours_s, ours_mb = measure(lambda: render(edition_data(edition)), options["repeat"])
                bare_s, bare_mb = measure(bare(data), options["repeat"])
                self.stdout.write(
                    f"{name:>9} {size:>6} {ours_s:>8.2f} {bare_s:>8.2f} {ours_s / bare_s:>6.2f}"
                    f" {ours_mb:>13.0f} {bare_mb:>13.0f}"
                )
        self.stdout.write("(peak MB: the peak resident memory of the process that made the PDF)")

    @transaction.atomic
    def make_edition(self, procurement, areas, memberships, size):
        """`size` approved requirements with decisions, frozen into an edition."""
        coordinator = memberships["coordinator"]
        bulk_requirements(procurement, areas, memberships["working_group"].user, size, decided_by=coordinator.user)
        return freeze_edition(coordinator, f"Utgåva {size}", datetime.date(2026, 11, 29))


def bare_weasyprint(html, variant="pdf/ua-1"):
    """WeasyPrint's tagged PDF of the HTML, as it comes: the engine's own cost."""
    import weasyprint

    return weasyprint.HTML(string=html).write_pdf(pdf_variant=variant)


def bare_render(story):
    """Every paragraph of the story in a plain SimpleDocTemplate: no database,
    no contents, outline, page templates, headers, footers or tables."""
    with translation.override("sv"):
        story = [flowable for flowable in story.body() if isinstance(flowable, Paragraph)]
        buffer = io.BytesIO()
        SimpleDocTemplate(buffer, pagesize=A4).build(story)
    return buffer.getvalue()
