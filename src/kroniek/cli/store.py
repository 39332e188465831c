"""Store commands: ``ingest``, the queries (``events``, ``quotes``, ``actors``,
``timeline``, ``article``) and ``export``.

Every query command prints exactly what the matching ``kroniek.query``
function returns (the API serves the same records): ``--format json`` as a
JSON array of records, ``csv`` with nested fields flattened (``source.name``)
and lists as JSON, ``table`` as a compact selection of columns for reading.
"""
from __future__ import annotations

import csv
import json
import sys
from typing import Iterable, Optional

import click
import duckdb

from . import main
from .cluster_options import cluster_options, dask_client
from .params import DATE, LIMIT, OFFSET
from . import csv_columns
from .vocab_params import COUNTRY, EVENT_TYPES, LANG, LANG_OR_AUTO

DB_OPTION = click.option("--db", "db", type=click.Path(dir_okay=False), envvar="KRONIEK_DB",
                         default="kroniek.duckdb", show_default=True,
                         help="DuckDB database file (env KRONIEK_DB).")
FORMAT_OPTION = click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
                             show_default=True, help="Output format; json is an array of records.")
PAGE_OPTIONS = [click.option("--limit", type=LIMIT, default=100, show_default=True),
                click.option("--offset", type=OFFSET, default=0, show_default=True)]


def _paged(f):
    for opt in reversed(PAGE_OPTIONS):
        f = opt(f)
    return f


def _open(db: str):
    from .. import store

    try:
        return store.connect(db, read_only=True)
    except (FileNotFoundError, store.SchemaError) as exc:
        raise click.ClickException(str(exc))
    except duckdb.Error as exc:  # typically the write lock of a running ingest, or of the server owning it
        from ..server import discovery

        owner = discovery.read(db)
        if owner and discovery.pid_alive(owner.get("pid")):
            raise click.ClickException(f"{db} is owned by the kroniek server at {owner['url']} "
                                       f"(pid {owner['pid']}): query it there, e.g. {owner['url']}/api/events")
        raise click.ClickException(f"cannot open {db}: {exc}")


# ---------------------------------------------------------------------- output

def flatten(record: dict, prefix: str = "") -> dict:
    """Nested dicts become dotted keys; lists stay values (written as JSON in CSV)."""
    out: dict = {}
    for k, v in record.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(flatten(v, f"{key}."))
        else:
            out[key] = v
    return out


def _cell(v, width: Optional[int] = None) -> str:
    if v is None:
        s = ""
    elif isinstance(v, (list, dict)):
        s = json.dumps(v, ensure_ascii=False)
    else:
        s = str(v)
    s = " ".join(s.split())
    if width and len(s) > width:
        s = s[: width - 1] + "…"
    return s


def emit(records: list[dict], fmt: str, columns: Iterable[str] = (), width: int = 48,
         csv_columns: Optional[list[str]] = None) -> None:
    """Print records as json, csv or a table (``columns``: dotted keys shown in the table;
    ``csv_columns``: the fixed CSV header of a command, whatever the rows)."""
    if fmt == "json":
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
        return
    flat = [flatten(r) for r in records]
    if fmt == "csv":
        keys: list[str] = []
        for r in flat:
            keys += [k for k in r if k not in keys]
        # a null nested record (no place) must not add a column next to place.name, place.lat, ...
        keys = [k for k in keys if not any(o.startswith(k + ".") for o in keys)]
        if csv_columns:
            keys = list(csv_columns)
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(keys)
        for r in flat:
            w.writerow([json.dumps(r[k], ensure_ascii=False) if isinstance(r.get(k), (list, dict))
                        else ("" if r.get(k) is None else r.get(k)) for k in keys])
        return
    cols = list(columns) or (list(flat[0]) if flat else [])
    rows = [[_cell(r.get(c), width) for c in cols] for r in flat]
    widths = [max([len(c)] + [len(row[i]) for row in rows]) for i, c in enumerate(cols)]
    click.echo("  ".join(c.ljust(w) for c, w in zip(cols, widths)).rstrip())
    click.echo("  ".join("-" * w for w in widths))
    for row in rows:
        click.echo("  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip())
    click.echo(f"({len(rows)} rows)", err=True)


# ---------------------------------------------------------------------- ingest

@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=False))
@DB_OPTION
@click.option("--workers", type=click.IntRange(1), default=1, show_default=True,
              help="Analysis processes (each loads the pipeline once).")
