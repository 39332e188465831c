"""Time expressions (TIMEX3): detection and normalisation, Dutch and English.

The component ``kroniek_timex`` finds time expressions with the regular
expressions of the language's lexicon (``data/<lang>/timex.json``: word lists
and ``rules``, each rule naming a language-neutral handler)
and normalises each against the article's publication date
(``doc._.published_at``), following the TIMEX3 conventions of
``shared/eval/GOLD_FORMAT.md``: ``2019-03-06``, ``2019-W10``,
``2019-W12-WE``, ``2019-03``, ``2019``, ``2019-SU``, ``199`` (a decade),
``P2W``, ``PT9H``, ``PXY``, ``2019-03-06TMO``, ``2019-03-06T10:00``,
``PRESENT_REF``/``PAST_REF``/``FUTURE_REF`` and SETs (``P1Y``, ``XXXX-WXX-2``).

How a value is chosen (the rules, in short, with Dutch examples; ``docs/timex.md``
has them all; English reads its own words the same way: *last Tuesday*, *two
years ago*, *the following week*):

* deictic words count from the publication date: *gisteren* is the day
  before, *vorige week* the ISO week before, *vorig weekend* the weekend of
  that week, *twee weken geleden* the ISO week two weeks back;
* a weekday, a month or a day and month without a year are resolved by the
  tense of the clause they stand in (the morphologizer's ``Tense`` of its
  finite verbs, a perfect *heeft/is* + participle counting as past, *zal* as
  future): past picks the last occurrence, future (and, for weekdays, the
  present, which Dutch news uses for plans) the next; without a tense the
  nearest occurrence wins. *vorige*, *afgelopen*, *komende*, *volgende*,
  *aanstaande*, *jl.* override the tense;
* anaphoric expressions (*zes jaar later*, *die dinsdag*, *de volgende
  ochtend*, *het eind van de dag*) count from the last date the article
  mentioned (the reference time), or from the publication date if none;
* without a publication date a relative expression gets ``value=None`` and
  its ``reason`` says so; absolute ones (*12 maart 2019*, *1987*), durations,
  sets and ``*_REF`` values still get a value.

The trained parser of this project is weak (UAS about 0.6), so the governing
verb is looked for in the clause around the expression (bounded by
punctuation, conjunctions and relative pronouns) rather than only along the
dependency arc; the dependency head is preferred when it lies in that clause.
"""

# The package, one concept a module: ``lexicon`` (word lists, sub-patterns), ``points``
# (calendar arithmetic), ``tense`` (clause tense), ``run`` (per-document state),
# ``handlers_dates`` / ``handlers_periods`` (what a match means), ``rules`` (the
# language's patterns → handlers), ``gate`` (where rules can begin), ``tagger`` (the
# spaCy component ``kroniek_timex``).
from .gate import _Gate, _prefixes, _sre_parse, build_gate  # noqa: F401
from .handlers_periods import _dur_value  # noqa: F401
from .lexicon import Lexicon, Patterns, load_lexicon  # noqa: F401
from .points import Point, add_months, easter, holiday_date, pick, shift, start_of  # noqa: F401
from .rules import HANDLERS, build_rules  # noqa: F401
from .run import Result, Rule  # noqa: F401
from .tagger import TimexTagger, find_timexes, make_timex  # noqa: F401  (registers kroniek_timex)
