"""The search index: derived tables, kept up to date with the articles (incrementally, by content hash).

An article's content hash never changes, so its postings never do either: ``ensure_index`` indexes
the stored articles it has not seen and drops the postings of articles that are gone. It runs at the
end of every ingest and, lazily, before a search on a writable connection, so a search always sees
every stored article. Superseded versions stay indexed; searches keep the current ones only.

Every word of a title and text is one posting: field (0 title, 1 text), position, stem (``term``),
folded word (``word``, for prefixes), character span, sentence and quote it lies in. Units are what
a search ranks: an article ('a'), a quote ('q', key = quote idx) or a sentence ('s', key = sentence
idx, for events), with their length in words for BM25.
"""
from __future__ import annotations

import bisect
import threading
from typing import Optional

import pyarrow as pa

from .text import stem, tokens

_LOCK = threading.Lock()  # one indexer at a time in a process (the server's request threads)

DDL = [
    """CREATE TABLE IF NOT EXISTS search_postings (
        article_hash VARCHAR NOT NULL, field TINYINT NOT NULL, pos INTEGER NOT NULL,
        term VARCHAR NOT NULL, word VARCHAR NOT NULL, start_char INTEGER NOT NULL, end_char INTEGER NOT NULL,
        sentence INTEGER, quote INTEGER)""",
    """CREATE TABLE IF NOT EXISTS search_units (
        article_hash VARCHAR NOT NULL, unit VARCHAR NOT NULL, key INTEGER NOT NULL, length INTEGER NOT NULL)""",
    "CREATE TABLE IF NOT EXISTS search_indexed (article_hash VARCHAR PRIMARY KEY)",
]

_POSTINGS = pa.schema([("article_hash", pa.string()), ("field", pa.int8()), ("pos", pa.int32()),
                       ("term", pa.string()), ("word", pa.string()), ("start_char", pa.int32()),
                       ("end_char", pa.int32()), ("sentence", pa.int32()), ("quote", pa.int32())])
_UNITS = pa.schema([("article_hash", pa.string()), ("unit", pa.string()), ("key", pa.int32()),
                    ("length", pa.int32())])
CHUNK = 200  # articles read and written at a time


def has_index(con) -> bool:
    return con.execute("SELECT count(*) FROM information_schema.tables "
                       "WHERE table_name = 'search_indexed'").fetchone()[0] > 0


def pending(con) -> int:
    """Stored articles not indexed yet (plus indexed ones that are gone)."""
    if not has_index(con):
        return con.execute("SELECT count(*) FROM articles").fetchone()[0]
    return con.execute(
        "SELECT (SELECT count(*) FROM articles WHERE hash NOT IN (SELECT article_hash FROM search_indexed))"
        " + (SELECT count(*) FROM search_indexed WHERE article_hash NOT IN (SELECT hash FROM articles))"
    ).fetchone()[0]


def ensure_index(con) -> int:
    """Index the articles the index lacks and forget those removed; return how many were indexed."""
    with _LOCK:
        for sql in DDL:
            con.execute(sql)
        if not pending(con):
            return 0
        gone = "(SELECT article_hash FROM search_indexed WHERE article_hash NOT IN (SELECT hash FROM articles))"
        con.execute("BEGIN TRANSACTION")
        try:
            for table in ("search_postings", "search_units"):
                con.execute(f"DELETE FROM {table} WHERE article_hash IN {gone}")
            con.execute(f"DELETE FROM search_indexed WHERE article_hash IN {gone}")
            todo = [r[0] for r in con.execute(
                "SELECT hash FROM articles WHERE hash NOT IN (SELECT article_hash FROM search_indexed) "
                "ORDER BY hash").fetchall()]
            for i in range(0, len(todo), CHUNK):
                _index_chunk(con, todo[i:i + CHUNK])
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return len(todo)


def _index_chunk(con, hashes: list[str]) -> None:
    marks = ", ".join("?" * len(hashes))
    arts = con.execute(f"SELECT hash, coalesce(lang, 'nl'), coalesce(title, ''), text FROM articles "
                       f"WHERE hash IN ({marks})", hashes).fetchall()
    sents: dict[str, list[tuple[int, int]]] = {}
    for h, idx, start in con.execute(f"SELECT article_hash, idx, start_char FROM sentences "
                                     f"WHERE article_hash IN ({marks}) ORDER BY article_hash, idx", hashes).fetchall():
        sents.setdefault(h, []).append((start, idx))
    quotes: dict[str, list[tuple[int, int, int]]] = {}
    for h, idx, s, e in con.execute(f"SELECT article_hash, idx, start_char, end_char FROM quotes "
                                    f"WHERE article_hash IN ({marks}) AND start_char IS NOT NULL "
                                    f"ORDER BY article_hash, start_char, idx", hashes).fetchall():
        quotes.setdefault(h, []).append((s, e, idx))
    cols: dict[str, list] = {name: [] for name in _POSTINGS.names}
    units: dict[str, list] = {name: [] for name in _UNITS.names}

    def unit(h: str, kind: str, key: int, length: int) -> None:
        for name, v in zip(_UNITS.names, (h, kind, key, length)):
            units[name].append(v)

    for h, lang, title, text in arts:
        n_words = 0
        for field, body in ((0, title), (1, text)):
            starts = [s for s, _ in sents.get(h, [])] if field else []
            sidx = [i for _, i in sents.get(h, [])] if field else []
            qs = quotes.get(h, []) if field else []
            per_sentence: dict[int, int] = {}
            per_quote: dict[int, int] = {}
            for pos, (s, e, w) in enumerate(tokens(body)):
                sentence: Optional[int] = None
                quote: Optional[int] = None
                if field:
                    j = bisect.bisect_right(starts, s) - 1
                    sentence = sidx[j] if j >= 0 else None
                    for qs_, qe, qi in qs:  # few quotes per article: a scan is cheaper than an interval tree
                        if qs_ > s:
                            break
                        if e <= qe:
                            quote = qi
                            break
                    if sentence is not None:
                        per_sentence[sentence] = per_sentence.get(sentence, 0) + 1
                    if quote is not None:
                        per_quote[quote] = per_quote.get(quote, 0) + 1
                for name, v in zip(_POSTINGS.names, (h, field, pos, stem(w, lang), w, s, e, sentence, quote)):
                    cols[name].append(v)
                n_words += 1
            for k, n in per_sentence.items():
                unit(h, "s", k, n)
            for k, n in per_quote.items():
                unit(h, "q", k, n)
        unit(h, "a", 0, n_words)
    for name, table, schema in (("search_postings", cols, _POSTINGS), ("search_units", units, _UNITS)):
        con.register("search_new_rows", pa.table(table, schema=schema))
        try:
            con.execute(f"INSERT INTO {name} SELECT * FROM search_new_rows")
        finally:
            con.unregister("search_new_rows")
    con.execute(f"INSERT INTO search_indexed SELECT hash FROM articles WHERE hash IN ({marks})", hashes)