@click.option("--progress/--no-progress", default=True, show_default=True, help="Progress bar on stderr.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Summary format.")
@click.option("--server", "server", default=None, metavar="URL",
              help="Hand the work to the `kroniek serve` at URL, which owns the store (done by itself when "
                   "a server owns --db).")
@click.option("--lang", type=LANG_OR_AUTO, default="auto", show_default=True,
              help="Language of articles that do not give one (JSONL `lang`): auto detects it per article.")
@cluster_options
def ingest(paths: tuple[str, ...], db: str, workers: int, progress: bool, fmt: str,
           server: Optional[str] = None, dask_workers: Optional[int] = None, scheduler: Optional[str] = None,
           batch_size: Optional[int] = None, lang: Optional[str] = None) -> None:
    """Read PATHS (.txt, .jsonl/.json, .html, RSS/Atom .xml/.rss/.atom files or folders), analyse
    and store them. Idempotent and resumable: run it again after an interruption. While a
    `kroniek serve` owns the store, the work is handed to it. Each article's language is its
    `lang` field, else --lang, else detected; one without a language pack is an error record."""
    from .. import ingest as ingest_mod
    from .. import store

    if _hand_over(paths, db, server, fmt, lang):
        return

    try:
        con = store.connect(db)
    except (store.SchemaError, duckdb.Error) as exc:
        raise click.ClickException(f"cannot open {db} for writing: {exc}")
    try:
        # --dask-workers/--scheduler: analysis on a Dask cluster (docs/scaling.md); PATHS may also be
        # folders of Parquet analyses (`kroniek analyze --format parquet`), stored without analysing
        with dask_client(dask_workers, scheduler) as client:
            stats = ingest_mod.ingest(con, paths, workers=workers, progress=progress, client=client,
                                      batch_size=batch_size, lang=lang)
    except KeyboardInterrupt:
        click.echo("interrupted: every article stored so far is complete; run the same command to continue",
                   err=True)
        sys.exit(130)
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc))
    finally:
        con.close()
    _summary(stats.as_dict(), fmt, db)


def _summary(d: dict, fmt: str, db: str) -> None:
    """Print an ingest summary (local or handed over) and exit 1 if any item failed."""
    # every error, with its file and line, on stderr in every format; the exit code says whether any item failed
    for msg in d["error_messages"]:
        click.echo(f"error: {msg}", err=True)
    for note in d["notes"]:
        click.echo(f"note: {note}", err=True)
    if fmt == "json":
        click.echo(json.dumps(d, ensure_ascii=False))
    else:
        click.echo(f"{d['read']} read: {d['added']} added, {d['updated']} updated, {d['unchanged']} unchanged, "
                   f"{d['duplicates']} duplicates, {d['errors']} errors ({d['articles_per_s']} articles/s) -> {db}")
    if d["errors"]:
        sys.exit(1)


def _hand_over(paths, db: str, server: Optional[str], fmt: str, lang: Optional[str] = None) -> bool:
    """Ingest through the server given, or the live one that owns ``db``; False to ingest here."""
    from ..server import discovery, handoff

    url = server or discovery.find_server(db)
    if not url:
        return False
    if not server:
        click.echo(f"note: handing the work to the kroniek server at {url}, which owns the store", err=True)
    try:
        d = handoff.hand_over(url, paths, lang=lang)
    except handoff.HandoffError as exc:
        raise click.ClickException(str(exc))
    except KeyboardInterrupt:
        click.echo("interrupted: the server finishes the file it was given; run the same command to continue",
                   err=True)
        sys.exit(130)
    _summary(d, fmt, db if not server else url)
    return True


# --------------------------------------------------------------------- queries

