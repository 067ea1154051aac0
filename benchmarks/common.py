"""Shared pieces of the benchmark commands: a throw-away database and measuring."""

import os
import subprocess
import sys
import tempfile
import time
import traceback
import resource
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connections

from requirements_app.models import Area, Decision, Insight, Membership, Procurement, Requirement, Workshop

STATEMENT = (
    "Webbplatsen ska låta en inloggad användare låna en e-bok eller e-ljudbok från sökträffen i högst tre steg, "
    "med tangentbord och skärmläsare, och visa lånetiden ≥ 14 dagar – även på äldre mobiler (nr {n})."
)
RATIONALE = "Göta, 92: Jag lånar e-böcker lätt som en plätt! Workshopen 2016-04-15 såg detta som en framgångsfaktor."

WORKER_FLAG = "--worker"


def run_in_throwaway_database(command, extra_args=(), postgres_url=None):
    """Run `manage.py COMMAND --worker` against a new SQLite file (or a new
    database on the PostgreSQL server at `postgres_url`), then delete it."""
    manage = Path(settings.BASE_DIR) / "manage.py"
    with tempfile.TemporaryDirectory(prefix="workbench-bench-") as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        if postgres_url:
            import psycopg

            name = f"workbench_bench_{os.getpid()}"
            url = urlunsplit(urlsplit(postgres_url)._replace(path=f"/{name}"))
            with psycopg.connect(postgres_url, autocommit=True) as connection:
                connection.execute(f'CREATE DATABASE "{name}"')
        env = {**os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "1", "WORKBENCH_BENCH_FOLDER": folder}
        try:
            return subprocess.call([sys.executable, str(manage), command, WORKER_FLAG, *extra_args], env=env)
        finally:
            if postgres_url:
                with psycopg.connect(postgres_url, autocommit=True) as connection:
                    connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


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


def measure(function, repeat=3, reset=None):
    """(seconds, peak MB) of `function`: the fastest of `repeat` runs (timings on a
    shared machine vary by a third), and the highest peak resident memory. Each run
    is a forked child, so its peak is that call's (plus the parent's pages);
    `reset`, if given, puts the database back before each run."""
    runs = []
    for _run in range(repeat):
        if reset is not None:
            reset()
        runs.append(_measure_once(function))
    return min(seconds for seconds, _peak in runs), max(peak for _seconds, peak in runs)


def _measure_once(function):
    reader, writer = os.pipe()
    connections.close_all()  # the child opens its own database connection
    pid = os.fork()
    if pid == 0:  # the child
        os.close(reader)
        try:
            started = time.perf_counter()
            function()
            seconds = time.perf_counter() - started
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            os.write(writer, f"{seconds} {peak}".encode())
        except BaseException:  # noqa: BLE001 - say why in the child; the parent reports the failure
            traceback.print_exc()
        finally:
            os._exit(0)
    os.close(writer)
    with os.fdopen(reader) as pipe:
        answer = pipe.read()
    os.waitpid(pid, 0)
    if not answer:
        raise RuntimeError("the measured call failed in the child process")
    seconds, peak = map(float, answer.split())
    return seconds, peak


def bulk_requirements(procurement, areas, author, count, status="approved", decided_by=None):
    """`count` requirements spread over the areas, linked to insights, made with
    bulk_create (the benchmarks measure what comes after, not this)."""
    start = {area.pk: area.last_seq for area in areas}
    rows = []
    for n in range(count):
        area = areas[n % len(areas)]
        start[area.pk] += 1
        evaluated = n % 5 == 0
        rows.append(Requirement(
            area=area, seq=start[area.pk], title=f"Krav {n}: låna e-böcker lätt", statement=STATEMENT.format(n=n),
            rationale=RATIONALE, kind="evaluated" if evaluated else "mandatory", weight=5 if evaluated else None,
            verification="demonstrate", status=status, author=author, references="WCAG 2.1 1.4.3\nEN 301 549",
        ))
    for area in areas:
        area.last_seq = start[area.pk]
        area.save(update_fields=["last_seq"])
    created = Requirement.objects.bulk_create(rows)
    Through = Requirement.insights.through
    insights = list(Insight.objects.for_procurement(procurement).values_list("pk", flat=True))
    Through.objects.bulk_create(
        Through(requirement=r, insight_id=insights[i % len(insights)]) for i, r in enumerate(created)
    )
    if decided_by is not None:
        Decision.objects.bulk_create(
            Decision(requirement=r, version_no=1, outcome="approved", yes=3, no=1, abstain=0, rule="minst 3 röster",
                     dissent="Eva: för många steg", recorded_by=decided_by)
            for r in created
        )
    return created
