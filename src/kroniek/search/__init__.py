"""Full-text search over articles, quotes and events.

Why not DuckDB's ``fts`` extension: the project pins duckdb 2.0.1 and PyPI's ``duckdb-extension-fts``
exists only up to 1.5.5 (an extension loads only into the DuckDB version it was built for), and
``INSTALL fts`` would download at run time, which must work offline. So the index is plain DuckDB
tables built here (``index``): accent-folded tokens with Snowball stems (``text``), positions for
phrases, character offsets for highlighting; queries (``parse``) are boolean and BM25-ranked
(``engine``).
"""
from .engine import KINDS, SORTS, search
from .index import ensure_index
from .parse import QueryError, parse

__all__ = ["KINDS", "SORTS", "QueryError", "ensure_index", "parse", "search"]
