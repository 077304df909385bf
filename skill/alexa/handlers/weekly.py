""" "How did we do this week?": nights together, what felt strongest, what grew. Never a grade."""

from __future__ import annotations

from skill.alexa import intents
from skill.alexa.context import Ctx
from skill.alexa.handlers.common import continue_or_end
from skill.alexa.routing import Route, intent
from skill.alexa.speech import Reply
from skill.alexa.ssml import Say
from skill.domain.pillars import Pillar
from skill.domain.weekly import LookBack
from skill.services.weekly import weekly_look_back


def look_back(ctx: Ctx) -> Reply:
    return continue_or_end(ctx, look_back_words(ctx, weekly_look_back(ctx.store, ctx.turn)))


def look_back_words(ctx: Ctx, look: LookBack) -> Say:
    voice = ctx.voice
    say = Say()
    if not look.enough:
        key = "weekly_not_enough_none" if look.checkins == 0 else "weekly_not_enough_one"
        return say.text(voice.line(key))
    say.text(voice.line("weekly_nights", nights=look.nights_together))
    if look.strongest is not None and look.grew == look.strongest:
        say.text(voice.line("weekly_strongest_and_grew", name=_name(ctx, look.strongest)))
    elif look.strongest is not None:
        key = "weekly_strongest" if look.strongest_is_high else "weekly_held_up"
        say.text(voice.line(key, name=_name(ctx, look.strongest)))
    if look.grew is not None and look.grew != look.strongest:
        say.text(voice.line("weekly_grew", name=_name(ctx, look.grew)))
    return say.text(voice.line("weekly_close" if look.strongest_is_high else "weekly_close_gentle"))


def _name(ctx: Ctx, pillar: Pillar) -> str:
    name = ctx.content.pillars[pillar].name
    return name[:1].upper() + name[1:]


ROUTES = [Route("weekly-look-back", intent(intents.WEEKLY_LOOK_BACK), look_back)]
