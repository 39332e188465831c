"""Records: an article and everything kroniek extracts from it.

These models are the one contract between the layers. The analyser
(``kroniek.analyze``) produces them, the store persists them, the query layer,
API and web page read them. Field names follow the gold format in
``shared/eval/GOLD_FORMAT.md`` so any output can be scored against any gold
file; extra fields (provenance, confidence, reason) are additions, never
renames. Bump ``SCHEMA_VERSION`` when a field changes meaning or is removed.

Every extracted item carries provenance: character offsets into
``Article.text`` (``text[start:end] == item.text``), the index of the sentence
it came from, a confidence in [0, 1] and a short human-readable ``reason``
naming the rule or model that produced it.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.0"


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Article(Record):
    """One input article. ``text`` is what is analysed; offsets point into it."""

    id: str
    text: str
    title: Optional[str] = None
    published_at: Optional[str] = Field(None, description="ISO date (YYYY-MM-DD) or datetime")
    lang: str = "nl"
    source: Optional[str] = None
    url: Optional[str] = None
    lang_source: Optional[Literal["given", "detected"]] = Field(
        None, description="how ``lang`` was settled (kroniek.detect_lang); None: not settled, the default applies")
    lang_confidence: Optional[float] = Field(None, ge=0.0, le=1.0, description="the detector's probability of lang")

    def content_hash(self) -> str:
        """Stable key for idempotent ingest: same title+text, same hash."""
        h = hashlib.sha256()
        h.update((self.title or "").encode("utf8"))
        h.update(b"\x00")
        h.update(self.text.encode("utf8"))
        return h.hexdigest()

    def published_date(self) -> Optional[_dt.date]:
        if not self.published_at:
            return None
        try:
            return _dt.date.fromisoformat(self.published_at[:10])
        except ValueError:
            return None


class Provenance(Record):
    """Where an item was found and why it was extracted."""

    start: int
    end: int
    text: str
    sentence: int = Field(..., description="index into Analysis.sentences")
    confidence: float = Field(..., ge=0.0, le=1.0)
    reason: str


class Sentence(Record):
    start: int
    end: int
    paragraph: int = 0


class Entity(Provenance):
    label: Literal["PER", "ORG", "LOC", "MISC"]
    canonical: Optional[str] = None
    actor: Optional[str] = Field(None, description="id of the Actor this mention belongs to")


class Quote(Provenance):
    kind: Literal["direct", "partial", "indirect"]
    speaker: Optional[str] = Field(None, description="canonical name of the speaker, null if unknown")
    speaker_actor: Optional[str] = None
    speaker_start: Optional[int] = Field(None, description="offsets of the speaker mention in text")
    speaker_end: Optional[int] = None
    cue: Optional[str] = Field(None, description="speech verb or phrase that introduces the quote")


class Timex(Provenance):
    type: Literal["DATE", "TIME", "DURATION", "SET"]
    value: Optional[str] = Field(None, description="TIMEX3 value normalised against published_at")


class Place(Provenance):
    name: str = Field(..., description="canonical (English) place name")
    latitude: Optional[float] = None
    longitude: Optional[float] = None
    country: Optional[str] = Field(None, description="ISO 3166-1 alpha-3")
    feature: Optional[str] = Field(None, description="country, city, region, sea, building, ...")
    geonameid: Optional[int] = None


class ActorRef(Record):
    """An event participant as the gold format writes it."""

    name: Optional[str] = None
    country: Optional[str] = None
    actor: Optional[str] = None
    role: Optional[str] = None
    start: Optional[int] = None
    end: Optional[int] = None


class Event(Provenance):
    """A PLOVER event. ``start``/``end``/``text`` locate the trigger."""

    type: str
    mode: Optional[str] = None
    source: Optional[ActorRef] = None
    target: Optional[ActorRef] = None
    date: Optional[str] = None
    location: Optional[str] = None
    sentence_text: str = Field("", description="the sentence that states the event")
    negated: bool = False
    modality: Optional[str] = Field(None, description="e.g. 'possible', 'future', 'refused'")


class Actor(Record):
    """One real-world actor as it appears in this article (mentions merged)."""

    id: str
    name: str
    type: str = Field(..., description="person, organisation, state, armed_group, ...")
    country: Optional[str] = None
    role: Optional[str] = None
    country_assumed: bool = Field(False, description="always false: an actor's country comes from evidence in the text or the dictionary, never from the article's main country (events mark such a country 'implied' in their reason)")
    mentions: list[tuple[int, int]] = Field(default_factory=list)
    confidence: float = 1.0
    reason: str = ""


class Analysis(Record):
    """An article and its analysis: the unit kroniek writes as JSON."""

    schema_version: str = SCHEMA_VERSION
    id: str
    lang: str = "nl"
    title: Optional[str] = None
    published_at: Optional[str] = None
    source: Optional[str] = None
    url: Optional[str] = None
    text: str
    sentences: list[Sentence] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    timexes: list[Timex] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    actors: list[Actor] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    analyzer: dict = Field(default_factory=dict, description="model name/version that produced it; "
                           "'language': how lang was settled (source given/detected, confidence, detector)")

    def sentence_text(self, i: int) -> str:
        s = self.sentences[i]
        return self.text[s.start : s.end]


class ErrorRecord(Record):
    """What a failed article becomes: the batch goes on, the failure is kept."""

    id: Optional[str] = None
    error: str
    line: Optional[int] = None
    schema_version: str = SCHEMA_VERSION
