"""Read-side of the chronicle: every query the CLI, the API and the web page use.

CONTRACT (filled in by the store work; the API and web code call exactly
these): every function takes an open DuckDB connection (``store.connect``)
and keyword filters, and returns plain JSON-ready dicts/lists so that the
CLI (table/json/csv), the HTTP API and the HTML page show the same data.
Dates are ISO strings. Pagination: ``limit``/``offset``; list functions
return records ordered deterministically.

Only current article versions count (a superseded text stays in the store
but not in these answers). Actor filters (``actor``, ``source``, ``target``,
``speaker``) take an actor id (that actor only) or any part of a name or alias, spelling- and
accent-insensitive; the API and CLI resolve a typed name to one actor id first
(``query_actors.resolve``), so they always pass ids. An event's confidence combines its mentions as a noisy-or
over articles (1 - prod(1 - best confidence per article)): independent reports
make an event more certain.
"""
from __future__ import annotations

import datetime as _dt
import json
from functools import lru_cache
from typing import Any, Optional

from .lang import DATA_DIR
from .linking import norm


@lru_cache(maxsize=1)
def plover_types() -> dict[str, dict]:
    """PLOVER type -> {quad_code, quad_class, side, intensity, modes} (data/plover_types.json)."""
    with open(DATA_DIR / "plover_types.json", encoding="utf8") as f:
        return json.load(f)["types"]


def quad(event_type: Optional[str]) -> dict:
    return plover_types().get((event_type or "").upper(), {})


def _iso(v: Any) -> Any:
    return v.isoformat() if isinstance(v, (_dt.date, _dt.datetime)) else v


_TEMPORAL = ("DATE", "TIME", "TIMESTAMP")  # type names whose values become ISO strings


def _records(cur) -> list[dict]:
    cols = [d[0] for d in cur.description]
    # converting only the date and time columns (not every value) keeps large answers cheap
    temporal = [i for i, d in enumerate(cur.description) if str(d[1]).startswith(_TEMPORAL)]
    rows = cur.fetchall()
    if not temporal:
        return [dict(zip(cols, row)) for row in rows]
    out = []
    for row in rows:
        r = dict(zip(cols, row))
        for i in temporal:
            r[cols[i]] = _iso(row[i])
        out.append(r)
    return out


def actor_ids(con, text: str) -> list[str]:
    """The actor whose id is ``text`` (exactly that one), else the actors one of whose names/aliases
    contains it (the browsing filter; the API and CLI resolve a typed name to one id first)."""
    if con.execute("SELECT 1 FROM actors WHERE id = ?", [text]).fetchone() is not None:
        return [text]
    key = norm(text)
    rows = con.execute(
        "SELECT DISTINCT actor_id FROM actor_aliases WHERE actor_id = ? OR norm LIKE ? ESCAPE '\\' "
        "UNION SELECT id FROM actors WHERE id = ? ORDER BY 1",
        [text, contains_pattern(key) if key else text, text],
    ).fetchall()
    return [r[0] for r in rows]


def contains_pattern(text: str) -> str:
    """A LIKE pattern for 'contains text' in which % and _ in the text are literal (ESCAPE '\\')."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _in(column: str, values: list[str], params: list) -> str:
    if not values:
        return "false"
    params.extend(values)
    return f"{column} IN ({', '.join('?' * len(values))})"


def _date_range(column: str, since: Optional[str], until: Optional[str], where: list, params: list) -> None:
    for bound, op in ((since, ">="), (until, "<=")):
        if bound:
            where.append(f"{column} {op} ?::DATE")
            params.append(bound[:10])


def _lang_of(alias: str) -> str:
    """An article's language in SQL; rows stored before languages were recorded are Dutch."""
    return f"coalesce({alias}.lang, 'nl')"


