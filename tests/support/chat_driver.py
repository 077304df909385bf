"""Talk to the real skill in words: typed phrases become real envelopes through the model."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from skill.alexa.builder import build_skill
from skill.alexa.timezone import FixedTimeZones
from skill.chat.envelopes import Caller
from skill.chat.matcher import InteractionModel
from skill.chat.session import ChatSession, TurnRecord
from skill.ports import HouseholdStore
from skill.storage.memory import MemoryStore

MODELS = Path(__file__).resolve().parents[2] / "skill" / "interaction_models"
NEW_YORK = ZoneInfo("America/New_York")
FIRST_EVENING = datetime(2026, 11, 16, 21, 30, tzinfo=NEW_YORK)  # a Monday
_MODELS: dict[str, InteractionModel] = {}


def model(locale: str = "en-US") -> InteractionModel:
    if locale not in _MODELS:
        _MODELS[locale] = InteractionModel.load(MODELS / f"{locale}.json")
    return _MODELS[locale]


class Couple:
    """One household talking to one Echo, night after night."""

    def __init__(
        self,
        store: HouseholdStore | None = None,
        user: str = "amzn1.ask.account.CORPUS-COUPLE",
        now: datetime = FIRST_EVENING,
    ) -> None:
        self.store = store or MemoryStore()
        skill = build_skill(self.store, FixedTimeZones(NEW_YORK))
        self.chat = ChatSession(skill, model(), Caller(user_id=user), now=now)
        self.evening = now

    def say(self, utterance: str) -> TurnRecord:
        return self.chat.say(utterance)

    def next_evening(self, days: int = 1) -> None:
        self.chat.end()
        self.evening += timedelta(days=days)
        self.chat.set_now(self.evening)

    def probe(self, utterance: str) -> TurnRecord:
        """Say something and then put the session back as it was (to try many phrasings)."""
        alexa = self.chat.alexa
        saved = (dict(alexa.attributes), alexa.open, alexa.caller.session_id)
        now = self.chat.now()
        record = self.chat.say(utterance)
        alexa.attributes, alexa.open, alexa.caller.session_id = saved
        self.chat.set_now(now)
        return record


# -- getting a couple to each state of the conversation (the corpus and the safety matrix) ------


def at_menu() -> Couple:
    couple = Couple()
    couple.say("open heart to heart")
    return couple


def in_checkin(answers: int = 0, misses: int = 0) -> Couple:
    """Part-way through tonight's check-in: `answers` items answered, then `misses` misheard."""
    couple = at_menu()
    record = couple.say("yes")
    assert record.session.get("mode") == "checkin", record.speech
    for _ in range(answers):
        couple.say("four and three")
    for _ in range(misses):
        couple.say("purple")
    return couple


def at_offer_resume() -> Couple:
    couple = in_checkin(answers=1)
    couple.say("stop")
    couple.say("open heart to heart")
    return couple


def at_offer_starter() -> Couple:
    couple = at_menu()
    couple.say("no")
    return couple


def at_confirm_delete() -> Couple:
    couple = at_menu()
    couple.say("delete our data")
    return couple


def at_offer_continue() -> Couple:
    couple = in_checkin(answers=1)
    couple.say("we keep fighting")
    return couple
