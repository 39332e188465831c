"""Query parameters with a closed vocabulary: an unknown event type or country is a 422 naming the
closest valid values (the same messages as the CLI's, from ``kroniek.vocab``), not an empty page."""
from __future__ import annotations

from typing import Annotated, Optional

from fastapi import Query
from pydantic import AfterValidator

from .. import vocab

EventTypeParam = Annotated[Optional[str], Query(description="PLOVER event type(s), comma-separated, e.g. ASSAULT"),
                           AfterValidator(vocab.check_event_types)]
CountryParam = Annotated[Optional[str], Query(description="ISO 3166-1 alpha-3 of an actor or the place, e.g. NLD"),
                         AfterValidator(vocab.check_country)]
LangParam = Annotated[Optional[str], Query(description="language code of the articles, e.g. nl or en"),
                      AfterValidator(vocab.check_lang)]
