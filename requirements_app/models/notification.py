"""What happened on the requirements a member is involved in, for them to read in the app."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .core import Membership
from .requirement import Requirement


class NotificationQuerySet(models.QuerySet):
    def for_membership(self, membership):
        return self.filter(membership=membership)

    def unread(self):
        return self.filter(read_at__isnull=True)

    def for_list(self):
        return self.select_related("requirement__area", "actor").order_by("read_at", "-created_at", "-pk")


class Notification(models.Model):
    """One event (a new version, a comment, a decision) on a requirement the
    member wrote, voted on or commented on, by someone else; read item by item."""

    class Kind(models.TextChoices):
        VERSION = "version", _("new version")
        COMMENT = "comment", _("comment")
        DECISION = "decision", _("decision")

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="notifications")
    requirement = models.ForeignKey(Requirement, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    summary = models.CharField(_("summary"), max_length=300)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["membership", "read_at"], name="notification_inbox")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.summary}"
