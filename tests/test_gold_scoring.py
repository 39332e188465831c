"""The scorer follows GOLD_FORMAT.md: checked on small hand-made cases."""
from kroniek.evaluate.gold import score, score_entities, score_events, score_quotes, score_timexes

TEXT = "Maduro zei dat Duitsland moet stoppen."


def ent(s, e, label, **kw):
    return {"start": s, "end": e, "text": TEXT[s:e], "label": label, **kw}


def test_entities_exact_span_label_alt_and_optional():
    gold = [ent(0, 6, "PER"), ent(15, 24, "LOC", alt_labels=["MISC"]), ent(28, 35, "ORG", optional=True)]
    # right, right via alt label, optional found (ignored), one spurious
    pred = [ent(0, 6, "PER"), ent(15, 24, "MISC"), ent(28, 35, "ORG"), ent(7, 10, "MISC")]
    r = score_entities(pred, gold)
    assert (r["tp"], r["fp"], r["fn"]) == (2, 1, 0)
    # optional span missed: not an error
    r = score_entities([ent(0, 6, "PER")], gold)
    assert (r["tp"], r["fp"], r["fn"]) == (1, 0, 1)
    # wrong label on a gold span: one fp and one fn
    r = score_entities([ent(0, 6, "ORG")], [ent(0, 6, "PER")])
    assert (r["tp"], r["fp"], r["fn"]) == (0, 1, 1)


def test_quotes_match_when_overlap_covers_half_of_gold():
    gold = [{"start": 10, "end": 30, "kind": "indirect", "speaker": "Nicolás Maduro"}]
    assert score_quotes([{"start": 20, "end": 40, "speaker": "Nicolas Maduro"}], gold)["tp"] == 1
    assert score_quotes([{"start": 21, "end": 40, "speaker": None}], gold)["tp"] == 0
    r = score_quotes([{"start": 10, "end": 30, "speaker": "Maduro"}], gold)
    assert r["tp"] == 1 and r["speaker_correct"] == 0


def test_timex_overlap_and_value():
    gold = [{"start": 0, "end": 8, "value": "2019-03-06"}, {"start": 20, "end": 30, "value": "P2W"}]
    pred = [{"start": 2, "end": 8, "value": "2019-03-06"}, {"start": 25, "end": 35, "value": "P3W"}, {"start": 40, "end": 45, "value": "X"}]
    r = score_timexes(pred, gold)
    assert (r["tp"], r["fp"], r["fn"], r["value_correct"]) == (2, 1, 0, 1)


def test_events_are_matched_one_to_one_per_article():
    e = lambda t, s, g: {"type": t, "source": {"name": s, "country": s[:3].upper()}, "target": {"name": g, "country": g[:3].upper()}}
    gold = [e("AGREE", "Ukraine", "United States"), e("ASSAULT", "Russia", "Ukraine")]
    pred = [e("AGREE", "Ukraine", "United States"), e("AGREE", "Ukraine", "United States"), e("ASSAULT", "Russia", "Poland")]
    r = score_events(pred, gold)
    # the second AGREE has no gold event left to match: one-to-one, not as sets
    assert (r["type"]["tp"], r["type"]["fp"], r["type"]["fn"]) == (2, 1, 0)
    assert (r["type_country"]["tp"], r["type_country"]["fp"], r["type_country"]["fn"]) == (1, 2, 1)
    # five gold accusations need five predictions
    gold5 = [e("ACCUSE", "Ukraine", "Russia")] * 5
    assert score_events([e("ACCUSE", "Ukraine", "Russia")] * 2, gold5)["type"]["r"] == 0.4


def test_event_names_match_on_surname():
    ev = lambda s: {"type": "ACCUSE", "source": {"name": s, "country": "NLD"}, "target": None}
    r = score_events([ev("Rutte")], [ev("Mark Rutte")])
    assert r["type_name"]["tp"] == 1
    assert score_events([ev("Wilders")], [ev("Mark Rutte")])["type_name"]["tp"] == 0


def test_score_matches_articles_by_id_and_counts_missing_as_empty():
    gold = [{"id": "a", "entities": [ent(0, 6, "PER")], "quotes": [], "timexes": [], "events": []},
            {"id": "b", "entities": [ent(0, 6, "PER")], "quotes": [], "timexes": [], "events": []}]
    r = score([{"id": "a", "entities": [ent(0, 6, "PER")]}], gold)
    assert r["entities"]["tp"] == 1 and r["entities"]["fn"] == 1 and r["articles"] == 2
