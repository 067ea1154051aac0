"""Amounts as a Swedish reader writes them. Pure: imports no models.

No-break spaces between thousands, so "1 250 000 kr" never splits across
lines; points with a decimal comma ("1 630,50")."""

from decimal import ROUND_HALF_UP, Decimal


def kronor(value):
    """Swedish kronor: "1 250 000 kr" (no-break spaces between thousands)."""
    sign = "−" if value < 0 else ""
    return f"{sign}{abs(int(value)):,}".replace(",", "\u00a0") + "\u00a0kr"


def points_text(value):
    """Points the Swedish way: "1 630,50" (a decimal comma, no-break spaces between thousands)."""
    number = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    whole, _dot, cents = f"{abs(number):,.2f}".partition(".")
    text = whole.replace(",", "\u00a0") + ("," + cents if cents != "00" else "")
    return ("−" if number < 0 else "") + text
