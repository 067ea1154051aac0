"""Check a sealed edition's files (a folder, or its zip) against its manifest,
without the database: one line per file, and a non-zero exit on any mismatch."""

import zipfile

from django.core.management.base import BaseCommand, CommandError

from requirements_app.documents import seal


class Command(BaseCommand):
    help = "Checks a sealed edition's files (a folder or a zip) against its manifest.json."
    requires_system_checks = []  # a check of files alone: no database, no checks

    def add_arguments(self, parser):
        parser.add_argument("path", help="The folder or zip holding the files and manifest.json.")

    def handle(self, *args, path, **options):
        try:
            files = seal.read(path)
        except (OSError, zipfile.BadZipFile) as error:
            raise CommandError(f"{path}: cannot be read ({error})") from error
        results = seal.verify(files)
        for name, holds, what in results:
            self.stdout.write(f"{'OK ' if holds else 'FEL'} {name}: {what}")
        if not all(holds for _name, holds, _what in results):
            raise CommandError("The files do not match the manifest.")
        self.stdout.write("All files match the manifest.")
