"""WSGI entry point for gunicorn: `gunicorn procurement.wsgi`."""
import os

from django.core.wsgi import get_wsgi_application

from procurement.startup import check_database, setup_or_fail

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "procurement.settings")
application = setup_or_fail(get_wsgi_application)
check_database()
