"""Tonight's question, another one, and deeper or lighter questions."""

from __future__ import annotations

from skill.alexa import intents
from skill.alexa.context import Ctx
from skill.alexa.handlers.common import (
    continue_or_end,
    end,
    say_starter,
    starter_card,
    streak_line,
)
from skill.alexa.routing import Route, all_of, intent, mode
from skill.alexa.speech import Reply
from skill.alexa.ssml import Say
from skill.services.starters import another_starter, set_depth, tonights_starter


def tonights_question(ctx: Ctx) -> Reply:
    outcome = tonights_starter(ctx.store, ctx.content, ctx.turn)
    voice = ctx.voice
    say = say_starter(voice, outcome.starter, "starter_intro_oneshot")
    say.extend(streak_line(voice, outcome.counted)).text(voice.line("goodnight"))
    return end(say, starter_card(outcome.starter))


def another_question(ctx: Ctx) -> Reply:
    outcome = another_starter(ctx.store, ctx.content, ctx.turn)
    voice = ctx.voice
    intro = "another_kept" if outcome.kept else "starter_another"
    if outcome.first_tonight:
        intro = "starter_intro_oneshot"
    say = say_starter(voice, outcome.starter, intro)
    say.extend(streak_line(voice, outcome.counted)).text(voice.line("goodnight"))
    return end(say, starter_card(outcome.starter))


def deeper(ctx: Ctx) -> Reply:
    set_depth(ctx.store, ctx.turn, "deeper")
    return continue_or_end(ctx, Say().text(ctx.voice.line("deeper_on")))


def lighter(ctx: Ctx) -> Reply:
    set_depth(ctx.store, ctx.turn, "lighter")
    return continue_or_end(ctx, Say().text(ctx.voice.line("lighter_on")))


ROUTES = [
    Route("tonights-question", intent(intents.TONIGHTS_QUESTION), tonights_question),
    Route("another-question", intent(intents.ANOTHER_QUESTION), another_question),
    Route(
        "next-as-another",
        all_of(intent(intents.NEXT), mode("idle", "menu", "offer_starter")),
        another_question,
    ),
    Route("deeper", intent(intents.DEEPER_QUESTIONS), deeper),
    Route("lighter", intent(intents.LIGHTER_QUESTIONS), lighter),
]
