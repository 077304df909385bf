"""The check-in conversation: four items, answers from both, re-asks, skip, resume, feedback."""

from __future__ import annotations

from skill.alexa import intents
from skill.alexa.answers import read_answers
from skill.alexa.context import Ctx
from skill.alexa.handlers.common import ask, end, say_starter, starter_card, streak_line
from skill.alexa.request import TurnInput
from skill.alexa.routing import Route, all_of, intent, mode
from skill.alexa.session import CheckinState
from skill.alexa.speech import Reply
from skill.alexa.ssml import Say
from skill.domain.scoring import ItemAnswer
from skill.household import AnsweredItem
from skill.ports import StorageUnavailable
from skill.services.checkin import (
    CheckinOutcome,
    complete_checkin,
    plan_checkin,
)

HIGH_SCORE = 75.0
LOW_SCORE = 25.0


def start(ctx: Ctx) -> Reply:
    """ "Let's check in", yes to "Ready?" or to "pick up where you left off?".

    A check-in paused earlier tonight is resumed; one already finished offers the question.
    """
    plan = plan_checkin(ctx.store, ctx.content, ctx.turn)
    if plan.already_done:
        return _offer_starter(ctx)
    paused = plan.paused
    if paused is None:
        state = CheckinState(night=ctx.night, item_ids=plan.item_ids, index=0)
        return ask_item(ctx, state, Say(), first_in_session=True)
    state = CheckinState(
        night=ctx.night,
        item_ids=paused.item_ids,
        index=min(len(paused.answered), len(paused.item_ids) - 1),
        answered=paused.answered[: len(paused.item_ids) - 1],
    )
    lead = Say().text(ctx.voice.line("resume_intro"))
    return ask_item(ctx, state, lead, first_in_session=True)


def _offer_starter(ctx: Ctx) -> Reply:
    question = ctx.voice.line("already_checked_in")
    return ask(Say().text(question), Say().text(question), "offer_starter")


def ask_item(
    ctx: Ctx,
    state: CheckinState,
    lead: Say,
    *,
    first_in_session: bool = False,
    restate: bool = False,
) -> Reply:
    """Ask the current item; `restate` asks it again (help, repeat) without "next"."""
    voice = ctx.voice
    item = ctx.content.item(state.item_ids[state.index])
    say = lead
    if restate:
        say.text(voice.line("restate_item"))
    elif first_in_session and state.index == 0:
        say.text(voice.line("checkin_intro")).text(voice.line("first_item"))
    elif first_in_session:
        say.text(voice.line("checkin_intro"))
    elif state.index == len(state.item_ids) - 1:
        say.text(voice.line("last_item"))
    else:
        say.text(voice.line("next_item"))
    say.pause(200).text(item.text)
    if first_in_session:
        say.text(voice.line("scale_ends"))
    reprompt = Say().text(item.text).text(voice.line("checkin_reprompt"))
    return ask(say, reprompt, "checkin", state)


def _checkin_state(turn: TurnInput) -> CheckinState:
    state = turn.state.checkin
    assert state is not None  # read_state guarantees it in "checkin" mode
    return state


def answer(ctx: Ctx) -> Reply:
    state = _checkin_state(ctx.input)
    answers = read_answers(ctx.input.slots)
    if answers is None:
        return missed(ctx)
    item_id = state.item_ids[state.index]
    pillar = None if item_id.startswith("anchor-") else ctx.content.item_pillar(item_id)
    score = ItemAnswer(pillar=pillar, answers=answers).score
    ack = "ack_high" if score >= HIGH_SCORE else "ack_low" if score <= LOW_SCORE else "ack_mid"
    recorded = AnsweredItem(item_id=item_id, pillar=pillar, answers=answers)
    return _advance(ctx, state, recorded, Say().text(ctx.voice.line(ack)))


def skip(ctx: Ctx) -> Reply:
    state = _checkin_state(ctx.input)
    return _advance(ctx, state, _skipped(ctx, state), Say().text(ctx.voice.line("ack_skip")))


def missed(ctx: Ctx) -> Reply:
    """Not a number we understood: one clearer re-ask, then move on kindly (never a loop)."""
    state = _checkin_state(ctx.input)
    voice = ctx.voice
    if state.misses == 0:
        item = ctx.content.item(state.item_ids[state.index])
        retry = state.model_copy(update={"misses": 1})
        say = Say().text(voice.line("reask"))
        reprompt = Say().text(item.text).text(voice.line("reask"))
        return ask(say, reprompt, "checkin", retry)
    return _advance(ctx, state, _skipped(ctx, state), Say().text(voice.line("skip_after_miss")))


