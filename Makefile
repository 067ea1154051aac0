# Two commands do all set-up: `make run` and `make test`.
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-sqlite test-postgres install messages bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[postgres,test]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=1 $(BIN)/python manage.py setup_workbench
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The whole suite (SQLite by default; set DATABASE_URL=postgres://… for PostgreSQL).
test: $(STAMP)
	DJANGO_DEBUG=1 $(BIN)/python -m pytest $(PYTEST_ARGS)

# Compile the committed translations after editing locale/sv/LC_MESSAGES/django.po.
messages: $(STAMP)
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemessages -l sv --no-obsolete --add-location file --ignore=.venv --ignore=tests
	DJANGO_DEBUG=1 $(BIN)/python manage.py compilemessages -l sv --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-*
