"""Counts for the explorer's charts: facet counts, series over time, the dense date range.

Computed in SQL over the same event filters as ``kroniek.query.events`` (its
``_event_filters``), so every count equals the number of events the list shows
for that choice. Each facet leaves out its own filter (datasette's and AmCAT's
convention): the counts next to a dropdown's options say how many events each
option would give with the other filters kept, not only the chosen one.
"""
from __future__ import annotations

import datetime as _dt
from typing import Optional

from .query import _event_filters, _records, quad

FACETS = ("types", "actors", "sources", "targets", "countries", "outlets", "months", "languages")
SERIES_BY = ("type", "actor", "quad")
INTERVALS = ("day", "week", "month")
# the event filters of kroniek.query; a facet drops its own
_OWN_FILTER = {"types": ("type",), "actors": ("actor",), "sources": ("source",), "targets": ("target",),
               "countries": ("country",), "months": ("since", "until"), "outlets": (), "languages": ("lang",)}
STRAY_GAP_DAYS = 60  # a run of event dates this far from the rest is its own cluster


def _base(con, filters: dict) -> tuple[str, list]:
    """Events matching ``filters`` that have a current mention (as ``events`` returns them)."""
    where, params = _event_filters(con, **{k: v for k, v in filters.items() if v not in (None, "")})
    sql = f"""SELECT e.id, e.type, e.date, e.source_actor_id, e.target_actor_id,
                     s.country AS source_country, t.country AS target_country, e.place_country
              FROM events e LEFT JOIN actors s ON s.id = e.source_actor_id
              LEFT JOIN actors t ON t.id = e.target_actor_id
              WHERE {where} AND e.id IN (SELECT event_id FROM current_event_mentions)"""
    return sql, params


def _facet_sql(name: str) -> str:
    """The counts of one facet over the filtered events ``b`` (a CTE)."""
    if name == "types":
        return f"SELECT type AS value, NULL AS label, count(*) AS n FROM b GROUP BY 1"
    if name in ("actors", "sources", "targets"):
        cols = {"actors": ["source_actor_id", "target_actor_id"], "sources": ["source_actor_id"],
                "targets": ["target_actor_id"]}[name]
        union = " UNION ".join(f"SELECT id, {c} AS actor FROM b" for c in cols)
        return f"""SELECT u.actor AS value, a.name AS label, count(DISTINCT u.id) AS n
                   FROM ({union}) u JOIN actors a ON a.id = u.actor GROUP BY 1, 2"""
    if name == "countries":
        union = " UNION ".join(f"SELECT id, {c} AS c FROM b"
                               for c in ("source_country", "target_country", "place_country"))
        return f"SELECT c AS value, NULL AS label, count(DISTINCT id) AS n FROM ({union}) u WHERE c IS NOT NULL GROUP BY 1"
    if name == "outlets":
        return f"""SELECT coalesce(m.source, '') AS value, NULL AS label, count(DISTINCT b.id) AS n
                   FROM b JOIN (SELECT DISTINCT cm.event_id, a.source FROM current_event_mentions cm
                                         JOIN articles a ON a.hash = cm.article_hash) m ON m.event_id = b.id
                   GROUP BY 1"""
    if name == "languages":  # an event counts for each language it is reported in
        return """SELECT m.lang AS value, NULL AS label, count(DISTINCT b.id) AS n
                   FROM b JOIN (SELECT DISTINCT cm.event_id, coalesce(a.lang, 'nl') AS lang
                                FROM current_event_mentions cm JOIN articles a ON a.hash = cm.article_hash) m
                   ON m.event_id = b.id GROUP BY 1"""
    if name == "months":
        return (f"SELECT strftime(date, '%Y-%m') AS value, NULL AS label, count(*) AS n FROM b "
                "WHERE date IS NOT NULL GROUP BY 1")
    raise ValueError(name)


def facets(con, *, top: int = 20, only: Optional[list[str]] = None, **filters) -> dict:
    """{"total": events matching all filters, facet: [{value, label, n}] for each facet}, each facet
    the ``top`` values with most events (months: all, in date order) under the other filters."""
    sql, params = _base(con, filters)
    out: dict = {"total": con.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0]}
    for name in only or FACETS:
        others = {k: v for k, v in filters.items() if k not in _OWN_FILTER[name]}
        base, p = _base(con, others)
        order = "value" if name == "months" else "n DESC, value"
        limit = "" if name == "months" else f" LIMIT {int(top)}"
        out[name] = _records(con.execute(
            f"WITH b AS ({base}) SELECT * FROM ({_facet_sql(name)}) ORDER BY {order}{limit}", p))
    return out


def _period(interval: str) -> str:
    return "date" if interval == "day" else f"CAST(date_trunc('{interval}', date) AS DATE)"


