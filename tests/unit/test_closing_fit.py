"""The goodnight's word budget: pieces give way by priority, the question is never dropped."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from skill.alexa.closing import Piece, fit, render, words
from skill.alexa.ssml import plain_text
from skill.domain.checkin_plan import (
    CHECKIN_MAX_WORDS,
    CLOSING_MAX_WORDS,
    FIRST_NIGHT_MAX_WORDS,
    after_miss,
    closing_budget,
    come_back_later,
    resume_index,
)
from skill.domain.echoes import phrases

sentences = st.lists(st.sampled_from(["one", "two", "three", "four"]), min_size=1, max_size=25).map(
    " ".join
)


def _pieces(reflection: str, idea: str, gap: str, question: str) -> list[Piece]:
    return [
        Piece(["Thank you both."], give_way=0),
        Piece([reflection, "Short."], give_way=4, optional=False),
        Piece([idea], give_way=6),
        Piece([gap], give_way=2),
        Piece(["Tonight's question:"], give_way=99, optional=False),
        Piece([question], give_way=99, optional=False),
        Piece(["Goodnight, you two.", "Goodnight."], give_way=3, optional=False),
    ]


@given(sentences, sentences, sentences, sentences, st.integers(10, 60))
def test_the_question_is_always_said_and_the_budget_kept_when_it_can_be(
    reflection: str, idea: str, gap: str, question: str, budget: int
) -> None:
    pieces = fit(_pieces(reflection, idea, gap, question), budget)
    said = plain_text(render(pieces).ssml())
    assert question in said and said.startswith(("Thank", reflection, "Short"))
    assert said.endswith(("Goodnight, you two.", "Goodnight."))
    floor = words("Short. Tonight's question: Goodnight.") + words(question)
    if floor <= budget:
        assert words(said) <= budget
    else:
        assert words(said) == floor


def test_the_idea_outlasts_the_gap_note_and_the_thanks() -> None:
    pieces = fit(_pieces("Feeling heard needs care.", "Ask one question.", "A gap note.", "Q?"), 13)
    said = plain_text(render(pieces).ssml())
    assert "Ask one question." in said and "A gap note." not in said and "Thank" not in said


def test_miss_rules() -> None:
    assert after_miss(0, coming_back=False) == "ask_again"
    assert after_miss(1, coming_back=False) == "come_back_later"
    assert after_miss(0, coming_back=True) == "skip"
    assert come_back_later(("a-1", "b-1", "c-1", "d-1"), 1) == ("a-1", "c-1", "d-1", "b-1")


def test_resume_and_budgets() -> None:
    assert resume_index(4, 0) == 0 and resume_index(4, 2) == 2 and resume_index(4, 9) == 3
    assert closing_budget(0, first_night=False) == CLOSING_MAX_WORDS
    assert closing_budget(70, first_night=False) == CHECKIN_MAX_WORDS - 70
    assert closing_budget(100, first_night=True) == FIRST_NIGHT_MAX_WORDS - 100


def test_a_starter_is_never_followed_by_an_ending_that_echoes_it() -> None:
    from skill.alexa.handlers.common import say_starter
    from skill.alexa.speech import Voice
    from skill.content.loader import load_content

    content = load_content("en-US")
    for starter in content.starters.values():
        for seed in range(3):
            said = plain_text(
                say_starter(Voice(content, str(seed)), starter, "starter_intro").ssml()
            )
            ending = said.replace(starter.text, "|").split("|")[-1]
            assert not phrases(ending) & phrases(starter.text), said


def _fit_by_definition(pieces: list[Piece], budget: int) -> list[Piece]:
    """The rule as the module's docstring states it, recomputed from scratch at every step."""
    while True:
        found = [phrases(p.text) for p in pieces]
        echoing = [
            p
            for i, p in enumerate(pieces)
            if p.can_shorten() and any(found[i] & f for j, f in enumerate(found) if j != i)
        ]
        if not echoing and sum(words(p.text) for p in pieces) > budget:
            echoing = [p for p in pieces if p.can_shorten()]
        if not echoing:
            return pieces
        min(echoing, key=lambda p: p.give_way).chosen += 1


echoing_sentences = st.lists(
    st.sampled_from(["each", "of", "you", "tonight", "one", "small", "thing"]),
    min_size=1,
    max_size=12,
).map(" ".join)


@given(
    echoing_sentences, echoing_sentences, echoing_sentences, echoing_sentences, st.integers(5, 50)
)
def test_the_fit_chooses_what_the_rule_chooses(
    reflection: str, idea: str, gap: str, question: str, budget: int
) -> None:
    """The fit keeps its counts up to date instead of recomputing them: same choices."""
    quick = fit(_pieces(reflection, idea, gap, question), budget)
    defined = _fit_by_definition(_pieces(reflection, idea, gap, question), budget)
    assert [p.chosen for p in quick] == [p.chosen for p in defined]