def _event_filters(con, *, actor=None, source=None, target=None, type=None, since=None, until=None,
                   place=None, country=None, article=None, either=False, lang=None) -> tuple[str, list]:
    """WHERE clause over ``events e`` (with actors ``s``/``t``) for the shared event filters.
    ``either``: ``source``/``target`` in both directions (a dyad: events between the two);
    ``lang``: events with a current mention in an article of that language."""
    where, params = ["true"], []
    if actor:
        ids = actor_ids(con, actor)
        p1: list = []
        a = _in("e.source_actor_id", ids, p1)
        b = _in("e.target_actor_id", ids, p1)
        where.append(f"({a} OR {b})")
        params += p1
    if either and (source or target):
        from .query_actors import dyad_clause  # the dyad filter lives with the actor queries

        where.append(dyad_clause(con, source, target, params))
        source = target = None
    if source:
        where.append(_in("e.source_actor_id", actor_ids(con, source), params))
    if target:
        where.append(_in("e.target_actor_id", actor_ids(con, target), params))
    if type:
        types = [t.strip().upper() for t in type.split(",") if t.strip()]
        where.append(_in("e.type", types, params))
    _date_range("e.date", since, until, where, params)
    if place:
        where.append("e.place_name ILIKE ? ESCAPE '\\'")
        params.append(contains_pattern(place))
    if country:
        c = country.upper()
        where.append("(s.country = ? OR t.country = ? OR e.place_country = ?)")
        params += [c, c, c]
    if article:
        where.append("e.id IN (SELECT event_id FROM current_event_mentions WHERE article_id = ?)")
        params.append(article)
    if lang:
        where.append("e.id IN (SELECT cm.event_id FROM current_event_mentions cm JOIN articles la "
                     f"ON la.hash = cm.article_hash WHERE {_lang_of('la')} = ?)")
        params.append(lang)
    return " AND ".join(where), params


_EVENTS_SQL = """
WITH per_article AS (
    SELECT event_id, article_hash, max(confidence) AS c, count(*) AS n
    FROM current_event_mentions GROUP BY event_id, article_hash),
agg AS (
    SELECT event_id, sum(n) AS n_mentions, count(*) AS n_articles,
           1 - product(1 - least(c, 0.999)) AS confidence
    FROM per_article GROUP BY event_id)
SELECT e.id, e.type, e.mode, e.negated, e.date, e.date_from_text,
       e.source_actor_id, s.name AS source_name, s.country AS source_country,
       s.type AS source_type, s.role AS source_role,
       e.target_actor_id, t.name AS target_name, t.country AS target_country,
       t.type AS target_type, t.role AS target_role,
       e.place_name, e.latitude, e.longitude, e.place_country,
       round(agg.confidence, 4) AS confidence, agg.n_mentions, agg.n_articles
FROM events e JOIN agg ON agg.event_id = e.id
LEFT JOIN actors s ON s.id = e.source_actor_id
LEFT JOIN actors t ON t.id = e.target_actor_id
"""


def _event_rows(con, filters: dict, order: str = "e.date NULLS LAST, e.id", limit=None, offset=0) -> list[dict]:
    where, params = _event_filters(con, **filters)
    sql = f"{_EVENTS_SQL} WHERE {where} ORDER BY {order}"
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params = params + [int(limit), int(offset)]
    return _records(con.execute(sql, params))


def _actor_obj(r: dict, side: str) -> Optional[dict]:
    if r[f"{side}_actor_id"] is None:
        return None
    return {"id": r[f"{side}_actor_id"], "name": r[f"{side}_name"], "country": r[f"{side}_country"],
            "type": r[f"{side}_type"], "role": r[f"{side}_role"]}


def _event_obj(r: dict) -> dict:
    q = quad(r["type"])
    return {
        "id": r["id"], "type": r["type"], "mode": r["mode"],
        "quad_class": q.get("side"), "quad_code": q.get("quad_code"),
        "negated": r["negated"],
        "source": _actor_obj(r, "source"), "target": _actor_obj(r, "target"),
        "date": r["date"], "date_from_text": r["date_from_text"],
        "place": None if r["place_name"] is None else {
            "name": r["place_name"], "lat": r["latitude"], "lon": r["longitude"], "country": r["place_country"]},
        "confidence": r["confidence"], "n_mentions": r["n_mentions"], "n_articles": r["n_articles"],
    }


