"""A scripted week of use with answers planted in it, for the checks that logs never carry them."""

from __future__ import annotations

from tests.support.skill_driver import Driver

PLANTED_ANSWER_WORDS = ("purple-elephant", "tangerine")


def full_week(driver: Driver) -> None:
    for night in range(7):
        driver.launch()
        driver.intent("AMAZON.YesIntent")
        driver.answer(4, 5)
        driver.answer("purple-elephant")  # misheard: re-asked
        driver.answer("tangerine")  # second miss: moved on
        driver.answer("a lot", "not at all")
        driver.answer(2, 2)
        driver.intent("StreakIntent")
        driver.intent("TonightsQuestionIntent")
        if night == 3:
            driver.intent("StruggleIntent")
            driver.intent("DangerIntent")
        driver.next_evening()
    driver.intent("DeleteDataIntent")
    driver.intent("AMAZON.YesIntent")
