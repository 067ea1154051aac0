"""Shared pieces of the benchmark commands: a throw-away database and measuring."""

import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

from .models import Area, Insight, Membership, Procurement, Workshop

WORKER_FLAG = "--worker"


def run_in_throwaway_database(command, extra_args=()):
    """Run `manage.py COMMAND --worker` against a new SQLite file, then delete it."""
    with tempfile.TemporaryDirectory(prefix="workbench-bench-") as folder:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{Path(folder) / 'bench.sqlite3'}", "DJANGO_DEBUG": "1"}
        manage = Path(settings.BASE_DIR) / "manage.py"
        return subprocess.call([sys.executable, str(manage), command, WORKER_FLAG, *extra_args], env=env)


def setup_procurement():
    """Migrate the throw-away database and add a procurement with members and insights."""
    call_command("migrate", verbosity=0)
    User = get_user_model()
    procurement = Procurement.objects.create(name="Bänkprov", organisation="Götabiblioteken", reference="B-1")
    workshop = Workshop.objects.create(procurement=procurement, title="Workshop", held_on="2016-04-15")
    Insight.objects.bulk_create(
        Insight(workshop=workshop, key=f"INS-{n:02d}", kind="success_factor", section="Framgångsfaktorer",
                text=f"Insikt nummer {n}: ladda upp, ladda ner, mer personifierat.", order=n)
        for n in range(1, 41)
    )
    areas = [
        Area.objects.create(procurement=procurement, code=code, name=name, order=i)
        for i, (code, name) in enumerate(
            [("TILL", "Tillgänglighet"), ("BARN", "Barnperspektiv"), ("LADD", "Ladda upp/ladda ner"),
             ("PERS", "Personalisering")]
        )
    ]
    memberships = {
        role: Membership.objects.create(procurement=procurement, user=User.objects.create(username=role), role=role)
        for role in ("coordinator", "working_group")
    }
    return procurement, areas, memberships


def measure(function):
    """(seconds, result) of one call, then (peak MB) of a second call under tracemalloc.

    Timed and traced separately: tracemalloc slows Python code down a lot."""
    started = time.perf_counter()
    result = function()
    seconds = time.perf_counter() - started
    tracemalloc.start()
    function()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak / 1024 / 1024, result
