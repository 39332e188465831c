"""The output schema: documented, versioned, and the committed JSON Schema is current."""
import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from kroniek.document import SCHEMA_VERSION, Analysis, Article, Entity

ROOT = Path(__file__).resolve().parents[1]


def test_committed_json_schema_is_current():
    committed = json.loads((ROOT / "docs" / "analysis.schema.json").read_text(encoding="utf8"))
    assert committed == json.loads(json.dumps(Analysis.model_json_schema())), (
        "regenerate docs/analysis.schema.json (see docs/schema.md)"
    )


def test_records_reject_unknown_fields_and_bad_confidence():
    with pytest.raises(ValidationError):
        Entity(start=0, end=3, text="VS", label="LOC", sentence=0, confidence=1.5, reason="x")
    with pytest.raises(ValidationError):
        Entity(start=0, end=3, text="VS", label="GPE", sentence=0, confidence=0.5, reason="x")
    with pytest.raises(ValidationError):
        Article(id="a", text="t", colour="red")


def test_content_hash_depends_on_title_and_text_only():
    a = Article(id="1", text="Tekst.", title="Kop", url="http://a")
    b = Article(id="2", text="Tekst.", title="Kop", url="http://b")
    c = Article(id="1", text="Tekst!", title="Kop")
    assert a.content_hash() == b.content_hash() != c.content_hash()
    assert Article(id="x", text="t", published_at="2019-03-07T10:00:00").published_date().isoformat() == "2019-03-07"
    assert Article(id="x", text="t", published_at="maart").published_date() is None


def test_analysis_round_trips_through_json():
    a = Analysis(id="x", text="Rutte", entities=[Entity(start=0, end=5, text="Rutte", label="PER", sentence=0, confidence=0.9, reason="r")])
    again = Analysis.model_validate_json(a.model_dump_json())
    assert again == a and again.schema_version == SCHEMA_VERSION
