"""A chronicle a person can read: the text output of ``kroniek analyze``."""
from __future__ import annotations

import textwrap
from collections import Counter, defaultdict

from .document import Analysis, ErrorRecord

WIDTH = 100


def _short(s: str, n: int = 160) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def _actor_label(ref) -> str:
    if ref is None:
        return "?"
    name = ref.name or "?"
    return f"{name} ({ref.country})" if ref.country else name


def _language(a: Analysis) -> str:
    """'language en (detected, 99%)' or 'language nl' (given by the input)."""
    how = (a.analyzer or {}).get("language") or {}
    if how.get("source") == "detected" and how.get("confidence") is not None:
        return f"language {a.lang} (detected, {how['confidence']:.0%})"
    return f"language {a.lang}"


def render_analysis(a: Analysis) -> str:
    out = []
    head = f"{a.title or a.id}"
    meta = " · ".join(x for x in (a.id, a.published_at, a.source, _language(a)) if x)
    out.append("═" * WIDTH)
    out.append(head)
    out.append(meta)
    out.append("═" * WIDTH)

    if a.events:
        out.append("Events")
        for e in sorted(a.events, key=lambda e: (e.date or "", e.start)):
            flags = []
            if e.negated:
                flags.append("negated")
            if e.modality:
                flags.append(e.modality)
            where = f" @ {e.location}" if e.location else ""
            out.append(
                f"  {e.date or '????-??-??':<10}  {e.type:<9} {_actor_label(e.source)} → {_actor_label(e.target)}"
                f"{where}{' [' + ', '.join(flags) + ']' if flags else ''}"
            )
            out.append(textwrap.indent(textwrap.fill(f"“{_short(e.sentence_text or e.text)}”", WIDTH - 14), " " * 14))
        out.append("")

    if a.quotes:
        out.append("Quotes")
        for q in a.quotes:
            who = q.speaker or "(speaker unknown)"
            out.append(f"  {who} ({q.kind}{', ' + q.cue if q.cue else ''}):")
            out.append(textwrap.indent(textwrap.fill(f"“{_short(q.text, 400)}”", WIDTH - 4), "    "))
        out.append("")

    if a.timexes:
        out.append("Time expressions")
        for t in a.timexes:
            out.append(f"  {t.text!r:<28} {t.type:<9} {t.value or '?'}")
        out.append("")

    if a.actors:
        out.append("Actors")
        for act in sorted(a.actors, key=lambda x: -len(x.mentions)):
            extra = ", ".join(x for x in (act.type, act.country, act.role) if x)
            out.append(f"  {act.name} [{extra}] ×{len(act.mentions)}")
        out.append("")

    if a.entities:
        out.append("Entities")
        groups: dict[str, Counter] = defaultdict(Counter)
        for e in a.entities:
            groups[e.label][e.canonical or e.text] += 1
        for label in ("PER", "ORG", "LOC", "MISC"):
            if groups.get(label):
                items = ", ".join(f"{n}" + (f" ×{c}" if c > 1 else "") for n, c in groups[label].most_common())
                out.append(textwrap.fill(items, WIDTH, initial_indent=f"  {label:<5} ", subsequent_indent=" " * 8))
        out.append("")

    if a.places:
        out.append("Places")
        seen = set()
        for p in a.places:
            if p.name in seen:
                continue
            seen.add(p.name)
            coords = f"{p.latitude:.2f}, {p.longitude:.2f}" if p.latitude is not None else "no coordinates"
            out.append(f"  {p.name} ({p.country or '?'}, {p.feature or '?'}) {coords}")
        out.append("")
    return "\n".join(out)


def render_error(e: ErrorRecord) -> str:
    where = f" (line {e.line})" if e.line else ""
    return f"!! article {e.id or '?'}{where} failed: {e.error}"
