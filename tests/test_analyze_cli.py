"""`kroniek analyze` end to end: inputs, formats, per-article errors, exit code."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import needs_model

pytestmark = needs_model
KRONIEK = [sys.executable, "-m", "kroniek"]
ROOT = Path(__file__).resolve().parents[1]


def run(args, stdin=None):
    return subprocess.run(KRONIEK + args, input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=300)


def test_plain_text_stdin_with_date_gives_gold_format_json():
    text = "De Franse president Emmanuel Macron bezocht dinsdag Berlijn.\n\nHij sprak daar met bondskanselier Olaf Scholz."
    r = run(["analyze", "--format", "json", "--date", "2025-03-13"], stdin=text)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    for key in ("id", "lang", "published_at", "text", "entities", "quotes", "timexes", "events", "sentences", "schema_version"):
        assert key in out
    assert out["published_at"] == "2025-03-13"
    assert out["text"] == text
    for e in out["entities"]:
        assert text[e["start"]:e["end"]] == e["text"]
        assert 0 <= e["confidence"] <= 1 and e["reason"]
        s = out["sentences"][e["sentence"]]
        assert s["start"] <= e["start"] < s["end"]
    # the paragraph break is a sentence break
    assert any(s["start"] == text.index("Hij") for s in out["sentences"])


def test_jsonl_keeps_ids_and_reports_bad_lines_without_stopping(tmp_path):
    f = tmp_path / "in.jsonl"
    f.write_text(
        json.dumps({"id": "ok-1", "text": "Rutte sprak in Brussel met Macron.", "published_at": "2024-05-02"}) + "\n"
        + json.dumps({"id": "no-text"}) + "\n"
        + "{broken json\n"
        + json.dumps({"id": "ok-2", "text": "Poetin bezocht Peking."}) + "\n",
        encoding="utf8",
    )
    r = run(["analyze", "--format", "jsonl", "--quiet", str(f)])
    assert r.returncode == 1  # some articles failed
    recs = [json.loads(line) for line in r.stdout.splitlines()]
    assert [x.get("id") for x in recs] == ["ok-1", "no-text", None, "ok-2"]
    assert "error" in recs[1] and "text" in recs[1]["error"]
    assert "invalid JSON" in recs[2]["error"] and recs[2]["line"] == 3
    assert recs[3]["entities"], "the article after the broken ones is still analysed"
    assert "2 of 4 article(s) failed" in r.stderr


def test_text_format_is_a_readable_chronicle(tmp_path):
    f = tmp_path / "brief.txt"
    f.write_text("Bondskanselier Olaf Scholz ontmoette woensdag in Parijs president Emmanuel Macron.", encoding="utf8")
    r = run(["analyze", str(f), "--date", "2024-01-10"])
    assert r.returncode == 0, r.stderr
    assert "brief" in r.stdout and "Entities" in r.stdout and "Scholz" in r.stdout


def test_model_path_loads_with_plain_spacy():
    r = run(["model", "path"])
    path = r.stdout.strip()
    import spacy

    nlp = spacy.load(path)
    assert {"tok2vec", "parser", "ner", "morphologizer"} <= set(nlp.pipe_names)
    doc = nlp("Zelensky zei:\"Nee\" tegen Kyiv/Washington.")
    assert [t.text for t in doc][:6] == ["Zelensky", "zei", ":", '"', "Nee", '"']
    assert "/" in [t.text for t in doc]
