"""Starting up: a configuration error or an unreachable database is one line
on standard error and a non-zero exit, not a traceback and a server that
answers 500 to every request."""

import sys

from django.core.exceptions import ImproperlyConfigured

# gunicorn's arbiter stops every worker and exits when one exits with this code
# (WORKER_BOOT_ERROR), instead of starting workers that fail again.
BOOT_ERROR = 3


def fail(message, code=BOOT_ERROR):
    """Print `message` as one line and exit."""
    print(f"Kravverkstaden kan inte starta: {message}", file=sys.stderr)
    sys.exit(code)


def setup_or_fail(setup, code=BOOT_ERROR):
    """Run `setup` (Django's); a configuration error ends the process in one line."""
    try:
        return setup()
    except ImproperlyConfigured as error:
        fail(str(error), code)


def check_database():
    """Connect to every database once, so a wrong DATABASE_URL or a database
    that is down stops the worker at start."""
    from django.db import DatabaseError, connections

    for connection in connections.all():
        try:
            connection.ensure_connection()
        except DatabaseError as error:
            fail(f"the database ({connection.alias}) cannot be reached: {str(error).strip().splitlines()[0]}")
        finally:
            connection.close()
