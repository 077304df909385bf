"""Issue acceptance: tonight's question, "another one", deeper and lighter questions."""

from __future__ import annotations

from datetime import datetime

from skill.content.loader import load_content
from skill.domain.starters import MAX_EXTRA_STARTERS_PER_NIGHT
from tests.support.skill_driver import NEW_YORK, Driver, Response

CONTENT = load_content("en-US")
ID_BY_TEXT = {starter.text: starter_id for starter_id, starter in CONTENT.starters.items()}
DEPTH = {ref.id: ref.depth for ref in CONTENT.starter_refs}
CARD_TITLE = "Tonight's question"
KEEP_PHRASES = ("keep this one", "stay with this one")


def at(day: int, hour: int, minute: int, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=NEW_YORK)


def starter_of(response: Response) -> str:
    """The starter id a response gave: read from its card, checked against the speech."""
    card = response.card
    assert card is not None, f"no card with the question: {response.speech!r}"
    assert card.get("title") == CARD_TITLE, f"card title is {card.get('title')!r}"
    text = str(card.get("content", ""))
    assert text in ID_BY_TEXT, f"the card does not hold a starter from the library: {text!r}"
    assert text in response.speech, f"the card's question was not said: {response.speech!r}"
    assert response.ends_session, "the session stays open after tonight's question"
    assert response.reprompt is None, "tonight's question came with a reprompt"
    return ID_BY_TEXT[text]


def tonights(d: Driver) -> str:
    return starter_of(d.intent("TonightsQuestionIntent"))


def another(d: Driver) -> str:
    return starter_of(d.intent("AnotherQuestionIntent"))


def test_starter_texts_are_unique_so_cards_map_back_to_ids() -> None:
    assert len(ID_BY_TEXT) == len(CONTENT.starters), "two starters share a text"


def test_same_starter_all_night_and_a_new_one_the_next_evening() -> None:
    d = Driver()
    evening = tonights(d.at(at(20, 21, 30)))
    after_midnight = tonights(d.at(at(21, 0, 40)))
    assert after_midnight == evening, "12:40 a.m. belongs to the same night: same starter"
    next_evening = tonights(d.at(at(21, 21, 30)))
    assert next_evening != evening, "the next evening gave the same starter again"


def test_the_card_and_the_session_end() -> None:
    d = Driver()
    response = d.intent("TonightsQuestionIntent")
    starter_id = starter_of(response)
    assert response.card is not None
    assert response.card.get("type") == "Simple", f"card type {response.card.get('type')!r}"
    assert response.card.get("content") == CONTENT.starters[starter_id].text
    assert not response.attributes, "session attributes after the session ended"


def test_tonights_question_from_the_menu_ends_the_session() -> None:
    d = Driver()
    d.launch()
    starter_of(d.intent("TonightsQuestionIntent"))
    assert not d.open


def test_yes_to_the_offered_question_gives_tonights_starter() -> None:
    d = Driver()
    d.launch()
    offer = d.intent("AMAZON.NoIntent")
    assert offer.mode == "offer_starter", f"no offer of tonight's question: {offer.speech!r}"
    offered = starter_of(d.intent("AMAZON.YesIntent"))
    assert tonights(d) == offered, "the offered question is not tonight's question"


def test_another_one_gives_a_different_one_up_to_three_then_keeps_it() -> None:
    d = Driver()
    first = tonights(d)
    given = [first]
    for extra in range(1, MAX_EXTRA_STARTERS_PER_NIGHT + 1):
        response = d.intent("AnotherQuestionIntent")
        starter = starter_of(response)
        assert starter not in given, f"'another one' #{extra} repeated a starter of tonight"
        given.append(starter)
    assert MAX_EXTRA_STARTERS_PER_NIGHT == 3, "the issue says at most three extra a night"
    kept = d.intent("AnotherQuestionIntent")
    assert starter_of(kept) == given[-1], "after the limit, the same starter should be kept"
    assert any(p in kept.speech.lower() for p in KEEP_PHRASES), (
        f"no kind 'keep this one' after the limit: {kept.speech!r}"
    )
    assert "sorry" not in kept.speech.lower(), "the limit is kind, not an apology"
    assert tonights(d) == given[-1], "tonight's question is the last one given"
    assert tonights(d.at(at(21, 0, 40))) == given[-1], "after midnight it is still the same"
    fresh = d.next_evening()
    assert another(fresh) not in given, "the next night's first 'another one' repeated one"


