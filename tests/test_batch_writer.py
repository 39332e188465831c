"""The batch writer leaves exactly the store the per-article writer leaves (timestamps aside).

The per-article writer (``store.write_analysis``) is the reference. Both write the same
sequences of analyses: hand-built examples, the fake analyser's fixtures, the bundled
samples analysed by the real pipeline, and variants of them that exercise every linking
rule (dates inside and outside the event window, missing countries and places, new versions
at the same URL, ids taken by other articles, repeated texts), in batches of several sizes
and across writer restarts (the index then comes from the store).
"""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from kroniek import ingest, store
from kroniek.document import Analysis, Article
from kroniek.store.batch import BatchWriter
from kroniek.store.compare import contents, differences
from store_examples import all_examples
from store_fake_analyzer import fake_many

from conftest import needs_model

HERE = Path(__file__).parent
SAMPLES = HERE.parent / "samples" / "articles.jsonl"
FIXTURES = HERE / "fixtures" / "store"


def _fixture_analyses() -> list[Analysis]:
    reads = [r for r in ingest.read_paths([FIXTURES]) if isinstance(r.item, Article)]
    return list(fake_many([r.item for r in reads]))


def variants(base: list[Analysis], n: int, seed: int) -> list[Analysis]:
    """``n`` analyses made from ``base``: shifted dates, other ids and URLs, dropped countries, places and
    dates, changed texts (new versions), and some repeated unchanged."""
    rnd = random.Random(seed)
    out: list[Analysis] = []
    for k in range(n):
        a = rnd.choice(base)
        upd: dict = {"id": f"{a.id}-v{k}" if rnd.random() < 0.7 else rnd.choice(base).id,
                     "text": a.text + (" " + "x" * rnd.randint(1, 4) if rnd.random() < 0.85 else "")}
        roll = rnd.random()
        if roll < 0.25 and out:
            upd["url"] = rnd.choice(out).url  # a new version of an article written earlier
        elif roll < 0.6:
            upd["url"] = f"https://v.example/{rnd.randint(0, n)}"
        if a.published_at and rnd.random() < 0.8:
            day = int(a.published_at[8:10])
            upd["published_at"] = f"{a.published_at[:8]}{max(1, min(28, day + rnd.randint(-4, 4))):02d}"
        elif rnd.random() < 0.3:
            upd["published_at"] = None
        events = []
        for ev in a.events:
            e = {}
            if rnd.random() < 0.3:
                e["date"] = None
            if rnd.random() < 0.3:
                e["location"] = None
            if rnd.random() < 0.2 and ev.source is not None:
                e["source"] = ev.source.model_copy(update={"country": None})
            events.append(ev.model_copy(update=e))
        upd["events"] = events
        upd["actors"] = [x.model_copy(update={"country": None}) if rnd.random() < 0.2 else x for x in a.actors]
        out.append(a.model_copy(update=upd))
    return out


def _reference(tmp_path: Path, seq: list[Analysis], name: str = "ref") -> dict:
    con = store.connect(tmp_path / f"{name}.duckdb")
    for a in seq:
        store.write_analysis(con, a, origin=f"o:{a.id}")
    out = contents(con)
    con.close()
    return out


def _batched(tmp_path: Path, seq: list[Analysis], size: int, restart_at: int | None = None) -> tuple[dict, list]:
    path = tmp_path / f"batch-{size}-{restart_at}.duckdb"
    con = store.connect(path)
    writer, statuses = BatchWriter(con), []
    for i in range(0, len(seq), size):
        if restart_at is not None and i >= restart_at and writer is not None and i - size < restart_at:
            con.close()
            con = store.connect(path)
            writer = BatchWriter(con)  # a new run: the index is loaded from the store
        statuses += writer.write([(a, f"o:{a.id}") for a in seq[i:i + size]])
    out = contents(con)
    con.close()
    return out, statuses


def _check(tmp_path: Path, seq: list[Analysis]) -> None:
    ref = _reference(tmp_path, seq)
    assert sum(len(rows) for rows in ref.values()) > 0
    for size, restart in ((1, None), (7, 21), (64, None)):
        got, statuses = _batched(tmp_path, seq, size, restart)
        assert differences(ref, got) == [], (size, restart)
        assert all(isinstance(s, str) for s in statuses)


def test_hand_built_examples_give_the_reference_store(tmp_path):
    seq = all_examples() + variants(all_examples(), 60, seed=1)
    ref_statuses = []
    con = store.connect(tmp_path / "statuses.duckdb")
    for a in seq:
        ref_statuses.append(store.write_analysis(con, a))
    assert {"added", "updated", "unchanged"} <= set(ref_statuses)  # the variants reach every case
    assert con.execute("SELECT count(*) FROM event_merges WHERE rule <> 'new event'").fetchone()[0] > 10
    assert con.execute("SELECT count(DISTINCT rule) FROM actor_merges").fetchone()[0] >= 3
    con.close()
    _check(tmp_path, seq)
    _, statuses = _batched(tmp_path / "..", seq, 7)
    assert statuses == ref_statuses


def test_fake_analyser_fixtures_give_the_reference_store(tmp_path):
    base = _fixture_analyses()
    _check(tmp_path, base + variants(base, 50, seed=2))


@pytest.fixture(scope="module")
def sample_analyses():
    pytest.importorskip("spacy")
    from kroniek.analyze import analyze_many

    reads = [r.item for r in ingest.read_paths([SAMPLES]) if isinstance(r.item, Article)]
    return list(analyze_many(reads))


@needs_model
def test_real_sample_analyses_give_the_reference_store(tmp_path, sample_analyses):
    assert all(isinstance(a, Analysis) for a in sample_analyses)
    _check(tmp_path, sample_analyses + variants(sample_analyses, 40, seed=3))


def test_a_batch_the_store_refuses_is_written_article_by_article(tmp_path):
    good = all_examples()
    bad = good[1].model_copy(update={"id": "bad", "text": None})
    con = store.connect(tmp_path / "k.duckdb")
    statuses = BatchWriter(con).write([(x, f"o:{x.id}") for x in (good[0], bad, good[2])])
    assert statuses[0] == "added" and isinstance(statuses[1], Exception) and statuses[2] == "added"
    assert store.counts(con)["articles"] == 2
    # the writer's index followed: the next batch links against what is stored
    assert BatchWriter(con).write([(good[1], f"o:{good[1].id}")]) == ["added"]
    assert differences(contents(con), _reference(tmp_path, [good[0], good[2], good[1]])) == []


def test_another_writer_in_between_is_noticed(tmp_path):
    a, b, c = all_examples()
    con = store.connect(tmp_path / "k.duckdb")
    writer = BatchWriter(con)
    writer.write([(a, f"o:{a.id}")])
    store.write_analysis(con, b, origin=f"o:{b.id}")  # not through the batch writer: its index is stale now
    writer.write([(c, f"o:{c.id}")])
    assert differences(contents(con), _reference(tmp_path, [a, b, c])) == []
