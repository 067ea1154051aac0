"""Import requirements from a spreadsheet, with the same checks as the web import."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from requirements_app.importing.spreadsheets import SpreadsheetError, import_requirements, read_dataset
from requirements_app.models import Membership


class Command(BaseCommand):
    help = "Import a CSV, XLSX or JSON file of requirements into a procurement (all rows or none)."

    def add_arguments(self, parser):
        parser.add_argument("procurement", help="The procurement: its id, reference number or name.")
        parser.add_argument("file")
        parser.add_argument("--user", required=True, help="The working-group member or coordinator importing.")
        parser.add_argument("--dry-run", action="store_true", help="Report what would happen; write nothing.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file {path}.")
        query = Q(procurement__reference=options["procurement"]) | Q(procurement__name=options["procurement"])
        if options["procurement"].isdigit():
            query |= Q(procurement_id=int(options["procurement"]))
        user = get_user_model().objects.filter(username=options["user"]).first()
        membership = Membership.objects.filter(query, user=user).select_related("procurement", "user").first()
        if membership is None or not membership.can_edit:
            raise CommandError(f"{options['user']} may not import into “{options['procurement']}”.")
        try:
            dataset = read_dataset(path.name, path.read_bytes())
        except SpreadsheetError as error:
            raise CommandError(str(error))
        report = import_requirements(membership, dataset, path.name, dry_run=options["dry_run"])
        for number, messages in report.invalid:
            self.stderr.write(f"Row {number}: {'; '.join(messages)}")
        for number, name in report.new:
            self.stdout.write(f"Row {number} new: {name}")
        for number, name, changes in report.changed:
            fields = [text["label"] for text in changes["texts"] if text["changed"]] + [f["label"] for f in changes["fields"]]
            self.stdout.write(f"Row {number} changed: {name} ({', '.join(str(label) for label in fields)})")
        self.stdout.write(str(report.summary()))
        if not report.ok:
            raise CommandError("Nothing was imported: fix the invalid rows and try again.")
        self.stdout.write("Dry run: nothing was written." if options["dry_run"] else "Imported.")