def event_mentions(con, event_ids: list[str]) -> dict[str, list[dict]]:
    """Current mentions per event id, in article order."""
    if not event_ids:
        return {}
    params: list = []
    cond = _in("m.event_id", list(event_ids), params)
    rows = _records(con.execute(
        f"""SELECT m.event_id, m.article_id, (SELECT {_lang_of('la')} FROM articles la
                   WHERE la.hash = m.article_hash) AS lang, m.published_at, m.sentence, m.sentence_text,
                   m.start_char AS start, m.end_char AS "end", m.text, m.date, m.location,
                   m.confidence, m.reason, mg.rule AS merge_rule, mg.evidence AS merge_evidence
            FROM current_event_mentions m
            LEFT JOIN event_merges mg ON mg.article_hash = m.article_hash AND mg.mention_idx = m.idx
            WHERE {cond} ORDER BY m.published_at NULLS LAST, m.article_id, m.idx""", params))
    out: dict[str, list[dict]] = {}
    for r in rows:
        out.setdefault(r.pop("event_id"), []).append(r)
    return out


def events(con, *, actor: Optional[str] = None, source: Optional[str] = None, target: Optional[str] = None,
           type: Optional[str] = None, since: Optional[str] = None, until: Optional[str] = None,
           place: Optional[str] = None, country: Optional[str] = None, article: Optional[str] = None,
           either: bool = False, lang: Optional[str] = None, limit: int = 100, offset: int = 0) -> list[dict]:
    """Cross-article events: id, type, mode, quad_class (cooperation/conflict), source/target
    actor (id, name, country), date, place (name, lat, lon), confidence, n_mentions, and
    ``mentions``: [{article_id, lang, sentence, sentence_text, start, end, text, reason}]."""
    rows = _event_rows(con, dict(actor=actor, source=source, target=target, type=type, since=since,
                                 until=until, place=place, country=country, article=article, either=either,
                                 lang=lang),
                       limit=limit, offset=offset)
    mentions = event_mentions(con, [r["id"] for r in rows])
    out = []
    for r in rows:
        e = _event_obj(r)
        e["mentions"] = mentions.get(r["id"], [])
        out.append(e)
    return out


def _quote_filters(con, *, speaker=None, contains=None, article=None, no_speaker=False,
                   lang=None) -> tuple[list, list]:
    """WHERE terms over ``quotes q`` of current ``articles a`` (shared with the totals, query_counts)."""
    where, params = ["a.is_current"], []
    if lang:
        where.append(f"{_lang_of('a')} = ?")
        params.append(lang)
    if no_speaker:
        where.append("q.speaker_actor_id IS NULL AND coalesce(trim(q.speaker), '') = ''")
    if speaker:
        ids = actor_ids(con, speaker)
        p1: list = []
        where.append(f"({_in('q.speaker_actor_id', ids, p1)} OR q.speaker ILIKE ? ESCAPE '\\')")
        params += p1 + [contains_pattern(speaker)]
    if contains:
        where.append("q.text ILIKE ? ESCAPE '\\'")
        params.append(contains_pattern(contains))
    if article:
        where.append("a.id = ?")
        params.append(article)
    return where, params


def quotes(con, *, speaker: Optional[str] = None, contains: Optional[str] = None,
           article: Optional[str] = None, no_speaker: bool = False, lang: Optional[str] = None,
           limit: int = 100, offset: int = 0) -> list[dict]:
    """Quotes: id, article_id, lang, kind, text, start, end, speaker (name), speaker_actor, cue,
    sentence, sentence_text, published_at, confidence, reason. ``no_speaker``: only quotes without one."""
    where, params = _quote_filters(con, speaker=speaker, contains=contains, article=article, no_speaker=no_speaker,
                                   lang=lang)
    sql = f"""
        SELECT a.id || '/q' || q.idx AS id, a.id AS article_id, {_lang_of('a')} AS lang, q.kind, q.text,
               q.start_char AS start, q.end_char AS "end",
               coalesce(act.name, q.speaker) AS speaker, q.speaker_actor_id AS speaker_actor, q.cue,
               q.sentence, substr(a.text, s.start_char + 1, s.end_char - s.start_char) AS sentence_text,
               a.published_at, q.confidence, q.reason
        FROM quotes q JOIN articles a ON a.hash = q.article_hash
        LEFT JOIN actors act ON act.id = q.speaker_actor_id
        LEFT JOIN sentences s ON s.article_hash = q.article_hash AND s.idx = q.sentence
        WHERE {' AND '.join(where)}
        ORDER BY a.published_at NULLS LAST, a.id, q.idx LIMIT ? OFFSET ?"""
    return _records(con.execute(sql, params + [int(limit), int(offset)]))


