"""The CSV columns of each query command, fixed: the same header whatever rows a query returns
(a page with no place, or no rows at all, keeps ``place.name``), so scripts can rely on them."""
from __future__ import annotations

_ACTOR = ["id", "name", "country", "type", "role"]

EVENTS = (["id", "date", "type", "mode", "quad_class", "quad_code", "negated"]
          + [f"source.{k}" for k in _ACTOR] + [f"target.{k}" for k in _ACTOR]
          + ["date_from_text", "place.name", "place.lat", "place.lon", "place.country", "confidence", "n_mentions",
             "n_articles", "mentions"])
QUOTES = ["id", "article_id", "published_at", "kind", "text", "start", "end", "speaker", "speaker_actor", "cue",
          "sentence", "sentence_text", "confidence", "reason", "lang"]
ACTORS = ["id", "name", "type", "country", "role", "aliases", "n_mentions", "n_articles", "n_events"]
ARTICLES = ["id", "title", "published_at", "source", "url", "version", "n_entities", "n_quotes", "n_events", "lang"]
TIMELINE = ["date", "n_events", "n_cooperative", "n_conflictual", "top_events"]
