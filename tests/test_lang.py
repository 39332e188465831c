"""Language per article: given or detected (kroniek.detect_lang), unsupported languages as one error
record each, and the language filters of the query layer, the CLI and the HTTP API (no model needed)."""
from __future__ import annotations

import json

import httpx
import pytest
from click.testing import CliRunner

from lang_store import build_lang_db
from test_api_fixture import serve

from kroniek import query, store, vocab
from kroniek.cli import main
from kroniek.detect_lang import assign, detect
from kroniek.document import Article, ErrorRecord

NL = ("Het kabinet heeft dinsdag besloten om extra geld uit te trekken voor de opvang van asielzoekers. "
      "De minister zei dat gemeenten het geld nog dit jaar krijgen.")
EN = ("The government decided on Tuesday to spend more money on housing for asylum seekers. "
      "The minister said that local councils would receive the money this year.")
DE = ("Die Bundesregierung hat am Dienstag beschlossen, mehr Geld für die Unterbringung von Asylbewerbern "
      "auszugeben. Der Minister sagte, die Gemeinden erhielten das Geld noch in diesem Jahr.")


# ------------------------------------------------------------------ detection

@pytest.mark.parametrize("text, lang", [(NL, "nl"), (EN, "en"), (NL[:60], "nl"), (EN[:60], "en")])
def test_dutch_and_english_are_detected(text, lang):
    d = detect(text)
    assert d.supported and d.lang == lang and d.confidence > 0.8, d


def test_german_is_detected_as_unsupported():
    d = detect(DE)
    assert not d.supported and d.lang == "de" and d.confidence > 0.9


def test_an_unsure_guess_falls_back_to_the_most_probable_pack():
    d = detect("Gerard Tuk\n\nTon Oomen")  # two names: no language is sure
    assert d.supported and d.lang in ("nl", "en") and d.confidence < 0.5 and d.reason.startswith("uncertain")
    empty = detect("12 345 -- 67")
    assert empty.supported and empty.confidence == 0.0 and "no letters" in empty.reason


def test_assign_keeps_a_given_language_and_records_a_detected_one():
    given = assign(Article(id="a", text=EN, lang="EN"))
    assert (given.lang, given.lang_source, given.lang_confidence) == ("en", "given", None)
    forced = assign(Article(id="a", text=EN), default="nl")  # --lang nl forces Dutch where the input says nothing
    assert (forced.lang, forced.lang_source) == ("nl", "given")
    found = assign(Article(id="a", text=EN, title="Housing"))
    assert found.lang == "en" and found.lang_source == "detected" and 0.8 < found.lang_confidence <= 1.0
    assert assign(found, default="nl") == found  # settled once, kept


@pytest.mark.parametrize("article, message", [
    (Article(id="de", text=DE), "unsupported language 'de' (detected, p=1.00)"),
    (Article(id="fr", text=EN, lang="fr"), "unsupported language 'fr' (given by the input)"),
])
def test_an_unsupported_language_becomes_one_error_line(article, message):
    err = assign(article)
    assert isinstance(err, ErrorRecord) and err.id == article.id
    assert err.error.startswith(message) and "nl, en" in err.error and "\n" not in err.error


def test_the_filter_vocabulary_names_the_languages():
    assert vocab.check_lang(" EN ") == "en" and vocab.check_lang("") is None
    with pytest.raises(ValueError, match="unknown language 'german': expected one of nl, en"):
        vocab.check_lang("german")


# ------------------------------------------------------------------ a mixed store

@pytest.fixture(scope="module")
def lang_db(tmp_path_factory):
    db, stats = build_lang_db(tmp_path_factory.mktemp("lang"))
    return db, stats


def test_mixed_input_is_stored_with_each_language_and_errors_for_the_rest(lang_db):
    db, stats = lang_db
    assert (stats.read, stats.added, stats.errors) == (5, 3, 2)
    assert any("mixed.jsonl:3: unsupported language 'de'" in m for m in stats.error_messages)
    assert any("mixed.jsonl:4: unsupported language 'fr' (given by the input)" in m for m in stats.error_messages)
    con = store.connect(str(db), read_only=True)
    try:
        langs = {a["id"]: a["lang"] for a in query.articles(con, limit=100)}
        assert langs == {"nl-1": "nl", "en-1": "en", "en-2": "en"}
        assert [a["id"] for a in query.articles(con, lang="en")] == ["en-1", "en-2"]
        assert {e["line"] for e in query.errors(con)} == {3, 4}
        assert query.languages(con) == [{"value": "en", "n": 2}, {"value": "nl", "n": 1}]
        # the events, quotes and actors of one language
        nl_events = query.events(con, lang="nl")
        assert nl_events and all(any(m["lang"] == "nl" for m in e["mentions"]) for e in nl_events)
        en_events = query.events(con, lang="en")
        assert {m["article_id"] for e in en_events for m in e["mentions"] if m["lang"] == "en"} == {"en-1", "en-2"}
        assert [q["article_id"] for q in query.quotes(con, lang="en")] == ["en-1"]
        assert [q["text"] for q in query.quotes(con, lang="nl")] == ["Dit is een goede dag voor Europa"]
        en_actors = {a["name"] for a in query.actors(con, lang="en")}
        assert "Jeddah" in en_actors and not any("Oekraïne" in n for n in en_actors)
    finally:
        con.close()