def _actor_filters(con, *, name=None, country=None, type=None, lang=None) -> tuple[list, list]:
    """WHERE terms over ``actors x`` (shared with the totals, query_counts); ``lang``: actors that
    appear in a current article of that language."""
    where, params = ["true"], []
    if lang:
        where.append("x.id IN (SELECT aa.actor_id FROM article_actors aa JOIN articles la ON la.hash = "
                     f"aa.article_hash WHERE la.is_current AND {_lang_of('la')} = ?)")
        params.append(lang)
    if name:
        where.append(_in("x.id", actor_ids(con, name), params))
    if country:
        where.append("x.country = ?")
        params.append(country.upper())
    if type:
        where.append("x.type = ?")
        params.append(type)
    return where, params


def actors(con, *, name: Optional[str] = None, country: Optional[str] = None,
           type: Optional[str] = None, lang: Optional[str] = None, limit: int = 100, offset: int = 0) -> list[dict]:
    """Canonical actors: id, name, type, country, role, aliases, n_mentions, n_articles, n_events
    (``lang``: only actors that appear in articles of that language; the counts are over all)."""
    where, params = _actor_filters(con, name=name, country=country, type=type, lang=lang)
    sql = f"""
        WITH cur AS (SELECT hash FROM articles WHERE is_current),
        men AS (SELECT actor_id, count(*) AS n FROM entity_mentions
                WHERE article_hash IN (SELECT hash FROM cur) AND actor_id IS NOT NULL GROUP BY actor_id),
        arts AS (SELECT actor_id, count(DISTINCT article_hash) AS n FROM (
                    SELECT actor_id, article_hash FROM article_actors
                    UNION ALL SELECT source_actor_id, article_hash FROM event_mentions
                    UNION ALL SELECT target_actor_id, article_hash FROM event_mentions
                    UNION ALL SELECT speaker_actor_id, article_hash FROM quotes)
                 WHERE actor_id IS NOT NULL AND article_hash IN (SELECT hash FROM cur) GROUP BY actor_id),
        evs AS (SELECT actor_id, count(DISTINCT event_id) AS n FROM (
                    SELECT source_actor_id AS actor_id, event_id FROM current_event_mentions
                    UNION ALL SELECT target_actor_id, event_id FROM current_event_mentions)
                 WHERE actor_id IS NOT NULL GROUP BY actor_id),
        al AS (SELECT actor_id, list(DISTINCT alias ORDER BY alias) AS aliases FROM actor_aliases GROUP BY actor_id)
        SELECT x.id, x.name, x.type, x.country, x.role,
               coalesce(al.aliases, []) AS aliases,
               coalesce(men.n, 0) AS n_mentions, coalesce(arts.n, 0) AS n_articles, coalesce(evs.n, 0) AS n_events
        FROM actors x LEFT JOIN men ON men.actor_id = x.id LEFT JOIN arts ON arts.actor_id = x.id
        LEFT JOIN evs ON evs.actor_id = x.id LEFT JOIN al ON al.actor_id = x.id
        WHERE {' AND '.join(where)}
        ORDER BY n_articles DESC, n_mentions DESC, x.name, x.id LIMIT ? OFFSET ?"""
    rows = _records(con.execute(sql, params + [int(limit), int(offset)]))
    for r in rows:
        r["aliases"] = [a for a in r["aliases"] if a != r["name"]]
    return rows


