"""English TIMEX3 values: the patterns fixed after grouping the value errors on TimeBank/AQUAINT and
MEANTIME train/dev (``training/en/timex_eval.py``). Each case failed before its fix, except the guards (marked so), which
hold what a fix must not break.

Like ``test_timex_en.py`` these run the English pipeline's timex layer (``models/en_kroniek``), or a
blank English pipeline where that model is absent.
"""
from __future__ import annotations

import datetime as dt

import pytest

from kroniek.nlp.timex import _dur_value
from test_timex_en import nlp  # noqa: F401  (the fixture: the English pipeline's time layer, or a blank one)

THU = dt.date(2025, 3, 13)  # a Thursday
NOV = dt.date(2025, 11, 2)  # a Sunday in the fourth quarter


def values(nlp, text: str, published: dt.date) -> dict[str, tuple[str, str | None]]:
    doc = nlp.make_doc(text)
    doc._.published_at = published
    return {t.text: (t.type, t.value) for t in nlp(doc)._.timexes}


@pytest.mark.parametrize(
    "text, published, expr, typ, value",
    [
        # a month after "this": this year's (was: the nearest, last year's)
        ("With the general election due this September, the figures came at a bad time.", dt.date(1998, 2, 5),
         "this September", "DATE", "1998-09"),
        # a weekday after a word that looks ahead: the next one, unless the clause is a past perfect
        ("The sale is scheduled to close Monday.", THU, "Monday", "DATE", "2025-03-17"),
        ("The university has scheduled a news conference Thursday to announce a development.", dt.date(1999, 5, 5),
         "Thursday", "DATE", "1999-05-06"),
        ("Until Thursday, they had not called him a suspect.", dt.date(1999, 5, 7), "Thursday", "DATE", "1999-05-06"),
        # a past form after an auxiliary is a participle: *would be paid* is no past tense
        ("The dividend would be paid on a still unspecified date in January.", dt.date(2025, 10, 26),
         "January", "DATE", "2026-01"),
        # "last" / "next" before a month and day
        ("He was shot to death last Oct. 23 at his home.", THU, "last Oct. 23", "DATE", "2024-10-23"),
        ("The hearing resumes next March 20.", THU, "next March 20", "DATE", "2025-03-20"),
        # a plural unit with no number
        ("Prisoners were taken in the first hours of the ground war.", THU, "the first hours", "DURATION", "PTXH"),
        # "then current" is the past; "the current fiscal year" this year
        ("Holders may buy shares at 50% of the then current market price.", THU, "then current", "DATE", "PAST_REF"),
        ("It expects to post higher sales in the current fiscal year.", THU, "the current fiscal year", "DATE", "2025"),
        # a quarter still to come this year: the nearer one unless the tense says otherwise
        ("The plan calls for the closure of ten plants during the fourth quarter.", dt.date(2025, 8, 19),
         "the fourth quarter", "DATE", "2025-Q4"),
        ("Profit rises in the fourth quarter, the company says.", dt.date(2025, 1, 20),  # guard
         "the fourth quarter", "DATE", "2024-Q4"),
        # *is to* + infinitive is a plan: the next one
        ("The stock is to resume trading in Paris Tuesday.", dt.date(1989, 10, 27), "Tuesday", "DATE", "1989-10-31"),
        # a possessive weekday is no plan: not the next one by the present tense
        ("The move follows Tuesday's declaration by the rival.", THU, "Tuesday", "DATE", "2025-03-11"),
        # halves: the half in the next unit down
        ("They lived in refugee camps for 2 1/2 years.", THU, "2 1/2 years", "DURATION", "P2Y6M"),
        ("She then spends about 5 1/2 hours in Nairobi.", THU, "about 5 1/2 hours", "DURATION", "PT5H30M"),
        ("But a minute and a half later, a pilot calls in.", THU, "a minute and a half", "DURATION", "PT1M30S"),
        # "one day" after a modal: a time to come, not a duration
        ("Islam will one day be the second largest religion in the country.", THU, "one day", "DATE", "FUTURE_REF"),
        # "a year-earlier loss" is no duration "a year"
        ("Profit rose, compared with a year-earlier loss of $26,956.", NOV, "year-earlier", "DATE", "2024-Q3"),
        # a year in another clause of the sentence does not give a month its year
        ("Invited to join in July 1997, the country will officially join on March 12 in a ceremony.",
         dt.date(1999, 2, 27), "March 12", "DATE", "1999-03-12"),
    ],
)
def test_value(nlp, text, published, expr, typ, value):
    got = values(nlp, text, published)
    assert expr in got, got
    assert got[expr] == (typ, value)


def test_year_in_same_clause_still_gives_the_year(nlp):  # guard
    got = values(nlp, "The plant opened in 2016 in July.", THU)
    assert got["July"] == ("DATE", "2016-07")


def test_latest_quarter_is_not_a_forecast_quarter(nlp):
    # the quarter in view is a forecast (*will result in a fourth-quarter charge*): the latest
    # quarter, and *a year ago* compared with it, are the last complete one
    text = ("The earthquake will result in a fourth-quarter charge. Earnings fell 59% in the latest quarter, "
            "compared with earnings of $6.1 million a year ago.")
    got = values(nlp, text, NOV)
    assert got["fourth-quarter"] == ("DATE", "2025-Q4")
    assert got["the latest quarter"] == ("DATE", "2025-Q3")
    assert got["a year ago"] == ("DATE", "2024-Q3")


def test_latest_period_of_a_reported_fiscal_quarter(nlp):  # guard
    # a running quarter named in the past tense is a reported (fiscal) one: it stays in view
    text = "The company reported a 47% decline in fourth-quarter profit. Sales in the latest period were $1.7 billion."
    got = values(nlp, text, NOV)
    assert got["the latest period"] == ("DATE", "2025-Q4")


def test_a_year_earlier_after_a_year_ago_is_the_same_comparison(nlp):
    text = ("Net income was $2.3 million, up from $1.1 million a year ago. "
            "Sales were $348.2 million compared with $307.2 million a year earlier.")
    got = values(nlp, text, dt.date(2025, 10, 26))
    assert got["a year ago"] == ("DATE", "2024")
    assert got["a year earlier"] == ("DATE", "2024")


def test_the_day_without_a_day_in_view_is_the_publication_day(nlp):
    text = "The index fell to its lowest level since 1982. For the day, the Nikkei closed down 6.4 percent."
    got = values(nlp, text, dt.date(2008, 10, 27))
    assert got["the day"] == ("DATE", "2008-10-27")


def test_mixed_halves_only_where_asked():
    assert _dur_value(2.5, "Y", mixed_halves=True) == "P2Y6M"
    assert _dur_value(1.5, "D", mixed_halves=True) == "P1DT12H"
    assert _dur_value(0.5, "Y", mixed_halves=True) == "P6M"
    assert _dur_value(2.5, "Y") == "P30M"  # the default, which Dutch keeps (*tweeënhalf jaar*)
