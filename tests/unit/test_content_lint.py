"""The content linter passes on the shipped library and catches a planted bad line of each kind."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import replace
from functools import cache

import pytest

from tests.support.content_lint import (
    MAX_EACH_OF_YOU_SHARE,
    MAX_OPENING_SHARE,
    MIN_STARTERS_PER_TOPIC,
    TOPICS,
    FeedbackLine,
    ItemLine,
    Library,
    Problem,
    StarterLine,
    TipLine,
    first_person_slips,
    jaccard,
    lint,
    load_library,
    near_duplicates,
    opening,
    punctuation_problem,
    repeated_phrases,
    token_set,
)


@cache
def shipped() -> Library:
    return load_library("en")


def test_the_shipped_library_passes_the_linter() -> None:
    problems = lint(shipped())
    assert not problems, "\n".join(str(p) for p in problems[:40])


def test_the_shipped_library_is_what_the_linter_measures() -> None:
    """The linter reads every file: a linter that reads nothing would pass anything."""
    library = shipped()
    assert len(library.starters) >= 480
    assert len(library.items) >= 64
    assert len(library.tips) >= 240
    assert len(library.feedback) >= 32
    assert {"starter_intro", "starter_outro"} <= set(library.glue)
    assert {s.pillar for s in library.starters} == {i.pillar for i in library.items}


# --- a planted bad line of each kind --------------------------------------------------------------


def starter(text: str, **changes: object) -> StarterLine:
    base = StarterLine(
        id="time-light-99",
        pillar="time",
        depth="light",
        tone="warm",
        topics=("home",),
        text=text,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def item(text: str, explain: str | None = "Whether the evening felt calm to you.") -> ItemLine:
    return ItemLine(id="time-99", pillar="time", text=text, explain=explain)


def tip(text: str) -> TipLine:
    return TipLine(id="time-tonight-99", pillar="time", kind="tonight", text=text)


def _replace_starters(library: Library, count: int, change: Callable[[str], str]) -> Library:
    """The library with the first `count` starters' texts rewritten."""
    starters = [
        replace(s, text=change(s.text)) if n < count else s for n, s in enumerate(library.starters)
    ]
    return replace(library, starters=tuple(starters))


def _first_lower(text: str) -> str:
    return text[0].lower() + text[1:]


PLANTED_STARTERS = [
    ("starter-words", starter(" ".join(["very"] * 18) + " small things matter?")),
    ("question-mark", starter("Name one small thing that made you smile today?")),
    ("question-mark", starter("What made you smile today.")),
    ("question-mark", starter("Picture a lazy Sunday: what would you do first.")),
    ("question-mark", starter("Which song, and why? Which singer?")),
    (
        "doubled-closer",
        starter("One of you go first: what moment today would you replay, in turn?"),
    ),
    ("tone-tag", starter("Which window at home has the best view at night?", tone=None)),
    ("tone-tag", starter("Which window at home has the best view at night?", tone="sarcastic")),
    ("topic-tag", starter("Which window at home has the best view at night?", topics=("cars",))),
    (
        "playful-deep",
        starter(
            "If trust between you were a house, which room would need paint?",
            depth="deep",
            tone="playful",
            id="time-deep-99",
        ),
    ),
    (
        "playful-deep",
        starter(
            "If trust between you two were a house, which room would you repair first?",
            depth="deep",
            tone="reflective",
            id="time-deep-98",
        ),
    ),
    ("grammar", starter("When do each of you feel most at ease at home?")),
    ("about-the-skill", starter("How did it feel to be asked about your day today?")),
    ("about-the-skill", starter("What would you like this skill to ask you next?")),
    ("assumes-history", starter("Which film had you both crying at the end?")),
    ("assumes-history", starter("What do you remember best about your wedding day?")),
    ("assumes-history", starter("What do the kids need most from you this week?")),
    ("explicit", starter("What is the sexiest thing the other did today?")),
]


