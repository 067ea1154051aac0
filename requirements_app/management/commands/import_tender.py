"""Import a tender's filled svarsmall, with the same checks as the web import."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from requirements_app.models import Membership, Tender
from requirements_app.tenders import receiving

from .export_tender import procurement_named


class Command(BaseCommand):
    help = "Import a tender (the filled svarsmall of the edition) for a tenderer listed at the opening."

    def add_arguments(self, parser):
        parser.add_argument("procurement", help="The procurement: its id, reference number or name.")
        parser.add_argument("file")
        parser.add_argument("--edition", required=True, help="The publication edition's label, e.g. “Utgåva 1.0”.")
        parser.add_argument("--tenderer", required=True, help="The tenderer's name as listed at the opening.")
        parser.add_argument("--user", required=True, help="The evaluator importing.")
        parser.add_argument("--reason", default="", help="Why a corrected file replaces an imported one.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file {path}.")
        procurement = procurement_named(options["procurement"])
        membership = Membership.objects.filter(
            procurement=procurement, user__in=get_user_model().objects.filter(username=options["user"])
        ).select_related("procurement", "user").first()
        if membership is None:
            raise CommandError(f"{options['user']} is not a member of “{procurement}”.")
        tender = Tender.objects.filter(opening__edition__procurement=procurement,
                                       opening__edition__label=options["edition"],
                                       tenderer=options["tenderer"]).select_related("opening__edition").first()
        if tender is None:
            raise CommandError(f"No tender from “{options['tenderer']}” was opened for {options['edition']}.")
        try:
            tender = receiving.import_tender(membership, tender, path.name, path.read_bytes(), options["reason"])
        except PermissionDenied as error:
            raise CommandError(str(error) or "Not allowed.")
        except ValidationError as error:
            raise CommandError("\n".join(error.messages))
        self.stdout.write(f"Imported {tender.tenderer} ({tender.organisation_number}), version {tender.version_no}.")
