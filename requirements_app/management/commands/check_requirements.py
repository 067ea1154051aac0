"""Check a requirement spreadsheet (the import/export format) with
kravgranskning, without importing it."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from requirements_app.importing.resources import COLUMNS, ChoiceWidget
from requirements_app.importing.spreadsheets import SpreadsheetError, read_dataset
from requirements_app.kravgranskning.findings import checker_for
from requirements_app.kravgranskning.quality import Checker, Draft
from requirements_app.models import Procurement, Requirement

# The import's reading of the column Typ: a code, or a label in either language.
KINDS = ChoiceWidget(Requirement.Kind)


class Command(BaseCommand):
    help = "Check a requirement spreadsheet (CSV, XLSX or JSON) with kravgranskning; nothing is imported."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--procurement", help="a procurement's reference: use its words and definitions too")

    def handle(self, *args, **options):
        with translation.override("sv"):
            path = Path(options["file"])
            try:
                dataset = read_dataset(path.name, path.read_bytes())
            except SpreadsheetError as error:
                raise CommandError(str(error)) from error
            except OSError as error:
                raise CommandError(f"Filen {path} kan inte läsas ({error.strerror}).") from error
            checker = Checker()
            if options["procurement"]:
                procurement = Procurement.objects.filter(reference=options["procurement"]).first()
                if procurement is None:
                    raise CommandError(f"Ingen upphandling har diarienumret {options['procurement']}.")
                checker = checker_for(procurement)
            drafts = [self.draft(row, number) for number, row in enumerate(dataset.dict, start=2)]
            findings = [
                {"row": draft.row, "number": draft.number or None, "code": f.code, "severity": f.severity, "message": f.message}
                for draft, found in zip(drafts, checker.check_all(drafts)) for f in found
            ]
            if options["format"] == "json":
                self.stdout.write(json.dumps(findings, ensure_ascii=False, indent=1))
            else:
                for f in findings:
                    self.stdout.write(f"{f['number'] or 'rad ' + str(f['row'])}\t{f['code']}\t{f['severity']}\t{f['message']}")

    @staticmethod
    def draft(row, number):
        def cell(name):
            value = row.get(COLUMNS[name])
            return "" if value is None else str(value).strip()

        try:
            kind = KINDS.clean(cell("kind"))
        except ValueError:  # no kind the checks know: those that depend on it stay quiet
            kind = cell("kind")
        return Draft(number=cell("number"), kind=kind, title=cell("title"), statement=cell("statement"),
                     rationale=cell("rationale"), references=cell("references"),
                     verifikat=cell("verifikat") if COLUMNS["verifikat"] in row else "", row=number,
                     scale=cell("scale") if COLUMNS.get("scale") in row else "")