@pytest.mark.parametrize(("rule", "planted"), PLANTED_STARTERS, ids=lambda v: str(v)[:40])
def test_a_planted_bad_starter_is_caught(rule: str, planted: StarterLine) -> None:
    problems = lint(shipped().with_starter(planted))
    mine = [p for p in problems if p.where == planted.id]
    assert rule in {p.rule for p in mine}, f"{rule} missed: {mine or problems[:5]}"


def test_fine_starters_of_every_shape_are_not_flagged() -> None:
    fine = [
        starter("Which small moment today would you happily live again?"),
        starter("Name one small moment today you'd happily live again."),
        starter("Picture a rainy afternoon off: where would you curl up first?"),
        starter("Imagine a snowed-in weekend: board games, or a film marathon?"),
        starter("If you have children or hope to, what family tradition would you pass on?"),
    ]
    for n, line in enumerate(fine):
        planted = replace(line, id=f"time-light-9{n}")
        mine = [p for p in lint(shipped().with_starter(planted)) if p.where == planted.id]
        assert not mine, mine


def test_a_duplicate_and_a_near_duplicate_starter_are_caught() -> None:
    original = shipped().starters[0]
    copy = replace(original, id="time-light-98")
    problems = lint(shipped().with_starter(copy))
    assert any(p.rule == "duplicate" and p.where == copy.id for p in problems), problems[:5]

    words = original.text.split()
    words[-2] = "tomorrow" if words[-2] != "tomorrow" else "tonight"
    near = replace(original, id="time-light-97", text=" ".join(words))
    problems = lint(shipped().with_starter(near))
    assert any(p.rule == "near-duplicate" and p.where == near.id for p in problems), problems[:5]


def test_one_opening_in_too_many_starters_is_caught() -> None:
    library = shipped()
    count = int(len(library.starters) * MAX_OPENING_SHARE) + 2
    planted = _replace_starters(library, count, lambda t: "Tell each other, " + _first_lower(t))
    problems = [p for p in lint(planted) if p.rule == "opening-share"]
    assert problems and "'tell each other'" in problems[0].detail, problems


def test_each_of_you_in_more_than_a_third_is_caught() -> None:
    library = shipped()
    count = int(len(library.starters) * MAX_EACH_OF_YOU_SHARE) + 2
    planted = _replace_starters(library, count, lambda t: f"{t[:-1]}, each of you{t[-1]}")
    assert "each-of-you-share" in {p.rule for p in lint(planted)}


@pytest.mark.parametrize("topic", TOPICS)
def test_a_thin_topic_is_caught(topic: str) -> None:
    library = shipped()
    tagged = [s for s in library.starters if topic in s.topics]
    keep = {s.id for s in tagged[: MIN_STARTERS_PER_TOPIC - 1]}
    starters = tuple(
        s if topic not in s.topics or s.id in keep else replace(s, topics=())
        for s in library.starters
    )
    problems = lint(replace(library, starters=starters))
    assert any(p.rule == "topic-coverage" and p.where == topic for p in problems), problems[:5]


def test_a_topic_in_too_few_pillars_is_caught() -> None:
    library = shipped()
    starters = tuple(
        replace(s, topics=tuple(t for t in s.topics if t != "money"))
        if s.pillar not in ("time", "trust")
        else s
        for s in library.starters
    )
    problems = lint(replace(library, starters=starters))
    assert any(p.rule == "topic-spread" and p.where == "money" for p in problems), problems[:5]


PLANTED_ITEMS = [
    (
        "item-words",
        item("How much did you feel that the small things you did at home today were truly seen?"),
    ),
    ("question-mark", item("Did you feel calm this evening?")),
    ("item-explain", item("How calm did this evening feel to you?", explain=None)),
    (
        "item-explain",
        item("How calm did this evening feel to you?", explain=" ".join(["so"] * 21) + "."),
    ),
    ("item-safety", item("How much did you feel free to say no today?")),
    ("item-safety", item("How much were your limits respected today?")),
    ("item-safety", item("How safe did you feel at home today?")),
    (
        "item-safety",
        item("How calm did today feel?", explain="Whether you felt pressured into anything."),
    ),
]


