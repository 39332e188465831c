"""``kroniek analyze`` and ``kroniek model``: analysis without a database."""
from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path
from typing import Iterator, Union

import click
from tqdm import tqdm

from ..document import Analysis, Article, ErrorRecord
from . import main
from .cluster_options import cluster_options, dask_client
from .params import DATE
from .vocab_params import LANG_OR_AUTO


def read_input_reads(paths: tuple[str, ...], date: str | None,
                     lang: str | None) -> Iterator[tuple[Union[Article, ErrorRecord], str]]:
    """(item, origin) pairs from files/folders (the ingest readers, lazily) or stdin ('-' or no path).

    ``--date`` fills in what plain text cannot say itself; the language is the input's ``lang``, else
    ``lang`` (``--lang``), else detected per article (``kroniek.detect_lang``).
    """
    from ..detect_lang import assign_reads
    from ..ingest import read_paths, read_string

    files = [p for p in paths if p != "-"]
    reads = read_paths(files) if files else iter(())
    if not paths or "-" in paths:
        reads = itertools.chain(reads, read_string(sys.stdin.read()))
    for r in assign_reads(reads, lang):
        item = r.item
        if isinstance(item, Analysis):  # a Parquet file of analyses
            item = ErrorRecord(id=item.id, error="already analysed (Parquet): store it with `kroniek ingest`")
        elif isinstance(item, Article) and date and not item.published_at:
            item = item.model_copy(update={"published_at": date})
        yield item, r.origin


def read_inputs(paths: tuple[str, ...], date: str | None, lang: str | None) -> Iterator[Union[Article, ErrorRecord]]:
    """Articles (or error records) from files/folders or stdin: ``read_input_reads`` without the origins."""
    for item, _ in read_input_reads(paths, date, lang):
        yield item


def _to_parquet(reads, out: Path, client, batch_size: int | None, progress: bool) -> tuple[int, int]:
    """Analyse into date-partitioned Parquet under ``out`` (on the cluster's workers when there is one);
    return (articles read, failures), each failure printed on stderr."""
    from ..render import render_error
    from ..scale.cluster import BATCH_SIZE, ClusterAnalyzer, analyze_batch
    from ..scale.parquet import write_part
    from ..scale.windowed import batched

    size = batch_size or BATCH_SIZE
    if client is not None:
        parts = ClusterAnalyzer(client, batch_size=size).to_parquet(reads, str(out))
    else:
        def local():
            for part, batch in enumerate(batched(reads, size)):
                results = analyze_batch([item for item, _ in batch])
                pairs = [(res, origin) for res, (_, origin) in zip(results, batch)]
                n, _ = write_part(out, pairs, part)
                yield n, [(res, origin) for res, origin in pairs if isinstance(res, ErrorRecord)]
        parts = local()
    bar = tqdm(unit="article", file=sys.stderr, disable=not progress)
    total = failed = 0
    for n, errors in parts:
        for err, origin in errors:
            print(f"{origin}: {render_error(err)}", file=sys.stderr)
        total += n + len(errors)
        failed += len(errors)
        bar.update(n + len(errors))
    bar.close()
    return total, failed


@main.command()
@click.argument("inputs", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "jsonl", "parquet"]), default="text",
              show_default=True, help="parquet: date-partitioned files under --out, for `kroniek ingest DIR`.")
@click.option("--out", "out", type=click.Path(file_okay=False), default=None,
              help="Folder for --format parquet (must not hold analyses yet).")
@click.option("--date", type=DATE, help="publication date (YYYY-MM-DD) for plain-text input")
@click.option("--lang", type=LANG_OR_AUTO, default="auto", show_default=True,
              help="language of inputs that do not give one (JSONL `lang`): auto detects it per article")
@click.option("--quiet", is_flag=True, help="no progress bar")
@cluster_options
def analyze(inputs, fmt, out, date, lang, quiet, dask_workers, scheduler, batch_size):
    """Analyse articles (.txt, .jsonl or stdin) and print the chronicle.

    JSONL input: one article per line with `id`, `text`, optional `title`,
    `published_at`, `url`, `source`, `lang`. Articles without `lang` (and plain
    text) are in the language detected for each, unless --lang names one; an
    article in a language kroniek has no pack for is an error record. An article that fails becomes an error
    record and the rest goes on; the exit code is 1 if any article failed.
    With --dask-workers or --scheduler the analysis runs on a Dask cluster.
    """
    from ..analyze import analyze_many
    from ..render import render_analysis, render_error

    if fmt == "parquet":
        if not out:
            raise click.UsageError("--format parquet writes files: give the folder with --out DIR")
        if any((Path(out) / sub).exists() for sub in ("analyses", "errors")):
            raise click.ClickException(f"{out} already holds analyses: give another --out or remove them")
    elif out:
        raise click.UsageError("--out is for --format parquet; the other formats print to stdout")
    if fmt == "parquet" or dask_workers or scheduler:
        with dask_client(dask_workers, scheduler) as client:
            if fmt == "parquet":
                if client is None and lang:
                    _load(lang)
                total, failed = _to_parquet(read_input_reads(inputs, date, lang), Path(out), client, batch_size,
                                            progress=not quiet)
                click.echo(f"{total - failed} analyses, {failed} errors -> {out}", err=True)
                if failed:
                    print(f"{failed} of {total} article(s) failed", file=sys.stderr)
                    sys.exit(1)
                return
            from ..scale.cluster import BATCH_SIZE, ClusterAnalyzer

            items = list(read_inputs(inputs, date, lang))
            results = ClusterAnalyzer(client, batch_size=batch_size or BATCH_SIZE).stream(items)
            _print_results(items, results, fmt, quiet, render_analysis, render_error)
            return
    items = list(read_inputs(inputs, date, lang))
    for code in sorted({item.lang for item in items if isinstance(item, Article)}):
        _load(code)  # a missing model fails here, once, not once per article
    _print_results(items, analyze_many(items), fmt, quiet, render_analysis, render_error)


def _load(lang: str):
    from ..nlp import pipeline

    try:
        return pipeline.load(lang)
    except (OSError, ValueError) as exc:
        raise click.ClickException(f"cannot load the {lang!r} pipeline: {exc}")


def _print_results(items, results, fmt, quiet, render_analysis, render_error) -> None:
    failed = 0
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
