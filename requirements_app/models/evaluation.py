"""How tenders are compared: the evaluation model of a procurement (LOU 16 kap.),
versioned, and frozen into each edition with the requirements."""

import reversion
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .core import Procurement


@reversion.register()
class EvaluationModel(models.Model):
    """The basis for award and, for price and quality, how quality is priced.

    With mervärde (the default) each award criterion's value is a fictive
    deduction in kronor from the tendered price, and the lowest jämförelsetal
    wins. With points, price scores `price_points` by the stated formula, each
    criterion its points, and the highest total wins."""

    class Basis(models.TextChoices):
        PRICE_QUALITY = "price_quality", _("the best price-quality ratio")
        PRICE = "price", _("price only")
        COST = "cost", _("cost only")

    class Method(models.TextChoices):
        VALUE_ADDED = "value_added", _("added value in kronor")
        POINTS = "points", _("points")

    class PriceFormula(models.TextChoices):
        # The lowest tender's price: adding a losing tender can reverse two others' order.
        RELATIVE = "relative", _("relative to the lowest tendered price")
        # A price stated in the document: each tender's points depend on its own price only.
        ABSOLUTE = "absolute", _("against a stated reference price")

    class TieBreak(models.TextChoices):
        LOWEST_PRICE = "lowest_price", _("the lowest tendered price")
        HIGHEST_QUALITY = "highest_quality", _("the highest quality value")

    procurement = models.OneToOneField(
        Procurement, on_delete=models.CASCADE, related_name="evaluation_model", verbose_name=_("procurement")
    )
    basis = models.CharField(_("basis for award"), max_length=20, choices=Basis.choices, default=Basis.PRICE_QUALITY)
    method = models.CharField(_("evaluation method"), max_length=20, choices=Method.choices,
                              default=Method.VALUE_ADDED)
    price_points = models.PositiveIntegerField(
        _("points for price"), default=0, validators=[MaxValueValidator(1000)],
        help_text=_("Points model only: the points the lowest price gets."),
    )
    price_formula = models.CharField(
        _("price formula"), max_length=10, choices=PriceFormula.choices, default=PriceFormula.RELATIVE,
        help_text=_("Points model only. Relative to the lowest price, adding a losing tender can change which of two "
                    "others wins; against a stated reference price it cannot."),
    )
    reference_price = models.PositiveBigIntegerField(
        _("reference price (kronor)"), null=True, blank=True,
        help_text=_("Points model with the absolute formula: the price that gets all the price points, stated in the "
                    "document."),
    )
    expected_price = models.PositiveBigIntegerField(
        _("expected price (kronor)"), null=True, blank=True,
        help_text=_("What the contract is expected to cost, excluding VAT. Used to warn when the added values weigh "
                    "too much; the worked example's prices are rounded from it to the nearest 50 000 kronor."),
    )
    max_share = models.PositiveSmallIntegerField(
        _("warn above (per cent of the expected price)"), default=30,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    tie_break = models.CharField(_("tie-break"), max_length=20, choices=TieBreak.choices,
                                 default=TieBreak.LOWEST_PRICE)
    version_no = models.PositiveIntegerField(_("version"), default=0, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # What an edition freezes and the document states.
    CONTENT_FIELDS = ("basis", "method", "price_points", "price_formula", "reference_price", "tie_break")
    # In the points model, price points and every criterion's points add up to this: one stated scale.
    POINTS_TOTAL = 100
    # The worked example's prices centre on the expected price, rounded to this (so the document does not
    # state it to the krona), or on this when none is set.
    EXAMPLE_ROUNDING = 100_000
    EXAMPLE_PRICE = 1_000_000

    class Meta:
        verbose_name = _("evaluation model")
        verbose_name_plural = _("evaluation models")
        constraints = [
            models.CheckConstraint(condition=Q(basis__in=["price_quality", "price", "cost"]), name="evaluation_basis_valid"),
            models.CheckConstraint(condition=Q(method__in=["value_added", "points"]), name="evaluation_method_valid"),
            models.CheckConstraint(
                condition=~Q(method="points") | Q(price_points__gte=1),
                name="points_model_scores_price",
                violation_error_message=_("A points model gives price some points."),
            ),
            models.CheckConstraint(
                condition=~Q(method="points") | Q(price_points__lte=100),
                name="points_model_price_within_total",
                violation_error_message=_("Price and quality share 100 points: price gets at most 100."),
            ),
            models.CheckConstraint(
                condition=~Q(method="points", price_formula="absolute") | Q(reference_price__gte=1),
                name="absolute_price_formula_has_a_reference",
                violation_error_message=_("The absolute price formula needs a reference price."),
            ),
        ]

    def __str__(self):
        return f"{self.procurement} – {self.get_method_display()}"

    def snapshot(self):
        """What an edition keeps: the content fields, and the price the worked example centres on."""
        return {**{name: getattr(self, name) for name in self.CONTENT_FIELDS}, "example_price": self.example_price()}

    def example_price(self):
        """The worked example's middle price: the expected price, rounded to
        EXAMPLE_ROUNDING (at least that), or EXAMPLE_PRICE when none is set."""
        if not self.expected_price:
            return self.EXAMPLE_PRICE
        step = self.EXAMPLE_ROUNDING
        return max(step, (self.expected_price + step // 2) // step * step)
