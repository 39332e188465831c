"""Across languages: what the store merges when a Dutch and an English report of one meeting meet.

The bundled samples (``samples/*.jsonl``) hold a Dutch and an English report of the US–Ukraine
talks in Jeddah (11 March 2025). This section analyses both with their own pipelines, writes them
into one in-memory store (``kroniek.store``, the same linking as ``kroniek ingest``) and lists which
actors and events the two languages share: an actor is shared when both articles link a mention to
it (canonical English names and aliases from the actor dictionary: *Oekraïne* = *Ukraine*), an event
when mentions from both articles cluster into it (same type, source, target, negation, a date two
days apart at most, a compatible place). Events of one language only are listed with their
participants, so a missed merge can be traced.
"""
from __future__ import annotations

import json
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[3] / "samples"
TOPIC = "Jeddah"


def sample_pair(path: Path = SAMPLES) -> dict[str, dict]:
    """The first sample article per language that mentions the topic, by language (``lang`` field,
    else detected by the same rule as ``kroniek analyze``)."""
    from ..document import Article

    out: dict[str, dict] = {}
    for file in sorted(path.glob("*.jsonl")) if path.is_dir() else [path]:
        for line in file.read_text(encoding="utf8").splitlines():
            if not line.strip():
                continue
            rec = json.loads(line)
            if TOPIC not in rec.get("text", ""):
                continue
            lang = rec.get("lang") or _detect(Article(id=rec["id"], text=rec["text"], title=rec.get("title")))
            out.setdefault(lang, rec)
    return out


def _detect(article) -> str:
    from ..detect_lang import detect

    return detect(article.text, article.title).lang


def merged(pair: dict[str, dict]) -> dict:
    """Ingest the pair into an in-memory store; the shared actors and events, and the others."""
    from .. import store
    from ..analyze import analyze
    from ..document import Article
    from ..nlp import pipeline

    con = store.connect(":memory:")
    try:
        for lang, rec in sorted(pair.items()):
            art = Article(id=rec["id"], text=rec["text"], title=rec.get("title"),
                          published_at=rec.get("published_at"), lang=lang)
            store.write_analysis(con, analyze(art, pipeline.load(lang)))
        actors = con.execute(
            """SELECT a.name, list(DISTINCT ar.lang ORDER BY ar.lang),
                      list(DISTINCT m.text ORDER BY m.text) FILTER (WHERE m.text IS NOT NULL)
               FROM article_actors aa JOIN articles ar ON ar.hash = aa.article_hash AND ar.is_current
               JOIN actors a ON a.id = aa.actor_id
               LEFT JOIN entity_mentions m ON m.article_hash = aa.article_hash AND m.actor_id = a.id
               GROUP BY a.name ORDER BY a.name""").fetchall()
        events = con.execute(
            """SELECT e.type, s.name, t.name, e.date, e.place_name, list(DISTINCT ar.lang ORDER BY ar.lang),
                      list(m.text ORDER BY ar.lang)
               FROM current_event_mentions m JOIN articles ar ON ar.hash = m.article_hash
               JOIN events e ON e.id = m.event_id
               LEFT JOIN actors s ON s.id = e.source_actor_id LEFT JOIN actors t ON t.id = e.target_actor_id
               GROUP BY e.id, e.type, s.name, t.name, e.date, e.place_name
               ORDER BY e.type, e.date, s.name""").fetchall()
    finally:
        con.close()
    both = set(pair)
    return {
        "shared_actors": [(n, sorted(set(t or []))) for n, langs, t in actors if set(langs) == both],
        "one_language_actors": [(n, langs[0]) for n, langs, _ in actors if set(langs) != both],
        "shared_events": [e for e in events if set(e[5]) == both],
        "one_language_events": [e for e in events if set(e[5]) != both],
    }


def _event_row(e) -> str:
    kind, src, tgt, date, place, langs, triggers = e
    return (f"| {kind} | {src or '–'} | {tgt or '–'} | {date or '–'} | {place or '–'} | {', '.join(langs)} "
            f"| {' / '.join(dict.fromkeys(triggers))} |")


def section(shared: Path) -> list[str]:
    from ..lang import get_pack

    lines = ["### Across languages (Dutch and English reports of one meeting)", ""]
    pair = sample_pair()
    missing = [lang for lang in ("nl", "en") if lang not in pair]
    if missing:
        return lines + [f"No {' and '.join(missing)} sample article about {TOPIC} in `samples/`."]
    if not all((get_pack(lang).model_path / "meta.json").exists() for lang in pair):
        return lines + ["The Dutch and English models are both needed."]
    m = merged(pair)
    lines += [f"Samples {pair['nl']['id']} (nl) and {pair['en']['id']} (en), ingested into one store.", "",
              f"Shared actors ({len(m['shared_actors'])}): "
              + "; ".join(f"{n} ({', '.join(t) or 'descriptions and pronouns only'})" for n, t in m["shared_actors"]) + ".", "",
              "Actors named in one language only: "
              + (", ".join(f"{n} ({lang})" for n, lang in m["one_language_actors"]) or "none") + ".", "",
              f"Events with sources in both languages: {len(m['shared_events'])}; "
              f"events reported in one language only: {len(m['one_language_events'])}.", "",
              "| type | source | target | date | place | languages | triggers |", "|---|---|---|---|---|---|---|"]
    lines += [_event_row(e) for e in m["shared_events"] + m["one_language_events"]]
    return lines
