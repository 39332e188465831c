"""Across articles: one canonical actor per real-world actor, one event per real event.

The analyser works one article at a time, so "Rutte", "Mark Rutte" and "de
premier" are resolved to an ``Actor`` inside each article only, and an event
reported by five papers comes out five times. This module joins them in the
store, greedily and incrementally (each new article is linked against what is
already stored, never re-clustering the past), which is what keeps ids
stable: once an actor or event id exists it never changes or disappears.

Every decision is written down: ``actor_merges`` says which article actor was
mapped to which canonical actor by which rule, ``event_merges`` which mention
joined which event and why (rule + evidence JSON). See docs/store.md.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import json
import re
import unicodedata
from functools import lru_cache
from typing import Optional

from ..document import ActorRef, Analysis, Event
from .rows import insert_rows
from .rows import now as _now

EVENT_WINDOW_DAYS = 2
"""Mentions of one event may disagree on its date by this many days (reports written
the next day, time zones, 'gisteren' resolved against different publication dates)."""



def _leading_article() -> re.Pattern:
    """Articles of every language pack (``coref.tsv`` kind article): the store links across languages."""
    from ..actors_dict import read_tsv
    from ..lang import SUPPORTED, get_pack

    words = sorted({r["form"].casefold() for code in SUPPORTED for r in read_tsv(get_pack(code).data("coref.tsv"))
                    if r.get("kind") == "article" and r.get("form")})
    return re.compile(r"^(" + "|".join(map(re.escape, words)) + r")\s+") if words else re.compile(r"(?!)")


_LEADING_ARTICLE = _leading_article()


@lru_cache(maxsize=200_000)
def norm(name: Optional[str]) -> str:
    """Spelling-insensitive key: lower case, no accents, no punctuation, no leading article.
    (Cached: the writers ask for the same names again and again.)"""
    if not name:
        return ""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    s = re.sub(r"[^\w]+", " ", s).strip()
    return _LEADING_ARTICLE.sub("", s)


def _hash(*parts: object) -> str:
    return hashlib.sha1("\x1f".join("" if p is None else str(p) for p in parts).encode()).hexdigest()[:16]


def _free_id(con, table: str, prefix: str, *parts: object) -> str:
    """``prefix`` + hash of ``parts``: the same input gives the same id in any database;
    only when that id is taken by something else (a namesake) a counter is hashed in."""
    for salt in range(1000):
        new_id = prefix + _hash(*parts, salt if salt else None)
        if not con.execute(f"SELECT 1 FROM {table} WHERE id = ?", [new_id]).fetchone():
            return new_id
    raise RuntimeError(f"no free id in {table}")


# ---------------------------------------------------------------------- actors

def _compatible(row_type, row_country, type_, country) -> bool:
    """Different known countries, or a person against a non-person, never merge."""
    if row_country and country and row_country != country:
        return False
    if row_type and type_ and (row_type == "person") != (type_ == "person"):
        return False
    return True


def _candidates_by_kind(con, key: str, kinds: tuple[str, ...]) -> dict[str, list[tuple]]:
    """Stored actors with an alias of normalised form ``key``, per alias kind (ordered by id)."""
    marks = ", ".join("?" * len(kinds))
    out: dict[str, list[tuple]] = {}
    for kind, *row in con.execute(
        f"SELECT DISTINCT al.kind, a.id, a.name, a.type, a.country FROM actor_aliases al JOIN actors a "
        f"ON a.id = al.actor_id WHERE al.norm = ? AND al.kind IN ({marks}) ORDER BY a.id",
        [key, *kinds],
    ).fetchall():
        out.setdefault(kind, []).append(tuple(row))
    return out


def choose_actor(name: Optional[str], *, type_: Optional[str], country: Optional[str], mentions: tuple[str, ...],
                 candidates, surname_candidates) -> Optional[tuple[str, str, str]]:
    """An existing canonical actor for ``name``: (actor id, rule, evidence) or None.

    Rules, strongest first: the canonical name (spelling-normalised) equals a
    canonical name or alias; a named mention in this article equals a canonical
    name; a person's surname equals a stored one-word person name (or the reverse),
    when exactly one candidate fits. The rules are the same wherever the actors are
    kept: ``candidates(key, kinds)`` gives {alias kind: [(id, name, type, country)]}
    ordered by id, ``surname_candidates(key)`` the stored persons sharing a surname
    (the store's tables here, the batch writer's in-memory index in ``link_index``).
    """
    key = norm(name)
    if not key:
        return None
    by_kind = candidates(key, ("canonical", "mention"))  # one lookup for both rules
    for kind, rule in (("canonical", "same canonical name"), ("mention", "name is a known alias")):
        fits = [r for r in by_kind.get(kind, []) if _compatible(r[2], r[3], type_, country)]
        if len(fits) == 1 or (fits and kind == "canonical"):
            return fits[0][0], rule, f"{name!r} ~ {fits[0][1]!r}"
    for m in mentions:
        mk = norm(m)
        if not mk or mk == key:
            continue
        fits = [r for r in candidates(mk, ("canonical",)).get("canonical", []) if _compatible(r[2], r[3], type_, country)]
        if len(fits) == 1:
            return fits[0][0], "mention is a canonical name", f"mention {m!r} ~ {fits[0][1]!r}"
    if type_ == "person":
        fits = [r for r in surname_candidates(key) if _compatible(r[2], r[3], type_, country)]
        if len(fits) == 1:
            return fits[0][0], "same surname", f"{name!r} ~ {fits[0][1]!r}"
    return None


def _surname_rows(con, key: str) -> list[tuple]:
    """Stored persons whose canonical name is ``key``'s surname (a full name), or ends in ``key`` (a surname)."""
    tokens = key.split()
    cond, arg = ("al.norm = ?", tokens[-1]) if len(tokens) > 1 else ("al.norm LIKE ?", f"% {key}")
    return con.execute(
        "SELECT DISTINCT a.id, a.name, a.type, a.country FROM actor_aliases al JOIN actors a "
        f"ON a.id = al.actor_id WHERE al.kind = 'canonical' AND a.type = 'person' AND {cond} ORDER BY a.id",
        [arg]).fetchall()


