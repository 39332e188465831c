"""``kroniek analyze`` and ``kroniek model``: analysis without a database."""
from __future__ import annotations

import json
import sys
from typing import Iterator, Union

import click
from tqdm import tqdm

from ..document import Analysis, Article, ErrorRecord
from . import main
from .params import DATE


def read_inputs(paths: tuple[str, ...], date: str | None, lang: str) -> Iterator[Union[Article, ErrorRecord]]:
    """Articles from files/folders (the ingest readers) or stdin ('-' or no path).

    ``--date`` and ``--lang`` fill in what plain text cannot say itself.
    """
    from ..ingest import read_paths, read_string

    files = [p for p in paths if p != "-"]
    reads = list(read_paths(files)) if files else []
    if not paths or "-" in paths:
        reads += list(read_string(sys.stdin.read()))
    for r in reads:
        item = r.item
        if isinstance(item, Article):
            updates = {}
            if date and not item.published_at:
                updates["published_at"] = date
            if "lang" not in item.model_fields_set:
                updates["lang"] = lang
            item = item.model_copy(update=updates) if updates else item
        yield item


@main.command()
@click.argument("inputs", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "jsonl"]), default="text", show_default=True)
@click.option("--date", type=DATE, help="publication date (YYYY-MM-DD) for plain-text input")
@click.option("--lang", default="nl", show_default=True)
@click.option("--quiet", is_flag=True, help="no progress bar")
def analyze(inputs, fmt, date, lang, quiet):
    """Analyse articles (.txt, .jsonl or stdin) and print the chronicle.

    JSONL input: one article per line with `id`, `text`, optional `title`,
    `published_at`, `url`, `source`. An article that fails becomes an error
    record and the rest goes on; the exit code is 1 if any article failed.
    """
    from ..analyze import analyze_many
    from ..nlp import pipeline
    from ..render import render_analysis, render_error

    items = list(read_inputs(inputs, date, lang))
    nlp = pipeline.load(lang)
    failed = 0
    results = analyze_many(items, nlp)
    if len(items) > 1 and not quiet:
        results = tqdm(results, total=len(items), unit="article", file=sys.stderr)
    collected = []
    for r in results:
        if isinstance(r, ErrorRecord):
            failed += 1
            print(render_error(r), file=sys.stderr)
        if fmt == "text":
            if isinstance(r, Analysis):
                click.echo(render_analysis(r))
        elif fmt == "jsonl":
            click.echo(r.model_dump_json(exclude_none=False))
        else:
            collected.append(r.model_dump(mode="json"))
    if fmt == "json":
        payload = collected[0] if len(collected) == 1 else collected
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    if failed:
        print(f"{failed} of {len(items)} article(s) failed", file=sys.stderr)
        sys.exit(1)


@main.group()
def model():
    """The trained Dutch pipeline shipped with kroniek."""


@model.command("path")
@click.option("--lang", default="nl", show_default=True)
def model_path(lang):
    """Print the model directory (for `spacy.load(path)` in your own code)."""
    from ..lang import get_pack

    click.echo(str(get_pack(lang).model_path))


@model.command("info")
@click.option("--lang", default="nl", show_default=True)
def model_info(lang):
    """Print the model's name, version, components, sources and scores."""
    from ..lang import get_pack

    meta = json.loads((get_pack(lang).model_path / "meta.json").read_text(encoding="utf8"))
    keep = {k: meta.get(k) for k in ("lang", "name", "version", "description", "pipeline", "sources", "license")}
    keep["performance"] = {k: v for k, v in (meta.get("performance") or {}).items() if not isinstance(v, dict)}
    click.echo(json.dumps(keep, ensure_ascii=False, indent=2))