def test_another_one_first_thing_gives_tonights_starter() -> None:
    d = Driver()
    first = d.intent("AnotherQuestionIntent")
    starter = starter_of(first)
    assert tonights(d) == starter, "'another one' before any question sets tonight's question"


def test_next_after_the_question_is_another_one() -> None:
    d = Driver()
    d.launch()
    d.intent("AMAZON.NoIntent")
    first = starter_of(d.intent("AMAZON.YesIntent"))
    menu = d.launch()
    assert menu.mode == "menu", f"second launch tonight is in mode {menu.mode!r}"
    second = starter_of(d.intent("AMAZON.NextIntent"))
    assert second != first, "'next' from the menu did not give a different question"


def test_deeper_then_lighter_questions() -> None:
    d = Driver()
    seen_before: list[str] = []
    for _ in range(14):
        seen_before.append(tonights(d))
        d.next_evening()
    assert not [s for s in seen_before if DEPTH[s] == "deep"], "deep starter without opt-in"

    on = d.intent("DeeperQuestionsIntent")
    assert on.speech, "opting in said nothing"
    assert on.ends_session, "opting in outside a conversation should end the session"
    seen_deep: list[str] = []
    for _ in range(14):
        d.next_evening()
        seen_deep.append(tonights(d))
        seen_deep += [another(d) for _ in range(MAX_EXTRA_STARTERS_PER_NIGHT)]
    assert [s for s in seen_deep if DEPTH[s] == "deep"], "no deep starter in two weeks of opt-in"

    off = d.intent("LighterQuestionsIntent")
    assert off.speech, "opting out said nothing"
    seen_after: list[str] = []
    for _ in range(21):
        d.next_evening()
        seen_after.append(tonights(d))
        seen_after += [another(d) for _ in range(MAX_EXTRA_STARTERS_PER_NIGHT)]
    deep_after = [s for s in seen_after if DEPTH[s] == "deep"]
    assert not deep_after, f"deep starters after 'lighter questions': {deep_after}"


def test_deeper_questions_mid_menu_returns_to_the_question() -> None:
    d = Driver()
    d.launch()
    response = d.intent("DeeperQuestionsIntent")
    assert not response.ends_session, "opting in from the menu dropped the pending question"
    assert response.mode == "menu"
    assert response.reprompt, "no reprompt after returning to the menu"


def test_four_hundred_nights_without_a_repeat() -> None:
    """One household, 400 consecutive nights: no starter twice, no deep one before opting in."""
    d = Driver()
    d.at(at(1, 21, 30, month=1))
    opt_in_night = 100
    heard: list[str] = []
    deep_before: list[tuple[int, str]] = []
    for night in range(400):
        if night == opt_in_night:
            d.intent("DeeperQuestionsIntent")
        tonight = tonights(d)
        given = [tonight]
        if night % 9 == 4:
            given.append(another(d))
        if night % 31 == 17:
            given.append(another(d))
        again = tonights(d.at(d.now.replace(hour=23, minute=50)))
        assert again == given[-1], f"night {night}: tonight's question changed within the night"
        heard += given
        if night < opt_in_night:
            deep_before += [(night, s) for s in given if DEPTH[s] == "deep"]
        d.next_evening()
    assert not deep_before, f"deep starters before the opt-in: {deep_before[:5]}"
    repeats = sorted({s for s in heard if heard.count(s) > 1})
    assert not repeats, f"{len(repeats)} starters repeated within 400 nights: {repeats[:5]}"
    assert len(heard) > 440, "the simulation should go past the light and medium library"