def series(con, *, by: str = "type", interval: str = "day", top: int = 8, **filters) -> dict:
    """Events per period (day, ISO week from Monday, month) split by type, by actor (the ``top``
    actors with most events; an event counts for its source and its target) or by quad class
    (cooperation/conflict/other). {"by", "interval", "keys": [...], "items": [{period, key, n}],
    "days": [{date, n}], "dense": {since, until}, "stray": [{date, n}]} (dense range: see
    ``dense_range``); undated events are counted in ``undated``."""
    base, params = _base(con, filters)
    per = _period(interval)
    if by == "actor":
        tops = _records(con.execute(
            f"""WITH b AS ({base}) SELECT a AS key, count(DISTINCT id) AS n FROM (
                SELECT id, source_actor_id AS a FROM b UNION SELECT id, target_actor_id FROM b) WHERE a IS NOT NULL
                GROUP BY 1 ORDER BY n DESC, key LIMIT {int(top)}""", params))
        keys = [r["key"] for r in tops]
        names = dict(con.execute(f"SELECT id, name FROM actors WHERE id IN ({', '.join('?' * len(keys))})",
                                 keys).fetchall()) if keys else {}
        rows = _records(con.execute(
            f"""WITH b AS ({base}) SELECT {per} AS period, a AS key, count(DISTINCT id) AS n
                FROM (SELECT id, date, source_actor_id AS a FROM b UNION SELECT id, date, target_actor_id FROM b)
                WHERE date IS NOT NULL AND list_contains(?::VARCHAR[], a) GROUP BY 1, 2 ORDER BY 1, 2""",
            params + [keys]))
        labels = {k: names.get(k, k) for k in keys}
    else:
        rows = _records(con.execute(
            f"WITH b AS ({base}) SELECT {per} AS period, type AS key, count(*) AS n FROM b WHERE date IS NOT NULL "
            "GROUP BY 1, 2 ORDER BY 1, 2", params))
        if by == "quad":
            merged: dict[tuple, int] = {}
            for r in rows:
                k = (r["period"], quad(r["key"]).get("side") or "other")
                merged[k] = merged.get(k, 0) + r["n"]
            rows = [{"period": p, "key": k, "n": n} for (p, k), n in sorted(merged.items())]
            keys = [k for k in ("cooperation", "conflict", "other") if any(r["key"] == k for r in rows)]
        else:
            totals: dict[str, int] = {}
            for r in rows:
                totals[r["key"]] = totals.get(r["key"], 0) + r["n"]
            keys = sorted(totals, key=lambda k: (-totals[k], k))
        labels = {k: k for k in keys}
    days = _records(con.execute(f"WITH b AS ({base}) SELECT date, count(*) AS n FROM b WHERE date IS NOT NULL "
                                "GROUP BY 1 ORDER BY 1", params))
    undated = con.execute(f"WITH b AS ({base}) SELECT count(*) FROM b WHERE date IS NULL", params).fetchone()[0]
    dense, stray, tails = dense_range(days)
    return {"by": by, "interval": interval, "keys": [{"key": k, "label": labels[k]} for k in keys],
            "items": rows, "days": days, "undated": undated, "dense": dense, "stray": stray, "tails": tails}


def dense_range(days: list[dict], gap_days: int = STRAY_GAP_DAYS, max_share: float = 0.2,
                tail_share: float = 0.01, tail_span: float = 0.1) -> tuple[dict, list, list]:
    """The date range where the events are, the stray dates far outside it, and its sparse tails.

    Event dates are split into clusters wherever ``gap_days`` pass without an event; the
    cluster with most events is the dense range, extended by the neighbouring clusters until
    what is left outside is at most ``max_share`` of the events. A few events dated years
    away (a misread year, a historical reference) are then listed as stray instead of
    squashing the year that holds the rest into a sliver. Then each end of that range is
    trimmed by up to ``tail_share`` of the events if they are spread over at least
    ``tail_span`` of its length (a few events dated months before or after the bulk, as
    "next summer" gives): ``tails`` says how many events each trimmed end holds, so the
    page can say what it does not draw."""
    if not days:
        return {"since": None, "until": None}, [], []
    dates = sorted((_dt.date.fromisoformat(str(d["date"])[:10]), int(d["n"])) for d in days)
    clusters: list[list[tuple[_dt.date, int]]] = [[dates[0]]]
    for prev, cur in zip(dates, dates[1:]):
        if (cur[0] - prev[0]).days > gap_days:
            clusters.append([])
        clusters[-1].append(cur)
    total = sum(n for _, n in dates)
    weight = [sum(n for _, n in c) for c in clusters]
    lo = hi = max(range(len(clusters)), key=lambda i: (weight[i], -i))
    inside = weight[lo]
    while total - inside > max_share * total:  # too much outside: take in the heavier neighbour
        left = weight[lo - 1] if lo > 0 else -1
        right = weight[hi + 1] if hi + 1 < len(clusters) else -1
        if left >= right:
            lo -= 1
            inside += left
        else:
            hi += 1
            inside += right
    stray = [{"date": d.isoformat(), "n": n} for i, c in enumerate(clusters) if not lo <= i <= hi for d, n in c]
    kept = [x for c in clusters[lo:hi + 1] for x in c]
    span = (kept[-1][0] - kept[0][0]).days
    tails = []
    first, last = 0, len(kept) - 1
    for side in ("before", "after"):
        seq = kept if side == "before" else kept[::-1]
        cut, dropped = 0, 0
        while cut < len(seq) - 1 and dropped + seq[cut][1] <= tail_share * total:
            dropped += seq[cut][1]
            cut += 1
        if cut and abs((seq[cut][0] - seq[0][0]).days) >= tail_span * span:
            a, b = sorted((seq[0][0], seq[cut - 1][0]))
            tails.append({"side": side, "since": a.isoformat(), "until": b.isoformat(), "n": dropped})
            if side == "before":
                first = cut
            else:
                last = len(kept) - 1 - cut
    if first > last:  # nothing left between the tails: keep the whole range
        first, last, tails = 0, len(kept) - 1, []
    dense = {"since": kept[first][0].isoformat(), "until": kept[last][0].isoformat()}
    return dense, stray, tails
