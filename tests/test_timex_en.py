"""kroniek_timex on English: TIMEX3 values against a fixed publication date.

The cases run the English pipeline's timex layer (``models/en_kroniek``; tense from its
morphologizer); where that model is absent they run a blank English pipeline, whose tense
comes from the lexicon's word lists only. The language-neutrality checks need no model.
"""
from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path

import pytest

from kroniek.nlp.timex import build_gate, build_rules, load_lexicon

PUB = dt.date(2025, 3, 13)  # a Thursday; ISO week 11
PACKAGE = Path(__file__).resolve().parents[1] / "src" / "kroniek" / "nlp" / "timex"
MODEL = Path(__file__).resolve().parents[1] / "src" / "kroniek" / "models" / "en_kroniek"


@pytest.fixture(scope="module")
def nlp():
    if (MODEL / "meta.json").exists():
        from kroniek.nlp import pipeline

        return pipeline.load("en", layers=("kroniek_timex",))
    import spacy

    blank = spacy.blank("en")
    blank.add_pipe("sentencizer")
    blank.add_pipe("kroniek_timex", config={"lang": "en"})
    return blank


def tag(nlp, text: str, published=PUB):
    doc = nlp.make_doc(text)
    doc._.published_at = published
    return nlp(doc)._.timexes


def values(nlp, text: str, published=PUB) -> dict[str, tuple[str, str | None]]:
    return {t.text: (t.type, t.value) for t in tag(nlp, text, published)}


@pytest.mark.parametrize(
    "text, expr, typ, value",
    [
        # relative to the publication date
        ("The minister resigned last Tuesday.", "last Tuesday", "DATE", "2025-03-11"),
        ("The committee will vote next Tuesday.", "next Tuesday", "DATE", "2025-03-18"),
        ("Tuesday's meeting ended without a deal.", "Tuesday", "DATE", "2025-03-11"),
        ("The summit opened yesterday in Brussels.", "yesterday", "DATE", "2025-03-12"),
        ("Talks resume tomorrow.", "tomorrow", "DATE", "2025-03-14"),
        ("Ministers will meet next week.", "next week", "DATE", "2025-W12"),
        ("The plant closed two years ago.", "two years ago", "DATE", "2023"),
        ("Prices rose sharply earlier this month.", "earlier this month", "DATE", "2025-03"),
        ("Unemployment fell last year.", "last year", "DATE", "2024"),
        ("The tax will be raised next year.", "next year", "DATE", "2026"),
        ("Riots broke out last summer.", "last summer", "DATE", "2024-SU"),
        ("Protests were held last night.", "last night", "TIME", "2025-03-12TNI"),
        # durations
        ("Sales fell 5% over the past 12 months.", "the past 12 months", "DURATION", "P12M"),
        ("The contract runs for three years.", "three years", "DURATION", "P3Y"),
        ("The war lasted a decade.", "a decade", "DURATION", "P10Y"),
        ("He spent 45 minutes with reporters.", "45 minutes", "DURATION", "PT45M"),
        ("The five-year plan was approved.", "five-year", "DURATION", "P5Y"),
        # dates in US and UK forms
        ("The treaty was signed on March 11, 2025.", "March 11, 2025", "DATE", "2025-03-11"),
        ("The treaty was signed on 11 March 2025.", "11 March 2025", "DATE", "2025-03-11"),
        ("The treaty was signed on 3/11/2025.", "3/11/2025", "DATE", "2025-03-11"),
        ("The report was published Mar. 11.", "Mar. 11", "DATE", "2025-03-11"),
        ("Elections are due in September 2026.", "September 2026", "DATE", "2026-09"),
        ("The company was founded in 1987.", "1987", "DATE", "1987"),
        ("Inflation was high in the 1990s.", "the 1990s", "DATE", "199"),
        ("Profits fell in the fourth quarter of 2024.", "the fourth quarter of 2024", "DATE", "2024-Q4"),
        ("Profits fell in the third quarter.", "the third quarter", "DATE", "2024-Q3"),
        ("The law dates from the 19th century.", "the 19th century", "DATE", "18"),
        # clock times
        ("The vote starts at 3 p.m. in the chamber.", "3 p.m.", "TIME", "2025-03-13T15:00"),
        ("Markets closed at 16:08 UTC.", "16:08 UTC", "TIME", "2025-03-13T16:08Z"),
        ("The deadline expires at noon.", "noon", "TIME", "2025-03-13T12:00"),
        # vague references and sets
        ("Prices are now rising.", "now", "DATE", "PRESENT_REF"),
        ("The agency is currently reviewing the case.", "currently", "DATE", "PRESENT_REF"),
        ("The mayor recently resigned.", "recently", "DATE", "PAST_REF"),
        ("The board meets every week.", "every week", "SET", "P1W"),
        ("Dividends are paid annually.", "annually", "SET", "P1Y"),
        ("The council meets twice a year.", "twice a year", "SET", "P1Y"),
        ("Tourists visit on Sundays.", "Sundays", "SET", "XXXX-WXX-7"),
    ],
)
def test_english_value(nlp, text, expr, typ, value):
    got = values(nlp, text)
    assert got.get(expr) == (typ, value), got


