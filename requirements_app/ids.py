"""Reading ids and numbers from URLs and forms.

A crafted value ("²", "1e9", an id past the database's 64-bit integers) is no
id: the view treats it as missing and answers as for any unknown id, never
with a 500. Pure: imports no models.
"""

# Primary keys are 64-bit signed integers on SQLite and PostgreSQL alike.
MAX_ID = 2**63 - 1


def _digits(value):
    """`value` as a whole number if it is ASCII decimal digits (at most 19),
    else None: `str.isdigit()` is true for "²", which `int()` refuses."""
    text = str(value if value is not None else "")
    return int(text) if text.isascii() and text.isdecimal() and len(text) <= 19 else None


def parse_id(value):
    """`value` as a primary key (1 to 2⁶³−1), or None when it is not one."""
    number = _digits(value)
    return number if number is not None and 0 < number <= MAX_ID else None


def parse_ids(values):
    """The values of a list that are ids, in order; the others are dropped."""
    return [number for number in map(parse_id, values) if number is not None]


def parse_int(value, default, low, high):
    """A whole number within [low, high]; `default` when it is not one."""
    number = _digits(str(value if value is not None else "").strip())
    return default if number is None else min(max(number, low), high)


class IdConverter:
    """`<id:pk>` in a URL: 1 to 18 digits, so every match fits the database's
    integers (Django's `<int:>` lets 99999999999999999999 through to a 500)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)