def actor_merges(con, actor_id: str) -> list[dict]:
    """The merge trail of one canonical actor: which article actor joined it, by which rule."""
    return _records(con.execute(
        """SELECT a.id AS article_id, m.local_id, m.name, m.rule, m.evidence, m.created_at
           FROM actor_merges m JOIN articles a ON a.hash = m.article_hash
           WHERE m.actor_id = ? ORDER BY m.created_at, a.id, m.local_id""", [actor_id]))


def timeline(con, *, actor: Optional[str] = None, type: Optional[str] = None,
             country: Optional[str] = None, since: Optional[str] = None,
             until: Optional[str] = None, lang: Optional[str] = None, top: int = 3,
             source: Optional[str] = None, target: Optional[str] = None, either: bool = False) -> list[dict]:
    """Per day: date, n_events, n_cooperative, n_conflictual, top events (id, type, source, target).
    ``source``/``target``/``either``: the dyad filter of ``events``."""
    rows = _event_rows(con, dict(actor=actor, type=type, country=country, since=since, until=until, lang=lang,
                                 source=source, target=target, either=either),
                       order="e.date, n_articles DESC, n_mentions DESC, confidence DESC, e.id")
    days: dict[str, dict] = {}
    for r in rows:
        if r["date"] is None:
            continue
        d = days.setdefault(r["date"], {"date": r["date"], "n_events": 0, "n_cooperative": 0,
                                        "n_conflictual": 0, "top_events": []})
        d["n_events"] += 1
        side = quad(r["type"]).get("side")
        d["n_cooperative"] += side == "cooperation"
        d["n_conflictual"] += side == "conflict"
        if len(d["top_events"]) < top:
            d["top_events"].append({"id": r["id"], "type": r["type"], "source": r["source_name"],
                                    "target": r["target_name"], "n_mentions": r["n_mentions"]})
    return list(days.values())


def network(con, *, actor: Optional[str] = None, type: Optional[str] = None,
            since: Optional[str] = None, until: Optional[str] = None, lang: Optional[str] = None,
            min_events: int = 1, top: Optional[int] = None) -> dict:
    """{"nodes": [{id, name, country, type, n_events}], "edges": [{source, target, n_events,
    n_cooperative, n_conflictual, types}], "total": {"nodes", "edges"}}: the relations with at least
    ``min_events`` events. ``top``: only the ``top`` actors with most events (in those relations) and
    the relations among them; ``total`` counts all of them either way, so a page can say what it leaves out."""
    where, params = _event_filters(con, actor=actor, type=type, since=since, until=until, lang=lang)
    # counted in SQL per (source, target, type): the relations need no event rows, confidences or mentions
    counts = con.execute(
        f"""SELECT e.source_actor_id, e.target_actor_id, e.type, count(*) AS n
            FROM events e LEFT JOIN actors s ON s.id = e.source_actor_id LEFT JOIN actors t ON t.id = e.target_actor_id
            WHERE {where} AND e.source_actor_id IS NOT NULL AND e.target_actor_id IS NOT NULL
              AND e.id IN (SELECT event_id FROM current_event_mentions)
            GROUP BY ALL ORDER BY 1, 2, 3""", params).fetchall()
    edges: dict[tuple[str, str], dict] = {}
    nodes: dict[str, dict] = {}
    for s, t, type_, n in counts:
        e = edges.setdefault((s, t), {"source": s, "target": t, "n_events": 0, "n_cooperative": 0,
                                      "n_conflictual": 0, "types": {}})
        e["n_events"] += n
        side = quad(type_).get("side")
        e["n_cooperative"] += n if side == "cooperation" else 0
        e["n_conflictual"] += n if side == "conflict" else 0
        e["types"][type_] = e["types"].get(type_, 0) + n
    kept = [e for e in edges.values() if e["n_events"] >= min_events]
    for e in kept:
        for side in ("source", "target"):
            n = nodes.setdefault(e[side], {"id": e[side], "n_events": 0})
            n["n_events"] += e["n_events"]
    total = {"nodes": len(nodes), "edges": len(kept)}
    if top is not None and len(nodes) > top:
        chosen = {n["id"] for n in sorted(nodes.values(), key=lambda n: (-n["n_events"], n["id"]))[:top]}
        nodes = {k: v for k, v in nodes.items() if k in chosen}
        kept = [e for e in kept if e["source"] in chosen and e["target"] in chosen]
        # an actor kept only for relations with actors left out has no edge here: not drawn either
        linked = {e[side] for e in kept for side in ("source", "target")}
        nodes = {k: v for k, v in nodes.items() if k in linked}
    if nodes:
        params: list = []
        cond = _in("id", list(nodes), params)
        for r in _records(con.execute(f"SELECT id, name, country, type FROM actors WHERE {cond}", params)):
            nodes[r["id"]].update(name=r["name"], country=r["country"], type=r["type"])
    return {"nodes": sorted(nodes.values(), key=lambda n: (-n["n_events"], n["id"])),
            "edges": sorted(kept, key=lambda e: (-e["n_events"], e["source"], e["target"])), "total": total}


