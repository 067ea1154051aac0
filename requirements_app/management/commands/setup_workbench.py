"""Load the catalogue of standards and laws, the Götabiblioteken workshop and, in
development, demo users and requirements.

Safe to run again: what exists already is left as it is.
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from requirements_app import coordinators, demo, derived
from requirements_app.catalogue import standards as catalogue
from requirements_app.models import Procurement

WORKSHOP_FIXTURE = "gotabiblioteken"


class Command(BaseCommand):
    help = "Load the workshop fixture and (with DJANGO_DEBUG) the demo users and requirements."

    def handle(self, *args, **options):
        # Migration 0013 loads the catalogue; this brings it up to date with the data files.
        added, changed = catalogue.load()
        self.stdout.write(f"Catalogue of standards and laws: {added} entries added, {changed} updated.")
        coordinators.ensure_group()
        self.stdout.write(f"Admin group “{coordinators.GROUP_NAME}” has its permissions.")
        # Loading the fixture again would reset counters and edits: load it once.
        if Procurement.objects.filter(pk=1).exists():
            self.stdout.write("The workshop fixture is already loaded.")
        else:
            call_command("loaddata", settings.BASE_DIR / "fixtures" / f"{WORKSHOP_FIXTURE}.json", verbosity=0)
            self.stdout.write(self.style.SUCCESS("Loaded the workshop of 2016-04-15 and its insights."))
        if not settings.DEBUG:
            self.stdout.write("DJANGO_DEBUG is off: no demo users or demo requirements.")
        else:
            self.demo()
        # A fixture loads raw, past every writer; the catalogue and the demo's
        # definitions may change what kravgranskning finds: derive it all anew.
        for procurement in Procurement.objects.all():
            derived.rebuild(procurement)

    def demo(self):
        procurement = demo.demo_procurement()
        created = demo.create_demo_users(procurement)
        if created:
            self.stdout.write(self.style.SUCCESS(f"Demo users created, password “{demo.DEMO_PASSWORD}”:"))
            for username, first, last, role in demo.DEMO_USERS:
                self.stdout.write(f"  {username:14} {first} {last} ({role.label})")
        else:
            self.stdout.write(f"Demo users exist already (password “{demo.DEMO_PASSWORD}” unless changed).")
        count = demo.create_demo_requirements(procurement)
        if count:
            self.stdout.write(self.style.SUCCESS(f"Created {count} demo requirements."))
        if demo.create_demo_document(procurement):
            self.stdout.write(self.style.SUCCESS("Wrote the demo tender document's sections and definitions."))
