"""The check-in conversation: four items, answers from both, navigation, misses, the goodnight."""

from __future__ import annotations

from dataclasses import replace

from skill.alexa import intents
from skill.alexa.answers import read_answers, say_answers
from skill.alexa.context import Ctx
from skill.alexa.handlers.common import (
    ask,
    continue_or_end,
    end,
    spoken_words,
    starter_card,
)
from skill.alexa.handlers.goodnight import Goodnight
from skill.alexa.request import TurnInput
from skill.alexa.routing import Route, all_of, intent, mode
from skill.alexa.session import CheckinState
from skill.alexa.speech import Reply
from skill.alexa.ssml import Say
from skill.domain.checkin_plan import after_miss, closing_budget, come_back_later
from skill.household import AnsweredItem
from skill.ports import StorageUnavailable
from skill.services.checkin import (
    acknowledgement,
    answered_item,
    complete_checkin,
    plan_checkin,
    tonights_notes,
)


def start(ctx: Ctx) -> Reply:
    """ "Let's check in", or yes to "Ready?" / "pick up where you left off?"."""
    plan = plan_checkin(ctx.store, ctx.content, ctx.turn)
    if plan.already_done:
        question = ctx.voice.line("already_checked_in")
        return ask(Say().text(question), Say().text(question), "offer_starter")
    state = CheckinState(
        night=ctx.night,
        item_ids=plan.item_ids,
        index=plan.index,
        answered=plan.answered,
        first_night=plan.first_night,
    )
    intro = "resume_intro" if plan.resumed else "checkin_intro"
    if plan.first_night and not plan.resumed:
        intro = "checkin_intro_first"
    return ask_item(ctx, state, Say().text(ctx.voice.line(intro)), scale=plan.first_night)


def ask_item(
    ctx: Ctx,
    state: CheckinState,
    lead: Say,
    *,
    transition: bool = False,
    scale: bool = False,
    count: bool = True,
) -> Reply:
    """Ask the current item; the reprompt (a silent turn) is the item again, with the scale."""
    voice = ctx.voice
    item = ctx.content.item(state.item_ids[state.index])
    say = lead
    key = _transition(state) if transition else None
    if key is not None:
        say.text(voice.line(key))
    say.text(item.text)
    if scale:
        say.text(voice.line("scale_ends"))
    if count:
        state = replace(state, words=state.words + spoken_words(say))
    return ask(say, Say().text(item.text, voice.line("scale_ends")), "checkin", state)


def _transition(state: CheckinState) -> str | None:
    """ "Last one:" and "back to the one we missed:" help; "next" only costs words."""
    if state.item_ids[state.index] in state.coming_back:
        return "coming_back"
    return "last_item" if state.index == len(state.item_ids) - 1 else None


def restate(ctx: Ctx, lead: Say | None = None, *, scale: bool = True) -> Reply:
    """The current item word for word, with the scale reminder (repeat, help, after a detour)."""
    return ask_item(ctx, _checkin(ctx.input), lead or Say(), scale=scale, count=False)


def _checkin(turn: TurnInput) -> CheckinState:
    state = turn.state.checkin
    assert state is not None  # the routes only come here with a check-in in the session
    return state


def answer(ctx: Ctx) -> Reply:
    state = _checkin(ctx.input)
    answers = read_answers(ctx.input.slots)
    if answers is None:
        return missed(ctx)
    recorded = answered_item(ctx.content, state.item_ids[state.index], answers)
    band = acknowledgement((*state.answered, recorded))
    lead, state = _ack(ctx, state, band)
    return _advance(ctx, state, recorded, lead, last_lead=Say())


def _ack(ctx: Ctx, state: CheckinState, band: str) -> tuple[Say, CheckinState]:
    """An acknowledgement not yet said in this check-in (none, if all were)."""
    key = f"ack_{band}"
    variants = ctx.content.speech.lines[key]
    start = variants.index(ctx.voice.choice(variants))
    for step in range(len(variants)):
        index = (start + step) % len(variants)
        if f"{key}:{index}" not in state.acks:
            acks = (*state.acks, f"{key}:{index}")
            return Say().text(variants[index]), replace(state, acks=acks)
    return Say(), state


