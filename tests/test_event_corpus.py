"""The annotated event corpora (training/events/ Dutch, training/events_en/ English): valid offsets,
types, modes and splits.

The corpus is what the learned event coder trains on, so a broken offset or a document in two
splits would silently corrupt the model or its test score. These checks read the committed files.
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "training" / "events"
# per corpus: least sentences, least committed event mentions, least sentences read twice for agreement
CORPORA = {"nl": (CORPUS, 3000, 1000, 300), "en": (ROOT / "training" / "events_en", 3000, 500, 100)}
SPLITS = ("train", "dev", "test")
PLOVER = json.loads((ROOT / "src" / "kroniek" / "data" / "plover_types.json").read_text())["types"]
FACTUALITY = {"asserted", "negated", "future", "hypothetical"}


def _read(folder: Path, split: str) -> list[dict]:
    return [json.loads(x) for x in (folder / f"{split}.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]


@pytest.fixture(scope="module", params=sorted(CORPORA))
def which(request) -> tuple[Path, int, int, int]:
    return CORPORA[request.param]


@pytest.fixture(scope="module")
def corpus(which) -> dict[str, list[dict]]:
    return {s: _read(which[0], s) for s in SPLITS}


def _corpus_tool():
    spec = importlib.util.spec_from_file_location("event_corpus", CORPUS / "corpus.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_splits_are_disjoint_by_document_and_the_test_split_is_large_enough(corpus, which):
    ids = {s: {d["id"] for d in docs} for s, docs in corpus.items()}
    assert not ids["train"] & ids["dev"] and not ids["train"] & ids["test"] and not ids["dev"] & ids["test"]
    sentences = {s: sum(len(d["sentences"]) for d in docs) for s, docs in corpus.items()}
    total = sum(sentences.values())
    assert total >= which[1]
    assert sentences["test"] / total >= 0.15
    # each document keeps the split it was given before annotation (docs.jsonl)
    planned = {json.loads(x)["id"]: json.loads(x)["split"] for x in (which[0] / "docs.jsonl").read_text().splitlines() if x.strip()}
    for s, docs in corpus.items():
        assert all(planned[d["id"]] == s for d in docs)


def test_every_span_is_where_its_offsets_say(corpus, which):
    n = 0
    for docs in corpus.values():
        for d in docs:
            text = d["text"]
            for s in d["sentences"]:
                assert 0 <= s["start"] <= s["end"] <= len(text)
            for ev in d["all_events"]:
                sent = d["sentences"][ev["sentence_index"]]
                assert text[sent["start"] : sent["end"]] == ev["sentence"]
                trig = ev["trigger"]
                assert text[trig["start"] : trig["end"]] == trig["text"]
                assert sent["start"] <= trig["start"] < trig["end"] <= sent["end"]
                for role in ("source", "target", "when"):
                    a = ev.get(role)
                    if a and "start" in a:
                        assert text[a["start"] : a["end"]] == a["text"]
                        assert sent["start"] <= a["start"] < a["end"] <= sent["end"]
                n += 1
    assert n > which[2]


def test_types_modes_factuality_and_countries_are_valid(corpus):
    countries = _corpus_tool().countries()
    for docs in corpus.values():
        for d in docs:
            for ev in d["all_events"]:
                assert ev["type"] in PLOVER
                assert ev["mode"] is None or ev["mode"] in PLOVER[ev["type"]]["modes"]
                assert ev["factuality"] in FACTUALITY
                for role in ("source", "target"):
                    a = ev.get(role)
                    assert a is None or a.get("country") is None or a["country"] in countries
            # the scored events are exactly the asserted ones, in the gold format
            assert d["events"] == [e for e in d["all_events"] if e["factuality"] == "asserted"]


def test_readme_and_stats_agree_with_the_files(corpus, which):
    stats = json.loads((which[0] / "stats.json").read_text())
    for s, docs in corpus.items():
        # texts that may not be shipped are counted in stats (research_only) but kept out of the committed files
        kept_out = stats["splits"][s].get("research_only", {})
        assert stats["splits"][s]["documents"] - kept_out.get("documents", 0) == len(docs)
        assert stats["splits"][s]["sentences"] - kept_out.get("sentences", 0) == sum(len(d["sentences"]) for d in docs)
        assert stats["splits"][s]["events"] - kept_out.get("events", 0) == sum(len(d["all_events"]) for d in docs)
    agreement = json.loads((which[0] / "agreement.json").read_text())
    assert agreement["sentences"] >= which[3]


def test_the_test_split_is_frozen(which):
    """test.jsonl is scored once, at the end: its checksum is recorded when the corpus is built."""
    digest = hashlib.sha256((which[0] / "test.jsonl").read_bytes()).hexdigest()
    assert (which[0] / "test.sha256").read_text().split()[0] == digest


def test_the_annotation_checker_finds_spans_and_reports_problems(tmp_path):
    tool = _corpus_tool()
    assert tool.find("hij zei dat hij zei", "zei#2") == (16, 19)
    assert tool.find("hij zei", "zegt") is None
    docs = tool.read_docs()
    doc_id = sorted(docs)[0]
    sentence = docs[doc_id]["text"][docs[doc_id]["sentences"][0]["start"] : docs[doc_id]["sentences"][0]["end"]]
    word = sentence.split()[0]
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"doc": doc_id, "sent": 0, "type": "ATTACK", "mode": None, "trigger": word,
                               "source": "no such words here", "source_country": "NL", "target": None,
                               "factuality": "asserted"}) + "\n")
    problems = tool.check(bad, [doc_id], docs)
    assert any("unknown type 'ATTACK'" in p for p in problems)
    assert any("not found" in p for p in problems)
    assert any("'NL' is not an ISO" in p for p in problems)
    assert any("not marked done" in p for p in problems)


def test_a_span_is_found_as_whole_words_before_inside_a_longer_word():
    find = _corpus_tool().find
    sentence = "After the vote he said the strike (staking) and the stakingsactie ended."
    assert sentence[slice(*find(sentence, "he"))] == "he" and find(sentence, "he")[0] == sentence.index(" he ") + 1
    assert find(sentence, "he#1") == (sentence.index("the") + 1, sentence.index("the") + 3)  # #n counts every occurrence
    assert find(sentence, "staking") == (sentence.index("(staking") + 1, sentence.index("(staking") + 8)
    assert find(sentence, "stakings") == (sentence.index("stakingsactie"), sentence.index("stakingsactie") + 8)
    assert find(sentence, "absent") is None