def test_the_analysis_records_how_the_language_was_settled():
    from kroniek.analyze import _analyzer_meta

    class Fake:
        meta = {"lang": "en", "name": "kroniek", "version": "0"}

    detected = assign(Article(id="x", text=EN))
    meta = _analyzer_meta(detected, Fake())
    assert meta["language"]["source"] == "detected" and meta["language"]["detector"].startswith("py3langid")
    assert _analyzer_meta(assign(Article(id="x", text=EN, lang="en")), Fake())["language"] == {
        "code": "en", "source": "given"}


def run(*args, code: int = 0):
    res = CliRunner().invoke(main, list(args))
    assert res.exit_code == code, res.output
    assert "Traceback" not in res.output
    return res


def test_cli_lists_filter_by_language(lang_db):
    db = str(lang_db[0])
    arts = json.loads(run("articles", "--db", db, "--lang", "en", "--format", "json").stdout)
    assert [a["id"] for a in arts] == ["en-1", "en-2"] and {a["lang"] for a in arts} == {"en"}
    quotes = json.loads(run("quotes", "--db", db, "--lang", "NL", "--format", "json").stdout)
    assert [q["article_id"] for q in quotes] == ["nl-1"]
    events = json.loads(run("events", "--db", db, "--lang", "en", "--format", "json").stdout)
    assert events and all(any(m["lang"] == "en" for m in e["mentions"]) for e in events)
    actors = json.loads(run("actors", "--db", db, "--lang", "en", "--format", "json").stdout)
    assert actors and len(actors) < len(json.loads(run("actors", "--db", db, "--format", "json").stdout))
    hits = json.loads(run("search", "Leyen", "--db", db, "--lang", "en", "--format", "json").stdout)
    assert hits["total"] >= 1 and {h["lang"] for h in hits["items"]} == {"en"}
    assert "en-1" in run("articles", "--db", db, "--lang", "en").stdout
    days = json.loads(run("timeline", "--db", db, "--lang", "nl", "--format", "json").stdout)
    con = store.connect(db, read_only=True)
    try:
        assert days and sum(d["n_events"] for d in days) == len(query.events(con, lang="nl"))
    finally:
        con.close()


@pytest.mark.parametrize("command", [["articles"], ["events"], ["quotes"], ["actors"], ["timeline"], ["search", "EU"]])
def test_cli_unknown_language_is_a_usage_error(lang_db, command):
    res = run(*command, "--db", str(lang_db[0]), "--lang", "klingon", code=2)
    assert "Invalid value for '--lang': unknown language 'klingon': expected one of nl, en" in res.output


def test_analyze_cli_keeps_going_past_an_unsupported_article(tmp_path):
    src = tmp_path / "de.jsonl"
    src.write_text(json.dumps({"id": "de-1", "text": DE}) + "\n", encoding="utf8")
    res = run("analyze", "--quiet", "--format", "jsonl", str(src), code=1)
    assert json.loads(res.stdout)["error"].startswith("unsupported language 'de'")
    run("analyze", "--lang", "german", str(src), code=2)
    run("ingest", "--db", str(tmp_path / "x.duckdb"), "--lang", "xx", str(src), code=2)


# ------------------------------------------------------------------ the HTTP API

@pytest.fixture(scope="module")
def api(lang_db):
    with serve(lang_db[0]) as base:
        with httpx.Client(base_url=base, timeout=30) as c:
            yield c


