"""An award criterion's scale: the levels a tender can reach, each a share of
the criterion's value, with what that level means. Written one level a line:

    0 %: Ingen personalisering
    50 %: Boktips utifrån lånehistorik
    100 %: Boktips och sparade sökningar

No scale means two levels: not met (0 %) and met (100 %).
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

LEVEL_RE = re.compile(r"^(\d{1,3})\s*%?\s*[:–-]\s*(\S.*)$")


@dataclass(frozen=True)
class Level:
    percent: int
    meaning: str


def met_or_not():
    return [Level(0, _("not met")), Level(100, _("met"))]


def parse(text):
    """The levels of a written scale, lowest first (met_or_not() when empty).

    Raises ValidationError naming each line that is not a level, and when the
    levels do not rise from 0 % to 100 %."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if not lines:
        return met_or_not()
    levels, errors = [], []
    for line in lines:
        match = LEVEL_RE.match(line)
        if not match or int(match.group(1)) > 100:
            errors.append(_("“%(line)s” is not a level: write “50 %%: what a tender at that level offers”.")
                          % {"line": line})
        else:
            levels.append(Level(int(match.group(1)), match.group(2).strip()))
    if errors:
        raise ValidationError(errors)
    percents = [level.percent for level in levels]
    if len(levels) < 2 or percents[0] != 0 or percents[-1] != 100 or percents != sorted(set(percents)):
        raise ValidationError(_("A scale rises level by level from 0 to 100 per cent, one level a line."))
    return levels
