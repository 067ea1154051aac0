#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "procurement.settings")
    from django.core.management import execute_from_command_line

    from procurement.startup import setup_or_fail

    setup_or_fail(lambda: execute_from_command_line(sys.argv), code=1)


if __name__ == "__main__":
    main()
