"""Descriptions that point back ('het land', 'het ministerie', 'de bewindsman') and how events and
quotes report them. Runs the whole pipeline: the chain must reach the records users read."""
from functools import lru_cache

from kroniek.analyze import analyze
from kroniek.document import Article


@lru_cache(maxsize=None)
def _analyse(text: str):
    return analyze(Article(id="t", text=text, published_at="2024-03-13"))


def _mention_actor(a, surface: str):
    at = a.text.index(surface)
    return next((x for x in a.actors if any(s <= at < e for s, e in x.mentions)), None)


def test_het_land_is_the_state_the_text_was_about_not_the_nearest():
    a = _analyse("Rusland heeft dinsdag Oekraïne aangevallen. Het land vuurde tientallen raketten af op Kyiv.")
    actor = _mention_actor(a, "Het land")
    assert actor is not None and actor.country == "RUS", [(x.name, x.mentions) for x in a.actors]
    assert "description 'Het land' -> 'Rusland'" in actor.reason


def test_het_ministerie_resolves_to_the_ministry_and_the_event_says_how():
    a = _analyse("Het Russische ministerie van Defensie meldde woensdag nieuwe aanvallen. "
                 "Het ministerie beschuldigde Oekraïne van sabotage.")
    ev = next(e for e in a.events if e.text == "beschuldigde")
    assert ev.source is not None and ev.source.name == "Ministry of Defence (Russia)"
    assert "'Het ministerie' -> 'Russische ministerie van Defensie'" in ev.reason


def test_speaker_named_by_a_description_carries_the_chain():
    a = _analyse("Minister Hoekstra van Buitenlandse Zaken sprak met zijn Turkse collega. "
                 "\"Dit is onaanvaardbaar\", zei de bewindsman.")
    q = next(q for q in a.quotes if q.text.startswith("Dit is"))
    assert q.speaker == "Wopke Hoekstra"
    assert "description 'de bewindsman' -> " in q.reason


def test_a_description_with_its_own_referent_or_too_far_back_stays_unresolved():
    near = _analyse("Rusland sloot een akkoord. Het land van herkomst bleef onbekend.")
    assert _mention_actor(near, "Het land") is None
    far = _analyse("Rusland sloot een akkoord. De zon scheen. Het regende niet. Er was wind. Niemand kwam. "
                   "Het land bleef stil.")
    assert _mention_actor(far, "Het land") is None


def test_rule_participants_fill_what_the_role_model_left_open():
    # the sample report: the role model chooses no participant for 'stopgezet'; the rule coder's
    # parse-path rules give the United States (subject) and Ukraine (recipient of the support)
    a = _analyse("De Verenigde Staten hadden eerder deze maand de militaire steun aan Oekraïne stopgezet.")
    ev = next(e for e in a.events if e.text == "stopgezet")
    assert ev.type == "SANCTION" and ev.mode == "discontinue"
    assert (ev.source.country, ev.target.country) == ("USA", "UKR")
    assert "rule coder's source (the role model chose none)" in ev.reason


def test_the_phrase_head_acts_not_a_name_in_its_modifier():
    # 'van Buitenlandse Zaken' is a longer mention inside the subject phrase, but the minister speaks
    a = _analyse("Minister Hoekstra van Buitenlandse Zaken sprak met zijn Turkse collega.")
    ev = next(e for e in a.events if e.text == "sprak")
    assert ev.source is not None and ev.source.name == "Wopke Hoekstra"
