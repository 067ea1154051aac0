from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RequirementsAppConfig(AppConfig):
    name = "requirements_app"
    verbose_name = _("Requirements workbench")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import catalogue, search

        search.connect()
        catalogue.connect()
