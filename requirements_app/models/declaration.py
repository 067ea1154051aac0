"""Declarations of interest (jäv and conflicts of interest): each member and
expert declares, with a date, any interest in potential suppliers, or none."""

import reversion
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..text import TextField
from .core import Procurement


class DeclarationQuerySet(models.QuerySet):
    def for_procurement(self, procurement):
        return self.filter(procurement=procurement).select_related("member").order_by("-declared_on", "-pk")

    def latest_per_member(self, procurement):
        """{user id: the member's latest declaration} in `procurement`."""
        latest = {}
        for declaration in self.for_procurement(procurement):
            latest.setdefault(declaration.member_id, declaration)
        return latest


@reversion.register()
class InterestDeclaration(models.Model):
    """One declaration, kept: a later one supersedes it but never replaces it.

    Förvaltningslagen (2017:900) 16–18 §§ and kommunallagen (2017:725) 6 kap.
    28–32 §§ on jäv, and directive 2014/24/EU art. 24 on conflicts of interest."""

    procurement = models.ForeignKey(Procurement, on_delete=models.PROTECT, related_name="declarations")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="declarations")
    declared_on = models.DateField(_("date"))
    has_interest = models.BooleanField(_("I have an interest to declare"))
    description = TextField(
        _("interest"), blank=True, max_length=2000,
        help_text=_("Any interest in a potential supplier: employment, ownership, assignments, close relations, or "
                    "earlier work with or for a supplier."),
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = DeclarationQuerySet.as_manager()

    class Meta:
        ordering = ["-declared_on", "-pk"]
        verbose_name = _("declaration of interest")
        verbose_name_plural = _("declarations of interest")
        constraints = [
            models.CheckConstraint(condition=Q(has_interest=False) | ~Q(description=""),
                                   name="declared_interest_is_described"),
        ]

    def __str__(self):
        return f"{self.member} {self.declared_on:%Y-%m-%d}"
