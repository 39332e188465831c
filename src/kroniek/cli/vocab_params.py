"""Option types for the closed vocabularies: an unknown event type or country is a usage error (exit 2)
that names the closest valid values, not an empty answer (the checks live in ``kroniek.vocab``)."""
from __future__ import annotations

import click

from .. import vocab


class _Checked(click.ParamType):
    check = staticmethod(lambda v: v)

    def convert(self, value, param, ctx):
        try:
            return type(self).check(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


class EventTypes(_Checked):
    """PLOVER event types, comma-separated, any case."""

    name = "TYPE[,TYPE...]"
    check = staticmethod(vocab.check_event_types)


class Country(_Checked):
    """An ISO 3166-1 alpha-3 code, any case."""

    name = "ISO3"
    check = staticmethod(vocab.check_country)


class Lang(_Checked):
    """The code of a supported language, any case."""

    name = "LANG"
    check = staticmethod(vocab.check_lang)


class LangOrAuto(_Checked):
    """A supported language, or 'auto' (None): detect it per article (``kroniek.detect_lang``)."""

    name = "LANG|auto"
    check = staticmethod(lambda v: None if v.strip().lower() == "auto" else vocab.check_lang(v))


EVENT_TYPES = EventTypes()
COUNTRY = Country()
LANG = Lang()
LANG_OR_AUTO = LangOrAuto()
