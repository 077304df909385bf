"""What a handler works with: the wired dependencies, the parsed turn, content and voice."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING

from skill.alexa.request import TurnInput
from skill.alexa.session import SessionState
from skill.alexa.speech import Reply, Voice
from skill.content.loader import Content, load_content
from skill.domain.nights import night_of
from skill.services.common import Turn, household_id_for

if TYPE_CHECKING:
    from skill.alexa.reminders_api import RemindersApi
    from skill.ports import HouseholdStore, TimeZoneLookup


class MissingIdentity(Exception):
    """A request without a user id: nothing can be read or written for it."""


@dataclass(frozen=True)
class SkillSettings:
    skill_id: str | None = None


@dataclass(frozen=True)
class Dependencies:
    store: HouseholdStore
    time_zones: TimeZoneLookup
    settings: SkillSettings
    reminders: RemindersApi | None = None  # None: the HTTP client, imported on first use


class Ctx:
    def __init__(self, deps: Dependencies, turn_input: TurnInput) -> None:
        self.deps = deps
        self.input = turn_input

    @property
    def store(self) -> HouseholdStore:
        return self.deps.store

    @property
    def state(self) -> SessionState:
        return self.input.state

    @cached_property
    def content(self) -> Content:
        return load_content(self.input.locale)

    @cached_property
    def turn(self) -> Turn:
        if not self.input.user_id:
            raise MissingIdentity
        zone = self.deps.time_zones.zone_for(
            self.input.device_id, self.input.api_endpoint, self.input.api_token, self.input.locale
        )
        return Turn(
            household_id=self._household_id,
            night=night_of(self.input.timestamp, zone),
            now=self.input.timestamp,
        )

    @cached_property
    def _household_id(self) -> str:
        """Worked out once a turn: the turn and the voice both need it."""
        return household_id_for(self.input.user_id or "anonymous")

    @property
    def night(self) -> date:
        return self.turn.night

    @cached_property
    def voice(self) -> Voice:
        # Varied by household, day and intent; needs no time-zone lookup, so Help stays cheap.
        seed = f"{self._household_id}|{self.input.timestamp.date()}|{self.input.intent_name}"
        return Voice(self.content, seed)


Handler = Callable[[Ctx], Reply]
