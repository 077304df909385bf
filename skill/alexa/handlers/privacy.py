""" "Delete our data": confirmed by voice, then everything the household has is gone."""

from __future__ import annotations

from skill.alexa import intents
from skill.alexa.context import Ctx
from skill.alexa.handlers.common import ask, end
from skill.alexa.routing import Route, all_of, intent, mode
from skill.alexa.speech import Reply
from skill.alexa.ssml import Say
from skill.services.privacy import forget_household


def ask_to_delete(ctx: Ctx) -> Reply:
    question = ctx.voice.line("delete_confirm")
    return ask(Say().text(question), Say().text(question), "confirm_delete")


def delete_confirmed(ctx: Ctx) -> Reply:
    from skill.alexa.handlers.reminders import delete_with_the_household

    delete_with_the_household(ctx)
    forget_household(ctx.store, ctx.turn.household_id)
    return end(Say().text(ctx.voice.line("delete_done")))


def delete_declined(ctx: Ctx) -> Reply:
    kept = Say().text(ctx.voice.line("delete_kept"))
    return end(kept.text(ctx.voice.line("goodnight")))


ROUTES = [
    Route("delete-yes", all_of(intent(intents.YES), mode("confirm_delete")), delete_confirmed),
    Route("delete-no", all_of(intent(intents.NO), mode("confirm_delete")), delete_declined),
    Route("delete-ask", intent(intents.DELETE_DATA), ask_to_delete),
]
