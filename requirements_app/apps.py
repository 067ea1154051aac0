from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RequirementsAppConfig(AppConfig):
    name = "requirements_app"
    verbose_name = _("Requirements workbench")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from .kravgranskning import findings

        post_migrate.connect(findings.fill_missing, sender=self)
