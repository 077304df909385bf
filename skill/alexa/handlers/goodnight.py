"""The goodnight after a check-in: one reflection, a small idea only when something needs care,
tonight's question, goodnight; fitted to the words left (see `skill.alexa.closing`)."""

from __future__ import annotations

from skill.alexa.closing import Piece, fit, render
from skill.alexa.context import Ctx
from skill.alexa.handlers.common import MILESTONE_SOUND, streak_line
from skill.alexa.ssml import Say, plain_text
from skill.services.checkin import CheckinOutcome


def goodnight(ctx: Ctx, outcome: CheckinOutcome, budget: int) -> Say:
    """A reflection line, a small idea only when something needs care, the question, goodnight."""
    voice = ctx.voice
    if outcome.already_done:
        pieces = [Piece([voice.line("already_checked_in_other")], give_way=1)]
    else:
        thanks = voice.line("thanks_both") if outcome.reflection.answered_any else ""
        pieces = [Piece([thanks], give_way=0), _reflection(ctx, outcome)]
        pieces += [_idea(ctx, outcome), _gap(ctx, outcome), _streak(ctx, outcome)]
    pieces += [
        Piece([voice.line("question_intro")], give_way=99, optional=False),
        Piece([outcome.starter.text], give_way=99, optional=False),
        Piece([voice.line("closing_goodnight"), "Goodnight."], give_way=3, optional=False),
    ]
    if not outcome.already_done and any("thank" in p.text.lower() for p in pieces[1:]):
        pieces[0].chosen = len(pieces[0].options) - 1  # never two thank-yous in one reply
    return render(fit(pieces, budget))


def _reflection(ctx: Ctx, outcome: CheckinOutcome) -> Piece:
    """What went well, or the one thing that needs care: never both, never invented."""
    voice = ctx.voice
    seen = outcome.reflection
    pillars = ctx.content.pillars
    if not seen.answered_any:
        return Piece([voice.line("no_answers")], give_way=4, optional=False)
    if seen.care is not None:
        name = pillars[seen.care].name
        options = [voice.choice(pillars[seen.care].tender_lines), _named(ctx, "reflect_care", name)]
    elif seen.close_was_hard:
        options = [voice.line("reflect_close_was_hard")]
    elif seen.felt_close:
        options = [voice.line("reflect_felt_close")]
    elif seen.strength is not None:
        name = pillars[seen.strength].name
        lines = pillars[seen.strength].strength_lines
        options = [voice.choice(lines), _named(ctx, "reflect_strength", name)]
    else:
        options = [voice.line("reflect_steady")]
    return Piece(options, give_way=4, optional=False)


def _named(ctx: Ctx, key: str, name: str) -> str:
    line = ctx.voice.line(key, name=name)
    return line[:1].upper() + line[1:]


def _idea(ctx: Ctx, outcome: CheckinOutcome) -> Piece:
    """The counselling line when it is due (instead of a tip), else the tip, if any."""
    if outcome.counselling:
        return Piece([ctx.content.safety.counselling_line], give_way=7)
    if outcome.tip is None:
        return Piece([], give_way=7)
    lead_in = ctx.voice.line("one_small_idea")
    return Piece([f"{lead_in} {outcome.tip.text}", outcome.tip.text], give_way=6)


def _gap(ctx: Ctx, outcome: CheckinOutcome) -> Piece:
    seen = outcome.reflection
    if seen.gap is not None:
        name = ctx.content.pillars[seen.gap].name
        return Piece([ctx.voice.line("gap_note", name=name)], give_way=2)
    if seen.gap_on_anchor:
        return Piece([ctx.voice.line("gap_anchor")], give_way=2)
    return Piece([], give_way=2)


def _streak(ctx: Ctx, outcome: CheckinOutcome) -> Piece:
    """Streak words only when they are news, and never after a low night."""
    said = streak_line(ctx.voice, outcome.counted, quiet=outcome.reflection.low_night)
    text = plain_text(said.ssml())
    chime = MILESTONE_SOUND if outcome.counted and outcome.counted.milestone and text else None
    return Piece([text], give_way=1, audio=chime)
