"""The client half of ingest hand-off: ``kroniek ingest --server URL`` (or ``--db FILE`` while served).

The input paths are expanded here as a local ingest would (folders recursively,
in sorted order, hidden and unsupported files skipped); each file is sent as it
is (``POST /api/ingest?name=FILE``), its job awaited, and the jobs' summaries
added up into the one a local ingest prints, errors with their file and line.
A path that does not exist, or an unsupported file named explicitly, is an
error item here, as it is in a local ingest.
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Callable, Iterable, Optional, Union

COUNTS = ("read", "added", "updated", "unchanged", "duplicates", "errors")


class HandoffError(RuntimeError):
    """The server cannot be reached or refused the work as a whole (one line)."""


def input_files(paths: Iterable[Union[str, Path]]) -> list[tuple[str, Optional[str]]]:
    """(name, problem) for every input file: problem None for a file to send."""
    from ..ingest import SUPPORTED_EXT

    out: list[tuple[str, Optional[str]]] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += [(str(f), None) for f in sorted(p.rglob("*"))
                    if f.is_file() and f.suffix.lower() in SUPPORTED_EXT
                    and not any(part.startswith(".") for part in f.relative_to(p).parts)]
        elif not p.exists():
            out.append((str(p), "no such file or folder"))
        elif p.suffix.lower() not in SUPPORTED_EXT:
            out.append((str(p), f"unsupported file type {p.suffix!r}"))
        else:
            out.append((str(p), None))
    return out


def _detail(r) -> str:
    try:
        return str(r.json().get("detail"))[:300]
    except ValueError:
        return r.text[:300]


def hand_over(url: str, paths: Iterable[Union[str, Path]], *, timeout: float = 60.0,
              on_file: Optional[Callable[[str, dict], None]] = None, poll_s: float = 0.2,
              lang: Optional[str] = None) -> dict:
    """Ingest ``paths`` through the server at ``url``; the summary dict of ``IngestStats.as_dict``
    (``lang``: the language of articles that give none; None: the server detects it)."""
    import httpx

    started = time.perf_counter()
    total: dict = {k: 0 for k in COUNTS} | {"error_messages": [], "notes": []}

    def add_error(message: str) -> None:
        total["read"] += 1
        total["errors"] += 1
        total["error_messages"].append(message)

    base = url.rstrip("/")
    with httpx.Client(base_url=base, timeout=timeout) as client:
        try:
            status = client.get("/api/ingest")
        except httpx.HTTPError as exc:
            raise HandoffError(f"no kroniek server answers at {base}: {type(exc).__name__}") from exc
        if status.status_code != 200:
            raise HandoffError(f"{base} does not take ingest jobs: {status.status_code} {_detail(status)}")
        for name, problem in input_files(paths):
            if problem:
                add_error(f"{name}: {problem}")
                continue
            try:
                data = Path(name).read_bytes()
            except OSError as exc:
                add_error(f"{name}: cannot read: {exc.strerror or exc}")
                continue
            job = _submit(client, name, data, add_error, lang)
            if job is None:
                continue
            summary = _await(client, job, name, poll_s)
            for k in COUNTS:
                total[k] += summary.get(k, 0)
            total["error_messages"] += summary.get("error_messages", [])
            total["notes"] += summary.get("notes", [])
            if on_file:
                on_file(name, summary)
    seconds = time.perf_counter() - started
    total["seconds"] = round(seconds, 2)
    total["articles_per_s"] = round((total["added"] + total["updated"]) / seconds, 2) if seconds else 0.0
    return total


def _submit(client, name: str, data: bytes, add_error, lang: Optional[str] = None) -> Optional[str]:
    """The job id, after waiting out a full queue; None (an error item) if the server refuses the file."""
    import httpx

    while True:
        try:
            r = client.post("/api/ingest", params={"name": name, **({"lang": lang} if lang else {})}, content=data,
                            headers={"Content-Type": "application/octet-stream"})
        except httpx.HTTPError as exc:
            raise HandoffError(f"sending {name} failed: {type(exc).__name__}: {exc}") from exc
        if r.status_code == 429:
            time.sleep(float(r.headers.get("Retry-After", "2")))
            continue
        if r.status_code == 202:
            return r.json()["id"]
        if r.status_code in (413, 422):
            add_error(f"{name}: refused by the server: {_detail(r)}")
            return None
        raise HandoffError(f"the server refused {name}: {r.status_code} {_detail(r)}")


def _await(client, job: str, name: str, poll_s: float) -> dict:
    import httpx

    while True:
        try:
            r = client.get(f"/api/ingest/{job}")
        except httpx.HTTPError as exc:
            raise HandoffError(f"lost the server while it ingested {name} (job {job}): {type(exc).__name__}; "
                               "every article stored so far is complete: run the same command again") from exc
        if r.status_code != 200:
            raise HandoffError(f"job {job} ({name}): {r.status_code} {_detail(r)}")
        body = r.json()
        if body["state"] == "done":
            return body["summary"]
        if body["state"] == "failed":
            raise HandoffError(f"the server's ingest of {name} failed: {body['error']}")
        time.sleep(poll_s)
