"""The utvärderingspris: the sum, over the price components that count in
it, of the unit price the tenderer gives times the quantity the authority
states. Pure: imports no models; components are snapshot dicts."""

from django.utils.translation import gettext as _


def evaluation_price(components, unit_prices):
    """The utvärderingspris for `unit_prices` (one per component, in order; None where not given)."""
    return sum(price * component["quantity"] for component, price in zip(components, unit_prices)
               if component["evaluated"] and price is not None)


def formula_text(components):
    """The formula in words: "Utvärderingspris = Utveckling + 48 × Drift (per månad) + …"."""
    parts = [component["label"] if component["kind"] == "fixed"
             else f"{component['quantity']} × {component['label']}" for component in components if component["evaluated"]]
    if not parts:
        return ""
    return _("Utvärderingspris = %(sum)s, each in kronor excluding VAT.") % {"sum": " + ".join(parts)}
