"""Help, stop, cancel, repeat, yes/no and fallback: they work in every state."""

from __future__ import annotations

from skill.alexa import intents
from skill.alexa.context import Ctx
from skill.alexa.handlers.checkin import ask_item
from skill.alexa.handlers.common import ask, end
from skill.alexa.handlers.starter import tonights_question
from skill.alexa.routing import Route, all_of, any_intent, intent, mode, request
from skill.alexa.speech import Reply
from skill.alexa.ssml import Say
from skill.services.checkin import pause_checkin

MAX_REPEAT_SSML = 6000  # Alexa allows 8,000 characters of speech; ours are far shorter


def help_(ctx: Ctx) -> Reply:
    voice = ctx.voice
    state = ctx.state
    if state.mode == "checkin" and state.checkin is not None:
        lead = Say().text(voice.line("help_checkin"))
        return ask_item(ctx, state.checkin, lead, restate=True)
    if state.mode == "confirm_delete":
        text = voice.line("help_confirm_delete")
        return ask(Say().text(text), Say().text(text), "confirm_delete")
    if state.mode == "retry_save":
        text = voice.line("help_retry")
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
    if ctx.state.mode not in ("checkin", "retry_save") or checkin is None or not checkin.answered:
        return False
    pause_checkin(ctx.store, ctx.turn, checkin.item_ids, checkin.answered)
    return True


def repeat(ctx: Ctx) -> Reply:
    state = ctx.state
    if not state.last_speech or not state.last_reprompt:
        return help_(ctx)
    speech, reprompt = Say().text(state.last_speech), Say().text(state.last_reprompt)
    if len(speech.ssml()) + len(reprompt.ssml()) > MAX_REPEAT_SSML:
        return help_(ctx)  # not what we said: the attributes were tampered with
    return Reply(speech=speech, reprompt=reprompt, state=state)


def fallback(ctx: Ctx) -> Reply:
    """State-aware guidance with a reprompt; offers an easier way instead of looping."""
    voice = ctx.voice
    state = ctx.state
    if state.mode in ("confirm_delete", "offer_resume", "offer_starter", "retry_save"):
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
    Route("fallback", any_intent, fallback),
]
