"""``kroniek actor NAME``: one actor's page (the API's ``/api/actors/{id}``) on the command line.

The name is resolved like ``--actor`` (said on stderr; candidates and exit 2 when it fits several);
``--search`` lists the ranked matches instead, as the page's suggestions do.
"""
from __future__ import annotations

import json

import click

from . import main
from .actor_resolve import resolve_option
from .params import LIMIT, OFFSET
from .store import DB_OPTION, _open, emit


@main.command()
@click.argument("name")
@DB_OPTION
@click.option("--search", "search_only", is_flag=True,
              help="List the actors NAME finds (accents and case ignored, best first) instead of one page.")
@click.option("--limit", type=LIMIT, default=20, show_default=True, help="Events, quotes and merges shown.")
@click.option("--events-offset", type=OFFSET, default=0)
@click.option("--quotes-offset", type=OFFSET, default=0)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def actor(name, db, search_only, limit, events_offset, quotes_offset, fmt) -> None:
    """An actor: aliases with their merge evidence, events per month and type, top counterparts,
    events and quotes."""
    from .. import query_actors

    con = _open(db)
    if search_only:
        rows = query_actors.search(con, name, limit=limit)
        emit(rows, "json" if fmt == "json" else "table",
             ["id", "name", "type", "country", "matched", "n_mentions", "n_events"])
        return
    actor_id = resolve_option(con, name, "actor")
    page = query_actors.actor_page(con, actor_id, limit=limit, events_offset=events_offset,
                                   quotes_offset=quotes_offset)
    if fmt == "json":
        click.echo(json.dumps(page, ensure_ascii=False, indent=2, default=str))
        return
    a = page["actor"]
    click.echo(f"{a['name']}  ({a['id']}; {a['type'] or '?'}, {a['country'] or '?'})  {a['n_mentions']} mentions, "
               f"{a['n_articles']} articles, {page['events']['total']} events, {page['quotes']['total']} quotes\n")
    click.echo("aliases:")
    emit(page["aliases"], "table", ["alias", "kinds", "n_seen", "n_merges", "rules"], width=40)
    click.echo("\ntop counterparts:")
    emit(page["counterparts"], "table", ["id", "name", "country", "n_events", "n_as_source", "n_as_target"])
    click.echo("\nevents per month and type:")
    emit(page["type_counts"], "table", ["month", "type", "n_events", "n_as_source", "n_as_target"])
    click.echo(f"\nevents ({len(page['events']['items'])} of {page['events']['total']}):")
    emit(page["events"]["items"], "table", ["id", "date", "type", "source.name", "target.name"], width=32)
    click.echo(f"\nquotes ({len(page['quotes']['items'])} of {page['quotes']['total']}):")
    emit(page["quotes"]["items"], "table", ["article_id", "published_at", "text"], width=80)
