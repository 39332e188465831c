"""How ``kroniek ingest --db FILE`` finds the ``kroniek serve`` that owns FILE.

The server writes ``FILE.server.json`` (its URL, pid and the store's absolute
path) when it starts and removes it when it stops. A file left behind by a
server that was killed is recognised as stale: its pid is gone, or the URL does
not answer as the owner of the same store.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Optional


def discovery_path(db: Path | str) -> Path:
    db = Path(db)
    return db.with_name(db.name + ".server.json")


def write(db: Path | str, url: str) -> Path:
    """Announce this process as the owner of ``db`` (written atomically: readers never see half a file)."""
    path = discovery_path(db)
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps({"url": url.rstrip("/"), "pid": os.getpid(),
                               "db": str(Path(db).resolve())}), encoding="utf8")
    os.replace(tmp, path)
    return path


def remove(db: Path | str) -> None:
    """Withdraw the announcement, if it is still this process's."""
    path = discovery_path(db)
    found = read(db)
    if found is not None and found.get("pid") == os.getpid():
        path.unlink(missing_ok=True)


def read(db: Path | str) -> Optional[dict]:
    try:
        data = json.loads(discovery_path(db).read_text(encoding="utf8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("url"), str) else None


def pid_alive(pid) -> bool:
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, but another user's
        return True
    return True


def find_server(db: Path | str, timeout: float = 3.0) -> Optional[str]:
    """The URL of the live server owning ``db``, or None (no file, dead pid, or not answering for it)."""
    found = read(db)
    if found is None or not pid_alive(found.get("pid")):
        return None
    import httpx

    try:
        r = httpx.get(f"{found['url']}/api/ingest", timeout=timeout)
        owned = r.json().get("db") if r.status_code == 200 else None
    except (httpx.HTTPError, ValueError, AttributeError):
        return None
    return found["url"] if owned == str(Path(db).resolve()) else None
