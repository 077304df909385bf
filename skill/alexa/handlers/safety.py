"""Safety in three tiers, decided on what was said: danger, a hard moment, or plain help.

Danger stops everything: the fixed message with the locale's numbers (read digit by digit), the
session ends, no card (the Alexa app may be shared with the person they are afraid of) and
nothing is written. A hard moment gets a calm repair idea and the choice to go on or stop; plain
help is `builtins.help_`.
"""

from __future__ import annotations

from skill.alexa import intents
from skill.alexa.context import Ctx
from skill.alexa.handlers.builtins import stop
from skill.alexa.handlers.checkin import restate, retry_save, start
from skill.alexa.handlers.common import end
from skill.alexa.routing import Route, all_of, intent, mode
from skill.alexa.session import SessionState
from skill.alexa.speech import Reply
from skill.alexa.ssml import Say


def danger(ctx: Ctx) -> Reply:
    return end(Say().text_with_numbers(ctx.content.safety.support_message))


def struggle(ctx: Ctx) -> Reply:
    """Calm and short; no numbers; the session stays open with the choice to go on or stop."""
    checkin = (
        ctx.state.checkin if ctx.state.mode in ("checkin", "offer_continue", "retry_save") else None
    )
    speech = Say().text(ctx.content.safety.struggle_message)
    reprompt = Say().text(ctx.voice.line("reprompt_continue"))
    return Reply(speech, reprompt, state=SessionState(mode="offer_continue", checkin=checkin))


def go_on(ctx: Ctx) -> Reply:
    """ "Go on" after a hard moment: back to the item, the save, or the check-in offer."""
    checkin = ctx.state.checkin
    if checkin is None:
        return start(ctx)
    if len(checkin.answered) >= len(checkin.item_ids):
        return retry_save(ctx)
    return restate(ctx)


ROUTES = [
    Route("safety-danger", intent(intents.DANGER), danger),
    Route("safety-struggle", intent(intents.STRUGGLE), struggle),
    Route("go-on", all_of(intent(intents.YES, intents.NEXT), mode("offer_continue")), go_on),
    Route("stop-for-tonight", all_of(intent(intents.NO), mode("offer_continue")), stop),
]