def places(con, *, since: Optional[str] = None, until: Optional[str] = None) -> list[dict]:
    """Event places: name, latitude, longitude, country, n_events, n_cooperative, n_conflictual
    (over all the place's events, so a map colours it without fetching them), event_ids."""
    rows = _event_rows(con, dict(since=since, until=until))
    out: dict[tuple, dict] = {}
    for r in rows:
        if r["place_name"] is None:
            continue
        key = (r["place_name"], r["latitude"], r["longitude"], r["place_country"])
        p = out.setdefault(key, {"name": key[0], "latitude": key[1], "longitude": key[2], "country": key[3],
                                 "n_events": 0, "n_cooperative": 0, "n_conflictual": 0, "event_ids": []})
        p["n_events"] += 1
        side = quad(r["type"]).get("side")
        p["n_cooperative"] += side == "cooperation"
        p["n_conflictual"] += side == "conflict"
        p["event_ids"].append(r["id"])
    return sorted(out.values(), key=lambda p: (-p["n_events"], p["name"]))


def article(con, article_id: str) -> Optional[dict]:
    """The stored Analysis of one article (schema of kroniek.document.Analysis) plus
    ``event_ids`` mapping each of its events to the cross-article event id."""
    row = _records(con.execute(
        "SELECT * FROM articles WHERE id = ? ORDER BY is_current DESC, version DESC LIMIT 1", [article_id]))
    if not row:
        return None
    a = row[0]
    h = a["hash"]

    def table(sql: str) -> list[dict]:
        return _records(con.execute(sql, [h]))

    span = 'start_char AS start, end_char AS "end", text'
    prov = "sentence, confidence, reason"
    entities = table(f"SELECT {span}, {prov}, label, canonical, local_actor AS actor "
                     "FROM entity_mentions WHERE article_hash = ? ORDER BY idx")
    quotes_ = table(f"SELECT {span}, {prov}, kind, speaker, speaker_local AS speaker_actor, speaker_start, "
                    "speaker_end, cue FROM quotes WHERE article_hash = ? ORDER BY idx")
    timexes = table(f"SELECT {span}, {prov}, type, value FROM timexes WHERE article_hash = ? ORDER BY idx")
    places_ = table(f"SELECT {span}, {prov}, name, latitude, longitude, country, feature, geonameid "
                    "FROM places WHERE article_hash = ? ORDER BY idx")
    actors_ = table("SELECT local_id AS id, name, type, country, role, mentions, confidence, reason, "
                    "actor_id FROM article_actors WHERE article_hash = ? ORDER BY local_id")
    actor_ids_ = {x["id"]: x.pop("actor_id") for x in actors_}
    for x in actors_:
        x["mentions"] = json.loads(x["mentions"] or "[]")
    evs = table(f"SELECT {span}, {prov}, * FROM event_mentions WHERE article_hash = ? ORDER BY idx")
    events_, event_ids = [], []
    for m in evs:
        event_ids.append(m["event_id"])
        ref = {}
        for side in ("source", "target"):
            vals = {"name": m[f"{side}_name"], "country": m[f"{side}_country"], "actor": m[f"{side}_local"],
                    "role": m[f"{side}_role"], "start": m[f"{side}_start"], "end": m[f"{side}_end"]}
            ref[side] = vals if any(v is not None for v in vals.values()) else None
        events_.append({"start": m["start"], "end": m["end"], "text": m["text"], "sentence": m["sentence"],
                        "confidence": m["confidence"], "reason": m["reason"], "type": m["type"],
                        "mode": m["mode"], "source": ref["source"], "target": ref["target"], "date": m["date"],
                        "location": m["location"], "sentence_text": m["sentence_text"] or "",
                        "negated": m["negated"], "modality": m["modality"]})
    sentences = table("SELECT start_char AS start, end_char AS \"end\", paragraph FROM sentences "
                      "WHERE article_hash = ? ORDER BY idx")
    return {
        "schema_version": a["schema_version"], "id": a["id"], "lang": a["lang"], "title": a["title"],
        "published_at": a["published_at"], "source": a["source"], "url": a["url"], "text": a["text"],
        "sentences": sentences, "entities": entities, "quotes": quotes_, "timexes": timexes,
        "places": places_, "actors": actors_, "events": events_,
        "analyzer": json.loads(a["analyzer"]) if a["analyzer"] else {},
        "event_ids": event_ids,
        "actor_ids": actor_ids_,
        "version": a["version"], "is_current": a["is_current"],
    }