@main.command()
@DB_OPTION
@click.option("--actor", help="Source or target: an actor id, or a name resolved to one actor (said on stderr).")
@click.option("--source", help="Source actor: id or name, resolved like --actor.")
@click.option("--target", help="Target actor: id or name, resolved like --actor.")
@click.option("--either", is_flag=True, help="--source/--target in both directions: events between the two.")
@click.option("--type", "type_", type=EVENT_TYPES, help="PLOVER type(s), comma-separated.")
@click.option("--since", type=DATE, help="From this date (YYYY-MM-DD).")
@click.option("--until", type=DATE, help="Up to this date (YYYY-MM-DD).")
@click.option("--place", help="Place name contains.")
@click.option("--country", type=COUNTRY, help="ISO alpha-3 of source, target or place.")
@click.option("--article", help="Events mentioned in this article.")
@click.option("--lang", type=LANG, help="Events reported in articles of this language (nl, en, ...).")
@_paged
@FORMAT_OPTION
def events(db, actor, source, target, either, type_, since, until, place, country, article, lang, limit, offset,
           fmt) -> None:
    """Cross-article events with their mentions."""
    from .. import query
    from .actor_resolve import resolve_option

    con = _open(db)
    actor, source, target = (resolve_option(con, v, o) for v, o in
                             ((actor, "--actor"), (source, "--source"), (target, "--target")))
    rows = query.events(con, actor=actor, source=source, target=target, type=type_, since=since, until=until,
                        place=place, country=country, article=article, either=either, lang=lang,
                        limit=limit, offset=offset)
    emit(rows, fmt, ["id", "date", "type", "mode", "source.name", "target.name", "place.name", "n_mentions",
                     "confidence"], width=32, csv_columns=csv_columns.EVENTS)


@main.command()
@DB_OPTION
@click.option("--speaker", help="Speaker (actor id, name or alias).")
@click.option("--contains", help="Quote text contains.")
@click.option("--article", help="Quotes of this article.")
@click.option("--lang", type=LANG, help="Quotes in articles in this language (nl, en, ...).")
@_paged
@FORMAT_OPTION
def quotes(db, speaker, contains, article, lang, limit, offset, fmt) -> None:
    """Quotes with their speakers."""
    from .. import query

    con = _open(db)
    rows = query.quotes(con, speaker=speaker, contains=contains, article=article, lang=lang, limit=limit,
                        offset=offset)
    emit(rows, fmt, ["article_id", "lang", "published_at", "speaker", "kind", "text"], width=70,
         csv_columns=csv_columns.QUOTES)


@main.command()
@DB_OPTION
@click.option("--name", help="Name or alias contains.")
@click.option("--country", type=COUNTRY, help="ISO alpha-3.")
@click.option("--type", "type_", help="person, organisation, state, ...")
@click.option("--lang", type=LANG, help="Actors that appear in articles of this language (nl, en, ...).")
@_paged
@FORMAT_OPTION
def actors(db, name, country, type_, lang, limit, offset, fmt) -> None:
    """Canonical actors merged across articles, with their aliases."""
    from .. import query

    con = _open(db)
    rows = query.actors(con, name=name, country=country, type=type_, lang=lang, limit=limit, offset=offset)
    emit(rows, fmt, ["id", "name", "type", "country", "role", "aliases", "n_articles", "n_mentions", "n_events"],
         csv_columns=csv_columns.ACTORS)


