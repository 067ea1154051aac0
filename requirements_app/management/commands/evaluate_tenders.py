"""Evaluate the tenders of a publication edition with its frozen evaluation model."""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from requirements_app.models import Edition
from requirements_app.tenders import award

from .export_tender import procurement_named


class Command(BaseCommand):
    help = ("Evaluate the tenders of an edition (read only: nothing is stored) and print one object per tenderer: "
            "tenderer, organisationsnummer, rejected, reasons, price, quality_value, comparison, rank.")

    def add_arguments(self, parser):
        parser.add_argument("procurement", help="The procurement: its id, reference number or name.")
        parser.add_argument("--edition", required=True, help="The publication edition's label, e.g. “Utgåva 1.0”.")
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args, **options):
        procurement = procurement_named(options["procurement"])
        edition = Edition.objects.filter(procurement=procurement, label=options["edition"]).first()
        if edition is None:
            raise CommandError(f"No edition “{options['edition']}” in “{procurement}”.")
        try:
            rows = award.summary(award.compute(edition, award.tenders_of(edition)))
        except ValidationError as error:
            raise CommandError("\n".join(error.messages))
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for row in rows:
            outcome = "rejected: " + "; ".join(row["reasons"]) if row["rejected"] else f"rank {row['rank']}"
            self.stdout.write(f"{row['tenderer']}: {outcome}")
