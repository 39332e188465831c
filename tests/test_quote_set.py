"""The quote set (training/quotes/): offsets, kinds, splits and the frozen test split.

It measures the quote layer on text its rules were not written for, so a wrong offset would
silently change the reported speaker accuracy. These checks read the committed files.
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
QUOTES = ROOT / "training" / "quotes"
EVENTS = ROOT / "training" / "events"


def _read(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


@pytest.fixture(scope="module")
def quote_set() -> dict[str, list[dict]]:
    return {s: _read(QUOTES / f"{s}.jsonl") for s in ("dev", "test")}


def _tool():
    spec = importlib.util.spec_from_file_location("quote_corpus", QUOTES / "quote_corpus.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_documents_keep_their_planned_split_and_no_training_document_is_used(quote_set):
    planned = {d["id"]: d["split"] for d in _read(EVENTS / "docs.jsonl") + _read(QUOTES / "docs_meantime.jsonl")}
    for split, docs in quote_set.items():
        assert docs, split
        assert all(planned[d["id"]] == split for d in docs)


def test_every_quote_is_where_its_offsets_say_and_has_a_kind(quote_set):
    n = 0
    for docs in quote_set.values():
        for d in docs:
            for q in d["quotes"]:
                assert d["text"][q["start"]:q["end"]] == q["text"]
                assert q["kind"] in ("direct", "partial", "indirect")
                assert q["speaker"] is None or q["speaker"].strip()
                if "speaker_start" in q:
                    assert q["speaker_end"] > q["speaker_start"]
                n += 1
    assert n >= 200  # enough quotes for a speaker accuracy worth reporting


def test_the_test_split_is_frozen():
    digest = hashlib.sha256((QUOTES / "test.jsonl").read_bytes()).hexdigest()
    assert (QUOTES / "test.sha256").read_text().split()[0] == digest


def test_the_checker_finds_quotes_and_reports_problems(tmp_path):
    tool = _tool()
    assert tool.find("hij zei: ja, ja", "ja#2", 0) == (13, 15)
    docs = tool.read_docs()
    doc_id = sorted(docs)[0]
    s0 = docs[doc_id]["sentences"][0]
    words = docs[doc_id]["text"][s0["start"]:s0["end"]].split()[0]
    good = {"doc": doc_id, "sent": 0, "kind": "indirect", "quote": words, "speaker": None, "speaker_text": None, "cue": None}
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(good) + "\n" + json.dumps({**good, "kind": "direct-ish", "quote": "no such words"}) + "\n")
    problems = tool.check(bad, [doc_id], docs)
    assert any("kind 'direct-ish'" in p for p in problems)
    assert any("not found" in p for p in problems)
    assert any("not marked done" in p for p in problems)
    assert len(problems) == 3  # the good record has none