def skip(ctx: Ctx) -> Reply:
    state = _checkin(ctx.input)
    lead = Say().text(ctx.voice.line("ack_skip"))
    return _advance(ctx, state, _skipped(ctx, state), lead)


def missed(ctx: Ctx) -> Reply:
    """Not understood: ask again with an example, then come back to it at the end, then skip."""
    state = _checkin(ctx.input)
    voice = ctx.voice
    item_id = state.item_ids[state.index]
    step = after_miss(state.misses, item_id in state.coming_back)
    if step == "ask_again":
        retry = replace(state, misses=1)
        return ask_item(ctx, retry, Say().text(voice.line("ask_again")), count=False)
    if step == "come_back_later":
        last = state.index == len(state.item_ids) - 1
        later = replace(
            state,
            item_ids=come_back_later(state.item_ids, state.index),
            misses=0,
            coming_back=(*state.coming_back, item_id),
        )
        lead = Say().text(voice.line("last_try" if last else "come_back_later"))
        return ask_item(ctx, later, lead, transition=not last, count=False)
    return _advance(ctx, state, _skipped(ctx, state), Say().text(voice.line("skip_after_miss")))


def go_back(ctx: Ctx) -> Reply:
    """ "Go back", "undo": the previous item again, its answer taken back."""
    state = _checkin(ctx.input)
    if not state.answered:
        return restate(ctx, Say().text(ctx.voice.line("nothing_to_go_back")))
    back = replace(state, index=state.index - 1, answered=state.answered[:-1], misses=0)
    return ask_item(ctx, back, Say().text(ctx.voice.line("going_back")), count=False)


def correct(ctx: Ctx) -> Reply:
    """ "I meant three", "change that to four": the previous answer corrected, then on we go."""
    state = _checkin(ctx.input)
    answers = read_answers(ctx.input.slots)
    if answers is None:
        return go_back(ctx)
    if not state.answered or not state.answered[-1].answers:
        return answer(ctx)  # nothing answered before this item: it is this item's answer
    fixed = answered_item(ctx.content, state.answered[-1].item_id, answers)
    corrected = replace(state, answered=(*state.answered[:-1], fixed))
    lead = Say().text(ctx.voice.line("corrected", count=say_answers(answers)))
    lead.text(ctx.voice.line("back_to_current"))
    return ask_item(ctx, corrected, lead, count=False)


def explain(ctx: Ctx) -> Reply:
    """ "What does that mean": one plain line about the item, then the item again."""
    state = _checkin(ctx.input)
    item = ctx.content.item(state.item_ids[state.index])
    line = item.explain or ctx.voice.line("explain_fallback")
    return ask_item(ctx, state, Say().text(line), count=False)


def later(ctx: Ctx) -> Reply:
    """Tonight's question or tip asked for mid-check-in: it comes at the end; the item again."""
    key = (
        "tip_comes_after"
        if ctx.input.intent_name == intents.TONIGHTS_TIP
        else "question_comes_after"
    )
    return restate(ctx, Say().text(ctx.voice.line(key)))


def start_over(ctx: Ctx) -> Reply:
    state = _checkin(ctx.input)
    fresh = CheckinState(
        night=state.night, item_ids=state.item_ids, index=0, first_night=state.first_night
    )
    return ask_item(ctx, fresh, Say().text(ctx.voice.line("start_over")), scale=True, count=False)


def _skipped(ctx: Ctx, state: CheckinState) -> AnsweredItem:
    return answered_item(ctx.content, state.item_ids[state.index], ())


