"""Finding one actor among thousands: search with suggestions, exact resolution of a typed name, the actor page.

Why a module of its own: the list filters of ``kroniek.query`` match any part of a name (``EU`` matches
every actor with "eu" somewhere in an alias), which is right for browsing but wrong for selecting one
actor. Here a typed name is ranked (exact alias, then word prefix, then substring; then by mentions) so
that the page can suggest and the CLI can resolve, and everything downstream selects by actor id.
Names are compared by ``norm`` (case, accents, punctuation and a leading article ignored), the key the
store already keeps for every alias, so "Oekraine" finds "Oekraïne".
"""
from __future__ import annotations

from typing import Optional

from . import query
from .linking import norm

SUGGEST_LIMIT = 10

_TIER = """CASE WHEN al.norm = ? THEN 0 WHEN al.norm LIKE ? ESCAPE '\\' OR al.norm LIKE ? ESCAPE '\\' THEN 1
               ELSE 2 END"""


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _kind_filter(country: Optional[str], type: Optional[str], params: list, lang: Optional[str] = None) -> str:
    """Extra condition on actors ``x`` (country, type; ``lang``: actors of a current article in that
    language, as the actor list's filter) for the search."""
    where = ""
    if lang:
        where += (" AND x.id IN (SELECT aa.actor_id FROM article_actors aa JOIN articles la ON la.hash = "
                  f"aa.article_hash WHERE la.is_current AND {query._lang_of('la')} = ?)")
        params.append(lang)
    if country:
        where += " AND x.country = ?"
        params.append(country.upper())
    if type:
        where += " AND x.type = ?"
        params.append(type)
    return where


def search(con, q: str, *, country: Optional[str] = None, type: Optional[str] = None,
           limit: int = SUGGEST_LIMIT, offset: int = 0, lang: Optional[str] = None) -> list[dict]:
    """Actors whose id is ``q`` or one of whose names/aliases contains it, best first: an exact alias
    (tier 0), an alias starting with it or with a word starting with it (1), any other alias containing
    it (2); within a tier, most mentioned first. Each record: id, name, type, country, role, aliases,
    matched (the alias that matched), tier, n_mentions, n_events."""
    key = norm(q)
    if not key and not q:
        return []
    k = _like_escape(key)
    # nothing left after normalising ('%', '-'): only an actor id can match (no alias norm is empty)
    params = [key, k + "%", "% " + k + "%", "%" + k + "%" if key else "", q]
    kind = _kind_filter(country, type, params, lang)
    sql = f"""
        WITH hits AS (
            SELECT actor_id, min(tier) AS tier, arg_min(alias, tier * 100000 + length(alias)) AS matched
            FROM (SELECT al.actor_id, al.alias, {_TIER} AS tier FROM actor_aliases al
                  WHERE al.norm LIKE ? ESCAPE '\\'
                  UNION ALL SELECT id, name, -1 FROM actors WHERE id = ?) h
            WHERE EXISTS (SELECT 1 FROM actors x WHERE x.id = h.actor_id{kind})
            GROUP BY actor_id),
        men AS (SELECT m.actor_id, count(*) AS n FROM entity_mentions m JOIN articles a
                    ON a.hash = m.article_hash AND a.is_current
                WHERE m.actor_id IN (SELECT actor_id FROM hits) GROUP BY m.actor_id),
        evs AS (SELECT actor_id, count(DISTINCT event_id) AS n FROM (
                    SELECT source_actor_id AS actor_id, event_id FROM current_event_mentions
                    UNION ALL SELECT target_actor_id, event_id FROM current_event_mentions)
                WHERE actor_id IN (SELECT actor_id FROM hits) GROUP BY actor_id),
        al AS (SELECT actor_id, list(DISTINCT alias ORDER BY alias) AS aliases FROM actor_aliases
               WHERE actor_id IN (SELECT actor_id FROM hits) GROUP BY actor_id)
        SELECT x.id, x.name, x.type, x.country, x.role, coalesce(al.aliases, []) AS aliases,
               hits.matched, greatest(hits.tier, 0) AS tier,
               coalesce(men.n, 0) AS n_mentions, coalesce(evs.n, 0) AS n_events
        FROM hits JOIN actors x ON x.id = hits.actor_id
        LEFT JOIN men ON men.actor_id = x.id LEFT JOIN evs ON evs.actor_id = x.id
        LEFT JOIN al ON al.actor_id = x.id
        ORDER BY hits.tier, n_mentions DESC, n_events DESC, x.name, x.id LIMIT ? OFFSET ?"""
    rows = query._records(con.execute(sql, params + [int(limit), int(offset)]))
    for r in rows:
        r["aliases"] = [a for a in r["aliases"] if a != r["name"]]
    return rows


