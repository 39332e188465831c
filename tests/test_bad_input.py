"""Bad input loses nothing else: every broken item is a one-line error, the good ones are stored.

The corpus in ``tests/data/bad/`` (written by ``make_bad_inputs.py``) has one file per kind of bad
input: binary data and a zip renamed ``.jsonl``, latin-1, cp1252 and UTF-16 text, a byte-order mark,
one latin-1 line among UTF-8 lines, NUL bytes, invalid and non-object JSON lines, wrong field types,
impossible dates and timestamps, a ``javascript:`` URL, a 1 MB id, 100,000 nested brackets, empty
texts, a broken feed, an undecodable page and an unsupported file type.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from kroniek import ingest, store
from kroniek.cli import main
from store_fake_analyzer import fake_many

BAD = Path(__file__).parent / "data" / "bad"
EXPECTED = json.loads((BAD / "expected.json").read_text())
FILES = sorted(str(BAD / name) for name in EXPECTED)


def test_the_corpus_has_every_kind_of_bad_input():
    assert len(EXPECTED) >= 24


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_reader_never_raises_and_keeps_every_good_article(name):
    reads = list(ingest.read_paths([BAD / name]))
    articles = [r for r in reads if not isinstance(r.item, ingest.ErrorRecord)]
    errors = [r for r in reads if isinstance(r.item, ingest.ErrorRecord)]
    assert len(articles) == EXPECTED[name]["stored"], [r.item for r in errors]
    assert len(errors) == EXPECTED[name]["errors"], [r.item.error for r in errors]
    for r in errors:
        assert "\n" not in r.item.error and len(r.item.error) < 300  # one line
        assert r.origin.startswith(str(BAD / name))
    for r in articles:
        assert r.item.text.strip() and "\x00" not in r.item.text and not r.item.text.startswith("\ufeff")
        assert len(r.item.id) <= ingest.MAX_ID


def test_decoded_text_is_right_and_its_encoding_recorded():
    reads = {r.item.id: r for r in ingest.read_paths([BAD / "latin1.jsonl", BAD / "cp1252.txt", BAD / "utf16.txt",
                                                      BAD / "mixed_encoding.jsonl", BAD / "bom.jsonl"])}
    assert reads["café-1"].item.text.startswith("Één café") and "cp1252" in reads["café-1"].encoding
    assert "„aanhalingstekens”" in reads["cp1252"].item.text
    assert reads["utf16"].item.text.startswith("Een tekst") and reads["utf16"].encoding == "utf-16"
    assert reads["lat"].item.text == "Één café sloot." and reads["good-12"].item.text.startswith("De minister")
    assert reads["good-11"].encoding == "utf-8"


def test_ingest_stores_the_good_articles_and_reports_each_error(tmp_path):
    con = store.connect(tmp_path / "k.duckdb")
    seen: Counter = Counter()
    stats = ingest.ingest(con, FILES + [str(tmp_path / "missing.jsonl")], analyzer=fake_many, progress=False,
                          on_item=lambda status, origin: seen.update([status]))
    total_stored = sum(v["stored"] for v in EXPECTED.values())
    assert stats.added == total_stored == seen["added"]
    assert stats.errors == sum(v["errors"] for v in EXPECTED.values()) + 1
    assert any("missing.jsonl: no such file or folder" in m for m in stats.error_messages)
    assert any("decoded as cp1252" in n for n in stats.notes)
    assert store.counts(con)["articles"] == total_stored
    con.close()


def test_the_cli_exits_1_and_prints_every_error_without_a_traceback(tmp_path, monkeypatch):
    monkeypatch.setattr(ingest, "_default_analyzer", fake_many)
    runner = CliRunner()
    for fmt in ("text", "json"):
        db = tmp_path / f"{fmt}.duckdb"
        res = runner.invoke(main, ["ingest", "--db", str(db), "--no-progress", "--format", fmt, *FILES,
                                   str(tmp_path / "missing.jsonl")])
        assert res.exit_code == 1, res.output
        out = res.output  # stdout and stderr together
        assert "Traceback" not in out and res.exception is None or isinstance(res.exception, SystemExit)
        assert out.count("error: ") == sum(v["errors"] for v in EXPECTED.values()) + 1
        assert "missing.jsonl: no such file or folder" in out
    summary = json.loads([x for x in res.output.splitlines() if x.startswith("{")][-1])
    assert summary["errors"] == len(summary["error_messages"]) and summary["added"] == sum(v["stored"] for v in EXPECTED.values())


def test_a_clean_ingest_exits_0(tmp_path, monkeypatch):
    monkeypatch.setattr(ingest, "_default_analyzer", fake_many)
    res = CliRunner().invoke(main, ["ingest", "--db", str(tmp_path / "k.duckdb"), "--no-progress",
                                    str(BAD / "crlf.jsonl")])
    assert res.exit_code == 0, res.output


def test_the_same_text_under_a_new_id_is_a_recorded_duplicate(tmp_path, monkeypatch):
    text = "Duizenden boeren demonstreerden dinsdag in Brussel tegen het Europese landbouwbeleid."
    f = tmp_path / "dups.jsonl"
    f.write_text("\n".join(json.dumps({"id": i, "text": text, "published_at": "2019-03-05"})
                           for i in ("orig", "copy-1", "copy-2")) + "\n", encoding="utf8")
    con = store.connect(tmp_path / "k.duckdb")
    stats = ingest.ingest(con, [f], analyzer=fake_many, progress=False)
    assert (stats.added, stats.duplicates, stats.unchanged) == (1, 2, 0)
    rows = con.execute("SELECT id, of_id, origin FROM duplicates ORDER BY id").fetchall()
    assert [(r[0], r[1]) for r in rows] == [("copy-1", "orig"), ("copy-2", "orig")] and rows[0][2].endswith("dups.jsonl:2")
    again = ingest.ingest(con, [f], analyzer=fake_many, progress=False)  # a rerun records nothing new
    assert (again.added, again.duplicates, again.unchanged) == (0, 0, 3)
    assert store.counts(con)["duplicates"] == 2 and store.counts(con)["articles"] == 1
    con.close()
    monkeypatch.setattr(ingest, "_default_analyzer", fake_many)
    res = CliRunner().invoke(main, ["ingest", "--db", str(tmp_path / "cli.duckdb"), "--no-progress", str(f)])
    assert res.exit_code == 0 and "1 added, 0 updated, 0 unchanged, 2 duplicates, 0 errors" in res.output
