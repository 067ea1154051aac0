"""The price model: what a tender's price is made of, so that every supplier
prices the same things and the evaluation compares like with like."""

import reversion
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..text import LineField
from .core import Procurement


class PriceComponentQuerySet(models.QuerySet):
    def for_procurement(self, procurement):
        return self.filter(procurement=procurement).order_by("order", "pk")


@reversion.register()
class PriceComponent(models.Model):
    """One part of the price: a fixed price, a monthly fee × months, an hourly
    rate × an estimated volume, or licences × a number. The tenderer gives the
    price per unit; the quantity is the authority's, stated in advance."""

    class Kind(models.TextChoices):
        FIXED = "fixed", _("fixed price")
        MONTHLY = "monthly", _("monthly fee")
        HOURLY = "hourly", _("hourly rate")
        LICENCE = "licence", _("licence")

    procurement = models.ForeignKey(Procurement, on_delete=models.CASCADE, related_name="price_components")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    label = LineField(_("what is priced"), max_length=200,
                      help_text=_("For example “Utveckling och införande” or “Drift och förvaltning”."))
    quantity = models.PositiveIntegerField(
        _("quantity"), default=1,
        help_text=_("Months, estimated hours or licences the evaluation multiplies the unit price by (1 for a fixed "
                    "price)."))
    unit = LineField(_("unit"), max_length=50, blank=True, help_text=_("For example “månader” or “timmar”."))
    evaluated = models.BooleanField(_("counts in the utvärderingspris"), default=True)
    option = models.BooleanField(_("an option"), default=False,
                                 help_text=_("Options count in the estimated value whether or not they are evaluated."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = PriceComponentQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("price component")
        verbose_name_plural = _("price components")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="price_quantity_at_least_one"),
            models.CheckConstraint(condition=~Q(kind="fixed") | Q(quantity=1), name="fixed_price_counts_once",
                                   violation_error_message=_("A fixed price counts once: its quantity is 1.")),
        ]

    def __str__(self):
        return self.label