def test_api_lists_filter_by_language(api):
    arts = api.get("/api/articles", params={"lang": "en"}).json()
    assert [a["id"] for a in arts["items"]] == ["en-1", "en-2"] and arts["total"] == 2
    quotes = api.get("/api/quotes", params={"lang": "en"}).json()
    assert [q["article_id"] for q in quotes["items"]] == ["en-1"] and quotes["items"][0]["lang"] == "en"
    speakers = api.get("/api/quotes/speakers", params={"lang": "nl"}).json()
    assert speakers["total"] == 1
    events = api.get("/api/events", params={"lang": "nl"}).json()
    assert events["items"] and all(any(m["lang"] == "nl" for m in e["mentions"]) for e in events["items"])
    timeline = api.get("/api/timeline", params={"lang": "en"}).json()["items"]
    assert {d["date"] for d in timeline} <= {"2025-03-11", "2025-03-12"} and timeline
    search = api.get("/api/search", params={"q": "Leyen", "lang": "nl"}).json()
    assert search["total"] >= 1 and {h["lang"] for h in search["items"]} == {"nl"}
    assert api.get("/api/meta").json()["languages"] == [{"value": "en", "n": 2}, {"value": "nl", "n": 1}]


def test_api_language_facet_counts_match_the_filtered_lists(api):
    facets = api.get("/api/facets", params={"facet": "languages"}).json()
    for row in facets["languages"]:
        listed = api.get("/api/events", params={"lang": row["value"]}).json()["total"]
        assert listed == row["n"]
    series = api.get("/api/series", params={"lang": "en"}).json()
    assert sum(d["n"] for d in series["days"]) == api.get("/api/events", params={"lang": "en"}).json()["total"]


def test_api_download_keeps_the_language_filter(api):
    r = api.get("/api/articles", params={"lang": "en", "format": "csv"})
    assert r.status_code == 200, r.text
    lines = r.text.strip().splitlines()
    assert "lang" in lines[0].split(",") and len(lines) == 3 and all(",en" in line for line in lines[1:])


@pytest.mark.parametrize("path", ["/api/articles", "/api/events", "/api/quotes", "/api/actors", "/api/timeline",
                                  "/api/network", "/api/facets", "/api/series", "/api/quotes/speakers"])
def test_api_unknown_language_is_422_with_one_line(api, path):
    r = api.get(path, params={"lang": "german"})
    assert r.status_code == 422
    assert "unknown language 'german': expected one of nl, en" in json.dumps(r.json())


def test_api_analyze_refuses_a_detected_unsupported_language_before_any_model(api):
    r = api.post("/analyze", json={"text": DE})
    assert r.status_code == 422 and r.json()["detail"].startswith("unsupported language 'de' (detected")



def test_hand_over_passes_the_language_to_the_server(tmp_path):
    from lang_store import lang_many, write_input
    from test_store_owner import serve_owner

    from kroniek.server import handoff

    db = tmp_path / "owned.duckdb"
    src = write_input(tmp_path)
    with serve_owner(db, analyzer=lang_many) as base:
        forced = handoff.hand_over(base, [src], lang="en")  # lines without lang are English now, German included
        assert (forced["added"], forced["errors"]) == (4, 1)  # only the line that declares French fails
        r = httpx.post(f"{base}/api/ingest", params={"name": "x.jsonl", "lang": "german"}, content=b"{}")
        assert r.status_code == 422 and "unknown language 'german'" in r.text
        arts = httpx.get(f"{base}/api/articles", params={"lang": "en"}).json()
    assert {a["id"] for a in arts["items"]} == {"nl-1", "en-1", "de-1", "en-2"}


def test_plain_text_files_are_detected_too(tmp_path):
    from lang_store import lang_many

    from kroniek import ingest

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "housing.txt").write_text(EN, encoding="utf8")
    (tmp_path / "in" / "wohnen.txt").write_text(DE, encoding="utf8")
    con = store.connect(str(tmp_path / "t.duckdb"))
    try:
        stats = ingest.ingest(con, [tmp_path / "in"], analyzer=lang_many, progress=False)
        assert (stats.added, stats.errors) == (1, 1) and "wohnen.txt: unsupported language 'de'" in stats.error_messages[0]
        stored = query.article(con, "housing")
        assert stored["lang"] == "en" and stored["analyzer"]["language"]["source"] == "detected"
    finally:
        con.close()


def test_the_readable_chronicle_names_the_language():
    from kroniek.document import Analysis
    from kroniek.render import render_analysis

    detected = Analysis(id="x", text="t", lang="en",
                        analyzer={"language": {"code": "en", "source": "detected", "confidence": 0.987}})
    assert "x · language en (detected, 99%)" in render_analysis(detected)
    assert "y · language nl\n" in render_analysis(Analysis(id="y", text="t", lang="nl"))