def find_actor(con, name: Optional[str], *, type_: Optional[str] = None, country: Optional[str] = None,
               mentions: tuple[str, ...] = ()) -> Optional[tuple[str, str, str]]:
    """An existing canonical actor for ``name`` in the store (rules: ``choose_actor``)."""
    return choose_actor(name, type_=type_, country=country, mentions=mentions,
                        candidates=lambda key, kinds: _candidates_by_kind(con, key, kinds),
                        surname_candidates=lambda key: _surname_rows(con, key))


def resolve_actor(con, name: str, *, type_: Optional[str] = None, country: Optional[str] = None,
                  role: Optional[str] = None, mentions: tuple[str, ...] = ()) -> tuple[str, str, str]:
    """The canonical actor for ``name``, created when none fits: (actor id, rule, evidence)."""
    found = find_actor(con, name, type_=type_, country=country, mentions=mentions)
    if found:
        actor_id = found[0]
        # fill in what earlier articles did not know
        con.execute(
            "UPDATE actors SET country = coalesce(country, ?), role = coalesce(role, ?), "
            "type = coalesce(type, ?) WHERE id = ? AND (country IS NULL OR role IS NULL OR type IS NULL)",
            [country, role, type_, actor_id],
        )
    else:
        actor_id = _free_id(con, "actors", "act-", norm(name))
        con.execute("INSERT INTO actors VALUES (?, ?, ?, ?, ?, ?)", [actor_id, name, type_, country, role, _now()])
        found = (actor_id, "new actor", f"no stored actor matches {name!r}")
    aliases = {(name, "canonical")} | {(m, "mention") for m in mentions}
    insert_rows(con, "actor_aliases", [[actor_id, alias, norm(alias), kind] for alias, kind in sorted(aliases)
                                       if norm(alias)], "ON CONFLICT DO NOTHING")
    return found


def _named(text: Optional[str]) -> bool:
    """Names only: 'Rutte', not 'hij' or 'de premier'."""
    return bool(text) and text[:1].isupper() and len(text) > 1


def _link_actors(con, h: str, a: Analysis) -> dict[str, str]:
    local_to_global: dict[str, str] = {}
    now = _now()
    article_rows, merge_rows = [], []
    for actor in a.actors:
        # aliases come from named-entity mentions only: the actor's other mentions
        # include pronouns and descriptions ('Hij', 'de Oekraïense president')
        named = {e.text for e in a.entities if e.actor == actor.id and _named(e.text)}
        mentions = tuple(sorted(named - {actor.name}))
        actor_id, rule, evidence = resolve_actor(
            con, actor.name, type_=actor.type, country=actor.country, role=actor.role, mentions=mentions)
        local_to_global[actor.id] = actor_id
        article_rows.append([h, actor.id, actor_id, actor.name, actor.type, actor.country, actor.role,
                             json.dumps(actor.mentions), actor.confidence, actor.reason])
        merge_rows.append([actor_id, h, actor.id, actor.name, rule, evidence, now])
    # one statement per table for the whole article (nothing above reads these two tables):
    # single-row statements cost DuckDB a query plan each
    if article_rows:
        insert_rows(con, "article_actors", article_rows, "ON CONFLICT DO NOTHING")
        insert_rows(con, "actor_merges", merge_rows)
    return local_to_global


def _ref_actor(con, h: str, ref: Optional[ActorRef], local: dict[str, str]) -> Optional[str]:
    if ref is None:
        return None
    if ref.actor and ref.actor in local:
        return local[ref.actor]
    if not _named(ref.name):
        return None  # 'burgers', 'de regering': kept on the mention, not made an actor
    actor_id, rule, evidence = resolve_actor(con, ref.name, country=ref.country, role=ref.role)
    con.execute("INSERT INTO actor_merges VALUES (?, ?, ?, ?, ?, ?, ?)",
                [actor_id, h, ref.actor or f"event:{ref.name}", ref.name, rule, evidence, _now()])
    local[ref.actor or f"event:{ref.name}"] = actor_id
    return actor_id


# ---------------------------------------------------------------------- events

