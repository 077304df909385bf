"""Tonight's question, another one, a deeper or lighter one tonight, and the standing depth."""

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
from skill.domain.starters import DepthStep
from skill.services.starters import another_starter, set_depth, stepped_starter, tonights_starter


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


# What Alexa says before a stepped starter: (moved a step, already at the deepest/lightest).
_STEP_INTROS: dict[DepthStep, tuple[str, str]] = {
    "deeper": ("starter_deeper", "starter_deeper_same"),
    "lighter": ("starter_lighter", "starter_lighter_same"),
}


def _stepped(ctx: Ctx, step: DepthStep) -> Reply:
    """A deeper or lighter one tonight; the standing preference stays as it is."""
    outcome = stepped_starter(ctx.store, ctx.content, ctx.turn, step)
    moved, same = _STEP_INTROS[step]
    intro = "another_kept" if outcome.kept else same if outcome.same_depth else moved
    voice = ctx.voice
    say = say_starter(voice, outcome.starter, intro)
    say.extend(streak_line(voice, outcome.counted)).text(voice.line("goodnight"))
    return end(say, starter_card(outcome.starter))


def deeper_one(ctx: Ctx) -> Reply:
    return _stepped(ctx, "deeper")


def lighter_one(ctx: Ctx) -> Reply:
    return _stepped(ctx, "lighter")


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
    Route("deeper-one", intent(intents.DEEPER_ONE), deeper_one),
    Route("lighter-one", intent(intents.LIGHTER_ONE), lighter_one),
    Route("deeper", intent(intents.DEEPER_QUESTIONS), deeper),
    Route("lighter", intent(intents.LIGHTER_QUESTIONS), lighter),
]
