"""The goodnight's look-back line: the first piece to give way, and said exactly when asked."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from skill.alexa.closing import Piece, fit, render, words
from skill.alexa.context import Ctx, Dependencies, SkillSettings
from skill.alexa.handlers.goodnight import (
    LOOK_BACK_GIVES_WAY,
    Goodnight,
    goodnight,
    says_look_back,
)
from skill.alexa.request import TurnInput
from skill.alexa.session import SessionState
from skill.alexa.ssml import plain_text
from skill.alexa.timezone import FixedTimeZones
from skill.content.loader import load_content
from skill.domain.feedback import Reflection
from skill.domain.pillars import Pillar
from skill.domain.streaks import Streak, count_night
from skill.services.checkin import CheckinOutcome
from skill.storage.memory import MemoryStore

CONTENT = load_content("en-US")
READY_LINES = CONTENT.speech.lines["weekly_ready_at_closing"]

sentences = st.lists(st.sampled_from(["one", "two", "three", "four"]), min_size=1, max_size=25).map(
    " ".join
)


def _others(reflection: str, idea: str, gap: str, question: str) -> list[Piece]:
    return [
        Piece(["Thank you both."], give_way=0),
        Piece([reflection, "Short."], give_way=4, optional=False),
        Piece([idea], give_way=6),
        Piece([gap], give_way=2),
        Piece(["Two nights in a row."], give_way=1),
        Piece(["Tonight's question:"], give_way=99, optional=False),
        Piece([question], give_way=99, optional=False),
        Piece(["Goodnight, you two.", "Goodnight."], give_way=3, optional=False),
    ]


@given(
    sentences, sentences, sentences, sentences, st.sampled_from(READY_LINES), st.integers(10, 60)
)
def test_the_look_back_line_gives_way_before_anything_else(
    reflection: str, idea: str, gap: str, question: str, line: str, budget: int
) -> None:
    without = fit(_others(reflection, idea, gap, question), budget)
    pieces = _others(reflection, idea, gap, question)
    mention = Piece([line], give_way=LOOK_BACK_GIVES_WAY)
    pieces.insert(5, mention)  # where the goodnight says it: just before tonight's question
    fitted = fit(pieces, budget)

    # Every other piece says exactly what it would have said without the line.
    assert [p.text for p in fitted if p is not mention] == [p.text for p in without]
    # Said exactly when the rest, before anything of it gives way, leaves room for it: it goes
    # first, before even the thanks is dropped (the line shares no words with the rest).
    unhurried = plain_text(render(fit(_others(reflection, idea, gap, question), 10**6)).ssml())
    assert (mention.text == line) == (words(unhurried) + words(line) <= budget)
    if mention.text:
        assert words(plain_text(render(fitted).ssml())) <= budget


def _ctx() -> Ctx:
    deps = Dependencies(
        store=MemoryStore(), time_zones=FixedTimeZones(ZoneInfo("UTC")), settings=SkillSettings()
    )
    turn = TurnInput(
        request_type="IntentRequest",
        intent_name="AnswerIntent",
        slots={},
        user_id="amzn1.ask.account.LOOK-BACK-UNIT",
        device_id="amzn1.ask.device.LOOK-BACK-UNIT",
        api_endpoint=None,
        api_token=None,
        locale="en-US",
        timestamp=datetime(2026, 11, 21, 21, 30, tzinfo=ZoneInfo("UTC")),
        new_session=False,
        state=SessionState(),
        raw_request={},
    )
    return Ctx(deps, turn)


def _outcome(*, tip: bool) -> CheckinOutcome:
    night = date(2026, 11, 21)
    care: Pillar = "listening"
    reflection = (
        Reflection(care=care, answered_any=True)
        if tip
        else Reflection(felt_close=True, answered_any=True)
    )
    starter = max(CONTENT.starters.values(), key=lambda s: words(s.text))
    return CheckinOutcome(
        already_done=False,
        starter=starter,
        counted=count_night(Streak(), night),
        reflection=reflection,
        tip=CONTENT.pillars[care].tips[0] if tip else None,
        look_back_ready=True,
    )


def test_asking_whether_the_line_fits_is_what_the_goodnight_then_does() -> None:
    """Over every budget the check-in can leave, the answer before the write matches what the
    goodnight says after it, asking does not change the goodnight's words, and a tip said
    without the line is said with it."""
    answers = set()
    for tip in (False, True):
        outcome = _outcome(tip=tip)
        for budget in range(10, 46):
            untouched = plain_text(goodnight(_ctx(), outcome, budget).ssml())
            ctx = _ctx()
            fits = says_look_back(ctx, outcome, budget)
            said = plain_text(goodnight(ctx, outcome, budget).ssml())
            assert said == untouched
            assert fits == any(line in said for line in READY_LINES), (budget, said)
            if fits:
                assert words(said) <= budget
            quiet = replace(outcome, look_back_ready=False)
            before = plain_text(goodnight(_ctx(), quiet, budget).ssml())
            if outcome.tip is not None and outcome.tip.text in before:
                assert outcome.tip.text in said, (budget, said)  # the tip never pays for it
            answers.add(fits)
    assert answers == {True, False}


def test_one_fit_for_the_question_and_the_goodnight_says_what_two_would() -> None:
    """The check-in asks, then says: the goodnight it says is the one `goodnight` gives for the
    outcome said, with the line or (when it gave way) without it; where the line is said, the
    voice then moves on exactly as a second fit would have moved it."""
    gave_way = []
    for tip in (False, True):
        outcome = _outcome(tip=tip)
        quiet = replace(outcome, look_back_ready=False)
        for budget in range(10, 46):
            apart = _ctx()
            fits = says_look_back(apart, outcome, budget)
            said = outcome if fits else quiet
            expected = plain_text(goodnight(apart, said, budget).ssml())
            after_expected = apart.voice.line("closing_goodnight")

            ctx = _ctx()
            closing = Goodnight(ctx, budget)
            assert closing.keeps_look_back(outcome) == fits
            assert plain_text(closing.say(said).ssml()) == expected, (budget, tip)
            if fits:
                assert ctx.voice.line("closing_goodnight") == after_expected
            gave_way.append(not fits)
    assert any(gave_way) and not all(gave_way)  # both paths are taken
