"""``kroniek articles``: the stored articles, filtered and paged like the other list commands.

Why its own command: the API and the page list articles, but from the CLI one
could only open an article whose id one already knew.
"""
from __future__ import annotations

import click

from . import csv_columns, main
from .params import DATE
from .store import DB_OPTION, FORMAT_OPTION, _open, _paged, emit
from .vocab_params import LANG


@main.command()
@DB_OPTION
@click.option("--since", type=DATE, help="Published (story date) from this date (YYYY-MM-DD).")
@click.option("--until", type=DATE, help="Published up to this date (YYYY-MM-DD).")
@click.option("--contains", help="Text in the title or body (case-insensitive).")
@click.option("--lang", type=LANG, help="Only articles in this language (nl, en, ...).")
@_paged
@FORMAT_OPTION
def articles(db, since, until, contains, lang, limit, offset, fmt) -> None:
    """Stored articles (current versions): id, title, date, source, url and counts of what was found."""
    from .. import query

    con = _open(db)
    rows = query.articles(con, since=since, until=until, contains=contains, lang=lang, limit=limit, offset=offset)
    emit(rows, fmt, ["id", "published_at", "lang", "source", "title", "n_events", "n_quotes"], width=60,
         csv_columns=csv_columns.ARTICLES)
