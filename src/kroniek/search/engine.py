"""Running a parsed query against the index: boolean matching per unit, BM25 ranking, totals, and
hits in context (the matching sentence with the spans of the hits, as offsets: callers render them
as text, never as HTML).

Units: an article, a quote, or a sentence that reports an event (an event ranks by its best
sentence). Phrases match consecutive words of one field, within one quote or sentence.
"""
from __future__ import annotations

from typing import Optional

from ..query import _records, quad
from .index import has_index
from .parse import Expr, Leaf, Node, QueryError, describe, leaves, parse
from .text import query_terms

KINDS = ("article", "quote", "event")
SORTS = ("relevance", "date", "-date")
_UNIT = {"article": "a", "quote": "q", "event": "s"}
K1, B = 1.2, 0.75


def _word_cond(alias: str, leaf: Leaf, i: int, params: list) -> str:
    w = leaf.words[i]
    if leaf.prefix and i == len(leaf.words) - 1:
        params.append(w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
        return f"{alias}.word LIKE ? ESCAPE '\\'"
    terms = query_terms(w)
    params.extend(terms)
    return f"{alias}.term IN ({', '.join('?' * len(terms))})"


def _leaf_sql(leaf: Leaf, unit: str, params: list) -> str:
    key = {"a": "0", "q": "p0.quote", "s": "p0.sentence"}[unit]
    same = {"a": "", "q": " AND p{i}.quote = p0.quote", "s": " AND p{i}.sentence = p0.sentence"}[unit]
    joins = "".join(
        f" JOIN search_postings p{i} ON p{i}.article_hash = p0.article_hash AND p{i}.field = p0.field"
        f" AND p{i}.pos = p0.pos + {i}" + same.format(i=i) for i in range(1, len(leaf.words)))
    conds = {"a": [], "q": ["p0.quote IS NOT NULL"], "s": ["p0.field = 1", "p0.sentence IS NOT NULL"]}[unit]
    jparams: list = []
    conds = conds + [_word_cond(f"p{i}", leaf, i, jparams) for i in range(len(leaf.words))]
    params.extend(jparams)
    sql = (f"SELECT p0.article_hash AS h, {key} AS k, count(*) AS tf FROM search_postings p0{joins} "
           f"WHERE {' AND '.join(conds)} GROUP BY 1, 2")
    if len(leaf.words) == 1:
        return sql
    # Dutch writes compounds as one word: the phrase "brexit deal" also finds "brexitdeal"
    one = Leaf(("".join(leaf.words),), leaf.prefix)
    return f"SELECT h, k, sum(tf) AS tf FROM ({sql} UNION ALL {_leaf_sql(one, unit, params)}) GROUP BY 1, 2"


def _set_sql(e: Expr, ids: dict) -> str:
    if isinstance(e, Leaf):
        return f"SELECT h, k FROM l{ids[id(e)]}"
    if e.op == "or":
        return " UNION ".join(f"SELECT h, k FROM ({_set_sql(c, ids)})" for c in e.children)
    pos = [c for c in e.children if not (isinstance(c, Node) and c.op == "not")]
    neg = [c.children[0] for c in e.children if isinstance(c, Node) and c.op == "not"]
    sql = " INTERSECT ".join(f"SELECT h, k FROM ({_set_sql(c, ids)})" for c in pos)
    if neg:
        sql = f"SELECT h, k FROM ({sql}) EXCEPT " + " UNION ".join(
            f"SELECT h, k FROM ({_set_sql(c, ids)})" for c in neg)
    return sql



def _ranked_sql(tree: Expr, kind: str, params: list, lang: Optional[str] = None,
                speaker: Optional[str] = None) -> str:
    """SQL of (h, k, event_id, score, date) for every matching unit of ``kind`` (in articles of ``lang``;
    quotes only: by the actor ``speaker``, an actor id)."""
    unit = _UNIT[kind]
    all_leaves = leaves(tree)
    ids = {id(leaf): i for i, (leaf, _) in enumerate(all_leaves)}
    ctes = [f"l{i} AS ({_leaf_sql(leaf, unit, params)})" for i, (leaf, _) in enumerate(all_leaves)]
    hits = " UNION ALL ".join(f"SELECT {i} AS leaf, h, k, tf FROM l{i}"
                              for i, (_, positive) in enumerate(all_leaves) if positive)
    cur_filter = ""  # the language of the article, the speaker of a quote
    if lang:
        cur_filter = " AND coalesce(a.lang, 'nl') = ?"
        params.append(lang)
    if speaker and unit == "q":  # a quote unit's key is the quote's index in its article
        cur_filter += " JOIN quotes sq ON sq.article_hash = m.h AND sq.idx = m.k AND sq.speaker_actor_id = ?"
        params.append(speaker)
    ctes += [
        f"matched AS ({_set_sql(tree, ids)})",
        f"hits AS ({hits})",
        f"cur AS (SELECT m.h, m.k FROM matched m JOIN articles a ON a.hash = m.h AND a.is_current{cur_filter})",
        f"""st AS (SELECT count(*) AS n, avg(u.length) AS avgdl FROM search_units u
               JOIN articles a ON a.hash = u.article_hash AND a.is_current WHERE u.unit = '{unit}')""",
        "df AS (SELECT leaf, count(*) AS df FROM hits GROUP BY leaf)",
        f"""scored AS (SELECT c.h, c.k, coalesce(sum(ln(1 + (st.n - df.df + 0.5) / (df.df + 0.5))
                    * hits.tf * {K1 + 1} / (hits.tf + {K1} * ({1 - B} + {B} * u.length / st.avgdl))), 0) AS score
               FROM cur c CROSS JOIN st
               LEFT JOIN hits ON hits.h = c.h AND hits.k = c.k LEFT JOIN df ON df.leaf = hits.leaf
               LEFT JOIN search_units u ON u.article_hash = c.h AND u.unit = '{unit}' AND u.key = c.k
               GROUP BY c.h, c.k)""",
    ]
    if kind == "event":
        body = """SELECT arg_max(s.h, s.score) AS h, arg_max(s.k, s.score) AS k, m.event_id,
                         max(s.score) AS score, any_value(e.date) AS date
                  FROM scored s JOIN current_event_mentions m ON m.article_hash = s.h AND m.sentence = s.k
                  JOIN events e ON e.id = m.event_id GROUP BY m.event_id"""
    else:
        body = """SELECT s.h, s.k, NULL::VARCHAR AS event_id, s.score, a.story_date AS date
                  FROM scored s JOIN articles a ON a.hash = s.h"""
    return "WITH " + ",\n".join(ctes) + f"\n{body}"


_ORDER = {"relevance": "score DESC, date NULLS LAST, h, k, event_id",
          "date": "date NULLS LAST, score DESC, h, k, event_id",
          "-date": "date DESC NULLS LAST, score DESC, h, k, event_id"}


def _kind_page(con, tree: Expr, kind: str, sort: str, since, until, n: int,
               lang: Optional[str] = None, speaker: Optional[str] = None) -> tuple[int, list[dict]]:
    params: list = []
    sql = _ranked_sql(tree, kind, params, lang, speaker)
    where, wparams = ["true"], []
    for bound, op in ((since, ">="), (until, "<=")):
        if bound:
            where.append(f"date {op} ?::DATE")
            wparams.append(bound[:10])
    rows = _records(con.execute(
        f"SELECT *, count(*) OVER () AS total FROM ({sql}) r WHERE {' AND '.join(where)} "
        f"ORDER BY {_ORDER[sort]} LIMIT ?", params + wparams + [n]))
    total = rows[0]["total"] if rows else 0
    for r in rows:
        r["kind"] = kind
        r["score"] = round(float(r["score"]), 4)
    return total, rows


def search(con, q: str, *, kind: Optional[str] = None, sort: str = "relevance", since: Optional[str] = None,
           until: Optional[str] = None, limit: int = 20, offset: int = 0, lang: Optional[str] = None,
           speaker: Optional[str] = None) -> dict:
    """Search ``q`` over ``kind`` (article, quote, event; None: all three, merged), in the articles of
    ``lang`` when given. ``speaker`` (an actor id): only the quotes that actor said ("every quote by
    Baudet mentioning Brexit"); ``kind`` is then quote (or None), and ``totals`` has the quotes only.

    Returns {query, total, totals {kind: n}, items [...], limit, offset, next_offset}; each item has
    kind, score, date, the record's fields and ``snippet`` {text, highlights [[start, end]], sentence}.
    """
    tree = parse(q)
    if kind not in (None, *KINDS):
        raise QueryError(f"kind: {kind!r} is not one of {', '.join(KINDS)}")
    if sort not in SORTS:
        raise QueryError(f"sort: {sort!r} is not one of {', '.join(SORTS)}")
    if speaker and kind not in (None, "quote"):
        raise QueryError(f"speaker: only quotes have a speaker (kind {kind!r} given; use kind=quote)")
    if not has_index(con):
        raise QueryError("the store has no search index yet: open it once for writing (kroniek search does)")
    kinds = ["quote"] if speaker else [kind] if kind else list(KINDS)
    totals, rows = {}, []
    for k in (kinds if speaker else KINDS):  # every kind's total (the page's tabs show them), the rows of the asked ones
        totals[k], page = _kind_page(con, tree, k, sort, since, until, offset + limit + 1 if k in kinds else 1,
                                     lang, speaker)
        if k in kinds:
            rows += page
    key = {"relevance": lambda r: -r["score"],
           "date": lambda r: (r["date"] is None, r["date"] or "", -r["score"]),
           "-date": lambda r: (r["date"] is None, _neg(r["date"]), -r["score"])}[sort]
    rows.sort(key=key)
    page = rows[offset:offset + limit]
    total = sum(totals[k] for k in kinds)
    items = _details(con, tree, page)
    return {"query": describe(tree), "total": total, "totals": totals, "items": items, "limit": limit,
            "offset": offset, "next_offset": offset + limit if offset + limit < total else None}


def _neg(date: Optional[str]) -> str:
    return "".join(chr(0x10FFFF - ord(c)) for c in (date or ""))


# ----------------------------------------------------------------- hits in context


def _matchers(tree: Expr):
    out = []
    for leaf, positive in leaves(tree):
        if not positive:
            continue
        conds = []
        for i, w in enumerate(leaf.words):
            if leaf.prefix and i == len(leaf.words) - 1:
                conds.append(lambda p, w=w: p["word"].startswith(w))
            else:
                terms = set(query_terms(w))
                conds.append(lambda p, t=terms: p["term"] in t)
        out.append(conds)
        if len(leaf.words) > 1:  # the compound written as one word (see _leaf_sql)
            joined = "".join(leaf.words)
            out.append([(lambda p, w=joined: p["word"].startswith(w)) if leaf.prefix
                        else (lambda p, t=set(query_terms(joined)): p["term"] in t)])
    return out


def _occurrences(postings: list[dict], matchers) -> list[tuple[int, int, int, Optional[int], Optional[int], int]]:
    """(start, end, field, sentence, quote, leaf) of every hit of a positive leaf in one article."""
    by_pos = {(p["field"], p["pos"]): p for p in postings}
    out = []
    for li, conds in enumerate(matchers):
        for p in postings:
            if not conds[0](p):
                continue
            seq = [p]
            for i in range(1, len(conds)):
                nxt = by_pos.get((p["field"], p["pos"] + i))
                if nxt is None or not conds[i](nxt):
                    break
                seq.append(nxt)
            if len(seq) == len(conds):
                out.append((p["start_char"], seq[-1]["end_char"], p["field"], p["sentence"], seq[-1]["quote"], li))
    return out


def _snippet(text: str, start: int, end: int, occ) -> dict:
    spans = sorted({(max(s, start) - start, min(e, end) - start) for s, e, *_ in occ if s < end and e > start})
    merged: list[list[int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return {"text": text[start:end], "highlights": merged}


def _details(con, tree: Expr, page: list[dict]) -> list[dict]:
    if not page:
        return []
    hashes = sorted({r["h"] for r in page})
    marks = ", ".join("?" * len(hashes))
    matchers = _matchers(tree)
    cond_params: list = []
    word_conds = []
    for leaf, positive in leaves(tree):
        if positive:
            word_conds += [_word_cond("p", leaf, i, cond_params) for i in range(len(leaf.words))]
            if len(leaf.words) > 1:
                word_conds.append(_word_cond("p", Leaf(("".join(leaf.words),), leaf.prefix), 0, cond_params))
    posts = _records(con.execute(
        f"SELECT article_hash, field, pos, term, word, start_char, end_char, sentence, quote "
        f"FROM search_postings p WHERE article_hash IN ({marks}) AND ({' OR '.join(word_conds)})",
        hashes + cond_params))
    by_h: dict[str, list] = {}
    for p in posts:
        by_h.setdefault(p["article_hash"], []).append(p)
    occ = {h: _occurrences(ps, matchers) for h, ps in by_h.items()}
    arts = {r["hash"]: r for r in _records(con.execute(
        f"SELECT hash, id, title, published_at, coalesce(lang, 'nl') AS lang, source, url, text FROM articles "
        f"WHERE hash IN ({marks})", hashes))}
    sents = {(r["article_hash"], r["idx"]): (r["start_char"], r["end_char"]) for r in _records(con.execute(
        f"SELECT article_hash, idx, start_char, end_char FROM sentences WHERE article_hash IN ({marks})", hashes))}
    quotes = {(r["article_hash"], r["idx"]): r for r in _records(con.execute(
        f"""SELECT q.article_hash, q.idx, q.start_char, q.end_char, q.sentence, q.kind AS quote_kind,
                   coalesce(act.name, q.speaker) AS speaker, q.speaker_actor_id AS speaker_actor
            FROM quotes q LEFT JOIN actors act ON act.id = q.speaker_actor_id
            WHERE q.article_hash IN ({marks})""", hashes))}
    event_ids = [r["event_id"] for r in page if r["event_id"]]
    events = {}
    if event_ids:
        em = ", ".join("?" * len(event_ids))
        events = {r["id"]: r for r in _records(con.execute(
            f"""SELECT e.id, e.type, e.mode, e.negated, s.name AS source_name, t.name AS target_name,
                       e.source_actor_id, e.target_actor_id
                FROM events e LEFT JOIN actors s ON s.id = e.source_actor_id
                LEFT JOIN actors t ON t.id = e.target_actor_id WHERE e.id IN ({em})""", event_ids))}
    out = []
    for r in page:
        a = arts[r["h"]]
        hits = occ.get(r["h"], [])
        item = {"kind": r["kind"], "score": r["score"], "date": r["date"], "article_id": a["id"],
                "title": a["title"], "published_at": a["published_at"], "lang": a["lang"]}
        if r["kind"] == "article":
            item.update(id=a["id"], url=a["url"], source=a["source"])
            body = [o for o in hits if o[2] == 1 and o[3] is not None]
            if body:
                best = max({o[3] for o in body}, key=lambda s: (len({o[5] for o in body if o[3] == s}),
                                                                 sum(o[3] == s for o in body), -s))
                s, e = sents[(r["h"], best)]
                item["snippet"] = {**_snippet(a["text"], s, e, [o for o in body if o[3] == best]), "sentence": best}
            else:
                item["snippet"] = {**_snippet(a["title"] or "", 0, len(a["title"] or ""),
                                              [o for o in hits if o[2] == 0]), "sentence": None}
            item["n_hits"] = len(hits)
        elif r["kind"] == "quote":
            qr = quotes[(r["h"], r["k"])]
            item.update(id=f"{a['id']}/q{r['k']}", speaker=qr["speaker"], speaker_actor=qr["speaker_actor"],
                        quote_kind=qr["quote_kind"])
            # the quote in its sentence: from the sentence's start to the later of its end and the quote's
            s, e = sents.get((r["h"], qr["sentence"]), (qr["start_char"], qr["end_char"]))
            s, e = min(s, qr["start_char"]), max(e, qr["end_char"])
            item["snippet"] = {**_snippet(a["text"], s, e, [o for o in hits if o[4] == r["k"]]),
                               "sentence": qr["sentence"], "quote": [qr["start_char"] - s, qr["end_char"] - s]}
        else:
            ev = events.get(r["event_id"], {})
            qd = quad(ev.get("type"))
            item.update(id=r["event_id"], type=ev.get("type"), mode=ev.get("mode"), negated=ev.get("negated"),
                        quad_class=qd.get("side"),
                        source={"id": ev.get("source_actor_id"), "name": ev.get("source_name")}
                        if ev.get("source_actor_id") else None,
                        target={"id": ev.get("target_actor_id"), "name": ev.get("target_name")}
                        if ev.get("target_actor_id") else None)
            s, e = sents.get((r["h"], r["k"]), (0, 0))
            item["snippet"] = {**_snippet(a["text"], s, e, [o for o in hits if o[2] == 1 and o[3] == r["k"]]),
                               "sentence": r["k"]}
        out.append(item)
    return out

