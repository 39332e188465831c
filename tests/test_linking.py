"""Across articles: actor merges and event clustering, with stable ids and a merge trail."""
from __future__ import annotations

import json

import pytest

from kroniek import linking, query, store

from store_examples import all_examples, build, maduro_a, maduro_b, protest_c


@pytest.fixture
def con():
    c = store.connect(":memory:")
    yield c
    c.close()


def _actor(con, name):
    rows = [a for a in query.actors(con, limit=1000) if a["name"] == name]
    assert len(rows) == 1, rows
    return rows[0]


def test_norm_ignores_spelling_accents_and_articles():
    assert linking.norm("Nicolás Maduro") == linking.norm("nicolas  maduro") == "nicolas maduro"
    assert linking.norm("de Europese Unie") == linking.norm("Europese Unie")
    assert linking.norm("Guaidó's") == "guaido s"
    assert linking.norm(None) == ""


def test_actor_merged_across_spellings_with_evidence(con):
    for a in all_examples():
        store.write_analysis(con, a)
    maduro = _actor(con, "Nicolás Maduro")
    assert maduro["n_articles"] == 3
    assert "Nicolas Maduro" in maduro["aliases"] and "Maduro" in maduro["aliases"]
    trail = query.actor_merges(con, maduro["id"])
    assert [t["article_id"] for t in trail] == ["nos-1", "ad-7", "nrc-3"]
    assert trail[0]["rule"] == "new actor"
    assert trail[1]["rule"] == "same canonical name" and "Nicolas Maduro" in trail[1]["evidence"]


def test_surname_merges_with_the_full_name(con):
    store.write_analysis(con, maduro_a())
    store.write_analysis(con, maduro_b())  # "Kriener" only
    kriener = _actor(con, "Daniel Kriener")
    assert kriener["n_articles"] == 2
    rules = {t["rule"] for t in query.actor_merges(con, kriener["id"])}
    assert "same surname" in rules or "mention is a canonical name" in rules


def test_translated_canonical_names_merge_and_different_countries_do_not(con):
    # the actor layer gives canonical English names: Duitsland and Germany are one actor
    a = build("d-1", "Duitsland protesteert.", published_at="2019-03-08",
              actors=[("g", "Germany", "state", "DEU", None, ["Duitsland"])])
    b = build("d-2", "Germany protests.", published_at="2019-03-08",
              actors=[("g", "Germany", "state", "DEU", None, ["Germany"])])
    c = build("d-3", "Georgia in de VS.", published_at="2019-03-08",
              actors=[("g", "Georgia", "state", "USA", None, ["Georgia"])])
    d = build("d-4", "Georgia in de Kaukasus.", published_at="2019-03-08",
              actors=[("g", "Georgia", "state", "GEO", None, ["Georgia"])])
    for x in (a, b, c, d):
        store.write_analysis(con, x)
    names = sorted((r["name"], r["country"]) for r in query.actors(con))
    assert names == [("Georgia", "GEO"), ("Georgia", "USA"), ("Germany", "DEU")]


def test_one_event_reported_twice_is_one_event(con):
    store.write_analysis(con, maduro_a())
    store.write_analysis(con, maduro_b())
    sanction = query.events(con, type="SANCTION")
    assert len(sanction) == 1
    e = sanction[0]
    assert e["n_mentions"] == 2 and e["n_articles"] == 2
    assert e["date"] == "2019-03-06"  # the founding mention's date
    assert e["place"]["name"] == "Caracas" and e["place"]["lat"] == pytest.approx(10.488)
    assert e["confidence"] > max(m["confidence"] for m in e["mentions"])  # two reports: more certain
    merged = e["mentions"][1]
    assert merged["article_id"] == "ad-7"
    assert merged["merge_rule"].startswith("same type, source, target")
    assert json.loads(merged["merge_evidence"])["days_apart"] == 1


def test_event_ids_are_stable_when_articles_are_added_and_reingested(con):
    store.write_analysis(con, maduro_a())
    first = query.events(con)[0]["id"]
    store.write_analysis(con, maduro_b())
    store.write_analysis(con, protest_c())
    store.write_analysis(con, maduro_a())
    assert query.events(con, type="SANCTION")[0]["id"] == first
    # the id depends on the event, not on the database: a fresh store gives the same one
    other = store.connect(":memory:")
    store.write_analysis(other, maduro_a())
    assert query.events(other)[0]["id"] == first


def _one_event(id, text, date, *, published="2019-03-07", location=None, negated=False, url=None):
    return build(id, text, published_at=published, url=url,
                 actors=[("a", "Nicolás Maduro", "person", "VEN", None, ["Maduro"]),
                         ("b", "Daniel Kriener", "person", "DEU", None, ["Kriener"])],
                 events=[dict(type="SANCTION", trigger="uitgezet", source="a", target="b", date=date,
                              location=location, negated=negated)])


def test_events_outside_the_window_or_elsewhere_or_negated_stay_apart(con):
    store.write_analysis(con, _one_event("e1", "Maduro heeft Kriener uitgezet.", "2019-03-06", location="Caracas"))
    store.write_analysis(con, _one_event("e2", "Maduro heeft Kriener weer uitgezet.", "2019-03-20"))
    store.write_analysis(con, _one_event("e3", "Maduro heeft Kriener in Bogota uitgezet.", "2019-03-06",
                                         location="Bogota"))
    store.write_analysis(con, _one_event("e4", "Maduro heeft Kriener niet uitgezet.", "2019-03-06", negated=True))
    store.write_analysis(con, _one_event("e5", "Maduro had Kriener toen uitgezet.", "2019-03-07"))
    evs = query.events(con)
    assert len(evs) == 4
    by_article = {m["article_id"]: e["id"] for e in evs for m in e["mentions"]}
    assert by_article["e5"] == by_article["e1"]
    assert len({by_article[x] for x in ("e1", "e2", "e3", "e4")}) == 4


def test_undated_mentions_cluster_on_the_story_date(con):
    store.write_analysis(con, _one_event("u1", "Maduro heeft Kriener uitgezet.", None, published="2019-03-07"))
    store.write_analysis(con, _one_event("u2", "Maduro heeft Kriener ook uitgezet.", None, published="2019-03-08"))
    evs = query.events(con)
    assert len(evs) == 1 and evs[0]["date"] == "2019-03-07" and evs[0]["date_from_text"] is False


def test_unnamed_participants_stay_on_the_mention(con):
    a = build("b-1", "Rusland heeft maandag de havenstad Odesa beschoten. Hij sprak van burgers.",
              published_at="2024-03-04",
              actors=[("r", "Russia", "state", "RUS", "government", ["Rusland"])],
              events=[dict(type="ASSAULT", trigger="beschoten", source="r", target="burgers")])
    a.actors[0].mentions.append((a.text.index("Hij"), a.text.index("Hij") + 3))
    store.write_analysis(con, a)
    assert [(x["name"], x["aliases"]) for x in query.actors(con)] == [("Russia", ["Rusland"])]
    e = query.events(con)[0]
    assert e["source"]["name"] == "Russia" and e["target"] is None
    assert con.execute("SELECT target_name FROM event_mentions").fetchone()[0] == "burgers"
