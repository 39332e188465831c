"""Readable tables for ``kroniek export``: names next to ids, one row per thing a reader counts.

Why: the raw tables are the store's own (hashes, actor ids, local ids), right for
reloading but not for a spreadsheet. These are written beside them, with the
same format: ``events_readable`` (one row per event mention: date, type, both
actors' names and ids, place, the article and its sentence), ``quotes_readable``
(speaker's canonical name beside the quoted surface form) and ``actors_readable``
(aliases joined, counts). Only current article versions are included.
"""
from __future__ import annotations

READABLE = {
    "events_readable": """
        SELECT e.id AS event_id, e.date, e.type, e.mode, e.negated,
               e.source_actor_id AS source_id, s.name AS source_name, s.country AS source_country,
               e.target_actor_id AS target_id, t.name AS target_name, t.country AS target_country,
               e.place_name AS place, e.place_country,
               m.article_id, m.published_at, a.title AS article_title, a.source AS article_source,
               m.sentence + 1 AS sentence_number, m.text AS trigger, m.sentence_text AS sentence, m.confidence
        FROM events e
        JOIN current_event_mentions m ON m.event_id = e.id
        JOIN articles a ON a.hash = m.article_hash
        LEFT JOIN actors s ON s.id = e.source_actor_id
        LEFT JOIN actors t ON t.id = e.target_actor_id
        ORDER BY e.date NULLS LAST, e.id, m.article_id, m.idx""",
    "quotes_readable": """
        SELECT a.id || '/q' || q.idx AS quote_id, a.id AS article_id, a.published_at, a.title AS article_title,
               a.source AS article_source, q.speaker_actor_id AS speaker_id, s.name AS speaker_name,
               q.speaker AS speaker_as_written, q.cue, q.kind, q.text AS quote, q.sentence + 1 AS sentence_number,
               substring(a.text, st.start_char + 1, st.end_char - st.start_char) AS sentence, q.confidence
        FROM quotes q
        JOIN articles a ON a.hash = q.article_hash AND a.is_current
        LEFT JOIN sentences st ON st.article_hash = q.article_hash AND st.idx = q.sentence
        LEFT JOIN actors s ON s.id = q.speaker_actor_id
        ORDER BY a.published_at NULLS LAST, a.id, q.idx""",
    "actors_readable": """
        SELECT x.id AS actor_id, x.name, x.type, x.country, x.role,
               (SELECT string_agg(DISTINCT al.alias, '; ' ORDER BY al.alias) FROM actor_aliases al
                 WHERE al.actor_id = x.id AND al.kind <> 'local_id' AND al.alias <> x.name) AS aliases,
               (SELECT count(DISTINCT aa.article_hash) FROM article_actors aa JOIN articles a
                  ON a.hash = aa.article_hash AND a.is_current WHERE aa.actor_id = x.id) AS n_articles,
               (SELECT count(*) FROM events e WHERE e.source_actor_id = x.id OR e.target_actor_id = x.id)
                 AS n_events
        FROM actors x
        ORDER BY n_events DESC, x.name""",
}