@pytest.mark.parametrize(("rule", "planted"), PLANTED_ITEMS, ids=lambda v: str(v)[:40])
def test_a_planted_bad_item_is_caught(rule: str, planted: ItemLine) -> None:
    mine = [p for p in lint(shipped().with_item(planted)) if p.where == planted.id]
    assert rule in {p.rule for p in mine}, mine


def test_a_duplicate_item_is_caught() -> None:
    copy = replace(shipped().items[0], id="time-98")
    mine = [p for p in lint(shipped().with_item(copy)) if p.where == copy.id]
    assert "duplicate" in {p.rule for p in mine}, mine


def test_one_item_opening_in_too_many_items_is_caught() -> None:
    library = shipped()
    feelings = ["calm", "rested", "light", "hopeful", "settled", "easy", "cheerful", "glad"]
    count = int(len(library.items) * 0.4) + 2
    items = tuple(
        replace(i, text=f"How much did you feel {feelings[n % 8]} with each other by day {n}?")
        if n < count
        else i
        for n, i in enumerate(library.items)
    )
    problems = lint(replace(library, items=items))
    assert any(p.rule == "item-opening-share" for p in problems), problems[:5]


PLANTED_TIPS = [
    ("tip-words", tip(" ".join(["Tonight"] + ["gently"] * 19 + ["listen."]))),
    ("pronoun-slip", tip("Tonight, ask each other what helps you feel you can count on me.")),
    ("pronoun-slip", tip("Plan our next quiet evening at home before the week fills up.")),
    ("tip-lecture", tip("You should listen more than you talk, research says so.")),
    ("tip-lecture", tip("It's important to put phones away at dinner.")),
    ("doubled-closer", tip("Take turns naming one good moment, then swap and take turns again.")),
]


@pytest.mark.parametrize(("rule", "planted"), PLANTED_TIPS, ids=lambda v: str(v)[:40])
def test_a_planted_bad_tip_is_caught(rule: str, planted: TipLine) -> None:
    mine = [p for p in lint(shipped().with_tip(planted)) if p.where == planted.id]
    assert rule in {p.rule for p in mine}, mine


def test_missing_tips_of_a_kind_are_caught() -> None:
    library = shipped()
    tips = tuple(t for t in library.tips if not (t.pillar == "trust" and t.kind == "week"))
    problems = lint(replace(library, tips=tips))
    assert any(p.rule == "tip-count" and p.where == "trust" for p in problems), problems[:5]


def test_a_near_duplicate_tip_is_caught() -> None:
    original = shipped().tips[0]
    words = original.text.split()
    words[1] = "gently" if words[1] != "gently" else "softly"
    near = replace(original, id="time-tonight-98", text=" ".join(words))
    mine = [p for p in lint(shipped().with_tip(near)) if p.where == near.id]
    assert "near-duplicate" in {p.rule for p in mine}, mine


def test_a_long_or_repeated_feedback_line_is_caught() -> None:
    library = shipped()
    long_line = FeedbackLine("time/strength_lines/9", "You " + "really " * 11 + "made time.")
    again = FeedbackLine("time/strength_lines/10", library.feedback[0].text)
    problems = lint(replace(library, feedback=(*library.feedback, long_line, again)))
    assert {("feedback-words", long_line.where), ("duplicate", again.where)} <= {
        (p.rule, p.where) for p in problems
    }


def test_a_starter_that_doubles_the_outro_closer_is_caught() -> None:
    planted = starter("Take turns: which moment today would you happily replay?")
    mine = [p for p in lint(shipped().with_starter(planted)) if p.where == planted.id]
    assert "doubled-closer" in {p.rule for p in mine}, mine