@main.command()
@DB_OPTION
@click.option("--actor", help="Source or target: an actor id, or a name resolved to one actor (said on stderr).")
@click.option("--source", help="Source actor: id or name, resolved like --actor.")
@click.option("--target", help="Target actor: id or name, resolved like --actor.")
@click.option("--either", is_flag=True, help="--source/--target in both directions: events between the two.")
@click.option("--type", "type_", type=EVENT_TYPES, help="PLOVER type(s), comma-separated.")
@click.option("--country", type=COUNTRY, help="ISO alpha-3 of source, target or place.")
@click.option("--since", type=DATE, help="From this date (YYYY-MM-DD).")
@click.option("--until", type=DATE, help="Up to this date (YYYY-MM-DD).")
@click.option("--lang", type=LANG, help="Events reported in articles of this language (nl, en, ...).")
@FORMAT_OPTION
def timeline(db, actor, source, target, either, type_, country, since, until, lang, fmt) -> None:
    """Events per day (cooperative/conflictual) and the main events of each day."""
    from .. import query
    from .actor_resolve import resolve_option

    con = _open(db)
    actor, source, target = (resolve_option(con, v, o) for v, o in
                             ((actor, "--actor"), (source, "--source"), (target, "--target")))
    rows = query.timeline(con, actor=actor, source=source, target=target, either=either, type=type_,
                          country=country, since=since, until=until, lang=lang)
    if fmt == "table":
        for r in rows:
            r["main"] = "; ".join(f"{e['type']} {e['source'] or '?'} -> {e['target'] or '?'}"
                                  for e in r["top_events"])
    emit(rows, fmt, ["date", "n_events", "n_cooperative", "n_conflictual", "main"], width=90,
         csv_columns=csv_columns.TIMELINE)


@main.command()
@click.argument("article_id")
@DB_OPTION
@FORMAT_OPTION
def article(article_id, db, fmt) -> None:
    """One article with its analysis (json: the Analysis record plus event_ids)."""
    from .. import query

    con = _open(db)
    a = query.article(con, article_id)
    if a is None:
        raise click.ClickException(f"no article {article_id!r} in {db}")
    if fmt == "json":
        emit([a], fmt)
        return
    items = []
    for layer, key in (("entity", "entities"), ("quote", "quotes"), ("timex", "timexes"), ("place", "places"),
                       ("event", "events")):
        for i, x in enumerate(a[key]):
            label = x.get("label") or x.get("kind") or x.get("type") or x.get("name")
            extra = {"entity": x.get("canonical"), "quote": x.get("speaker"), "timex": x.get("value"),
                     "place": x.get("country"),
                     "event": a["event_ids"][i] if layer == "event" else None}[layer]
            items.append({"article_id": a["id"], "layer": layer, "start": x["start"], "end": x["end"],
                          "sentence": x["sentence"], "text": x["text"], "label": label, "value": extra,
                          "confidence": x["confidence"], "reason": x["reason"]})
    items.sort(key=lambda r: (r["start"], r["layer"]))
    if fmt == "table":
        click.echo(f"{a['id']}  {a['published_at'] or ''}  {a['title'] or ''}  (version {a['version']})")
        click.echo(f"{len(a['sentences'])} sentences, {len(a['entities'])} entities, {len(a['quotes'])} quotes, "
                   f"{len(a['timexes'])} timexes, {len(a['places'])} places, {len(a['actors'])} actors, "
                   f"{len(a['events'])} events\n")
    emit(items, fmt, ["layer", "start", "end", "sentence", "text", "label", "value", "confidence"])


# ---------------------------------------------------------------------- export

@main.command()
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl", "parquet", "plover"]), required=True)
@click.option("--output", "-o", type=click.Path(), default=None,
              help="Folder for csv/jsonl/parquet (default kroniek-export/); file for plover "
                   "(default kroniek-plover.jsonl, '-' for stdout).")
@click.option("--force", is_flag=True, help="Overwrite an existing output folder or file.")
def export(db, fmt, output, force) -> None:
    """Write the whole store: one file per table plus readable tables (names next to ids), or PLOVER
    JSONL (POLECAT field names) of all events."""
    from .. import export as export_mod
    from .export_guard import refuse_overwrite

    refuse_overwrite(output or ("kroniek-plover.jsonl" if fmt == "plover" else "kroniek-export"), force)
    con = _open(db)
    if fmt == "plover":
        target = output or "kroniek-plover.jsonl"
        n = export_mod.export_plover(con, sys.stdout if target == "-" else target)
        if target != "-":
            click.echo(f"{n} events -> {target}", err=True)
        return
    written = export_mod.export_tables(con, output or "kroniek-export", fmt)
    click.echo(f"{len(written)} tables -> {output or 'kroniek-export'}/", err=True)
