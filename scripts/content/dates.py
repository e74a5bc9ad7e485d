"""Dates written the way each language writes them (CLDR data, through Babel)."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date


def long_date(value: dt.date, code: str) -> str:
    """e.g. 28 November 2026 (en), 28 novembre 2026 (fr), 2026年11月28日 (ja)."""
    return format_date(value, format="long", locale=code)
