"""Mixed-language input through the trained pipelines: the Dutch and the English sample of the Jeddah talks
in one JSONL, through ``kroniek analyze`` and ``kroniek ingest`` (each article with its own model)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kroniek import query, store
from kroniek.cli import main
from kroniek.lang import get_pack

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"

pytestmark = pytest.mark.skipif(
    not all((get_pack(code).model_path / "meta.json").exists() for code in ("nl", "en")),
    reason="the Dutch and the English model (models/nl_kroniek, models/en_kroniek) are both needed")


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> Path:
    """sample-001 (Dutch), sample-en-001 (English) and a German line, none giving its language."""
    nl = json.loads((SAMPLES / "articles.jsonl").read_text(encoding="utf8").splitlines()[0])
    en = json.loads((SAMPLES / "articles_en.jsonl").read_text(encoding="utf8").splitlines()[0])
    de = {"id": "de-1", "text": "Die Ukraine und die Vereinigten Staaten haben sich am Dienstag in Dschidda "
                                "auf eine Waffenruhe von dreißig Tagen geeinigt."}
    path = tmp_path_factory.mktemp("mixed") / "mixed.jsonl"
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in (nl, en, de)), encoding="utf8")
    return path


def test_analyze_runs_each_article_through_its_own_language(mixed):
    res = CliRunner().invoke(main, ["analyze", "--quiet", "--format", "jsonl", str(mixed)])
    assert res.exit_code == 1, res.output  # the German article fails, the others are analysed
    out = [json.loads(line) for line in res.stdout.splitlines()]
    assert [r["id"] for r in out] == ["sample-001", "sample-en-001", "de-1"]
    nl, en, de = out
    assert nl["lang"] == "nl" and nl["analyzer"]["model"] == "nl_kroniek"
    assert en["lang"] == "en" and en["analyzer"]["model"] == "en_kroniek"
    for r in (nl, en):
        assert r["analyzer"]["language"]["source"] == "detected" and r["analyzer"]["language"]["confidence"] > 0.9
        assert len(r["sentences"]) > 5 and r["entities"]
    assert de["error"].startswith("unsupported language 'de'")
    assert "de-1" in res.stderr and "1 of 3 article(s) failed" in res.stderr


def test_ingest_stores_both_languages_and_filters_them(mixed, tmp_path):
    db = str(tmp_path / "mixed.duckdb")
    res = CliRunner().invoke(main, ["ingest", "--db", db, "--no-progress", str(mixed)])
    assert res.exit_code == 1 and "2 added" in res.stdout and "1 errors" in res.stdout, res.output
    con = store.connect(db, read_only=True)
    try:
        assert {a["id"]: a["lang"] for a in query.articles(con)} == {"sample-001": "nl", "sample-en-001": "en"}
        assert [a["id"] for a in query.articles(con, lang="en")] == ["sample-en-001"]
        stored = query.article(con, "sample-en-001")
        assert stored["analyzer"]["language"]["source"] == "detected"
    finally:
        con.close()
    forced = CliRunner().invoke(main, ["ingest", "--db", str(tmp_path / "forced.duckdb"), "--no-progress",
                                       "--lang", "nl", str(SAMPLES / "articles_en.jsonl")])
    assert forced.exit_code == 0, forced.output
    con = store.connect(str(tmp_path / "forced.duckdb"), read_only=True)
    try:
        assert query.article(con, "sample-en-001")["analyzer"]["language"] == {"code": "nl", "source": "given"}
    finally:
        con.close()
