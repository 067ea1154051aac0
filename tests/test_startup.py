"""A configuration error or an unreachable database stops the process with one
line, and the health URL says whether the database answers."""

import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError

ROOT = Path(__file__).resolve().parent.parent
SECRET = "x7Lq-2vT9pR4mZ8wK1cY6nB3hJ0fD5sA-gE7uI2oP9lQ4rW8tY3"


def run(args, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"}
    environment.update(env)
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=environment, capture_output=True, text=True)


@pytest.mark.parametrize("env, words", [
    ({"DJANGO_DEBUG": "0"}, "DJANGO_SECRET_KEY"),
    ({"DJANGO_DEBUG": "1", "DATABASE_URL": "mysql://db/krav"}, "'mysql' is not supported"),
])
def test_a_configuration_error_is_one_line_and_a_non_zero_exit(env, words):
    result = run(["manage.py", "check"], **env)
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0 and words in result.stderr
    assert "Traceback" not in result.stderr


def test_the_wsgi_application_refuses_to_start_without_its_database():
    result = run(["-c", "import procurement.wsgi"], DJANGO_SECRET_KEY=SECRET, DJANGO_ALLOWED_HOSTS="krav.example.se",
                 DATABASE_URL="postgres://nobody@127.0.0.1:9/krav")
    assert result.returncode == 3  # gunicorn's "worker failed to boot": the arbiter stops
    assert "Traceback" not in result.stderr and "cannot be reached" in result.stderr
    assert result.stderr.strip().count("\n") == 0


def test_the_wsgi_application_starts_with_a_reachable_database(tmp_path):
    result = run(["-c", "import procurement.wsgi"], DJANGO_SECRET_KEY=SECRET, DJANGO_ALLOWED_HOSTS="krav.example.se",
                 DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3")
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db
def test_the_health_url_touches_the_database_without_a_login(client):
    response = client.get("/healthz/")
    assert response.status_code == 200 and response.content == b"ok\n"
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("down")):
        response = client.get("/healthz/")
    assert response.status_code == 503
