"""English dates as the Swedish ones: ISO 8601 ("2026-12-01 17:52"), not
"12/01/2026 5:52 p.m.", so both languages read a date the same way."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y H:i"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
TIME_FORMAT = "H:i"
