""" "What's our streak?": always right, never guilt."""

from __future__ import annotations

from skill.alexa import intents
from skill.alexa.context import Ctx
from skill.alexa.handlers.common import continue_or_end
from skill.alexa.routing import Route, intent
from skill.alexa.speech import Reply
from skill.alexa.ssml import Say
from skill.services.streaks import streak_status


def streak(ctx: Ctx) -> Reply:
    status = streak_status(ctx.store, ctx.turn)
    voice = ctx.voice
    say = Say()
    if status.total_nights == 0:
        say.text(voice.line("streak_none"))
    elif not status.alive or status.current == 0:
        say.text(voice.line("streak_fresh", nights=status.total_nights))
    elif status.current == 1 and status.total_nights == 1:
        say.text(voice.line("streak_status_first_night"))
    elif status.current == 1:
        say.text(voice.line("streak_status_one", nights=status.total_nights))
    else:
        say.text(voice.line("streak_status", streak=status.current, nights=status.total_nights))
    if status.longest > max(status.current, 1):
        say.text(voice.line("streak_status_longest", longest=status.longest))
    if status.alive and status.rest_nights == 1:
        say.text(voice.line("streak_status_rest_one"))
    elif status.alive and status.rest_nights > 1:
        say.text(voice.line("streak_status_rest", rest=status.rest_nights))
    return continue_or_end(ctx, say)


ROUTES = [Route("streak", intent(intents.STREAK), streak)]
