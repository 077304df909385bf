"""Opening the skill: a welcome (first time or back again) and the offer of tonight's check-in."""

from __future__ import annotations

from skill.alexa.context import Ctx
from skill.alexa.handlers.common import ask
from skill.alexa.routing import Route, request
from skill.alexa.speech import Reply
from skill.alexa.ssml import Say
from skill.services.streaks import greeting


def launch(ctx: Ctx) -> Reply:
    greet = greeting(ctx.store, ctx.turn)
    voice = ctx.voice
    say = Say()
    if greet.first_time:
        say.text(voice.line("welcome_first"))
    elif greet.streak.after_break:
        say.text(voice.line("welcome_after_break"))  # never a word about a lost streak
    else:
        say.text(voice.line("welcome_back"))
    if greet.checked_in_tonight:
        question = voice.line("already_checked_in")
        return ask(say.text(question), Say().text(question), "offer_starter")
    if greet.paused is not None:
        question = voice.line("offer_resume")
        return ask(say.text(question), Say().text(question), "offer_resume")
    if greet.reminder_offer_due:
        from skill.alexa.handlers.reminders import offer_at_launch

        offer_at_launch(ctx, say)
    say.text(voice.line("ask_ready"))
    return ask(say, Say().text(voice.line("reprompt_ready")), "menu")


ROUTES = [Route("launch", request("LaunchRequest"), launch)]