def search_total(con, q: str, *, country: Optional[str] = None, type: Optional[str] = None,
                 lang: Optional[str] = None) -> int:
    """How many actors ``search`` finds in all."""
    key = norm(q)
    if not key and not q:
        return 0
    params = ["%" + _like_escape(key) + "%" if key else "", q]
    kind = _kind_filter(country, type, params, lang)
    return con.execute(
        "SELECT count(*) FROM (SELECT actor_id FROM actor_aliases WHERE norm LIKE ? ESCAPE '\\' "
        f"UNION SELECT id FROM actors WHERE id = ?) h WHERE EXISTS (SELECT 1 FROM actors x WHERE x.id = h.actor_id{kind})",
        params).fetchone()[0]


class Ambiguous(LookupError):
    """A typed name that fits more than one actor (``candidates``, best first) or none."""

    def __init__(self, text: str, candidates: list[dict]):
        self.text = text
        self.candidates = candidates
        what = f"{len(candidates)}+ actors" if len(candidates) >= SUGGEST_LIMIT else f"{len(candidates)} actors"
        super().__init__(f"{text!r} matches no actor" if not candidates else f"{text!r} matches {what}")


def resolve(con, text: str) -> dict:
    """The one actor ``text`` means: an actor id; else the only actor with that exact name or alias
    (spelling-insensitive); else the only actor whose names contain it. Raises ``Ambiguous`` with the
    candidates otherwise (or with none when nothing matches)."""
    found = search(con, text, limit=SUGGEST_LIMIT)
    if found and found[0]["id"] == text:
        return found[0]
    exact = [r for r in found if r["tier"] == 0]
    if len(exact) == 1:
        return exact[0]
    if not exact and len(found) == 1:
        return found[0]
    raise Ambiguous(text, exact or found)


def exists(con, actor_id: str) -> bool:
    return con.execute("SELECT 1 FROM actors WHERE id = ?", [actor_id]).fetchone() is not None


# ------------------------------------------------------------------ actor page

_CURRENT_EVENTS = "SELECT DISTINCT event_id FROM current_event_mentions"


def _section(items: list, total: int, limit: int, offset: int) -> dict:
    return {"items": items[:limit], "total": total, "limit": limit, "offset": offset,
            "next_offset": offset + limit if offset + limit < total else None}


def aliases(con, actor_id: str) -> list[dict]:
    """Each alias of the actor with how it joined: kinds (canonical/mention), the merges of article actors
    by that name (n_merges, count per rule), up to three examples of the evidence, and for a name seen in
    the text the mentions linked to this actor under it (n_seen, seen_in: up to three article ids)."""
    rows = query._records(con.execute(
        """WITH seen AS (
               SELECT m.text, count(*) AS n, list(DISTINCT a.id ORDER BY a.id)[1:3] AS arts
               FROM entity_mentions m JOIN articles a ON a.hash = m.article_hash AND a.is_current
               WHERE m.actor_id = ? GROUP BY m.text)
           SELECT al.alias, list(DISTINCT al.kind ORDER BY al.kind) AS kinds,
                  coalesce(any_value(seen.n), 0) AS n_seen, coalesce(any_value(seen.arts), []) AS seen_in
           FROM actor_aliases al LEFT JOIN seen ON seen.text = al.alias
           WHERE al.actor_id = ? GROUP BY al.alias ORDER BY n_seen DESC, al.alias""", [actor_id, actor_id]))
    merges = query._records(con.execute(
        """SELECT m.name, m.rule, count(*) AS n,
                  list({'article_id': a.id, 'evidence': m.evidence} ORDER BY m.created_at, a.id)[1:3] AS examples
           FROM actor_merges m JOIN articles a ON a.hash = m.article_hash
           WHERE m.actor_id = ? GROUP BY m.name, m.rule ORDER BY n DESC, m.rule""", [actor_id]))
    by_name: dict[str, list[dict]] = {}
    for m in merges:
        by_name.setdefault(norm(m["name"]), []).append(m)
    out = []
    for r in rows:
        ms = by_name.pop(norm(r["alias"]), [])
        out.append({"alias": r["alias"], "kinds": r["kinds"], "n_seen": r["n_seen"], "seen_in": r["seen_in"],
                    "n_merges": sum(m["n"] for m in ms),
                    "rules": {m["rule"]: m["n"] for m in ms},
                    "evidence": [dict(e, rule=m["rule"]) for m in ms for e in m["examples"]][:3]})
    for ms in by_name.values():  # merged under a name no longer kept as an alias
        out.append({"alias": ms[0]["name"], "kinds": ["merge"], "n_seen": 0, "seen_in": [],
                    "n_merges": sum(m["n"] for m in ms),
                    "rules": {m["rule"]: m["n"] for m in ms},
                    "evidence": [dict(e, rule=m["rule"]) for m in ms for e in m["examples"]][:3]})
    return out