def test_a_starter_that_repeats_the_intro_is_caught() -> None:
    intro = shipped().glue["starter_intro_oneshot"][0]
    planted = starter(f"{intro[:-1]}, and which part of today would you replay?")
    mine = [p for p in lint(shipped().with_starter(planted)) if p.where == planted.id]
    assert "repeated-phrase" in {p.rule for p in mine}, mine


def test_a_glue_line_with_a_doubled_closer_is_caught() -> None:
    library = shipped()
    glue = dict(library.glue) | {"starter_outro": ("Take turns, and then swap.",)}
    problems = lint(replace(library, glue=glue))
    assert Problem("doubled-closer", "starter_outro", "says 'turns' twice") in problems


# --- the helpers, on their own --------------------------------------------------------------------


def test_openings_ignore_case_and_punctuation() -> None:
    assert opening("Tell each other, quickly: what?") == "tell each other"
    assert opening("What's one thing?") == "what's one thing"


def test_near_duplicates_are_defined_by_token_jaccard() -> None:
    a = "What made you laugh today, and why?"
    b = "What made you laugh this week, and why?"
    c = "Which place at home feels most like yours?"
    assert jaccard(token_set(a), token_set(b)) == pytest.approx(6 / 9)
    assert near_duplicates([("a", a), ("b", b), ("c", c)]) == [(("a", a), ("b", b))]


@pytest.mark.parametrize("threshold", [0.4, 0.6, 0.8])
def test_near_duplicates_finds_every_pair_a_full_comparison_finds(threshold: float) -> None:
    library = shipped()
    for lines in (
        [(s.id, s.text) for s in library.starters],
        [(t.id, t.text) for t in library.tips],
        [(i.id, i.text) for i in library.items],
    ):
        bags = [(line, token_set(line[1])) for line in lines]
        everything = [
            (a, b)
            for (a, a_words), (b, b_words) in itertools.combinations(bags, 2)
            if a[1] != b[1] and jaccard(a_words, b_words) >= threshold
        ]
        assert near_duplicates(lines, threshold) == everything


@pytest.mark.parametrize(
    ("text", "slips"),
    [
        ("Tonight, ask each other what helps you feel you can count on me.", ["me"]),
        ("Say tell me more before adding your own story.", []),
        ("Right now, each finish the line, I can be myself with you when, and listen.", []),
        ("Each evening, ask the other: is there anything I can take off your plate?", []),
        ("Swap a you never for an I'd love it if, and notice how it lands.", []),
        ("Begin any problem talk with we, as in, how do we want to handle this.", []),
        ("Make a plan for our weekend.", ["our"]),
    ],
)
def test_pronoun_slips(text: str, slips: list[str]) -> None:
    assert first_person_slips(text) == slips


@pytest.mark.parametrize(
    ("text", "fine"),
    [
        ("What made you smile today?", True),
        ("Name one thing that made you smile today.", True),
        ("Picture a free Saturday: how would the morning begin?", True),
        ("Think of a small win, and what would you toast it with?", True),
        ("Name one thing that made you smile today?", False),
        ("What made you smile today.", False),
        ("Picture a free Saturday: how would the morning begin.", False),
        ("What made you smile? And why?", False),
        ("What made you smile", False),
    ],
)
def test_question_marks_on_questions_only(text: str, fine: bool) -> None:
    assert (punctuation_problem(text) is None) == fine, punctuation_problem(text)


def test_repeated_phrases_count_only_across_parts() -> None:
    assert repeated_phrases("Here's tonight's question.", "Here's tonight's question: why?") == [
        "here's tonight's question"
    ]
    assert repeated_phrases("Here's one.", "What's one thing, and one thing that helped?") == []
    assert repeated_phrases("Now for the two of you.", "What do the two of you love?") == [
        "the two of",
        "two of you",
    ]