def test_anaphora_follow_the_last_date_mentioned(nlp):
    got = values(nlp, "The ceasefire began on June 4, 2019. The following week, fighting resumed. Two days later it ended.")
    assert got["June 4, 2019"] == ("DATE", "2019-06-04")
    assert got["The following week"] == ("DATE", "2019-W24")


def test_year_ago_keeps_the_quarter_in_view(nlp):
    got = values(nlp, "Third-quarter profit rose 12% to $4 million from $3.6 million a year earlier.")
    assert got["Third-quarter"] == ("DATE", "2024-Q3")
    assert got["a year earlier"] == ("DATE", "2023-Q3")


def test_may_and_march_are_months_only_with_a_capital(nlp):
    got = values(nlp, "Officials may march on the capital. Voters decide in May.")
    assert list(got) == ["May"] and got["May"][0] == "DATE"


def test_without_publication_date_relative_values_stay_open(nlp):
    got = {t.text: t for t in tag(nlp, "He resigned last Tuesday, before March 11, 2025.", published=None)}
    assert got["last Tuesday"].value is None and "no publication date" in got["last Tuesday"].reason
    assert got["March 11, 2025"].value == "2025-03-11"


def test_every_timex_carries_provenance(nlp):
    (t,) = tag(nlp, "The minister resigned last Tuesday.")
    assert (t.start, t.end, t.sentence) == (22, 34, 0) and 0 < t.confidence <= 1 and t.reason.startswith("weekday:")


# -- language neutrality -------------------------------------------------------------


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_language_builds_its_rules_and_gate(lang):
    lex = load_lexicon(lang)
    rules = build_rules(lex)
    assert len(rules) >= 30 and len({r.name for r in rules}) == len(rules)
    assert build_gate(rules) is not None  # one flag set: the first-character gate works


DUTCH_WORDS = {"dinsdag", "maart", "geleden", "vorige", "volgende", "jaar", "maand", "kwartaal", "eeuw", "dag",
               "middags", "avonds", "nu", "deze", "die", "dat", "datzelfde", "terug", "van", "te", "zullen", "gaan"}


def test_no_language_words_in_the_python_code():
    """Words of a language live in data/<lang>/timex.json, not in string literals of the package."""
    found = []
    for path in sorted(PACKAGE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf8"))
        docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                      if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef)) and n.body
                      and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                words = set(re.findall(r"[a-zà-ÿ]+", node.value.lower()))
                found += [(path.name, w) for w in words & DUTCH_WORDS]
    assert not found, found
    assert max(len(p.read_text(encoding="utf8").splitlines()) for p in PACKAGE.glob("*.py")) < 600


# -- the TempEval-3 scorer (training/en/timex_eval.py) ---------------------------------


def _scorer():
    import importlib.util
    import sys

    path = Path(__file__).resolve().parents[1] / "training" / "en" / "timex_eval.py"
    spec = importlib.util.spec_from_file_location("timex_eval_under_test", path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def test_scorer_strict_relaxed_and_value_accuracy():
    te = _scorer()
    doc = te.GoldDoc("tbaq", "x", "On Friday, two years ago, now.", PUB,
                     [(3, 9, "DATE", "2025-03-07"), (11, 24, "DATE", "2023"), (26, 29, "DATE", "PRESENT_REF")])
    pred = [(3, 9, "DATE", "2025-03-14"), (15, 24, "DATE", "2023"), (0, 2, "DATE", "PAST_REF")]
    res, errors = te.score([(doc, pred)])
    assert res["strict"] == {"p": round(1 / 3, 4), "r": round(1 / 3, 4), "f1": round(1 / 3, 4)}
    assert res["relaxed"]["p"] == round(2 / 3, 4) and res["relaxed"]["r"] == round(2 / 3, 4)
    assert res["value_accuracy"] == 0.5 and res["type_accuracy"] == 1.0
    assert sorted(k for k, *_ in errors) == ["FN", "FP", "SPAN", "VAL"]


def test_scorer_reads_timeml_offsets(tmp_path):
    te = _scorer()
    tml = tmp_path / "doc.tml"
    tml.write_text('<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="1998-08-07">1998-08-07</TIMEX3></DCT>'
                   '<TEXT>Bombs <EVENT eid="e1">exploded</EVENT> <TIMEX3 tid="t1" type="DATE" value="1998-08-07">Friday'
                   '</TIMEX3> in <TIMEX3 tid="t2" type="DATE" value="1998">1998</TIMEX3>.</TEXT></TimeML>', encoding="utf8")
    doc = te.read_tml(tml)
    assert doc.dct == dt.date(1998, 8, 7)
    assert [(doc.text[s:e], v) for s, e, _, v in doc.gold] == [("Friday", "1998-08-07"), ("1998", "1998")]
