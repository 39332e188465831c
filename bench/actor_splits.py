"""How many actor names the store splits over several actors with conflicting countries.

Ingests the first N articles of a corpus into a fresh DuckDB store and counts, among the distinct
names of stored actors, those held by two or more actors whose (non-null) countries differ: one
real actor split by a guessed country ("Thierry Baudet" as NLD and JPN). Not a test: prints figures.

    python bench/actor_splits.py --corpus ../shared/data/corpus_nl/dpgmedia2019.jsonl --articles 400
"""
from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path


def split_names(con) -> dict:
    rows = con.execute(
        "SELECT name, count(*) AS n, count(DISTINCT country) AS countries, list(DISTINCT country) "
        "FROM actors GROUP BY name"
    ).fetchall()
    names = len(rows)
    split = [r for r in rows if r[2] >= 2]
    return {
        "actors": con.execute("SELECT count(*) FROM actors").fetchone()[0],
        "names": names,
        "names_split_by_country": len(split),
        "share": round(len(split) / names, 4) if names else 0.0,
        "examples": sorted(([r[0], sorted(c for c in r[3] if c)] for r in split), key=lambda x: -len(x[1]))[:10],
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--articles", type=int, default=400)
    ap.add_argument("--workers", type=int, default=2)
    a = ap.parse_args(argv)
    from kroniek import ingest, store

    tmp = Path(tempfile.mkdtemp())
    part = tmp / "part.jsonl"
    with open(a.corpus, encoding="utf8") as f, part.open("w", encoding="utf8") as out:
        for i, line in enumerate(f):
            if i >= a.articles:
                break
            out.write(line)
    con = store.connect(str(tmp / "store.duckdb"))
    ingest.ingest(con, [str(part)], workers=a.workers, progress=False)
    print(json.dumps(split_names(con), indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
