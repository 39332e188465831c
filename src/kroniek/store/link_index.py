"""Cross-article linking against an in-memory index, for the batch writer.

Why: ``kroniek.store.linking`` decides every actor and event with a few SQL
statements each, which makes the per-article writer spend most of its time in
DuckDB query planning. This module takes *the same decisions* (same rules, same
order, same ids: the functions mirror ``linking.find_actor``,
``linking.resolve_actor``, ``linking.cluster_event`` and ``linking.link_article``)
against dictionaries loaded once from the store, and returns the rows to write,
so that ``kroniek.store.batch`` can insert a whole batch set-based. The per-article
writer stays as the reference: tests compare the stores both produce.

The index must be the only writer's view of the linking tables while it lives;
the batch writer reloads it when the linking tables' row counts (every linked
article adds merge rows) show that another writer was there.
"""
from __future__ import annotations

import datetime as _dt
import json
import re
from dataclasses import dataclass, field
from typing import Optional

from ..document import ActorRef, Analysis
from .linking import (
    EVENT_WINDOW_DAYS, _event_place, _hash, _iso_day, _named, _places_compatible, choose_actor, norm,
)

_EVENT_RULE = f"same type, source, target and negation; date within {EVENT_WINDOW_DAYS} days; compatible place"


@dataclass
class LinkRows:
    """What linking one batch adds to the store, as rows in table column order."""

    actor_aliases: list[list] = field(default_factory=list)
    article_actors: list[list] = field(default_factory=list)
    actor_merges: list[list] = field(default_factory=list)
    event_mentions: list[list] = field(default_factory=list)
    event_merges: list[list] = field(default_factory=list)


