"""Totals of the list queries and the quote browser's speaker counts, over every matching row.

Why a module of its own: a page shows "51–100 of 7,033" and speaker counts over all quotes, not over
the rows it fetched (the explorer used to count speakers in the first 1,000 quotes). Each total uses
the WHERE terms of the list function it counts (``query._*_filters``), so the two cannot disagree.
"""
from __future__ import annotations

from typing import Callable, Optional

from . import query


def events_total(con, **filters) -> int:
    where, params = query._event_filters(con, **filters)
    return con.execute(f"SELECT count(*) FROM ({query._EVENTS_SQL} WHERE {where})", params).fetchone()[0]


def quotes_total(con, **filters) -> int:
    where, params = query._quote_filters(con, **filters)
    return con.execute(f"SELECT count(*) FROM quotes q JOIN articles a ON a.hash = q.article_hash "
                       f"WHERE {' AND '.join(where)}", params).fetchone()[0]


def actors_total(con, **filters) -> int:
    where, params = query._actor_filters(con, **filters)
    return con.execute(f"SELECT count(*) FROM actors x WHERE {' AND '.join(where)}", params).fetchone()[0]


def articles_total(con, **filters) -> int:
    where, params = query._article_filters(**filters)
    return con.execute(f"SELECT count(*) FROM articles a WHERE {' AND '.join(where)}", params).fetchone()[0]


TOTALS: dict[Callable, Callable[..., int]] = {
    query.events: events_total, query.quotes: quotes_total, query.actors: actors_total,
    query.articles: articles_total,
}
"""List function -> the function counting all its rows under the same filters."""


def total(con, fn: Callable, n_on_page: int, more: bool, offset: int, **filters) -> Optional[int]:
    """All rows ``fn`` would list under ``filters``; counted without a query when this page is the last."""
    counter = TOTALS.get(fn)
    if counter is None:
        return None
    if not more and (n_on_page or offset == 0):
        return offset + n_on_page
    return counter(con, **filters)


_NO_SPEAKER = "(q.speaker_actor_id IS NULL AND coalesce(trim(q.speaker), '') = '')"


def quote_speakers(con, *, contains: Optional[str] = None, article: Optional[str] = None,
                   lang: Optional[str] = None, limit: int = 100, offset: int = 0) -> dict:
    """Speakers of all quotes (matching ``contains``/``article``), most quoted first:
    {items: [{key, speaker, speaker_actor, n}], unknown (quotes without a speaker), total (quotes), n_speakers}."""
    where, params = query._quote_filters(con, contains=contains, article=article, lang=lang)
    cond = " AND ".join(where)
    total_, unknown = con.execute(
        f"SELECT count(*), count(*) FILTER (WHERE {_NO_SPEAKER}) FROM quotes q "
        f"JOIN articles a ON a.hash = q.article_hash WHERE {cond}", params).fetchone()
    rows = query._records(con.execute(
        f"""SELECT coalesce(q.speaker_actor_id, q.speaker) AS key, min(coalesce(act.name, q.speaker)) AS speaker,
                   min(q.speaker_actor_id) AS speaker_actor, count(*) AS n, count(*) OVER () AS n_speakers
            FROM quotes q JOIN articles a ON a.hash = q.article_hash
            LEFT JOIN actors act ON act.id = q.speaker_actor_id
            WHERE {cond} AND NOT {_NO_SPEAKER}
            GROUP BY 1 ORDER BY n DESC, speaker, key LIMIT ? OFFSET ?""", params + [int(limit), int(offset)]))
    n_speakers = rows[0]["n_speakers"] if rows else 0
    for r in rows:
        del r["n_speakers"]
    return {"items": rows, "unknown": unknown, "total": total_, "n_speakers": n_speakers, "limit": limit,
            "offset": offset, "next_offset": offset + limit if offset + limit < n_speakers else None}
