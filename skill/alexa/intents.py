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
SET_REMINDER: Final = "SetReminderIntent"
CHANGE_REMINDER: Final = "ChangeReminderIntent"
HEAR_REMINDER: Final = "ReminderStatusIntent"
CANCEL_REMINDER: Final = "CancelReminderIntent"
WEEKLY_LOOK_BACK: Final = "WeeklyLookBackIntent"
CORRECT_ANSWER: Final = "CorrectAnswerIntent"  # "I meant three", "change that to four"
GO_BACK: Final = "GoBackIntent"  # "go back", "undo"
EXPLAIN: Final = "ExplainIntent"  # "what does that mean"
TONIGHTS_TIP: Final = "TonightsTipIntent"  # "what was the tip"
DANGER: Final = "DangerIntent"  # fear, being hurt, not safe at home, self-harm
STRUGGLE: Final = "StruggleIntent"  # fighting, "things are rough", "we need help"

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
        SET_REMINDER,
        CHANGE_REMINDER,
        HEAR_REMINDER,
        CANCEL_REMINDER,
        WEEKLY_LOOK_BACK,
        CORRECT_ANSWER,
        GO_BACK,
        EXPLAIN,
        TONIGHTS_TIP,
        DANGER,
        STRUGGLE,
    }
)
BUILT_IN_INTENTS: Final = frozenset(
    {YES, NO, HELP, STOP, CANCEL, FALLBACK, REPEAT, START_OVER, NEXT, NAVIGATE_HOME}
)

ANSWER_SLOTS: Final = ("firstAnswer", "secondAnswer")
SCALE_SLOT_TYPE: Final = "ScaleAnswer"
