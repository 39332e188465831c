"""kroniek_timex: detection and normalisation of Dutch time expressions.

Most cases run the real pipeline (tense comes from the trained morphologizer);
the calendar helpers are tested on their own. The dev-gold bar at the end is
skipped where ``../shared`` is absent.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kroniek.nlp import pipeline
from kroniek.nlp.timex import Point, _dur_value, easter, holiday_date, load_lexicon, pick

PUB = dt.date(2025, 3, 13)  # a Thursday; ISO week 11


MODEL = Path(__file__).resolve().parents[1] / "src" / "kroniek" / "models" / "nl_kroniek"


@pytest.fixture(scope="module")
def nlp():
    if not (MODEL / "meta.json").exists():
        pytest.skip("trained model not present")
    return pipeline.load("nl", layers=("kroniek_timex",))


def tag(nlp, text: str, published=PUB):
    doc = nlp.make_doc(text)
    doc._.published_at = published
    return nlp(doc)._.timexes


def values(nlp, text: str, published=PUB) -> dict[str, tuple[str, str | None]]:
    return {t.text: (t.type, t.value) for t in tag(nlp, text, published)}


# -- the seed case: a weekday resolved by tense ---------------------------------


def test_seed_dinsdag_past_tense_is_last_tuesday(nlp):
    got = tag(nlp, "Het kabinet besloot dinsdag om de maatregel in te trekken.")
    assert [(t.text, t.type, t.value) for t in got] == [("dinsdag", "DATE", "2025-03-11")]
    assert "past" in got[0].reason


@pytest.mark.parametrize(
    "text",
    [
        "De Tweede Kamer zal dinsdag over het voorstel stemmen.",  # future auxiliary
        "De Tweede Kamer stemt dinsdag over het voorstel.",  # present of a plan
        "Het kabinet neemt aanstaande dinsdag een besluit.",  # *aanstaande* overrides
    ],
)
def test_dinsdag_future_is_next_tuesday(nlp, text):
    got = [(t.type, t.value) for t in tag(nlp, text) if t.text.endswith("dinsdag")]
    assert got == [("DATE", "2025-03-18")]


def test_perfect_counts_as_past(nlp):
    assert values(nlp, "Het kabinet heeft dinsdag besloten de steun te verlengen.")["dinsdag"] == ("DATE", "2025-03-11")


def test_perfect_with_a_participle_that_is_also_a_present_form(nlp):
    # *bereikt* is both 'reaches' and 'reached': the perfect auxiliary attached to it decides
    text = "Oekraïne en de Verenigde Staten hebben dinsdag in de Saudische havenstad Jeddah een akkoord bereikt."
    assert values(nlp, text)["dinsdag"] == ("DATE", "2025-03-11")


def test_weekday_modifiers(nlp):
    v = values(nlp, "Afgelopen maandag sprak hij, en volgende week vrijdag spreekt zij.")
    assert v["Afgelopen maandag"] == ("DATE", "2025-03-10")
    assert v["volgende week vrijdag"] == ("DATE", "2025-03-21")


def test_weekday_with_part_of_day_is_time(nlp):
    assert values(nlp, "Op dinsdagochtend probeerde ze de fractie bijeen te houden.")["dinsdagochtend"] == ("TIME", "2025-03-11TMO")


# -- deictic expressions ---------------------------------------------------------


def test_deictic_days_weeks_months_years(nlp):
    v = values(
        nlp,
        "Gisteren zei de minister dat het vanmorgen misging. Vorige week was het rustig, "
        "twee weken geleden niet. Volgende maand komt er een debat; vorig jaar was er geen. "
        "Vorig weekend demonstreerden duizenden mensen.",
    )
    assert v["Gisteren"] == ("DATE", "2025-03-12")
    assert v["vanmorgen"] == ("TIME", "2025-03-13TMO")
    assert v["Vorige week"] == ("DATE", "2025-W10")
    assert v["twee weken geleden"] == ("DATE", "2025-W09")
    assert v["Volgende maand"] == ("DATE", "2025-04")
    assert v["vorig jaar"] == ("DATE", "2024")
    assert v["Vorig weekend"] == ("DATE", "2025-W10-WE")


def test_morgen_tomorrow_but_not_morning(nlp):
    v = values(nlp, "De verkiezingen van morgen zijn spannend. Zij werkt 's morgens thuis.")
    assert v == {"morgen": ("DATE", "2025-03-14")}


def test_clock_time_anchors_to_the_day_in_its_sentence(nlp):
    v = values(nlp, "Toch zal ze morgenochtend om 5.00 uur opstaan om te gaan stemmen.")
    assert v["morgenochtend"] == ("TIME", "2025-03-14TMO")
    assert v["5.00 uur"] == ("TIME", "2025-03-14T05:00")


# -- months, dates, years --------------------------------------------------------


def test_month_by_tense(nlp):
    assert values(nlp, "In oktober won hij de verkiezingen.")["oktober"] == ("DATE", "2024-10")
    assert values(nlp, "In oktober zullen er verkiezingen zijn.")["oktober"] == ("DATE", "2025-10")
    assert values(nlp, "In februari stemde het parlement tegen.")["februari"] == ("DATE", "2025-02")


def test_month_modifiers_and_explicit_dates(nlp):
    v = values(nlp, "Het rapport komt begin mei. Op 12 maart 2019 stemde het Lagerhuis, op 26 februari vorig jaar niet.")
    assert v["begin mei"] == ("DATE", "2025-05")
    assert v["12 maart 2019"] == ("DATE", "2019-03-12")
    assert v["26 februari vorig jaar"] == ("DATE", "2024-02-26")


def test_two_days_of_one_month(nlp):
    v = values(nlp, "De vrouw stierf op 18 of 19 september 2017.")
    assert v == {"18": ("DATE", "2017-09-18"), "19 september 2017": ("DATE", "2017-09-19")}


def test_years_but_not_counts(nlp):
    v = values(nlp, "Het monument uit 1928 trok in 2018 een zaal met 1500 belangstellenden.")
    assert v == {"1928": ("DATE", "1928"), "2018": ("DATE", "2018")}


def test_decades_and_centuries(nlp):
    v = values(nlp, "Eind jaren 90 kreeg de sultan een lintje; in de negentiende eeuw was dat anders.")
    assert v["Eind jaren 90"] == ("DATE", "199")
    assert v["de negentiende eeuw"] == ("DATE", "18")


def test_anaphora_counts_from_the_last_date(nlp):
    v = values(nlp, "Hij trouwde in 1987. Zes jaar later scheidde hij. Een paar weken later trouwde hij opnieuw.")
    assert v["Zes jaar later"] == ("DATE", "1993")
    assert v["Een paar weken later"] == ("DATE", "1993")


# -- durations and sets ----------------------------------------------------------


@pytest.mark.parametrize(
    "text,span,value",
    [
        ("Het overleg duurde negen uur.", "negen uur", "PT9H"),
        ("Ze moeten binnen 48 uur beslissen.", "48 uur", "PT48H"),
        ("Bijna twee weken na de verkiezingen is er nog geen kabinet.", "Bijna twee weken", "P2W"),
        ("Het volk is twee lange jaren gebombardeerd met beschuldigingen.", "twee lange jaren", "P2Y"),
        ("Het is een ruim vier eeuwen oud precedent.", "ruim vier eeuwen", "P400Y"),
        ("Hij sprak een half uur lang.", "een half uur lang", "PT30M"),
        ("Er was een wekenlang protest.", "wekenlang", "PXW"),
        ("In de afgelopen jaren groeide de stad.", "de afgelopen jaren", "PXY"),
        ("De 17-jarige alleenheerschappij van de partij.", "17-jarige", "P17Y"),
        ("Hij heeft de hele nacht geoefend.", "de hele nacht", "PT1NI"),
    ],
)
def test_durations(nlp, text, span, value):
    assert values(nlp, text)[span] == ("DURATION", value)


def test_over_is_in_or_about(nlp):
    assert values(nlp, "De verkiezingen worden over twee weken gehouden.")["twee weken"] == ("DATE", "2025-W13")
    assert values(nlp, "Het boek over 100 jaar vrouwenkiesrecht verscheen.")["100 jaar"] == ("DURATION", "P100Y")


def test_om_negen_uur_is_a_clock_time(nlp):
    assert values(nlp, "Het debat begint om negen uur.")["negen uur"] == ("TIME", "2025-03-13T09:00")


@pytest.mark.parametrize(
    "text,span,value",
    [
        ("Hij komt elke week langs.", "elke week", "P1W"),
        ("Je kunt niet iedere twee maanden verkiezingen houden.", "iedere twee maanden", "P2M"),
        ("Het wekelijkse overleg gaat door.", "wekelijkse", "P1W"),
        ("Het jaarlijkse budget is groot.", "jaarlijkse", "P1Y"),
        ("Elke dinsdag vergadert het kabinet.", "Elke dinsdag", "XXXX-WXX-2"),
        ("Dat gebeurt drie keer per dag.", "drie keer per dag", "P1D"),
    ],
)
def test_sets(nlp, text, span, value):
    assert values(nlp, text)[span] == ("SET", value)


# -- vague references: *nu* only when it means now -----------------------------


def test_nu_as_adverb_is_present_ref(nlp):
    assert values(nlp, "Nu is hij president met uitgebreide bevoegdheden.") == {"Nu": ("DATE", "PRESENT_REF")}
    assert values(nlp, "We zijn nu op een punt gekomen dat veel mensen afhaken.") == {"nu": ("DATE", "PRESENT_REF")}


@pytest.mark.parametrize(
    "text",
    [
        "Nu speciaal aanklager Mueller klaar is met zijn onderzoek, lijkt Trump opgelucht.",  # conjunction
        "Of het nu strategie is of oprecht, het werkt.",  # particle
        "Maar werd Trump nu een beetje overmoedig?",  # past clause
    ],
)
def test_nu_not_meaning_now_is_skipped(nlp, text):
    assert values(nlp, text) == {}


def test_vague_references(nlp):
    v = values(nlp, "Hij voerde onlangs nieuwe wetten in; destijds kon dat niet. Straks kan het weer, op korte termijn.")
    assert v["onlangs"] == ("DATE", "PAST_REF")
    assert v["destijds"] == ("DATE", "PAST_REF")
    assert v["Straks"] == ("DATE", "FUTURE_REF")
    assert v["op korte termijn"] == ("DATE", "FUTURE_REF")


# -- without a publication date ---------------------------------------------------


def test_no_publication_date_leaves_relative_values_open(nlp):
    got = {t.text: t for t in tag(nlp, "Gisteren zei hij dat hij in 2019 twee weken ziek was.", published=None)}
    assert got["Gisteren"].value is None
    assert "no publication date" in got["Gisteren"].reason
    assert got["2019"].value == "2019"  # absolute: still resolved
    assert got["twee weken"].value == "P2W"  # durations need no anchor


# -- provenance --------------------------------------------------------------------


def test_provenance(nlp):
    text = "Gisteren zei hij iets.\n\nOp 12 maart stemt het parlement. Dat duurt twee dagen."
    doc = nlp.make_doc(text)
    doc._.published_at = PUB
    doc = nlp(doc)
    assert doc._.timexes
    for t in doc._.timexes:
        assert text[t.start : t.end] == t.text
        assert 0.0 <= t.confidence <= 1.0 and t.reason
        assert 0 <= t.sentence < len(list(doc.sents))


# -- calendar helpers ----------------------------------------------------------------


def test_point_formats():
    d = dt.date(2019, 3, 6)
    assert Point("day", d).value() == "2019-03-06"
    assert Point("week", d).value() == "2019-W10"
    assert Point("weekend", d).value() == "2019-W10-WE"
    assert Point("month", d).value() == "2019-03"
    assert Point("quarter", d).value() == "2019-Q1"
    assert Point("season", dt.date(2019, 6, 1), "SU").value() == "2019-SU"
    assert Point("decade", dt.date(1990, 1, 1)).value() == "199"
    assert Point("century", dt.date(1800, 1, 1)).value() == "18"
    assert Point("time", d, "MO").value() == "2019-03-06TMO"


def test_duration_values():
    assert _dur_value(9, "H") == "PT9H"
    assert _dur_value(None, "W") == "PXW"
    assert _dur_value(1.5, "Y") == "P18M"
    assert _dur_value(4, "CE") == "P400Y"
    assert _dur_value(1, "NI") == "PT1NI"


def test_pick_and_holidays():
    prev, nxt = dt.date(2025, 3, 11), dt.date(2025, 3, 18)
    assert pick(prev, nxt, PUB, "PAST")[0] == prev
    assert pick(prev, nxt, PUB, "FUTURE")[0] == nxt
    assert pick(prev, nxt, PUB, None)[0] == prev  # nearest
    assert easter(2025) == dt.date(2025, 4, 20)
    assert holiday_date({"month": 9, "nth_weekday": [3, 2]}, 2025) == dt.date(2025, 9, 16)  # Prinsjesdag


def test_lexicon_number_words():
    lex = load_lexicon("nl")
    assert lex.number("vijfentwintig") == 25
    assert lex.number("tweeëntwintig") == 22
    assert lex.number("anderhalf") == 1.5
    assert lex.number("48") == 48


# -- the bar on the dev gold ---------------------------------------------------------

DEV_GOLD = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "dev_gold.jsonl"


@pytest.mark.skipif(not DEV_GOLD.exists(), reason="../shared/eval/dev_gold.jsonl not available")
def test_dev_gold_bar(nlp):
    from kroniek.evaluate.gold import read_jsonl, score

    golds = read_jsonl(DEV_GOLD)
    preds = []
    for g in golds:
        got = tag(nlp, g["text"], dt.date.fromisoformat(g["published_at"][:10]))
        preds.append({"id": g["id"], "timexes": [t.model_dump() for t in got]})
    res = score(preds, golds, layers=["timexes"])["timexes"]
    assert res["f"] >= 0.85 and res["value_accuracy"] >= 0.85, res


GATE_TEXTS = [
    "DINSDAG 12 MAART 2019 - Op 3-4-2019 om 14.30 uur, ’s avonds en 's morgens: elke week.",
    "Sinds de jaren '90 en de 21ste eeuw; over twee weken, drie jaar geleden; Pasen 2020.",
    "In 2019-2020 (week 12) en het eerste kwartaal: Kyiv/Washington, ＤＩＮＳＤＡＧ, ١٢ maart.",
    "Ëlke dag Één keer per jaar, middernacht; vorige maand begin juni eind-2018.",
]


def test_gate_finds_the_same_matches_as_scanning_every_rule(nlp):
    """The first-character gate is an optimisation only: same time expressions with and without it."""
    from kroniek.nlp.timex import build_gate, build_rules, find_timexes

    lex = load_lexicon("nl")
    rules = build_rules(lex)
    gate = build_gate(rules)
    assert gate is not None and gate.by_char  # the rules' first characters were worked out
    for text in GATE_TEXTS:
        doc = nlp(text)
        plain = find_timexes(doc, lex, rules, dt.date(2019, 3, 14))
        gated = find_timexes(doc, lex, rules, dt.date(2019, 3, 14), gate)
        assert gated == plain
        assert plain  # every sample holds time expressions


def test_gate_start_offsets_equal_trying_every_rule_at_every_word_start(nlp):
    """The four-character prefix test only skips offsets where no rule can match."""
    import re

    from kroniek.nlp.timex import build_gate, build_rules

    rules = build_rules(load_lexicon("nl"))
    gate = build_gate(rules)
    texts = GATE_TEXTS + ["Het kabinet vergadert op 12", "de man en de vrouw, de komende dagen", "ſept. 2019 in 1",
                          "in de jaren '90 en ’s avonds"]
    for text in texts:
        word_starts = [m.start() for m in re.finditer(r"(?<!\w)", text)]
        some_rule = {p for p in word_starts if any(r.regex.match(text, p) for r in rules)}
        some_body = {p for p in word_starts if gate.any_rule.match(text, p)}
        starts = gate.starts(text)
        assert starts == sorted(starts) and some_rule <= set(starts) <= some_body, text
    # and it does narrow: after "de m" fewer rules are tried than all that can begin with "d"
    d_rules = [r for r in rules if any(b[:1] == "d" for b in gate.beginnings if gate.beginnings[b] >> rules.index(r) & 1)]
    assert 0 < len(gate._for_key("de m")) < len(d_rules)


def test_rule_beginnings_follow_re_case_folding():
    import re

    from kroniek.nlp.timex import _prefixes, _sre_parse

    begins = {s for s, _ in _prefixes(_sre_parse(r"(?:ma|di)\s+(?:jan|ſep)\d?", re.I), 4, re.I)}
    assert {"ma j", "di s", "ma s"} <= begins  # ſ matches s under re.I; every space counts as " "
    assert not any(b.startswith(("mi", "da")) or "\t" in b for b in begins)
    digits = {s for s, _ in _prefixes(_sre_parse(r"(?:1[89]|20)\d\d|[^5]x", re.I), 4, re.I)}
    assert "0000" in digits and "0x" in digits and "ax" in digits  # [^5] still admits other digits
    short = _prefixes(_sre_parse(r"nu\b", re.I), 4, re.I)
    assert {s for s, _ in short} == {"nu"}  # a shorter beginning: any text may follow