def _iso_day(value: Optional[str]) -> Optional[_dt.date]:
    if value and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value[:10]):
        try:
            return _dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _event_place(a: Analysis, ev: Event) -> tuple[Optional[str], Optional[float], Optional[float], Optional[str]]:
    """The event's location, with coordinates when the article's places resolve it."""
    if not ev.location:
        return None, None, None, None
    key = norm(ev.location)
    for p in a.places:
        if key in (norm(p.name), norm(p.text)):
            return p.name, p.latitude, p.longitude, p.country
    return ev.location, None, None, None


def _places_compatible(a: Optional[str], b: Optional[str]) -> bool:
    return not a or not b or norm(a) == norm(b)


def cluster_event(con, *, type_: str, source: Optional[str], target: Optional[str],
                  day: Optional[_dt.date], negated: bool, place: Optional[str],
                  window: int = EVENT_WINDOW_DAYS) -> Optional[tuple[str, dict]]:
    """The stored event a new mention belongs to: same type, actors and negation,
    date within ``window`` days, compatible place. Closest date wins, then the oldest event."""
    rows = con.execute(
        """SELECT id, date, place_name FROM events
           WHERE type = ? AND source_actor_id IS NOT DISTINCT FROM ? AND target_actor_id IS NOT DISTINCT FROM ?
             AND negated = ?
             AND ((date IS NULL AND ?::DATE IS NULL) OR abs(date_diff('day', date, ?::DATE)) <= ?)
           ORDER BY abs(coalesce(date_diff('day', date, ?::DATE), 0)), created_at, id""",
        [type_, source, target, negated, day, day, window, day],
    ).fetchall()
    for event_id, date, place_name in rows:
        if _places_compatible(place_name, place):
            days = abs((date - day).days) if date and day else 0
            return event_id, {"days_apart": days, "event_place": place_name, "mention_place": place}
    return None


def _link_events(con, h: str, a: Analysis, local: dict[str, str], story_day: Optional[_dt.date]) -> None:
    now = _now()
    for i, ev in enumerate(a.events):
        source = _ref_actor(con, h, ev.source, local)
        target = _ref_actor(con, h, ev.target, local)
        text_day = _iso_day(ev.date)
        day = text_day or story_day
        place, lat, lon, place_country = _event_place(a, ev)
        match = cluster_event(con, type_=ev.type, source=source, target=target, day=day,
                              negated=ev.negated, place=place)
        if match:
            event_id, evidence = match
            rule = f"same type, source, target and negation; date within {EVENT_WINDOW_DAYS} days; compatible place"
            con.execute(
                "UPDATE events SET mode = coalesce(mode, ?), place_name = coalesce(place_name, ?), "
                "latitude = coalesce(latitude, ?), longitude = coalesce(longitude, ?), "
                "place_country = coalesce(place_country, ?) WHERE id = ? AND (mode IS NULL OR place_name IS NULL "
                "OR latitude IS NULL)",
                [ev.mode, place, lat, lon, place_country, event_id])
        else:
            event_id = _free_id(con, "events", "ev-", ev.type, source, target, day, ev.negated, norm(place))
            con.execute("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [event_id, ev.type, ev.mode, source, target, day, text_day is not None, ev.negated,
                         place, lat, lon, place_country, now])
            rule, evidence = "new event", {"date": str(day) if day else None, "date_from_text": text_day is not None}
        src, tgt = ev.source or ActorRef(), ev.target or ActorRef()
        con.execute(
            "INSERT INTO event_mentions VALUES (" + ", ".join("?" * 30) + ")",
            [h, i, event_id, ev.start, ev.end, ev.text, ev.type, ev.mode,
             src.name, src.country, src.role, source, src.actor, src.start, src.end,
             tgt.name, tgt.country, tgt.role, target, tgt.actor, tgt.start, tgt.end,
             ev.date, ev.location, ev.sentence, ev.sentence_text, ev.negated, ev.modality,
             ev.confidence, ev.reason])
        con.execute("INSERT INTO event_merges VALUES (?, ?, ?, ?, ?, ?)",
                    [event_id, h, i, rule, json.dumps(evidence), now])


def link_article(con, h: str, a: Analysis) -> None:
    """Map the article's actors, speakers, entity mentions and events to cross-article ones.

    Runs inside the caller's transaction (``store.write_analysis``).
    """
    local = _link_actors(con, h, a)
    if local:
        con.executemany(
            "UPDATE entity_mentions SET actor_id = ? WHERE article_hash = ? AND local_actor = ?",
            [[g, h, loc] for loc, g in local.items()])
    for i, q in enumerate(a.quotes):
        speaker_id = local.get(q.speaker_actor or "")
        if speaker_id is None and q.speaker:
            speaker_id = _ref_actor(con, h, ActorRef(name=q.speaker, actor=q.speaker_actor), local)
        if speaker_id:
            con.execute("UPDATE quotes SET speaker_actor_id = ? WHERE article_hash = ? AND idx = ?",
                        [speaker_id, h, i])
    story_day = _iso_day(a.published_at)
    _link_events(con, h, a, local, story_day)
