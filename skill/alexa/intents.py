"""Intent names, in one place: the interaction-model test checks these against every locale."""

from __future__ import annotations

from typing import Final

TONIGHTS_QUESTION: Final = "TonightsQuestionIntent"
ANOTHER_QUESTION: Final = "AnotherQuestionIntent"
DEEPER_QUESTIONS: Final = "DeeperQuestionsIntent"
LIGHTER_QUESTIONS: Final = "LighterQuestionsIntent"
# "A deeper one" / "a lighter one": tonight only; the two above set the standing preference.
DEEPER_ONE: Final = "DeeperOneIntent"
LIGHTER_ONE: Final = "LighterOneIntent"
START_CHECKIN: Final = "StartCheckinIntent"
ANSWER: Final = "AnswerIntent"
SKIP: Final = "SkipIntent"
STREAK: Final = "StreakIntent"
DELETE_DATA: Final = "DeleteDataIntent"
SUPPORT: Final = "SupportIntent"

YES: Final = "AMAZON.YesIntent"
NO: Final = "AMAZON.NoIntent"
HELP: Final = "AMAZON.HelpIntent"
STOP: Final = "AMAZON.StopIntent"
CANCEL: Final = "AMAZON.CancelIntent"
FALLBACK: Final = "AMAZON.FallbackIntent"
REPEAT: Final = "AMAZON.RepeatIntent"
START_OVER: Final = "AMAZON.StartOverIntent"
NEXT: Final = "AMAZON.NextIntent"
NAVIGATE_HOME: Final = "AMAZON.NavigateHomeIntent"

CUSTOM_INTENTS: Final = frozenset(
    {
        TONIGHTS_QUESTION,
        ANOTHER_QUESTION,
        DEEPER_QUESTIONS,
        LIGHTER_QUESTIONS,
        DEEPER_ONE,
        LIGHTER_ONE,
        START_CHECKIN,
        ANSWER,
        SKIP,
        STREAK,
        DELETE_DATA,
        SUPPORT,
    }
)
BUILT_IN_INTENTS: Final = frozenset(
    {YES, NO, HELP, STOP, CANCEL, FALLBACK, REPEAT, START_OVER, NEXT, NAVIGATE_HOME}
)

ANSWER_SLOTS: Final = ("firstAnswer", "secondAnswer")
SCALE_SLOT_TYPE: Final = "ScaleAnswer"
