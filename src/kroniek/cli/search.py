"""``kroniek search``: the full-text search of ``GET /api/search`` from the command line.

The store is opened for writing when it can be, so that the search index is brought up to date
first (stores ingested before the index existed get it here, once).
"""
from __future__ import annotations

import json
import sys

import click
import duckdb

from . import main
from .params import DATE, OFFSET
from .store import DB_OPTION, _open
from .vocab_params import LANG


def marked(snippet: dict, tty: bool) -> str:
    """The snippet's text with its hits marked: reverse video on a terminal, **hit** otherwise."""
    on, off = ("\x1b[7m", "\x1b[0m") if tty else ("**", "**")
    text, out, last = snippet["text"], [], 0
    for s, e in snippet["highlights"]:
        out += [text[last:s], on, text[s:e], off]
        last = e
    out.append(text[last:])
    return " ".join("".join(out).split())


def _connect(db: str):
    from .. import store
    from ..search import ensure_index

    try:
        con = store.connect(db)
    except duckdb.Error:
        return _open(db)  # held by a server or an ingest: its message, or read-only if possible
    ensure_index(con)
    return con


@main.command()
@click.argument("query")
@DB_OPTION
@click.option("--kind", type=click.Choice(["article", "quote", "event"]), help="Only this kind (default: all).")
@click.option("--sort", type=click.Choice(["relevance", "date", "-date"]), default="relevance", show_default=True)
@click.option("--since", type=DATE, help="From this date (article or event date).")
@click.option("--until", type=DATE, help="Up to this date, inclusive.")
@click.option("--limit", type=click.IntRange(1, 100), default=20, show_default=True)
@click.option("--offset", type=OFFSET, default=0, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--lang", type=LANG, help="Only hits in articles in this language (nl, en, ...).")
@click.option("--speaker", help="Only quotes said by this actor: an id, or a name resolved like --actor (said on stderr).")
def search(query, db, kind, sort, since, until, limit, offset, fmt, lang, speaker) -> None:
    """Search articles, quotes and events: words (all must match), "phrases", prefix*, OR, NOT or -word.

    Accents and case do not matter and words are stemmed (Dutch, English): 'Oekraine' finds 'Oekraïne',
    'onderhandelingen' finds 'onderhandeling'. With --speaker: every quote by that actor mentioning
    the query (kroniek search brexit --speaker Baudet).
    """
    from ..search import QueryError
    from ..search import search as run

    if not query.strip():
        raise click.BadParameter("the query is empty", param_hint="QUERY")
    if speaker and kind not in (None, "quote"):
        raise click.BadParameter(f"only quotes have a speaker (--kind {kind} given)", param_hint="--speaker")
    con = _connect(db)
    from .actor_resolve import resolve_option

    speaker = resolve_option(con, speaker, "--speaker")
    try:
        result = run(con, query, kind=kind, sort=sort, since=since, until=until, limit=limit, offset=offset,
                     lang=lang, speaker=speaker)
    except QueryError as exc:
        raise click.BadParameter(str(exc).removeprefix("q: "), param_hint="QUERY") from None
    if fmt == "json":
        click.echo(json.dumps(result, ensure_ascii=False, indent=1))
        return
    totals = ", ".join(f"{n} {k}s" for k, n in result["totals"].items())
    click.echo(f"{result['total']} hits for {result['query']} ({totals})", err=True)
    tty = sys.stdout.isatty()
    for i, item in enumerate(result["items"], start=offset + 1):
        if item["kind"] == "event":
            who = " ".join(x for x in ((item["source"] or {}).get("name"), item["type"],
                                       (item["target"] or {}).get("name")) if x)
        else:
            who = item["title"] if item["kind"] == "article" else item["speaker"] or "unknown speaker"
        who = who or ""
        click.echo(f"{i:>4}. {item['kind']:<7} {item['date'] or '?':<10} {item['lang']} {item['article_id']}  {who}")
        click.echo(f"      {marked(item['snippet'], tty)}")
    if result["next_offset"] is not None:
        click.echo(f"more: --offset {result['next_offset']}", err=True)