ARTICLE_EXTRA_FIELDS = ("event_ids", "actor_ids", "version", "is_current")
"""Keys ``article`` adds to the Analysis schema; drop them to validate as ``Analysis``."""


def _article_filters(*, since=None, until=None, contains=None, lang=None) -> tuple[list, list]:
    """WHERE terms over ``articles a`` (shared with the totals, query_counts)."""
    where, params = ["a.is_current"], []
    if lang:
        where.append(f"{_lang_of('a')} = ?")
        params.append(lang)
    _date_range("a.story_date", since, until, where, params)
    if contains:
        where.append("(a.text ILIKE ? ESCAPE '\\' OR a.title ILIKE ? ESCAPE '\\')")
        params += [contains_pattern(contains)] * 2
    return where, params


def articles(con, *, since: Optional[str] = None, until: Optional[str] = None,
             contains: Optional[str] = None, lang: Optional[str] = None,
             limit: int = 100, offset: int = 0) -> list[dict]:
    """Article list: id, title, published_at, lang, source, url, n_entities, n_quotes, n_events."""
    where, params = _article_filters(since=since, until=until, contains=contains, lang=lang)
    sql = f"""
        SELECT a.id, a.title, a.published_at, {_lang_of('a')} AS lang, a.source, a.url, a.version,
            (SELECT count(*) FROM entity_mentions x WHERE x.article_hash = a.hash) AS n_entities,
            (SELECT count(*) FROM quotes x WHERE x.article_hash = a.hash) AS n_quotes,
            (SELECT count(*) FROM event_mentions x WHERE x.article_hash = a.hash) AS n_events
        FROM articles a WHERE {' AND '.join(where)}
        ORDER BY a.published_at NULLS LAST, a.id LIMIT ? OFFSET ?"""
    return _records(con.execute(sql, params + [int(limit), int(offset)]))


def languages(con) -> list[dict]:
    """The languages of the current articles: [{value: code, n: articles}], most articles first."""
    return _records(con.execute(
        f"SELECT {_lang_of('a')} AS value, count(*) AS n FROM articles a WHERE a.is_current "
        "GROUP BY 1 ORDER BY n DESC, value"))


def errors(con, *, limit: int = 100, offset: int = 0) -> list[dict]:
    """Articles that could not be read or analysed: article_id, origin, line, error, attempts."""
    return _records(con.execute(
        "SELECT article_id, origin, line, error, attempts, first_seen, last_seen FROM ingest_errors "
        "ORDER BY first_seen, key LIMIT ? OFFSET ?", [int(limit), int(offset)]))
