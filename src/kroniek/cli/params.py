"""Option types shared by the commands: a bad value is a one-line usage error (exit 2), never a traceback."""
from __future__ import annotations

import datetime as _dt

import click


class IsoDate(click.ParamType):
    """A calendar date written YYYY-MM-DD (a time after it is allowed and kept)."""

    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        if value is None or isinstance(value, _dt.date):
            return value
        text = str(value).strip()
        try:
            day = _dt.date.fromisoformat(text[:10])
        except ValueError:
            self.fail(f"{text!r} is not a date; expected YYYY-MM-DD, e.g. 2019-03-05", param, ctx)
        if day.year < 1000 or (len(text) > 10 and text[10] not in "T "):
            self.fail(f"{text!r} is not a date; expected YYYY-MM-DD, e.g. 2019-03-05", param, ctx)
        return text


DATE = IsoDate()
LIMIT = click.IntRange(1, 1_000_000)
OFFSET = click.IntRange(0, 10**9)