class LinkIndex:
    """Actors, their aliases and events of a store, held in dictionaries."""

    def __init__(self, con) -> None:
        self.load(con)

    # ------------------------------------------------------------------ state
    def load(self, con) -> None:
        # actor id -> [name, type, country, role, created_at]
        self.actors: dict[str, list] = {r[0]: list(r[1:]) for r in con.execute(
            "SELECT id, name, type, country, role, created_at FROM actors").fetchall()}
        self.alias_keys: set[tuple[str, str, str]] = set()
        self.by_norm: dict[tuple[str, str], set[str]] = {}  # (norm, kind) -> actor ids
        self.by_last_token: dict[str, set[str]] = {}  # canonical aliases of 2+ words: last word -> actor ids
        for actor_id, alias, key, kind in con.execute(
                "SELECT actor_id, alias, norm, kind FROM actor_aliases").fetchall():
            self._add_alias(actor_id, alias, key, kind)
        # (type, source, target, negated) -> events as [id, date, place_name, created_at, mode, lat, lon, country]
        self.events: dict[tuple, list[list]] = {}
        self.event_by_id: dict[str, list] = {}
        self.event_key: dict[str, tuple] = {}
        for (ev_id, type_, source, target, negated, date, place, created, mode, lat, lon,
             country) in con.execute(
                "SELECT id, type, source_actor_id, target_actor_id, negated, date, place_name, created_at, "
                "mode, latitude, longitude, place_country FROM events").fetchall():
            self._add_event((type_, source, target, negated), [ev_id, date, place, created, mode, lat, lon, country])
        self.new_actors: set[str] = set()  # created since the last ``take_changes``
        self.changed_actors: set[str] = set()
        self.new_events: set[str] = set()
        self.changed_events: set[str] = set()

    def _add_alias(self, actor_id: str, alias: str, key: str, kind: str) -> bool:
        if (actor_id, alias, kind) in self.alias_keys:
            return False
        self.alias_keys.add((actor_id, alias, kind))
        self.by_norm.setdefault((key, kind), set()).add(actor_id)
        if kind == "canonical" and " " in key:
            self.by_last_token.setdefault(key.rsplit(" ", 1)[1], set()).add(actor_id)
        return True

    def _add_event(self, key: tuple, row: list) -> None:
        self.events.setdefault(key, []).append(row)
        self.event_by_id[row[0]] = row
        self.event_key[row[0]] = key

    def take_changes(self) -> tuple[list[list], list[list], list[list], list[list]]:
        """Rows of actors and events created (full rows) and changed (updated columns) since the last call."""
        actor_cols = lambda i: [i, *self.actors[i][:4], self.actors[i][4]]  # noqa: E731
        new_actors = [actor_cols(i) for i in sorted(self.new_actors)]
        changed_actors = [[i, *self.actors[i][1:4]] for i in sorted(self.changed_actors - self.new_actors)]
        new_events, changed_events = [], []
        for ev_id in sorted(self.new_events):
            (type_, source, target, negated), row = self.event_key[ev_id], self.event_by_id[ev_id]
            new_events.append([ev_id, type_, row[4], source, target, row[1], row[8], negated, row[2], row[5],
                               row[6], row[7], row[3]])
        for ev_id in sorted(self.changed_events - self.new_events):
            row = self.event_by_id[ev_id]
            changed_events.append([ev_id, row[4], row[2], row[5], row[6], row[7]])
        self.new_actors, self.changed_actors, self.new_events, self.changed_events = set(), set(), set(), set()
        return new_actors, changed_actors, new_events, changed_events

    # ----------------------------------------------------------------- actors
    def _free_id(self, taken, prefix: str, *parts: object) -> str:
        for salt in range(1000):
            new_id = prefix + _hash(*parts, salt if salt else None)
            if new_id not in taken:
                return new_id
        raise RuntimeError("no free id")

    def _candidates(self, key: str, kind: str) -> list[tuple]:
        """Like ``linking._candidates_by_kind``: (id, name, type, country) ordered by id."""
        return [(i, *self.actors[i][:3]) for i in sorted(self.by_norm.get((key, kind), ()))]

    def _surname_candidates(self, key: str) -> list[tuple]:
        tokens = key.split()
        if len(tokens) > 1:
            ids = self.by_norm.get((tokens[-1], "canonical"), set())
        elif "_" in key:  # SQL LIKE reads '_' as any one character: do as the SQL does
            pattern = re.compile(".* " + ".".join(map(re.escape, key.split("_"))), re.S)
            ids = {i for (k, kind), s in self.by_norm.items() if kind == "canonical" and pattern.fullmatch(k)
                   for i in s}
        else:
            ids = self.by_last_token.get(key, set())
        return [(i, *self.actors[i][:3]) for i in sorted(ids) if self.actors[i][1] == "person"]

    def find_actor(self, name: Optional[str], *, type_=None, country=None, mentions: tuple[str, ...] = ()):
        """``linking.find_actor`` over this index: the same rules (``linking.choose_actor``)."""
        return choose_actor(name, type_=type_, country=country, mentions=mentions,
                            candidates=lambda key, kinds: {k: self._candidates(key, k) for k in kinds},
                            surname_candidates=self._surname_candidates)

    def resolve_actor(self, rows: LinkRows, now: _dt.datetime, name: str, *, type_=None, country=None, role=None,
                      mentions: tuple[str, ...] = ()) -> tuple[str, str, str]:
        found = self.find_actor(name, type_=type_, country=country, mentions=mentions)
        if found:
            actor_id = found[0]
            a = self.actors[actor_id]
            filled = [a[1] if a[1] is not None else type_, a[2] if a[2] is not None else country,
                      a[3] if a[3] is not None else role]
            if filled != a[1:4]:
                a[1:4] = filled
                self.changed_actors.add(actor_id)
        else:
            actor_id = self._free_id(self.actors, "act-", norm(name))
            self.actors[actor_id] = [name, type_, country, role, now]
            self.new_actors.add(actor_id)
            found = (actor_id, "new actor", f"no stored actor matches {name!r}")
        aliases = {(name, "canonical")} | {(m, "mention") for m in mentions}
        for alias, kind in sorted(aliases):
            key = norm(alias)
            if key and self._add_alias(actor_id, alias, key, kind):
                rows.actor_aliases.append([actor_id, alias, key, kind])
        return found

    def _ref_actor(self, rows: LinkRows, now, h: str, ref: Optional[ActorRef], local: dict[str, str]):
        if ref is None:
            return None
        if ref.actor and ref.actor in local:
            return local[ref.actor]
        if not _named(ref.name):
            return None
        actor_id, rule, evidence = self.resolve_actor(rows, now, ref.name, country=ref.country, role=ref.role)
        rows.actor_merges.append([actor_id, h, ref.actor or f"event:{ref.name}", ref.name, rule, evidence, now])
        local[ref.actor or f"event:{ref.name}"] = actor_id
        return actor_id

    # ----------------------------------------------------------------- events
    def cluster_event(self, *, type_, source, target, day, negated, place, window: int = EVENT_WINDOW_DAYS):
        found = []
        for row in self.events.get((type_, source, target, negated), ()):
            date = row[1]
            if day is None or date is None:
                if day is None and date is None:
                    found.append((0, row[3], row[0], row))
            elif abs((date - day).days) <= window:
                found.append((abs((date - day).days), row[3], row[0], row))
        found.sort(key=lambda t: t[:3])
        for _, _, event_id, row in found:
            if _places_compatible(row[2], place):
                days = abs((row[1] - day).days) if row[1] and day else 0
                return event_id, {"days_apart": days, "event_place": row[2], "mention_place": place}
        return None

    def _link_events(self, rows: LinkRows, now, h: str, a: Analysis, local: dict[str, str], story_day) -> None:
        for i, ev in enumerate(a.events):
            source = self._ref_actor(rows, now, h, ev.source, local)
            target = self._ref_actor(rows, now, h, ev.target, local)
            text_day = _iso_day(ev.date)
            day = text_day or story_day
            place, lat, lon, place_country = _event_place(a, ev)
            match = self.cluster_event(type_=ev.type, source=source, target=target, day=day,
                                       negated=ev.negated, place=place)
            if match:
                event_id, evidence = match
                rule = _EVENT_RULE
                row = self.event_by_id[event_id]
                if row[4] is None or row[2] is None or row[5] is None:
                    filled = [row[4] if row[4] is not None else ev.mode, row[2] if row[2] is not None else place,
                              row[5] if row[5] is not None else lat, row[6] if row[6] is not None else lon,
                              row[7] if row[7] is not None else place_country]
                    if filled != [row[4], row[2], row[5], row[6], row[7]]:
                        row[4], row[2], row[5], row[6], row[7] = filled
                        self.changed_events.add(event_id)
            else:
                event_id = self._free_id(self.event_by_id, "ev-", ev.type, source, target, day, ev.negated,
                                         norm(place))
                self._add_event((ev.type, source, target, ev.negated),
                                [event_id, day, place, now, ev.mode, lat, lon, place_country, text_day is not None])
                self.new_events.add(event_id)
                rule, evidence = "new event", {"date": str(day) if day else None,
                                               "date_from_text": text_day is not None}
            src, tgt = ev.source or ActorRef(), ev.target or ActorRef()
            rows.event_mentions.append(
                [h, i, event_id, ev.start, ev.end, ev.text, ev.type, ev.mode,
                 src.name, src.country, src.role, source, src.actor, src.start, src.end,
                 tgt.name, tgt.country, tgt.role, target, tgt.actor, tgt.start, tgt.end,
                 ev.date, ev.location, ev.sentence, ev.sentence_text, ev.negated, ev.modality,
                 ev.confidence, ev.reason])
            rows.event_merges.append([event_id, h, i, rule, json.dumps(evidence), now])

    # ---------------------------------------------------------------- article
    def link_article(self, rows: LinkRows, now: _dt.datetime, h: str, a: Analysis
                     ) -> tuple[dict[str, str], list[Optional[str]]]:
        """Link one article; return the actor id per local actor (for entity mentions) and per quote."""
        local: dict[str, str] = {}
        seen_local: set[str] = set()
        named_of: dict[Optional[str], set[str]] = {}  # local actor -> its named mentions, in one pass
        for e in a.entities:
            if _named(e.text):
                named_of.setdefault(e.actor, set()).add(e.text)
        for actor in a.actors:
            named = named_of.get(actor.id, set())
            mentions = tuple(sorted(named - {actor.name}))
            actor_id, rule, evidence = self.resolve_actor(
                rows, now, actor.name, type_=actor.type, country=actor.country, role=actor.role, mentions=mentions)
            local[actor.id] = actor_id
            if actor.id not in seen_local:  # ON CONFLICT DO NOTHING of the per-article writer
                seen_local.add(actor.id)
                rows.article_actors.append([h, actor.id, actor_id, actor.name, actor.type, actor.country, actor.role,
                                            json.dumps(actor.mentions), actor.confidence, actor.reason])
            rows.actor_merges.append([actor_id, h, actor.id, actor.name, rule, evidence, now])
        entity_actors = dict(local)
        speakers: list[Optional[str]] = []
        for q in a.quotes:
            speaker_id = local.get(q.speaker_actor or "")
            if speaker_id is None and q.speaker:
                speaker_id = self._ref_actor(rows, now, h, ActorRef(name=q.speaker, actor=q.speaker_actor), local)
            speakers.append(speaker_id)
        self._link_events(rows, now, h, a, local, _iso_day(a.published_at))
        return entity_actors, speakers
