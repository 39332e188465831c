"""``kroniek analyze`` and ``kroniek model``: analysis without a database."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Iterator, Union

import click
from tqdm import tqdm

from ..document import Analysis, Article, ErrorRecord
from . import main


def parse_jsonl_line(line: str, lineno: int, lang: str, default_id: str) -> Union[Article, ErrorRecord]:
    """One JSONL line → Article, or an ErrorRecord saying precisely what is wrong."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return ErrorRecord(id=None, line=lineno, error=f"invalid JSON: {exc.msg} at column {exc.colno}")
    if not isinstance(obj, dict):
        return ErrorRecord(line=lineno, error="a JSONL line must be an object with at least 'text'")
    text = obj.get("text")
    art_id = str(obj.get("id") or default_id)
    if not isinstance(text, str) or not text.strip():
        return ErrorRecord(id=art_id, line=lineno, error="missing or empty 'text'")
    try:
        return Article(
            id=art_id,
            text=text,
            title=obj.get("title"),
            published_at=(str(obj["published_at"]) if obj.get("published_at") else None),
            lang=obj.get("lang") or lang,
            source=obj.get("source"),
            url=obj.get("url"),
        )
    except Exception as exc:  # pydantic validation: report, do not crash the batch
        return ErrorRecord(id=art_id, line=lineno, error=f"invalid article: {exc}")


def read_inputs(paths: tuple[str, ...], date: str | None, lang: str) -> Iterator[Union[Article, ErrorRecord]]:
    """Articles from .txt files, JSONL files or stdin ('-' or no path)."""
    for p in paths or ("-",):
        if p == "-":
            data = sys.stdin.read()
            name = "stdin"
        else:
            path = Path(p)
            try:
                data = path.read_text(encoding="utf8")
            except (OSError, UnicodeDecodeError) as exc:
                yield ErrorRecord(id=path.stem, error=f"cannot read {p}: {exc}")
                continue
            name = path.stem
        is_jsonl = p.endswith(".jsonl") or (p == "-" and data.lstrip().startswith("{"))
        if is_jsonl:
            for i, line in enumerate(data.splitlines(), 1):
                if line.strip():
                    yield parse_jsonl_line(line, i, lang, f"{name}-{i}")
        elif not data.strip():
            yield ErrorRecord(id=name, error="empty text")
        else:
            yield Article(id=name, text=data, published_at=date, lang=lang)


@main.command()
@click.argument("inputs", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "jsonl"]), default="text", show_default=True)
@click.option("--date", help="publication date (YYYY-MM-DD) for plain-text input")
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