def start_over(ctx: Ctx) -> Reply:
    state = _checkin_state(ctx.input)
    fresh = CheckinState(night=state.night, item_ids=state.item_ids, index=0)
    return ask_item(ctx, fresh, Say().text(ctx.voice.line("start_over")), first_in_session=True)


def _skipped(ctx: Ctx, state: CheckinState) -> AnsweredItem:
    item_id = state.item_ids[state.index]
    pillar = None if item_id.startswith("anchor-") else ctx.content.item_pillar(item_id)
    return AnsweredItem(item_id=item_id, pillar=pillar, answers=())


def _advance(ctx: Ctx, state: CheckinState, recorded: AnsweredItem, lead: Say) -> Reply:
    answered = (*state.answered, recorded)
    if state.index + 1 < len(state.item_ids):
        following = state.model_copy(
            update={"index": state.index + 1, "answered": answered, "misses": 0}
        )
        return ask_item(ctx, following, lead)
    return finish(ctx, state.model_copy(update={"answered": answered, "misses": 0}), lead)


def finish(ctx: Ctx, state: CheckinState, lead: Say) -> Reply:
    try:
        outcome = complete_checkin(ctx.store, ctx.content, ctx.turn, state.answered)
    except StorageUnavailable:
        # Nothing was written; the answers wait in the session for one more try.
        question = ctx.voice.line("retry_save")
        return ask(Say().text(question), Say().text(question), "retry_save", state)
    return end(lead.extend(feedback(ctx, outcome)), starter_card(outcome.starter))


def retry_save(ctx: Ctx) -> Reply:
    state = _checkin_state(ctx.input)
    return finish(ctx, state, Say())


def feedback(ctx: Ctx, outcome: CheckinOutcome) -> Say:
    """Strengths first, the tender spot, one small idea, the gap note, the question, goodnight."""
    voice = ctx.voice
    pillars = ctx.content.pillars
    say = Say()
    if outcome.already_done:
        say.text(voice.line("already_checked_in_other"))
        return say.extend(say_starter(voice, outcome.starter, "starter_intro")).text(
            voice.line("goodnight")
        )
    say.text(voice.line("thanks_both"))
    if not outcome.answered_any:
        say.text(voice.line("no_answers"))
    elif outcome.maintenance:
        say.text(voice.line("maintenance"))
    else:
        strengths = []
        if outcome.felt_close:
            strengths.append(voice.line("felt_close"))
        if outcome.strength is not None and outcome.strength != outcome.tender:
            strengths.append(voice.choice(pillars[outcome.strength].strength_lines))
        say.text(*(strengths or [voice.line("honest")]))
        if outcome.tender is not None:
            say.text(voice.choice(pillars[outcome.tender].tender_lines))
    if outcome.tip is not None:
        say.pause(300).text(voice.line("one_small_idea"), outcome.tip.text)
        if outcome.why is not None:
            say.text(outcome.why.text)
    if outcome.gap_pillar is not None:
        say.text(voice.line("gap_note", name=pillars[outcome.gap_pillar].name))
    elif outcome.gap_on_anchor:
        say.text(voice.line("gap_anchor"))
    if outcome.counselling:
        say.text(ctx.content.safety.counselling_line)
    say.pause(500).extend(say_starter(voice, outcome.starter, "starter_intro"))
    say.extend(streak_line(voice, outcome.counted))
    return say.text(voice.line("goodnight"))


def _not_an_answer(turn: TurnInput) -> bool:
    """In the middle of the check-in, any other intent is most likely a misheard answer."""
    return turn.request_type == "IntentRequest" and turn.intent_name not in {
        intents.ANSWER,
        intents.SKIP,
        intents.NEXT,
        intents.START_OVER,
        intents.DELETE_DATA,
    }


ROUTES = [
    Route("checkin-answer", all_of(intent(intents.ANSWER), mode("checkin")), answer),
    Route("checkin-skip", all_of(intent(intents.SKIP, intents.NEXT), mode("checkin")), skip),
    Route("checkin-start-over", all_of(intent(intents.START_OVER), mode("checkin")), start_over),
    Route("checkin-missed", all_of(_not_an_answer, mode("checkin")), missed),
    Route("retry-save-yes", all_of(intent(intents.YES), mode("retry_save")), retry_save),
    Route("menu-yes", all_of(intent(intents.YES), mode("menu")), start),
    Route("resume-yes", all_of(intent(intents.YES), mode("offer_resume")), start),
    Route("start-checkin", intent(intents.START_CHECKIN, intents.START_OVER), start),
]
