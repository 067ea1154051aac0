"""An uploaded spreadsheet between its preview and the user's confirmation."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .core import Procurement


class ImportUpload(models.Model):
    procurement = models.ForeignKey(Procurement, on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=255)
    content = models.BinaryField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("uploaded spreadsheet")
        verbose_name_plural = _("uploaded spreadsheets")

    def __str__(self):
        return self.filename
