"""How couples really talk, in every state: each phrasing must keep resolving and doing its job.

Typed phrases go through the interaction model (as Alexa's understanding would) into real request
envelopes and the real skill. Every change to the model, the answer carriers or the routes has to
keep this corpus working.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from skill.alexa import intents
from skill.chat.session import TurnRecord
from tests.support.chat_driver import (
    Couple,
    at_confirm_delete,
    at_menu,
    at_offer_continue,
    at_offer_resume,
    at_offer_starter,
    in_checkin,
)
from tests.support.phrasings import HELP_PHRASES

# --- Answers, as two people give them --------------------------------------------------------

ANSWERS: list[tuple[str, tuple[int, ...]]] = [
    # one number for both
    ("four", (4,)),
    ("three", (3,)),
    ("5", (5,)),
    ("a four", (4,)),
    ("it's a two", (2,)),
    ("four each", (4,)),
    ("three each", (3,)),
    ("both fours", (4,)),
    ("both five", (5,)),
    ("we're both threes", (3,)),
    ("we're both two", (2,)),
    ("we are both fours", (4,)),
    ("we both say four", (4,)),
    ("we'd both say three", (3,)),
    ("both of us four", (4,)),
    ("four for both of us", (4,)),
    ("two for both", (2,)),
    ("same for both of us: three", (3,)),
    ("same for both, four", (4,)),
    ("we're a five", (5,)),
    ("I'd go with a three", (3,)),
    ("I'd go with four", (4,)),
    ("let's say three", (3,)),
    ("let's go with five", (5,)),
    ("a lot", (4,)),
    ("completely", (5,)),
    ("not at all", (1,)),
    ("a little", (2,)),
    ("somewhat", (3,)),
    ("totally", (5,)),
    ("mostly", (4,)),
    ("so so", (3,)),
    ("a little bit", (2,)),
    ("not really", (1,)),
    ("pretty much", (4,)),
    ("in the middle", (3,)),
    ("low", (1,)),
    ("middle", (3,)),
    ("high", (5,)),
    # with hedges and fillers
    ("um, four", (4,)),
    ("uh three", (3,)),
    ("hmm, a two", (2,)),
    ("like a four", (4,)),
    ("maybe three", (3,)),
    ("maybe a three", (3,)),
    ("probably a three", (3,)),
    ("probably four", (4,)),
    ("I guess two", (2,)),
    ("i guess a four", (4,)),
    ("honestly a four", (4,)),
    ("honestly, two", (2,)),
    ("I'd say four", (4,)),
    ("i'd say a three", (3,)),
    ("I think five", (5,)),
    ("I think a two", (2,)),
    ("well, three", (3,)),
    ("okay four", (4,)),
    ("a four, I guess", (4,)),
    ("three maybe", (3,)),
    ("four probably", (4,)),
    ("a two I think", (2,)),
    ("um, four each", (4,)),
    ("honestly we're both threes", (3,)),
    ("I guess we both say four", (4,)),
    ("maybe both twos", (2,)),
    ("um, a lot", (4,)),
    ("honestly, not at all", (1,)),
    ("I think completely", (5,)),
    # two numbers in any carrier
    ("four and three", (4, 3)),
    ("four, three", (4, 3)),
    ("4 3", (4, 3)),
    ("five and two", (5, 2)),
    ("three then four", (3, 4)),
    ("a two and a five", (2, 5)),
    ("a four and three", (4, 3)),
    ("three and a four", (3, 4)),
    ("he says two, I say four", (2, 4)),
    ("she says three, I say five", (3, 5)),
    ("he says four and I say two", (4, 2)),
    ("they say three, I say four", (3, 4)),
    ("I say four and she says three", (4, 3)),
    ("i say two and he says five", (2, 5)),
    ("me four, her three", (4, 3)),
    ("me two, him four", (2, 4)),
    ("me three and her five", (3, 5)),
    ("me four and three", (4, 3)),
    ("four for me and three for him", (4, 3)),
    ("two for me and five for her", (2, 5)),
    ("three for her and four for me", (3, 4)),
    ("I'm a four and she's a two", (4, 2)),
    ("i'm a three and he's a five", (3, 5)),
    ("I'm four and he's three", (4, 3)),
    ("I'd say four and three", (4, 3)),
    ("I'd go with a three and she'd say four", (3, 4)),
    ("i'd go with a two and he'd say three", (2, 3)),
    ("I'd go with four and she'd say five", (4, 5)),
    ("not at all and a lot", (1, 4)),
    ("a lot and a little", (4, 2)),
    ("completely and somewhat", (5, 3)),
    ("a little and not at all", (2, 1)),
    ("a lot, a little", (4, 2)),
    ("um, four and three", (4, 3)),
    ("honestly, a two and a five", (2, 5)),
    ("maybe three and four", (3, 4)),
    ("I guess he says two, I say four", (2, 4)),
    ("probably four for me and three for him", (4, 3)),
    ("well, me four, her three", (4, 3)),
    ("I think four and five", (4, 5)),
    ("hmm, three and two", (3, 2)),
    ("like two and four", (2, 4)),
    ("okay, five and five", (5, 5)),
    ("uh, four, three", (4, 3)),
    ("two each", (2,)),
    ("five each", (5,)),
    ("both threes", (3,)),
    ("we're both fives", (5,)),
    ("we are both ones", (1,)),
    ("one", (1,)),
    ("a one", (1,)),
    ("two", (2,)),
    ("a five", (5,)),
    ("quite a lot", (4,)),
    ("entirely", (5,)),
    ("slightly", (2,)),
    ("a bit", (2,)),
    ("fully", (5,)),
    ("one and five", (1, 5)),
    ("five, one", (5, 1)),
    ("two then three", (2, 3)),
    ("a three and a three", (3, 3)),
    ("she says four, I say four", (4, 4)),
    ("he says one and I say three", (1, 3)),
    ("me five and him four", (5, 4)),
    ("me three, them two", (3, 2)),
    ("five for me and four for her", (5, 4)),
    ("two for him and three for me", (2, 3)),
    ("I'm a two and they're a three", (2, 3)),
    ("I'm five and she's four", (5, 4)),
    ("I'd go with a five and they'd say four", (5, 4)),
    ("somewhat and a lot", (3, 4)),
    ("a little, somewhat", (2, 3)),
    ("maybe a two and a three", (2, 3)),
]

CORRECTIONS: list[tuple[str, tuple[int, ...]]] = [
    ("I meant three", (3,)),
    ("i meant a four", (4,)),
    ("I meant four and three", (4, 3)),
    ("sorry, I meant two", (2,)),
    ("no, I meant five", (5,)),
    ("I meant to say three", (3,)),
    ("actually three", (3,)),
    ("actually, a four", (4,)),
    ("actually it's two and four", (2, 4)),
    ("change that to four", (4,)),
    ("change that to three and five", (3, 5)),
    ("change it to two", (2,)),
    ("can you change that to four", (4,)),
    ("let me change that to a three", (3,)),
    ("make that four", (4,)),
    ("make it both threes", (3,)),
    ("make that four each", (4,)),
    ("that should be five", (5,)),
    ("it should have been two and three", (2, 3)),
    ("actually both fours", (4,)),
]

REPEAT = [
    "repeat",
    "say that again",
    "say it again",
    "what was the question",
    "what was that question",
    "say the question again",
    "repeat the question",
    "can you repeat the question",
    "ask that again",
    "one more time",
    "come again",
    "what was that",
    "pardon",
    "repeat that",
]
EXPLAIN = [
    "what does that mean",
    "what does it mean",
    "what does that question mean",
    "what do you mean",
    "what do you mean by that",
    "how do you mean",
    "explain",
    "explain that",
    "can you explain",
    "can you explain the question",
    "I don't understand",
    "I don't understand the question",
    "I don't get it",
    "what's that asking",
    "what are you asking",
]
GO_BACK = [
    "go back",
    "go back one",
    "wait, go back",
    "can we go back",
    "back",
    "undo",
    "undo that",
    "take that back",
    "previous question",
    "the last one again",
    "change my answer",
    "I want to change my answer",
    "that was wrong",
    "oops, go back",
]
SKIP = [
    "skip",
    "skip it",
    "skip this one",
    "skip that",
    "skip this question",
    "pass",
    "we pass",
    "let's skip",
    "move on",
    "next one",
    "next",
    "can we skip this one",
    "we'd rather skip",
    "skip please",
    "we'll pass",
]
HELP = list(HELP_PHRASES)
MID_CHECKIN_SIDE = [
    ("tonight's question", "comes right after"),
    ("what's tonight's question", "comes right after"),
    ("what was the tip", "after tonight's check-in"),
    ("another one", "comes right after"),
]


def checkin_of(record: TurnRecord) -> dict[str, object]:
    state = record.session.get("checkin")
    assert isinstance(state, dict), f"{record.utterance!r} left the check-in: {record.speech!r}"
    return state


@pytest.fixture(scope="module")
def first_item() -> Couple:
    return in_checkin()


@pytest.fixture(scope="module")
def second_item() -> Couple:
    return in_checkin(answers=1)


@pytest.mark.parametrize(("phrase", "values"), ANSWERS, ids=[p for p, _ in ANSWERS])
def test_answers_as_couples_give_them(
    first_item: Couple, phrase: str, values: tuple[int, ...]
) -> None:
    record = first_item.probe(phrase)
    assert record.intent == intents.ANSWER, f"{phrase!r} resolved to {record.intent}"
    state = checkin_of(record)
    answered = state["answered"]
    assert isinstance(answered, list) and answered, f"{phrase!r} was not taken: {record.speech!r}"
    assert tuple(answered[0]["answers"]) == values, f"{phrase!r} understood as {answered[0]}"
    assert state["index"] == 1


@pytest.mark.parametrize(("phrase", "values"), CORRECTIONS, ids=[p for p, _ in CORRECTIONS])
def test_corrections_change_the_previous_answer(
    second_item: Couple, phrase: str, values: tuple[int, ...]
) -> None:
    record = second_item.probe(phrase)
    assert record.intent == intents.CORRECT_ANSWER, f"{phrase!r} resolved to {record.intent}"
    state = checkin_of(record)
    answered = state["answered"]
    assert isinstance(answered, list)
    assert [tuple(a["answers"]) for a in answered] == [values], f"{phrase!r}: {answered}"
    assert state["index"] == 1, f"{phrase!r} moved the check-in"
    assert record.speech.endswith("?"), "the current item was not asked again"


@pytest.mark.parametrize("phrase", REPEAT)
def test_repeat_says_the_item_word_for_word(second_item: Couple, phrase: str) -> None:
    record = second_item.probe(phrase)
    assert record.intent == intents.REPEAT, f"{phrase!r} resolved to {record.intent}"
    assert record.speech.endswith("One is not at all, five is completely.")
    assert "sorry" not in record.speech.lower(), f"{phrase!r} got an apology"
    assert checkin_of(record)["index"] == 1, f"{phrase!r} moved the check-in"


@pytest.mark.parametrize("phrase", EXPLAIN)
def test_what_does_that_mean_explains_the_item(second_item: Couple, phrase: str) -> None:
    record = second_item.probe(phrase)
    assert record.intent == intents.EXPLAIN, f"{phrase!r} resolved to {record.intent}"
    assert checkin_of(record)["index"] == 1
    assert record.speech.endswith("?") and len(record.speech.split()) > 12


@pytest.mark.parametrize("phrase", GO_BACK)
def test_go_back_takes_the_last_answer_back(second_item: Couple, phrase: str) -> None:
    record = second_item.probe(phrase)
    assert record.intent == intents.GO_BACK, f"{phrase!r} resolved to {record.intent}"
    state = checkin_of(record)
    assert state["index"] == 0 and state["answered"] == [], f"{phrase!r}: {state}"


@pytest.mark.parametrize("phrase", SKIP)
def test_skip_moves_on_and_says_so(second_item: Couple, phrase: str) -> None:
    record = second_item.probe(phrase)
    assert record.intent in (intents.SKIP, intents.NEXT), f"{phrase!r} resolved to {record.intent}"
    state = checkin_of(record)
    assert state["index"] == 2, f"{phrase!r} did not move on"
    assert "skip" in record.speech.lower(), f"{phrase!r}: the skip was not said"


@pytest.mark.parametrize("phrase", HELP)
def test_help_mid_checkin_keeps_the_item(second_item: Couple, phrase: str) -> None:
    record = second_item.probe(phrase)
    assert record.intent == intents.HELP, f"{phrase!r} resolved to {record.intent}"
    assert checkin_of(record)["index"] == 1 and record.speech.endswith("?")
    assert "9 1 1" not in record.speech and "hotline" not in record.speech.lower()


@pytest.mark.parametrize(("phrase", "said"), MID_CHECKIN_SIDE)
def test_asking_for_the_question_mid_checkin_keeps_the_item(
    second_item: Couple, phrase: str, said: str
) -> None:
    record = second_item.probe(phrase)
    assert said in record.speech.lower(), f"{phrase!r}: {record.speech!r}"
    assert checkin_of(record)["index"] == 1


# --- Outside the check-in: every other state ---------------------------------------------------


def idle() -> Couple:
    return Couple()


Check = Callable[[TurnRecord], bool]


def mode_is(mode: str) -> Check:
    return lambda record: record.session.get("mode") == mode


def ends_with_card(record: TurnRecord) -> bool:
    return record.end_session and record.card is not None


def ends(record: TurnRecord) -> bool:
    return record.end_session


def at_item(index: int) -> Check:
    return lambda record: (record.session.get("checkin") or {}).get("index") == index


STATE_PHRASES: list[tuple[str, Callable[[], Couple], str, str, Check]] = [
    # (state, how to get there, phrase, intent, what must happen)
    *(
        ("menu", at_menu, phrase, intents.YES, mode_is("checkin"))
        for phrase in ("yes", "yeah", "yep", "sure", "okay", "yes please", "of course")
    ),
    *(
        ("menu", at_menu, phrase, intents.START_CHECKIN, mode_is("checkin"))
        for phrase in (
            "let's check in",
            "we're ready to check in",
            "check in",
            "start the check in",
        )
    ),
    *(
        ("menu", at_menu, phrase, intents.NO, mode_is("offer_starter"))
        for phrase in ("no", "nope", "not tonight", "no thanks", "not now")
    ),
    *(
        ("menu", at_menu, phrase, intents.TONIGHTS_QUESTION, ends_with_card)
        for phrase in ("tonight's question", "give us something to talk about", "ask us a question")
    ),
    *(
        ("menu", at_menu, phrase, intents.STREAK, mode_is("menu"))
        for phrase in ("what's our streak", "how many nights in a row")
    ),
    *(
        ("menu", at_menu, phrase, intents.HELP, mode_is("menu"))
        for phrase in ("help", "help me please", "what can I say", "can you help us")
    ),
    *(
        ("offer_resume", at_offer_resume, phrase, intents.YES, at_item(1))
        for phrase in ("yes", "sure", "yeah", "okay")
    ),
    *(
        ("offer_resume", at_offer_resume, phrase, intents.NO, mode_is("offer_starter"))
        for phrase in ("no", "not now", "nope")
    ),
    *(
        ("offer_resume", at_offer_resume, phrase, intents.HELP, mode_is("offer_resume"))
        for phrase in ("help", "what can I say", "help me please")
    ),
    *(
        ("offer_starter", at_offer_starter, phrase, intents.YES, ends_with_card)
        for phrase in ("yes", "sure", "yes please", "okay")
    ),
    *(
        ("offer_starter", at_offer_starter, phrase, intents.NO, ends)
        for phrase in ("no", "no thanks", "not tonight")
    ),
    *(
        ("offer_starter", at_offer_starter, phrase, intents.HELP, mode_is("offer_starter"))
        for phrase in ("help", "what do we do")
    ),
    *(
        ("offer_continue", at_offer_continue, phrase, intents.YES, at_item(1))
        for phrase in ("go on", "let's go on", "keep going", "continue", "yes", "let's continue")
    ),
    *(
        ("offer_continue", at_offer_continue, phrase, intents.NO, ends)
        for phrase in ("no", "not tonight")
    ),
    *(
        ("offer_continue", at_offer_continue, phrase, intents.STOP, ends)
        for phrase in ("stop", "goodnight")
    ),
    *(
        ("offer_continue", at_offer_continue, phrase, intents.ANSWER, at_item(2))
        for phrase in ("four and three", "both threes")
    ),
    *(
        ("offer_continue", at_offer_continue, phrase, intents.HELP, mode_is("offer_continue"))
        for phrase in ("help", "what can I say")
    ),
    *(
        ("confirm_delete", at_confirm_delete, phrase, intents.YES, ends)
        for phrase in ("yes", "yes please")
    ),
    *(
        ("confirm_delete", at_confirm_delete, phrase, intents.NO, ends)
        for phrase in ("no", "no thanks", "nope")
    ),
    *(
        ("confirm_delete", at_confirm_delete, phrase, intents.HELP, mode_is("confirm_delete"))
        for phrase in ("help", "what do I do")
    ),
    *(
        ("idle", idle, phrase, intents.TONIGHTS_QUESTION, ends_with_card)
        for phrase in (
            "ask heart to heart for tonight's question",
            "ask heart to heart for something to talk about",
            "ask heart to heart what's tonight's question",
        )
    ),
    *(
        ("idle", idle, phrase, intents.START_CHECKIN, mode_is("checkin"))
        for phrase in (
            "tell heart to heart we're ready to check in",
            "tell heart to heart let's check in",
        )
    ),
    *(
        ("idle", idle, phrase, intents.STREAK, ends)
        for phrase in (
            "ask heart to heart what our streak is",
            "ask heart to heart what's our streak",
        )
    ),
    *(
        ("idle", idle, phrase, intents.TONIGHTS_TIP, ends)
        for phrase in (
            "ask heart to heart what was the tip",
            "ask heart to heart for tonight's tip",
        )
    ),
    *(
        ("idle", idle, phrase, intents.HELP, mode_is("menu"))
        for phrase in ("ask heart to heart for help", "ask heart to heart what can I say")
    ),
]


@pytest.mark.parametrize(
    ("state", "reach", "phrase", "intent", "check"),
    STATE_PHRASES,
    ids=[f"{s}:{p}" for s, _, p, _, _ in STATE_PHRASES],
)
def test_phrasings_in_every_state(
    state: str, reach: Callable[[], Couple], phrase: str, intent: str, check: Check
) -> None:
    couple = reach()
    record = couple.say(phrase)
    assert record.intent == intent, f"{state}: {phrase!r} resolved to {record.intent}"
    assert check(record), f"{state}: {phrase!r} did not do its job: {record.speech!r}"
    if not record.end_session:
        assert record.reprompt, f"{state}: {phrase!r} left the microphone open without a reprompt"


def test_the_corpus_is_big_enough() -> None:
    checkin = len(ANSWERS) + len(CORRECTIONS) + len(REPEAT) + len(EXPLAIN) + len(GO_BACK)
    checkin += len(SKIP) + len(HELP) + len(MID_CHECKIN_SIDE)
    assert checkin + len(STATE_PHRASES) >= 300
    assert len({state for state, *_ in STATE_PHRASES}) >= 6
