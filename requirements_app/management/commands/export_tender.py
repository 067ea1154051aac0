"""Write a procurement's tender document (PDF or HTML), its internal decision
record (--internal) and/or the response form (XLSX) to files."""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from requirements_app.documents.editions import edition_data, preview_data
from requirements_app.documents.record_pdf import render_record_pdf
from requirements_app.documents.response_form import render_response_form
from requirements_app.documents.tender_html import render_tender_html
from requirements_app.documents.tender_pdf import render_tender_pdf
from requirements_app.models import Edition, Procurement


class Command(BaseCommand):
    help = ("Export the tender document of an edition (or the draft preview) as PDF or HTML, its internal decision "
            "record, and the response form as XLSX.")

    def add_arguments(self, parser):
        parser.add_argument("procurement", help="The procurement: its id, reference number or name.")
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--edition", help="The edition's label, e.g. “Utgåva 1.0”.")
        group.add_argument("--draft", action="store_true", help="The current state, marked UTKAST.")
        parser.add_argument("-o", "--output", help="Where to write the document.")
        parser.add_argument("--format", choices=["pdf", "html"], default="pdf",
                            help="The public document as PDF (default) or as one accessible HTML file.")
        parser.add_argument("--internal", action="store_true",
                            help="Write the internal decision record (beslutsunderlag, PDF) instead of the public document.")
        parser.add_argument("--response-form", help="Where to write the response form (XLSX).")

    def handle(self, *args, **options):
        if not options["output"] and not options["response_form"]:
            raise CommandError("Give -o FILE.pdf and/or --response-form FILE.xlsx.")
        procurement = procurement_named(options["procurement"])
        if options["draft"]:
            data = preview_data(procurement, timezone.localdate())
        else:
            edition = Edition.objects.filter(procurement=procurement, label=options["edition"]).first()
            if edition is None:
                labels = ", ".join(Edition.objects.filter(procurement=procurement).values_list("label", flat=True))
                raise CommandError(f"No edition “{options['edition']}” in {procurement}. Editions: {labels or 'none'}.")
            data = edition_data(edition)
        if options["output"]:
            if options["internal"]:
                document = render_record_pdf(data)
            elif options["format"] == "html":
                document = render_tender_html(data)
            else:
                document = render_tender_pdf(data)
            self._write(options["output"], document)
        if options["response_form"]:
            self._write(options["response_form"], render_response_form(data))

    def _write(self, path, content):
        with open(path, "wb") as handle:
            handle.write(content)
        self.stdout.write(f"Wrote {path} ({len(content):,} bytes).")


def procurement_named(value):
    """The one procurement whose id, reference number or name is `value`, else CommandError."""
    query = Q(reference=value) | Q(name=value)
    if value.isdigit():
        query |= Q(pk=int(value))
    matches = list(Procurement.objects.filter(query)[:2])
    if len(matches) != 1:
        raise CommandError(f"No single procurement matches “{value}”.")
    return matches[0]
