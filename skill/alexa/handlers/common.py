"""Small pieces of speech and flow that several features share."""

from __future__ import annotations

from skill.alexa.context import Ctx
from skill.alexa.session import CheckinState, Mode, SessionState
from skill.alexa.speech import STARTER_CARD_TITLE, Card, Reply, Voice
from skill.alexa.ssml import Say
from skill.content.models import Starter
from skill.domain.streaks import NightCounted

MILESTONE_SOUND = "soundbank://soundlibrary/musical/amzn_sfx_bell_short_chime_01"


def ask(say: Say, reprompt: Say, mode: Mode, checkin: CheckinState | None = None) -> Reply:
    return Reply(speech=say, reprompt=reprompt, state=SessionState(mode=mode, checkin=checkin))


def end(say: Say, card: Card | None = None) -> Reply:
    return Reply(speech=say, card=card)


def streak_line(voice: Voice, counted: NightCounted | None) -> Say:
    """What to say about the streak after a night is counted; silence if it was not counted."""
    say = Say()
    if counted is None or not counted.counted:
        return say
    if counted.rest_nights_used:
        say.text(voice.line("streak_rest_used"))
    current = counted.streak.current
    if counted.milestone:
        say.audio(MILESTONE_SOUND).text(voice.line("streak_milestone", milestone=counted.milestone))
    elif counted.streak.total_nights == 1:
        say.text(voice.line("streak_first"))
    elif counted.restarted:
        say.text(voice.line("streak_restart"))
    elif current > 1:
        say.text(voice.line("streak_count", streak=current))
    return say


def starter_card(starter: Starter) -> Card:
    return Card(title=STARTER_CARD_TITLE, text=starter.text)


def say_starter(voice: Voice, starter: Starter, intro_key: str) -> Say:
    return (
        Say()
        .text(voice.line(intro_key))
        .pause(400)
        .text(starter.text)
        .pause(600)
        .text(voice.line("starter_outro"))
    )


def continue_or_end(ctx: Ctx, say: Say) -> Reply:
    """After a side request (streak, depth), go back to the question that was pending, if any."""
    state = ctx.state
    if state.mode != "idle" and state.last_reprompt:
        pending = Say().text(state.last_reprompt)
        return Reply(
            speech=say.extend(pending), reprompt=Say().text(state.last_reprompt), state=state
        )
    return end(say.text(ctx.voice.line("goodnight")))