def _advance(
    ctx: Ctx, state: CheckinState, recorded: AnsweredItem, lead: Say, last_lead: Say | None = None
) -> Reply:
    """Record the item and ask the next one, or finish (`last_lead` replaces `lead` there)."""
    answered = (*state.answered, recorded)
    if state.index + 1 < len(state.item_ids):
        following = replace(state, index=state.index + 1, answered=answered, misses=0)
        return ask_item(ctx, following, lead, transition=True)
    done = replace(state, answered=answered, misses=0)
    return finish(ctx, done, lead if last_lead is None else last_lead)


def finish(ctx: Ctx, state: CheckinState, lead: Say) -> Reply:
    closing = Goodnight(ctx, closing_budget(state.words + spoken_words(lead), state.first_night))
    try:
        outcome = complete_checkin(
            ctx.store, ctx.content, ctx.turn, state.answered, closing.keeps_look_back
        )
    except StorageUnavailable:
        # Nothing was written; the answers wait in the session for one more try.
        question = ctx.voice.line("retry_save")
        return ask(Say().text(question), Say().text(question), "retry_save", state)
    return end(lead.extend(closing.say(outcome)), starter_card(outcome.starter, outcome.tip))


def retry_save(ctx: Ctx) -> Reply:
    return finish(ctx, _checkin(ctx.input), Say())


def tip(ctx: Ctx) -> Reply:
    """ "What was the tip": tonight's small idea from the stored night."""
    notes = tonights_notes(ctx.store, ctx.content, ctx.turn)
    voice = ctx.voice
    if notes.tip is not None:
        say = Say().text(voice.line("tip_tonight"), notes.tip.text)
    elif notes.checked_in:
        say = Say().text(voice.line("no_tip_tonight"))
    else:
        say = Say().text(voice.line("tip_comes_after"))
    return continue_or_end(ctx, say)


def _in_checkin(turn: TurnInput) -> bool:
    """A check-in waits for an answer: asked, or paused by a hard moment ("go on or stop?")."""
    checkin = turn.state.checkin
    if turn.state.mode not in ("checkin", "offer_continue") or checkin is None:
        return False
    return len(checkin.answered) < len(checkin.item_ids)  # a finished one waits to be saved


def _checkin_mode(turn: TurnInput) -> bool:
    return turn.state.mode == "checkin"


def _misheard(turn: TurnInput) -> bool:
    """Mid-check-in, fallback, a bare yes or no, or an intent we do not know: not an answer."""
    name = turn.intent_name
    known = intents.CUSTOM_INTENTS | intents.BUILT_IN_INTENTS
    unknown = turn.request_type == "IntentRequest" and name not in known
    return unknown or intent(intents.FALLBACK, intents.YES, intents.NO)(turn)


_LATER = intent(intents.TONIGHTS_QUESTION, intents.ANOTHER_QUESTION, intents.TONIGHTS_TIP)

ROUTES = [
    Route("checkin-answer", all_of(intent(intents.ANSWER), _in_checkin), answer),
    Route("checkin-correct", all_of(intent(intents.CORRECT_ANSWER), _checkin_mode), correct),
    Route("checkin-go-back", all_of(intent(intents.GO_BACK), _checkin_mode), go_back),
    Route("checkin-explain", all_of(intent(intents.EXPLAIN), _checkin_mode), explain),
    Route("checkin-skip", all_of(intent(intents.SKIP, intents.NEXT), _checkin_mode), skip),
    Route("checkin-start-over", all_of(intent(intents.START_OVER), _checkin_mode), start_over),
    Route("checkin-later", all_of(_LATER, _checkin_mode), later),
    Route("checkin-again", all_of(intent(intents.START_CHECKIN), _checkin_mode), restate),
    Route("checkin-missed", all_of(_misheard, _checkin_mode), missed),
    Route("retry-save-yes", all_of(intent(intents.YES), mode("retry_save")), retry_save),
    Route("menu-yes", all_of(intent(intents.YES), mode("menu")), start),
    Route("resume-yes", all_of(intent(intents.YES), mode("offer_resume")), start),
    Route("tonights-tip", intent(intents.TONIGHTS_TIP), tip),
    Route("start-checkin", intent(intents.START_CHECKIN, intents.START_OVER), start),
]
