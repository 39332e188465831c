"""Scoring an English test split again keeps the earlier scoring and says so in the report."""
import importlib.util
import json
import sys
from pathlib import Path

from kroniek.evaluate.english import rescoring_note

ROOT = Path(__file__).resolve().parents[1]


def _load():
    spec = importlib.util.spec_from_file_location("rescore_test", ROOT / "training/en/rescore_test.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_rescore_keeps_earlier_scoring(tmp_path, monkeypatch):
    mod = _load()
    monkeypatch.setattr(mod, "RESULTS", tmp_path)
    (tmp_path / "events.json").write_text(json.dumps({"date": "2026-12-07", "test": {"f": 0.35}, "dev": {"f": 0.6}}))
    writer = f"import json; open({str(tmp_path / 'events.json')!r}, 'w').write(json.dumps({{'date': '2026-12-08', 'test': {{'f': 0.5}}}}))"
    assert mod.main(["events", "--why", "more training data", "--", sys.executable, "-c", writer]) == 0
    rec = json.loads((tmp_path / "events.json").read_text())
    assert rec["test"] == {"f": 0.5} and rec["dev"] == {"f": 0.6}  # the dev figures the scoring did not write stay
    assert rec["earlier_test_scorings"] == [{"date": "2026-12-07", "test": {"f": 0.35}}]
    assert rec["rescored"]["times_scored"] == 2
    note = " ".join(rescoring_note("events", tmp_path))
    assert "scored 2 times" in note and "2026-12-07" in note and "more training data" in note


def test_failed_rescoring_leaves_the_record(tmp_path, monkeypatch):
    mod = _load()
    monkeypatch.setattr(mod, "RESULTS", tmp_path)
    before = {"date": "2026-12-07", "test": {"f": 0.35}}
    (tmp_path / "timex.json").write_text(json.dumps(before))
    assert mod.main(["timex", "--why", "x", "--", sys.executable, "-c", "raise SystemExit(3)"]) == 3
    assert json.loads((tmp_path / "timex.json").read_text()) == before
    assert rescoring_note("timex", tmp_path) == []
