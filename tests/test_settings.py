import pytest
from django.core.exceptions import ImproperlyConfigured

from procurement.settings import BASE_DIR, database_from_url


def test_postgres_url_becomes_psycopg_settings():
    db = database_from_url("postgres://wb:s%40cret@127.0.0.1:55432/workbench")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "workbench", "wb", "s@cret", "127.0.0.1", "55432",
    )


def test_sqlite_url_uses_wal_and_a_busy_timeout():
    db = database_from_url("sqlite:///data/wb.sqlite3")
    assert db["NAME"] == BASE_DIR / "data/wb.sqlite3"
    assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]
    assert db["OPTIONS"]["timeout"] >= 5


def test_unknown_database_scheme_is_refused():
    with pytest.raises(ImproperlyConfigured):
        database_from_url("mysql://x/y")


def test_swedish_is_the_default_language(settings):
    assert settings.LANGUAGE_CODE == "sv"
    assert settings.TIME_ZONE == "Europe/Stockholm"
