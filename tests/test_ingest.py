"""Readers (txt, JSONL, JSON, HTML, RSS/Atom) and the ingest loop, with a stand-in analyser."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kroniek import ingest, query, store
from kroniek.document import Article, ErrorRecord

from store_fake_analyzer import fake_many

FIXTURES = Path(__file__).parent / "fixtures" / "store"


def _read(path):
    return list(ingest.read_paths([path]))


def test_jsonl_reader_keeps_going_past_bad_lines():
    reads = _read(FIXTURES / "articles.jsonl")
    assert len(reads) == 9
    errors = {r.item.line: r.item.error for r in reads if isinstance(r.item, ErrorRecord)}
    assert errors[4] == "no text" and errors[6].startswith("invalid JSON")
    first = reads[0].item
    assert isinstance(first, Article)
    assert (first.id, first.published_at, first.url, first.source) == (
        "f-001", "2024-03-01", "https://example.nl/f-001", "Voorbeeldkrant")
    assert reads[0].origin.endswith("articles.jsonl:1")


def test_jsonl_ids_dates_and_invalid_fields(tmp_path):
    p = tmp_path / "x.jsonl"
    p.write_text("\n".join([
        json.dumps({"id": 17, "text": "Tekst een.", "published_at": 1551916800}),
        json.dumps({"text": "Tekst twee.", "url": "https://x.example/2"}),
        json.dumps({"text": "Tekst drie."}),
        json.dumps(["geen", "object"]),
        json.dumps({"id": "z", "text": "Tekst vier.", "title": ["geen", "titel"]}),
        "",
    ]), encoding="utf8")
    items = [r.item for r in _read(p)]
    assert (items[0].id, items[0].published_at) == ("17", "2019-03-07")
    assert items[1].id == "https://x.example/2" and items[2].id == "x-3"
    assert items[3].error == "not a JSON object"
    assert isinstance(items[4], ErrorRecord) and items[4].error == "title must be a string, not list"


def test_json_text_html_and_feeds(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps([{"id": "j1", "text": "Een."}, {"id": "j2", "text": ""}]))
    j = [r.item for r in _read(tmp_path / "a.json")]
    assert j[0].id == "j1" and isinstance(j[1], ErrorRecord)

    txt = _read(FIXTURES / "note.txt")[0].item
    assert txt.id == "note" and txt.text.startswith("Rusland en Oekraïne") and "\n\n" in txt.text

    page = _read(FIXTURES / "page.html")[0].item
    assert page.title == "Kabinet stuurt fregat naar Rode Zee" and page.published_at == "2024-03-07"
    assert page.url == "https://example.nl/fregat-rode-zee"
    assert "Den Helder" in page.text and "Copyright" not in page.text and "Binnenland" not in page.text

    broken = _read(FIXTURES / "broken.html")[0].item
    assert isinstance(broken, ErrorRecord) and broken.id == "broken"

    rss = [r.item for r in _read(FIXTURES / "feed.xml")]
    assert [a.id for a in rss] == ["https://feed.example.nl/polen-grens", "https://feed.example.nl/hongarije-steun"]
    assert rss[0].text == ("Polen sluit vrijdag een grensovergang met Belarus.\n\n"
                           "Warschau beschuldigt Minsk van het sturen van migranten naar de grens.")
    assert rss[0].published_at == "2024-03-08T08:30:00" and rss[0].source == "Voorbeeldfeed"
    assert "Oekraïne" in rss[1].text

    atom = _read(FIXTURES / "atom.atom")[0].item
    assert atom.title == "België roept ambassadeur terug" and atom.url == "https://atom.example.be/ambassadeur"
    assert atom.text == "België heeft zondag zijn ambassadeur in Moskou teruggeroepen voor overleg."


def test_folders_missing_paths_and_unknown_types(tmp_path):
    reads = _read(FIXTURES)
    assert len(reads) == 15 and sum(isinstance(r.item, ErrorRecord) for r in reads) == 3
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    assert _read(tmp_path / "x.pdf")[0].item.error.startswith("unsupported file type")
    assert _read(tmp_path / "nope")[0].item.error == "no such file or folder"
    assert _read(tmp_path) == []  # unknown extensions inside folders are skipped


def test_html_to_text():
    assert ingest.html_to_text("<p>Een &amp; twee</p><p>drie<br>vier</p>") == "Een & twee\n\ndrie\n\nvier"


def test_ingest_records_errors_and_goes_on(tmp_path):
    con = store.connect(tmp_path / "k.duckdb")
    stats = ingest.ingest(con, [FIXTURES], analyzer=fake_many, progress=False)
    assert (stats.read, stats.added, stats.errors) == (15, 12, 3)
    assert store.counts(con)["articles"] == 12
    errs = {(e["origin"].rsplit("/", 1)[-1], e["error"].split(":")[0]) for e in query.errors(con)}
    assert errs == {("articles.jsonl:4", "no text"), ("articles.jsonl:6", "invalid JSON"),
                    ("broken.html", "no main text found in HTML")}
    # idempotent: nothing is analysed or written again
    before = store.counts(con)
    events = query.events(con, limit=1000)
    again = ingest.ingest(con, [FIXTURES], analyzer=fake_many, progress=False)
    assert (again.added, again.unchanged, again.errors) == (0, 12, 3)
    assert store.counts(con) == before and query.events(con, limit=1000) == events
    assert {e["attempts"] for e in query.errors(con)} == {2}


def test_analysis_and_store_failures_become_error_records(tmp_path):
    def flaky(items):
        for item in fake_many(items):
            if item.id == "f-002":
                yield ErrorRecord(id="f-002", error="ValueError: model exploded")
            elif item.id == "f-003":
                yield item.model_copy(update={"text": None})  # the store cannot take this
            else:
                yield item

    con = store.connect(tmp_path / "k.duckdb")
    stats = ingest.ingest(con, [FIXTURES / "articles.jsonl"], analyzer=flaky, progress=False)
    assert stats.added == 5 and stats.errors == 4
    msgs = {e["article_id"]: e["error"] for e in query.errors(con)}
    assert msgs["f-002"] == "ValueError: model exploded" and msgs["f-003"].startswith("store:")
    assert query.article(con, "f-003") is None and query.article(con, "f-005") is not None


def test_changed_text_is_reanalysed_and_the_old_version_kept(tmp_path):
    src = tmp_path / "in.jsonl"
    rec = {"id": "v", "url": "https://x.example/v", "published_at": "2024-03-01",
           "text": "De Europese Unie kondigde sancties tegen Rusland aan."}
    src.write_text(json.dumps(rec) + "\n")
    con = store.connect(tmp_path / "k.duckdb")
    ingest.ingest(con, [src], analyzer=fake_many, progress=False)
    ev = query.events(con)[0]["id"]
    rec["text"] += " Hongarije stemde in."
    src.write_text(json.dumps(rec) + "\n")
    stats = ingest.ingest(con, [src], analyzer=fake_many, progress=False)
    assert stats.updated == 1
    assert query.article(con, "v")["text"].endswith("Hongarije stemde in.")
    assert con.execute("SELECT count(*) FROM articles WHERE NOT is_current").fetchone()[0] == 1
    assert [e["id"] for e in query.events(con)] == [ev] and query.events(con)[0]["n_mentions"] == 1


def test_missing_model_fails_before_the_loop(tmp_path, monkeypatch):
    monkeypatch.setattr(ingest, "check_models", lambda langs: (_ for _ in ()).throw(FileNotFoundError("no model")))
    con = store.connect(tmp_path / "k.duckdb")
    with pytest.raises(FileNotFoundError):
        ingest.ingest(con, [FIXTURES / "note.txt"], progress=False)
    assert store.counts(con)["articles"] == 0 and store.counts(con)["errors"] == 0


def test_worker_pool_gives_the_same_store(tmp_path):
    one = store.connect(tmp_path / "one.duckdb")
    ingest.ingest(one, [FIXTURES / "articles.jsonl"], analyzer=fake_many, progress=False)
    two = store.connect(tmp_path / "two.duckdb")
    stats = ingest.ingest(two, [FIXTURES / "articles.jsonl"], analyzer=fake_many, workers=2, progress=False)
    assert stats.added == 7
    assert store.counts(one) == store.counts(two)
    assert query.events(one, limit=1000) == query.events(two, limit=1000)
