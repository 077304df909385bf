"""Someone asks for help: stop everything, give the fixed resource message, end, log nothing."""

from __future__ import annotations

from skill.alexa import intents
from skill.alexa.context import Ctx
from skill.alexa.handlers.common import end
from skill.alexa.routing import Route, intent
from skill.alexa.speech import Reply
from skill.alexa.ssml import Say


def support(ctx: Ctx) -> Reply:
    # No card: the Alexa app may be shared with the person they are afraid of.
    return end(Say().text(ctx.content.safety.support_message))


ROUTES = [Route("support", intent(intents.SUPPORT), support)]
