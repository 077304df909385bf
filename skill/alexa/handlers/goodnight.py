"""The goodnight after a check-in: one reflection, a small idea only when something needs care,
tonight's question, goodnight; fitted to the words left (see `skill.alexa.closing`).

Once a week it may also say the week's look back is ready. That line gives way before anything
else, so the budget, the tip and the question never pay for it; and the check-in's one write
remembers it only if it is said, which `says_look_back` tells before the write by fitting the
same goodnight on a fork of the voice (the real goodnight then picks the same words).
"""

from __future__ import annotations

from dataclasses import replace

from skill.alexa.closing import Piece, fit, render
from skill.alexa.context import Ctx
from skill.alexa.handlers.common import MILESTONE_SOUND, streak_line
from skill.alexa.speech import Voice
from skill.alexa.ssml import Say, plain_text
from skill.services.checkin import CheckinOutcome

LOOK_BACK_GIVES_WAY = -1  # below every other piece: the first to go when words run short


def goodnight(ctx: Ctx, outcome: CheckinOutcome, budget: int) -> Say:
    """A reflection line, a small idea only when something needs care, the question, goodnight."""
    pieces, _ = _fitted(ctx, ctx.voice, outcome, budget)
    return render(pieces)


def says_look_back(ctx: Ctx, outcome: CheckinOutcome, budget: int) -> bool:
    """Whether the goodnight for `outcome` keeps its look-back line within `budget` words.

    Fitted on a fork of the voice, so asking picks nothing the goodnight itself would not.
    """
    return Goodnight(ctx, budget).keeps_look_back(outcome)


class Goodnight:
    """One check-in's goodnight: asked before the write whether it keeps the look-back line,
    then said. The fit made for the question is the goodnight said: as it is when the line
    fits, and without the line when it gave way (the line is picked last and goes first, so
    the rest is what a fit without it picks), so a goodnight is fitted once, not twice."""

    def __init__(self, ctx: Ctx, budget: int) -> None:
        self._ctx = ctx
        self._budget = budget
        self._tried: tuple[CheckinOutcome, Voice, list[Piece], Piece] | None = None

    def keeps_look_back(self, outcome: CheckinOutcome) -> bool:
        fork = self._ctx.voice.fork()
        pieces, look_back = _fitted(self._ctx, fork, outcome, self._budget)
        self._tried = (outcome, fork, pieces, look_back)
        return bool(look_back.text)

    def say(self, outcome: CheckinOutcome) -> Say:
        if self._tried is not None:
            asked, fork, pieces, look_back = self._tried
            gave_way = not look_back.text and outcome == replace(asked, look_back_ready=False)
            if outcome is asked or gave_way:
                self._ctx.voice.follow(fork)
                return render(pieces)
        return goodnight(self._ctx, outcome, self._budget)


def _fitted(
    ctx: Ctx, voice: Voice, outcome: CheckinOutcome, budget: int
) -> tuple[list[Piece], Piece]:
    """The goodnight's pieces fitted to the budget, and the look-back piece among them."""
    look_back = Piece([], give_way=LOOK_BACK_GIVES_WAY)
    if outcome.already_done:
        pieces = [Piece([voice.line("already_checked_in_other")], give_way=1)]
    else:
        thanks = voice.line("thanks_both") if outcome.reflection.answered_any else ""
        pieces = [Piece([thanks], give_way=0), _reflection(ctx, voice, outcome)]
        pieces += [_idea(ctx, voice, outcome), _gap(ctx, voice, outcome)]
        pieces.append(_streak(voice, outcome))
    said_before_question = len(pieces)
    pieces += [
        Piece([voice.line("question_intro")], give_way=99, optional=False),
        Piece([outcome.starter.text], give_way=99, optional=False),
        Piece([voice.line("closing_goodnight"), "Goodnight."], give_way=3, optional=False),
    ]
    if outcome.look_back_ready and not outcome.already_done:
        # Picked after every other line, so the others are the same whether it is said or not.
        look_back = Piece([voice.line("weekly_ready_at_closing")], give_way=LOOK_BACK_GIVES_WAY)
        pieces.insert(said_before_question, look_back)
    if not outcome.already_done and any("thank" in p.text.lower() for p in pieces[1:]):
        pieces[0].chosen = len(pieces[0].options) - 1  # never two thank-yous in one reply
    return fit(pieces, budget), look_back


def _reflection(ctx: Ctx, voice: Voice, outcome: CheckinOutcome) -> Piece:
    """What went well, or the one thing that needs care: never both, never invented."""
    seen = outcome.reflection
    pillars = ctx.content.pillars
    if not seen.answered_any:
        return Piece([voice.line("no_answers")], give_way=4, optional=False)
    if seen.care is not None:
        name = pillars[seen.care].name
        options = [
            voice.choice(pillars[seen.care].tender_lines),
            _named(voice, "reflect_care", name),
        ]
    elif seen.close_was_hard:
        options = [voice.line("reflect_close_was_hard")]
    elif seen.felt_close:
        options = [voice.line("reflect_felt_close")]
    elif seen.strength is not None:
        name = pillars[seen.strength].name
        lines = pillars[seen.strength].strength_lines
        options = [voice.choice(lines), _named(voice, "reflect_strength", name)]
    else:
        options = [voice.line("reflect_steady")]
    return Piece(options, give_way=4, optional=False)


def _named(voice: Voice, key: str, name: str) -> str:
    line = voice.line(key, name=name)
    return line[:1].upper() + line[1:]


def _idea(ctx: Ctx, voice: Voice, outcome: CheckinOutcome) -> Piece:
    """The counselling line when it is due (instead of a tip), else the tip, if any."""
    if outcome.counselling:
        return Piece([ctx.content.safety.counselling_line], give_way=7)
    if outcome.tip is None:
        return Piece([], give_way=7)
    lead_in = voice.line("one_small_idea")
    return Piece([f"{lead_in} {outcome.tip.text}", outcome.tip.text], give_way=6)


def _gap(ctx: Ctx, voice: Voice, outcome: CheckinOutcome) -> Piece:
    seen = outcome.reflection
    if seen.gap is not None:
        name = ctx.content.pillars[seen.gap].name
        return Piece([voice.line("gap_note", name=name)], give_way=2)
    if seen.gap_on_anchor:
        return Piece([voice.line("gap_anchor")], give_way=2)
    return Piece([], give_way=2)


def _streak(voice: Voice, outcome: CheckinOutcome) -> Piece:
    """Streak words only when they are news, and never after a low night."""
    said = streak_line(voice, outcome.counted, quiet=outcome.reflection.low_night)
    text = plain_text(said.ssml())
    chime = MILESTONE_SOUND if outcome.counted and outcome.counted.milestone and text else None
    return Piece([text], give_way=1, audio=chime)
