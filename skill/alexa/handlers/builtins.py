"""Help, stop, cancel, repeat, yes/no and fallback: they work in every state."""

from __future__ import annotations

from skill.alexa import intents
from skill.alexa.context import Ctx
from skill.alexa.handlers.checkin import restate
from skill.alexa.handlers.common import ask, end, say_starter, starter_card
from skill.alexa.handlers.starter import tonights_question
from skill.alexa.routing import Route, all_of, any_intent, intent, mode, request
from skill.alexa.speech import Reply
from skill.alexa.ssml import Say
from skill.services.checkin import pause_checkin, tonights_notes

MAX_REPEAT_SSML = 6000  # Alexa allows 8,000 characters of speech; ours are far shorter


# Help for each state that waits on a yes or no: the pending question stays pending.
_YES_NO_HELP = {
    "offer_resume": "help_offer_resume",
    "offer_starter": "help_offer_starter",
    "offer_continue": "help_offer_continue",
    "confirm_delete": "help_confirm_delete",
    "retry_save": "help_retry",
}


def help_(ctx: Ctx) -> Reply:
    """What to say right now, for the state the couple is in; always ends with a question."""
    voice = ctx.voice
    state = ctx.state
    if state.mode == "checkin" and state.checkin is not None:
        return restate(ctx, Say().text(voice.line("help_checkin")), scale=False)
    if state.mode in _YES_NO_HELP:
        text = voice.line(_YES_NO_HELP[state.mode])
        return Reply(speech=Say().text(text), reprompt=Say().text(text), state=state)
    text = voice.line("help_menu")
    return ask(Say().text(text), Say().text(voice.line("reprompt_ready")), "menu")


def stop(ctx: Ctx) -> Reply:
    """Stop means stop, mid-check-in too; a part-way check-in is kept for later tonight."""
    if _keep_part_way_checkin(ctx):
        return end(Say().text(ctx.voice.line("goodnight_paused")))
    return end(Say().text(ctx.voice.line("goodnight")))


def _keep_part_way_checkin(ctx: Ctx) -> bool:
    """Save a check-in with answers (in progress, or finished but not yet saved) for tonight."""
    checkin = ctx.state.checkin
    paused_modes = ("checkin", "retry_save", "offer_continue")
    if ctx.state.mode not in paused_modes or checkin is None or not checkin.answered:
        return False
    pause_checkin(ctx.store, ctx.turn, checkin.item_ids, checkin.answered)
    return True


def repeat(ctx: Ctx) -> Reply:
    """Mid-check-in the item word for word; else the last thing said, or tonight's question."""
    state = ctx.state
    if state.mode == "checkin" and state.checkin is not None:
        return restate(ctx)
    if not state.last_speech or not state.last_reprompt:
        return _tonights_question_again(ctx)
    speech, reprompt = Say().text(state.last_speech), Say().text(state.last_reprompt)
    if len(speech.ssml()) + len(reprompt.ssml()) > MAX_REPEAT_SSML:
        return help_(ctx)  # not what we said: the attributes were tampered with
    return Reply(speech=speech, reprompt=reprompt, state=state)


def _tonights_question_again(ctx: Ctx) -> Reply:
    """ "Say the question again" as a one-shot: tonight's stored question, or help if none."""
    notes = tonights_notes(ctx.store, ctx.content, ctx.turn)
    if notes.starter is None:
        return help_(ctx)
    say = say_starter(ctx.voice, notes.starter, "starter_again").text(ctx.voice.line("goodnight"))
    return end(say, starter_card(notes.starter, notes.tip))


def fallback(ctx: Ctx) -> Reply:
    """State-aware guidance with a reprompt; offers an easier way instead of looping."""
    voice = ctx.voice
    state = ctx.state
    if state.mode in _YES_NO_HELP:
        text = voice.line("fallback_yes_no")
        pending = state.last_reprompt or text
        return Reply(speech=Say().text(text), reprompt=Say().text(pending), state=state)
    text = voice.line("fallback_menu")
    return ask(Say().text(text), Say().text(voice.line("reprompt_ready")), "menu")


def no_thanks(ctx: Ctx) -> Reply:
    """No to "Ready for your check-in?" or "pick up where you left off?": offer the question."""
    question = ctx.voice.line("offer_starter_instead")
    return ask(
        Say().text(question), Say().text(ctx.voice.line("reprompt_offer_starter")), "offer_starter"
    )


def goodnight(ctx: Ctx) -> Reply:
    return end(Say().text(ctx.voice.line("goodnight")))


def session_ended(ctx: Ctx) -> Reply:
    """The couple went quiet or Alexa closed the session: keep a part-way check-in."""
    _keep_part_way_checkin(ctx)
    return end(Say())


ROUTES_FIRST = [
    Route("session-ended", request("SessionEndedRequest"), session_ended),
    Route("stop", intent(intents.STOP, intents.CANCEL, intents.NAVIGATE_HOME), stop),
    Route("help", intent(intents.HELP), help_),
    Route("repeat", intent(intents.REPEAT), repeat),
]

ROUTES_LAST = [
    Route(
        "offer-starter-yes", all_of(intent(intents.YES), mode("offer_starter")), tonights_question
    ),
    Route("offer-starter-no", all_of(intent(intents.NO), mode("offer_starter")), goodnight),
    Route("retry-save-no", all_of(intent(intents.NO), mode("retry_save")), goodnight),
    Route("menu-no", all_of(intent(intents.NO), mode("menu", "offer_resume")), no_thanks),
    # Outside a check-in, "what does that mean" is a request for help.
    Route("explain-as-help", intent(intents.EXPLAIN), help_),
    Route("fallback", any_intent, fallback),
]
