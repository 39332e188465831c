"""Across languages: a Dutch and an English report of one meeting share actors and one event in the store."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kroniek import query, store
from kroniek.actors_dict import ActorDictionary
from kroniek.lang import get_pack

ROOT = Path(__file__).resolve().parents[1]
EN_MODEL = ROOT / "src" / "kroniek" / "models" / "en_kroniek"
NL_MODEL = ROOT / "src" / "kroniek" / "models" / "nl_kroniek"


@pytest.fixture(scope="module")
def dictionaries():
    return ActorDictionary(get_pack("nl")), ActorDictionary(get_pack("en"))


@pytest.mark.parametrize("dutch, english, actor", [
    ("Poetin", "Putin", "vladimir-putin"),
    ("Oekraïne", "Ukraine", "state:UKR"),
    ("Zelenski", "Zelenskyy", "volodymyr-zelenskyy"),
    ("Zelensky", "Zelensky", "volodymyr-zelenskyy"),
    ("Verenigde Staten", "U.S.", "state:USA"),
    ("VN", "UN", "united-nations"),
    ("ministerie van Justitie", "Justice Department", "us-doj"),
])
def test_dutch_and_english_names_reach_one_dictionary_actor(dictionaries, dutch, english, actor):
    nl, en = dictionaries
    person = actor.count("-") and not actor.startswith(("state:", "us-", "united"))
    a = nl.best(dutch, None, {"USA": 1.0}, person=bool(person))
    b = en.best(english, None, {"USA": 1.0}, person=bool(person))
    assert a is not None and b is not None and a.id == b.id == actor


def test_english_nationality_words_code_their_state(dictionaries):
    _, en = dictionaries
    assert en.nationalities["french"].country == "FRA"
    assert en.nationalities["american"].country == "USA" and not en.nationalities["american"].people
    assert en.nationalities["ukrainians"].people
    assert en.nationalities["kurdish"].country == "-"
    assert en.titles["secretary of state"]["office"] == "foreign minister"  # Rubio's office in the dictionary
    assert en.seats["kremlin"]["country"] == "RUS" and en.seats["brussels"]["country"] == "european-union"


@pytest.mark.skipif(not (EN_MODEL / "meta.json").exists() or not (NL_MODEL / "meta.json").exists(),
                    reason="the Dutch and English models are needed")
@pytest.mark.skipif(not (ROOT / "samples" / "articles_en.jsonl").exists(), reason="the English sample is needed")
def test_dutch_and_english_reports_cluster_into_one_event(tmp_path):
    from kroniek.analyze import analyze
    from kroniek.document import Article
    from kroniek.nlp import pipeline

    # the Jeddah talks of 11 March 2025 in the bundled samples, reported in Dutch and in English
    dutch = json.loads((ROOT / "samples" / "articles.jsonl").read_text(encoding="utf8").splitlines()[0])
    english = json.loads((ROOT / "samples" / "articles_en.jsonl").read_text(encoding="utf8").splitlines()[0])
    assert "Jeddah" in dutch["text"] and "Jeddah" in english["text"]
    nl = analyze(Article(id="jeddah-nl", text=dutch["text"], title=dutch.get("title"),
                         published_at=dutch["published_at"], lang="nl"), pipeline.load("nl"))
    en = analyze(Article(id="jeddah-en", text=english["text"], title=english.get("title"),
                         published_at=english["published_at"], lang="en"), pipeline.load("en"))
    con = store.connect(tmp_path / "k.duckdb")
    try:
        store.write_analysis(con, nl)
        store.write_analysis(con, en)
        # the actors both reports name are one actor each, found in two articles
        names = {a["name"]: a for a in query.actors(con, limit=1000)}
        for name in ("Ukraine", "United States", "Russia", "Volodymyr Zelenskyy", "Marco Rubio"):
            assert names[name]["n_articles"] == 2, (name, names[name])
        # and the agreement reached in Jeddah is one event with a source in each language
        rows = con.execute(
            """SELECT m.event_id, e.type, count(DISTINCT a.id), list(DISTINCT a.lang ORDER BY a.lang)
               FROM current_event_mentions m JOIN articles a ON a.hash = m.article_hash
               JOIN events e ON e.id = m.event_id
               GROUP BY m.event_id, e.type HAVING count(DISTINCT a.lang) = 2""").fetchall()
        assert any(t == "AGREE" and n == 2 and langs == ["en", "nl"] for _, t, n, langs in rows), rows
        event = next(e for e in query.events(con, type="AGREE", limit=100) if e["n_articles"] == 2)
        assert {m["article_id"] for m in event["mentions"]} == {"jeddah-nl", "jeddah-en"}
        # the PLOVER export gives each event the languages of its sources
        from kroniek.export import plover_records

        rec = next(r for r in plover_records(con) if r["event_id"] == event["id"])
        assert rec["languages"] == ["en", "nl"] and rec["language"] in ("en", "nl")
    finally:
        con.close()


SHARED = ROOT.parent / "shared"


@pytest.mark.skipif(not (SHARED / "data" / "plover" / "countries.csv").exists(), reason="../shared not present")
def test_english_nationalities_are_rebuilt_from_the_shared_tables():
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_actor_data", ROOT / "training" / "en" / "build_actor_data.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    rows = mod.build(SHARED)
    shipped = [line.split("\t") for line in (ROOT / "src" / "kroniek" / "data" / "en" / "nationalities.tsv")
               .read_text(encoding="utf8").splitlines() if line and not line.startswith(("#", "country\t"))]
    assert rows == shipped
    assert ["PSE", "Palestinian", "Palestinians", "Palestinian", "Palestinians"] in rows
    assert not any("Palestine" in r[1].split("|") for r in rows)  # a country name, not a demonym