def type_counts(con, actor_id: str) -> list[dict]:
    """Events of the actor per month and PLOVER type, as source and as target (month null: undated)."""
    return query._records(con.execute(
        f"""SELECT strftime(date, '%Y-%m') AS month, type,
                   count(*) FILTER (WHERE source_actor_id = ?) AS n_as_source,
                   count(*) FILTER (WHERE target_actor_id = ?) AS n_as_target, count(*) AS n_events
            FROM events WHERE (source_actor_id = ? OR target_actor_id = ?) AND id IN ({_CURRENT_EVENTS})
            GROUP BY ALL ORDER BY month NULLS LAST, type""", [actor_id] * 4))


def counterparts(con, actor_id: str, *, limit: int = 10) -> list[dict]:
    """The actors it acts on or is acted on by most: id, name, country, n_events, n_as_source (it acted
    on them), n_as_target (they acted on it)."""
    return query._records(con.execute(
        f"""WITH e AS (SELECT * FROM events WHERE id IN ({_CURRENT_EVENTS})),
            pairs AS (SELECT target_actor_id AS other, 1 AS as_source FROM e
                      WHERE source_actor_id = ? AND target_actor_id IS NOT NULL
                      UNION ALL SELECT source_actor_id, 0 FROM e
                      WHERE target_actor_id = ? AND source_actor_id IS NOT NULL)
            SELECT x.id, x.name, x.country, x.type, count(*) AS n_events,
                   sum(as_source)::INTEGER AS n_as_source, (count(*) - sum(as_source))::INTEGER AS n_as_target
            FROM pairs JOIN actors x ON x.id = pairs.other
            GROUP BY ALL ORDER BY n_events DESC, x.name, x.id LIMIT ?""", [actor_id, actor_id, int(limit)]))


def actor_page(con, actor_id: str, *, limit: int = 20, events_offset: int = 0, quotes_offset: int = 0,
               merges_offset: int = 0) -> Optional[dict]:
    """Everything about one actor (None if there is no such id): ``actor`` (as in the actor list),
    ``aliases`` with their merge evidence, ``type_counts`` per month, ``counterparts``, and the paged
    sections ``events``, ``quotes`` and ``merges`` (the full trail), each {items, total, limit, offset,
    next_offset}."""
    if not exists(con, actor_id):
        return None
    found = query.actors(con, name=actor_id, limit=5)
    actor = next(r for r in found if r["id"] == actor_id)
    n_events = con.execute(
        f"SELECT count(*) FROM events WHERE (source_actor_id = ? OR target_actor_id = ?) "
        f"AND id IN ({_CURRENT_EVENTS})", [actor_id, actor_id]).fetchone()[0]
    n_quotes = con.execute(
        "SELECT count(*) FROM quotes q JOIN articles a ON a.hash = q.article_hash AND a.is_current "
        "WHERE q.speaker_actor_id = ?", [actor_id]).fetchone()[0]
    n_merges = con.execute("SELECT count(*) FROM actor_merges WHERE actor_id = ?", [actor_id]).fetchone()[0]
    events = query.events(con, actor=actor_id, limit=limit, offset=events_offset) if events_offset < n_events else []
    quotes = query.quotes(con, speaker=actor_id, limit=limit, offset=quotes_offset) if quotes_offset < n_quotes else []
    trail = query.actor_merges(con, actor_id)[merges_offset:merges_offset + limit]
    return {
        "actor": actor,
        "aliases": aliases(con, actor_id),
        "type_counts": type_counts(con, actor_id),
        "counterparts": counterparts(con, actor_id),
        "events": _section(events, n_events, limit, events_offset),
        "quotes": _section(quotes, n_quotes, limit, quotes_offset),
        "merges": _section(trail, n_merges, limit, merges_offset),
    }


def dyad_clause(con, source: Optional[str], target: Optional[str], params: list) -> str:
    """SQL over ``events e`` for events between ``source`` and ``target`` in either direction (one of
    them alone: that actor on either side). Each side is an actor id, or a name as the list filters read it."""
    a = query.actor_ids(con, source) if source else None
    b = query.actor_ids(con, target) if target else None
    if a is None or b is None:
        ids = a if a is not None else b
        return f"({query._in('e.source_actor_id', ids, params)} OR {query._in('e.target_actor_id', ids, params)})"
    one = f"({query._in('e.source_actor_id', a, params)} AND {query._in('e.target_actor_id', b, params)})"
    two = f"({query._in('e.source_actor_id', b, params)} AND {query._in('e.target_actor_id', a, params)})"
    return f"({one} OR {two})"
