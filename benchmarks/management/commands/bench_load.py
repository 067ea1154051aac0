"""Load benchmark: the workbench under gunicorn on 127.0.0.1, 50 clients that log
in, read lists, comment and vote for a bounded time. Prints requests per second,
latency percentiles and errors, then checks that every accepted comment and vote
is in the database. A throw-away SQLite file, or a throw-away database on the
PostgreSQL server given with --postgres. Prints figures; asserts nothing."""

import http.client
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand

from benchmarks.common import WORKER_FLAG, bulk_requirements, run_in_throwaway_database, setup_procurement
from requirements_app.kravgranskning import findings
from requirements_app.models import Comment, Membership, Requirement, Vote

PASSWORD = "load-test-password"
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Client:
    """One user on one keep-alive connection, with its own cookies."""

    def __init__(self, port):
        self.port, self.cookies = port, {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def request(self, method, path, fields=None):
        body = urlencode(fields).encode() if fields is not None else None
        headers = {
            "Host": "127.0.0.1",
            "X-Forwarded-Proto": "https",  # as behind the TLS proxy of production
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"https://127.0.0.1{path}"
        for attempt in (1, 2):
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                content = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closed an idle keep-alive connection before reading the
                # request: it was not processed, so sending it again is safe.
                self.connection.close()
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                if attempt == 2:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, content.decode("utf-8", "replace")

    def post_form(self, path, form_path, fields):
        """POST to `path` with the CSRF token of the page at `form_path`."""
        status, html = self.request("GET", form_path)
        token = CSRF_RE.search(html)
        return self.request("POST", path, {**fields, "csrfmiddlewaretoken": token.group(1) if token else ""})


class Command(BaseCommand):
    help = "Run 50 concurrent clients against gunicorn for a bounded time and check that no write was lost."

    def add_arguments(self, parser):
        parser.add_argument(WORKER_FLAG, action="store_true", help="(internal) run inside the throw-away database")
        parser.add_argument("--clients", type=int, default=50)
        parser.add_argument("--seconds", type=int, default=30)
        parser.add_argument("--requirements", type=int, default=2000)
        parser.add_argument("--think", type=float, default=1.0, help="mean seconds a user reads between requests")
        parser.add_argument("--postgres", help="a PostgreSQL server URL; a throw-away database is made on it")
        # By default gunicorn runs as the README runs it in production.
        parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
        parser.add_argument("--threads", type=int, default=1,
                            help="threads per worker (above 1: gunicorn's gthread workers, which keep connections open)")

    def handle(self, *args, **options):
        if not options["worker"]:
            args = ["--clients", str(options["clients"]), "--seconds", str(options["seconds"]),
                    "--requirements", str(options["requirements"]), "--think", str(options["think"]),
                    "--workers", str(options["workers"]), "--threads", str(options["threads"])]
            return run_in_throwaway_database("bench_load", args, postgres_url=options["postgres"]) and None
        procurement, members = self.seed(options["requirements"], options["clients"])
        in_review = list(Requirement.objects.in_review().values_list("pk", "version_no"))
        self.stdout.write(f"{settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}: "
                          f"{options['requirements']} requirements, {options['clients']} clients, {options['seconds']} s, "
                          f"think time {options['think']} s, gunicorn {options['workers']} workers "
                          f"x {options['threads']} threads")
        port = free_port()
        server = self.start_gunicorn(port, options["workers"], options["threads"])
        try:
            results = self.run_clients(port, procurement, members, in_review, options["seconds"], options["think"])
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        self.report(results, options["seconds"])
        self.check_writes(results)

    def seed(self, count, clients):
        procurement, areas, memberships = setup_procurement()
        author = memberships["working_group"].user
        bulk_requirements(procurement, areas, author, count, status="draft")
        # A tenth of them in review, for voting.
        review = list(Requirement.objects.order_by("pk").values_list("pk", flat=True)[: max(count // 10, 1)])
        Requirement.objects.filter(pk__in=review).update(status=Requirement.Status.REVIEW)
        findings.refresh_all(procurement)  # stored as an import stores them
        User = get_user_model()
        password = make_password(PASSWORD)
        users = User.objects.bulk_create(User(username=f"load{n}", password=password) for n in range(clients))
        members = Membership.objects.bulk_create(
            Membership(procurement=procurement, user=user, role=Membership.Role.WORKING_GROUP) for user in users
        )
        return procurement, members

    def start_gunicorn(self, port, workers, threads):
        env = {
            **os.environ,
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        }
        # Production settings need the static files' manifest.
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
                       cwd=settings.BASE_DIR, env=env, check=True)
        command = [sys.executable, "-m", "gunicorn", "procurement.wsgi", "--bind", f"127.0.0.1:{port}",
                   "--workers", str(workers), "--threads", str(threads), "--log-level", "warning"]
        server = subprocess.Popen(command, cwd=settings.BASE_DIR, env=env)
        for _attempt in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                return server
            except OSError:
                time.sleep(0.1)
        server.kill()
        raise RuntimeError("gunicorn did not start")

    def run_clients(self, port, procurement, members, in_review, seconds, think):
        results = {"latency": defaultdict(list), "errors": defaultdict(int), "comments": defaultdict(int), "votes": {}}
        lock = threading.Lock()
        # Everybody logs in first (password hashing is slow on purpose), then the
        # timed phase starts for all at once.
        ready = threading.Barrier(len(members))
        deadline = []
        list_url = f"/upphandling/{procurement.pk}/krav/"

        def timed(kind, function):
            started = time.perf_counter()
            try:
                status, body = function()
            except Exception:  # noqa: BLE001 - any failure is an error in the figures
                status, body = 0, ""
            elapsed = time.perf_counter() - started
            with lock:
                results["latency"][kind].append(elapsed)
                if status not in (200, 302):
                    results["errors"][f"{kind} {status}"] += 1
            return status, body

        def user(index, membership):
            client = Client(port)
            rng = random.Random(index)
            status, _ = timed("login", lambda: client.post_form(
                "/konto/login/", "/konto/login/", {"username": f"load{index}", "password": PASSWORD}))
            if ready.wait() == 0:
                deadline.append(time.monotonic() + seconds)
            ready.wait()
            if status != 302:
                return
            while time.monotonic() < deadline[0]:
                time.sleep(rng.uniform(0, 2 * think))
                action = rng.random()
                if action < 0.5:
                    page = rng.randint(1, 80)
                    timed("list", lambda: client.request("GET", f"{list_url}?page={page}"))
                elif action < 0.65:
                    timed("overview", lambda: client.request("GET", f"/upphandling/{procurement.pk}/"))
                elif action < 0.8:
                    pk, _version = rng.choice(in_review)
                    timed("detail", lambda: client.request("GET", f"/krav/{pk}/"))
                elif action < 0.9:
                    pk, _version = rng.choice(in_review)
                    status, _ = timed("comment", lambda: client.post_form(
                        f"/krav/{pk}/kommentera/", f"/krav/{pk}/", {"body": f"Kommentar från load{index}"}))
                    if status == 302:
                        with lock:
                            results["comments"][(membership.user_id, pk)] += 1
                else:
                    pk, version = rng.choice(in_review)
                    choice = rng.choice(["yes", "abstain"])
                    status, _ = timed("vote", lambda: client.post_form(
                        f"/krav/{pk}/rosta/", f"/krav/{pk}/", {"choice": choice, "version": version}))
                    if status == 302:
                        with lock:
                            results["votes"][(membership.user_id, pk)] = choice

        threads = [threading.Thread(target=user, args=(i, m)) for i, m in enumerate(members)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return results

    def report(self, results, seconds):
        everything = [t for kind, times in results["latency"].items() if kind != "login" for t in times]
        self.stdout.write(f"requests after login: {len(everything)}, {len(everything) / seconds:.0f} per second, "
                          f"errors: {sum(results['errors'].values())} {dict(results['errors']) or ''}")
        self.stdout.write(f"{'kind':>9} {'count':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")
        for kind, times in sorted(results["latency"].items()):
            cuts = statistics.quantiles(times, n=100) if len(times) > 1 else times * 99
            self.stdout.write(
                f"{kind:>9} {len(times):>6} {cuts[49] * 1000:>7.0f} {cuts[94] * 1000:>7.0f} {cuts[98] * 1000:>7.0f}"
            )

    def check_writes(self, results):
        lost_comments = sum(
            max(0, expected - Comment.objects.filter(author_id=user, requirement_id=pk).count())
            for (user, pk), expected in results["comments"].items()
        )
        stored = {(v.voter_id, v.requirement_id): v.choice for v in Vote.objects.all()}
        lost_votes = sum(1 for key, choice in results["votes"].items() if stored.get(key) != choice)
        duplicates = Vote.objects.count() - len(stored)
        self.stdout.write(
            f"accepted: {sum(results['comments'].values())} comments, {len(results['votes'])} votes; "
            f"lost: {lost_comments} comments, {lost_votes} votes; duplicate votes: {duplicates}"
        )


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
