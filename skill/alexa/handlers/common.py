"""Small pieces of speech and flow that several features share."""

from __future__ import annotations

from functools import lru_cache

from skill.alexa.context import Ctx
from skill.alexa.session import CheckinState, Mode, SessionState
from skill.alexa.speech import STARTER_CARD_TITLE, Card, Reply, Voice
from skill.alexa.ssml import Say, plain_text
from skill.content.loader import Content
from skill.content.models import Starter, Tip
from skill.domain.echoes import echo
from skill.domain.streaks import NightCounted

MILESTONE_SOUND = "soundbank://soundlibrary/musical/amzn_sfx_bell_short_chime_01"
CARD_TITLE = "Tonight's question"


def ask(say: Say, reprompt: Say, mode: Mode, checkin: CheckinState | None = None) -> Reply:
    return Reply(speech=say, reprompt=reprompt, state=SessionState(mode=mode, checkin=checkin))


def end(say: Say, card: Card | None = None) -> Reply:
    return Reply(speech=say, card=card)


def spoken_words(say: Say) -> int:
    return len(plain_text(say.ssml()).split())


def streak_line(voice: Voice, counted: NightCounted | None, *, quiet: bool = False) -> Say:
    """The streak, only when it is news: a milestone, or the first night after a break.

    `quiet` (after a low night): nothing at all; the night is still counted.
    """
    say = Say()
    if quiet or counted is None or not counted.counted:
        return say
    if counted.milestone:
        say.audio(MILESTONE_SOUND)
        return say.text(voice.line("streak_milestone", milestone=counted.milestone))
    if counted.rest_nights_used:
        return say.text(voice.line("streak_rest_used"))
    if counted.restarted:
        return say.text(voice.line("streak_back"))
    return say


def starter_card(starter: Starter, tip: Tip | None = None) -> Card:
    """Tonight's question and, when one was given, the small idea."""
    text = starter.text if tip is None else f"{starter.text}\n\nOne small idea: {tip.text}"
    return Card(title=STARTER_CARD_TITLE, text=text)


@lru_cache(maxsize=1024)  # per question, and the content is fixed
def _endings_for(content: Content, question: str) -> list[str]:
    """The endings that do not echo the question's words."""
    endings = content.speech.lines["starter_outro"]
    # Two words in a row shared by the question and its ending ("take turns" twice) are heard.
    return [e for e in endings if not echo(e, question, length=2)]


def say_starter(voice: Voice, starter: Starter, intro_key: str) -> Say:
    """The question with an intro and an ending; the ending never echoes the question's words."""
    fresh = _endings_for(voice.content, starter.text)
    say = Say().text(voice.line(intro_key)).pause(400).text(starter.text)
    if fresh:
        say.pause(600).text(voice.choice(fresh))
    return say


def continue_or_end(ctx: Ctx, say: Say) -> Reply:
    """After a side request (streak, depth, tip), go back to the question that was pending."""
    state = ctx.state
    if state.mode != "idle" and state.last_reprompt:
        pending = Say().text(state.last_reprompt)
        return Reply(
            speech=say.extend(pending), reprompt=Say().text(state.last_reprompt), state=state
        )
    return end(say.text(ctx.voice.line("goodnight")))
