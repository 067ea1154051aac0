"""Reading ids and numbers from URLs and forms.

A crafted value ("²", "1e9", an id past the database's 64-bit integers) is no
id: the view treats it as missing and answers as for any unknown id, never
with a 500. Pure: imports no models.
"""

# Primary keys are 64-bit signed integers on SQLite and PostgreSQL alike.
MAX_ID = 2**63 - 1


def parse_id(value):
    """`value` as a primary key, or None when it is not one.

    `str.isdigit()` is true for "²", which `int()` refuses; only ASCII
    decimal digits within the 64-bit range make an id."""
    text = str(value if value is not None else "")
    if not (text.isascii() and text.isdecimal()) or len(text) > 19:
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def parse_ids(values):
    """The values of a list that are ids, in order; the others are dropped."""
    return [number for number in map(parse_id, values) if number is not None]


def parse_int(value, default, low, high):
    """A whole number within [low, high]; `default` when it is not one."""
    text = str(value if value is not None else "").strip()
    if not (text.isascii() and text.isdecimal()) or len(text) > 19:
        return default
    return min(max(int(text), low), high)


class IdConverter:
    """`<id:pk>` in a URL: 1 to 18 digits, so every match fits the database's
    integers (Django's `<int:>` lets 99999999999999999999 through to a 500)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)
