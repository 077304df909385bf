"""Understanding how two people answer: "four each", "he says two, I say four", "honestly a four".

One list of carriers builds the interaction model's samples for answers and corrections, so the
model and the terminal chat (which matches those samples) accept exactly the same phrasings.
"""

from __future__ import annotations

from typing import Final

from skill.alexa.intents import ANSWER_SLOTS
from skill.alexa.request import Slot

# Words people say for each point of the scale. Entity resolution normally gives the id; this
# table covers raw values too (and is the source of the model's synonyms).
SCALE_WORDS: Final[dict[int, tuple[str, ...]]] = {
    1: ("one", "1", "not at all", "low", "a one", "ones", "none", "nothing", "not really"),
    2: ("two", "2", "a little", "a bit", "a two", "twos", "a little bit", "slightly"),
    3: (
        "three",
        "3",
        "somewhat",
        "middle",
        "medium",
        "a three",
        "threes",
        "so so",
        "in the middle",
    ),
    4: ("four", "4", "a lot", "a four", "fours", "quite a lot", "pretty much", "mostly"),
    5: ("five", "5", "completely", "high", "a five", "fives", "totally", "fully", "entirely"),
}
_BY_WORD: Final = {word: value for value, words in SCALE_WORDS.items() for word in words}
SPOKEN_NUMBERS: Final = {value: words[0] for value, words in SCALE_WORDS.items()}

A, B = "{firstAnswer}", "{secondAnswer}"

# One answer for both of them (or one person checking in alone).
ONE_ANSWER: Final[tuple[str, ...]] = (
    A,
    f"a {A}",
    f"it's a {A}",
    f"both {A}",
    f"both of us {A}",
    f"we're both {A}",
    f"we are both {A}",
    f"we both say {A}",
    f"we'd both say {A}",
    f"{A} each",
    f"{A} for both",
    f"{A} for both of us",
    f"same for both of us {A}",
    f"same for both {A}",
    f"we're a {A}",
    f"i'd go with {A}",
    f"i'd go with a {A}",
    f"let's say {A}",
    f"let's go with {A}",
)

# Two answers: the speaker's and the partner's, in any carrier.
_PARTNERS: Final = (("she", "her"), ("he", "him"), ("they", "them"))
TWO_ANSWERS: Final[tuple[str, ...]] = (
    f"{A} and {B}",
    f"{A} {B}",
    f"{A} then {B}",
    f"{A} and a {B}",
    f"a {A} and a {B}",
    f"a {A} and {B}",
    f"me {A} and {B}",
    *(f"me {A} {obj} {B}" for _, obj in _PARTNERS),
    *(f"me {A} and {obj} {B}" for _, obj in _PARTNERS),
    *(f"{A} for me and {B} for {obj}" for _, obj in _PARTNERS),
    *(f"{A} for {obj} and {B} for me" for _, obj in _PARTNERS),
    *(f"{subj} says {A} i say {B}" for subj, _ in _PARTNERS if subj != "they"),
    *(f"{subj} says {A} and i say {B}" for subj, _ in _PARTNERS if subj != "they"),
    "they say {firstAnswer} i say {secondAnswer}",
    *(f"i say {A} and {subj} says {B}" for subj, _ in _PARTNERS if subj != "they"),
    "i'm a {firstAnswer} and she's a {secondAnswer}",
    "i'm a {firstAnswer} and he's a {secondAnswer}",
    "i'm a {firstAnswer} and they're a {secondAnswer}",
    "i'm {firstAnswer} and she's {secondAnswer}",
    "i'm {firstAnswer} and he's {secondAnswer}",
    f"i'd say {A} and {B}",
    *(f"i'd go with a {A} and {subj}'d say {B}" for subj, _ in _PARTNERS),
    *(f"i'd go with {A} and {subj}'d say {B}" for subj, _ in _PARTNERS),
)

# Hedges and fillers people put in front of an answer ("um, like, maybe a three").
HEDGES: Final[tuple[str, ...]] = (
    "um",
    "uh",
    "hmm",
    "like",
    "maybe",
    "probably",
    "i guess",
    "honestly",
    "i'd say",
    "i think",
    "well",
    "okay",
)
# ... and after a single answer ("a four, I guess").
TRAILING_HEDGES: Final[tuple[str, ...]] = ("i guess", "maybe", "probably", "i think")

# "I meant three", "change that to four": the previous answer, corrected.
CORRECTIONS: Final[tuple[str, ...]] = (
    "i meant",
    "i meant to say",
    "sorry i meant",
    "no i meant",
    "actually",
    "actually it's",
    "change that to",
    "change it to",
    "can you change that to",
    "let me change that to",
    "make that",
    "make it",
    "that should be",
    "it should have been",
)
_CORRECTED: Final[tuple[str, ...]] = (A, f"a {A}", f"{A} and {B}", f"both {A}", f"{A} each")


def answer_samples() -> list[str]:
    """AnswerIntent's samples: every carrier, bare and after each hedge."""
    shapes = [*ONE_ANSWER, *TWO_ANSWERS]
    samples = list(shapes)
    samples += [f"{hedge} {shape}" for hedge in HEDGES for shape in shapes]
    samples += [f"{shape} {hedge}" for shape in ONE_ANSWER[:3] for hedge in TRAILING_HEDGES]
    return samples


def correction_samples() -> list[str]:
    """CorrectAnswerIntent's samples: a correction carrier before an answer."""
    return [f"{carrier} {shape}" for carrier in CORRECTIONS for shape in _CORRECTED]


def scale_value(slot: Slot | None) -> int | None:
    if slot is None:
        return None
    if slot.resolved_id and slot.resolved_id.isdigit() and 1 <= int(slot.resolved_id) <= 5:
        return int(slot.resolved_id)
    if slot.raw:
        return _BY_WORD.get(slot.raw.strip().lower())
    return None


def read_answers(slots: dict[str, Slot]) -> tuple[int, ...] | None:
    """One or two answers; None when anything said was not on the scale (a re-ask follows)."""
    filled = [slots.get(name) for name in ANSWER_SLOTS]
    said = [slot for slot in filled if slot is not None and (slot.raw or slot.resolved_id)]
    if not said:
        return None
    values = [scale_value(slot) for slot in said]
    if any(value is None for value in values):
        return None
    return tuple(value for value in values if value is not None)


def say_answers(answers: tuple[int, ...]) -> str:
    """Answers as spoken back: "three", "four and three"."""
    return " and ".join(SPOKEN_NUMBERS[a] for a in answers)


def scale_type_values() -> list[dict[str, object]]:
    """The ScaleAnswer slot type of the interaction model, built from `SCALE_WORDS`."""
    return [
        {"id": str(value), "name": {"value": words[0], "synonyms": list(words[1:])}}
        for value, words in SCALE_WORDS.items()
    ]
