"""The dates of the tender period and of the award, counted as the law counts
them. Pure: imports no models.

Swedish public holidays come from the maintained `holidays` package, not from
a list of our own. How each date is counted (the README says the same):

- Last answer day (LOU 12 kap. 11 §; 19 kap. 28 § below the thresholds):
  additional information asked for in good time goes out at least 6 days
  before the tender deadline, 4 in an accelerated procedure. The workbench
  counts back 6 (or 4) calendar days from the deadline's date; when that day is
  not a working day it moves back to the working day before, so an answer
  never reaches suppliers later than the law allows (stricter, never looser).
- Standstill (avtalsspärr, LOU 20 kap. 1 §): 10 days from the day the award
  decision was sent electronically. When the last day falls on a Saturday,
  Sunday, public holiday, Midsummer Eve, Christmas Eve or New Year's Eve, it
  ends on the next working day (lagen (1930:173) om beräkning av lagstadgad
  tid, 2 §). A contract may be signed from the day after.
"""

import datetime
from functools import lru_cache

import holidays

ANSWER_DAYS = 6
ANSWER_DAYS_ACCELERATED = 4
STANDSTILL_DAYS = 10
# The eves lagen (1930:173) 2 § names beside the public holidays; the package
# counts them among Sweden's de facto holidays, under these names.
EVES = {"Midsummer Eve", "Christmas Eve", "New Year's Eve"}


@lru_cache(maxsize=64)  # a year's calendar is the same every time it is asked for
def _closed_days(year):
    public = holidays.Sweden(years=year, categories=("public",), language="en_US")
    de_facto = holidays.Sweden(years=year, categories=("de_facto",), language="en_US")
    return frozenset(public) | {day for day, name in de_facto.items() if any(eve in name for eve in EVES)}


def is_working_day(day):
    """Monday to Friday, and neither a public holiday nor one of the eves the law names."""
    return day.weekday() < 5 and day not in _closed_days(day.year)


def last_answer_day(deadline, accelerated=False):
    """The last day an answer may be published for a tender deadline on `deadline` (a date)."""
    day = deadline - datetime.timedelta(days=ANSWER_DAYS_ACCELERATED if accelerated else ANSWER_DAYS)
    while not is_working_day(day):
        day -= datetime.timedelta(days=1)
    return day


def standstill(sent_on):
    """(the standstill's last day, the first day a contract may be signed) for
    an award decision sent electronically on `sent_on`."""
    last = sent_on + datetime.timedelta(days=STANDSTILL_DAYS)
    while not is_working_day(last):
        last += datetime.timedelta(days=1)
    return last, last + datetime.timedelta(days=1)
