"""Erasure that cannot fail silently: storage down on SkillDisabled fails the invocation, while a
person's spoken turn still hears the apology. The store is a fake of our own port."""

from __future__ import annotations

import logging

import pytest

from skill.alexa import intents
from skill.alexa.builder import STORAGE_ERROR_OUTCOME
from skill.chat.envelopes import skill_disabled_event
from skill.content.loader import load_content
from skill.ports import StorageUnavailable
from skill.services.common import household_id_for
from tests.support.skill_driver import Driver
from tests.support.switchable_store import SwitchableStore


def _household(store: SwitchableStore) -> Driver:
    d = Driver(store=store)
    d.intent("TonightsQuestionIntent")  # a one-shot: stores tonight's starter
    assert store.load(household_id_for(d.caller.user_id)) is not None
    return d


def _storage_apologies() -> set[str]:
    return set(load_content("en-US").speech.lines["storage_apology"])


def test_skill_disabled_with_storage_down_raises_and_is_counted(
    caplog: pytest.LogCaptureFixture,
) -> None:
    store = SwitchableStore()
    d = _household(store)
    store.down = True
    event = skill_disabled_event(d.caller, d.now, "NOT_PERSISTED")
    with caplog.at_level(logging.INFO, logger="heart_to_heart"), pytest.raises(StorageUnavailable):
        d.send(event)
    counted = [r.getMessage() for r in caplog.records if STORAGE_ERROR_OUTCOME in r.getMessage()]
    assert len(counted) == 1, "one storage-error line per failed turn feeds the alarm"
    assert "type=AlexaSkillEvent.SkillDisabled" in counted[0]
    assert f"outcome={STORAGE_ERROR_OUTCOME}" in counted[0], "the phrase template.yaml counts"
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert d.caller.user_id not in logged and household_id_for(d.caller.user_id) not in logged

    # Delivered again once storage is back: the household is gone.
    store.down = False
    response = d.send(event)
    assert "outputSpeech" not in response.body
    assert store.load(household_id_for(d.caller.user_id)) is None


def test_launch_with_storage_down_still_speaks_the_apology(
    caplog: pytest.LogCaptureFixture,
) -> None:
    store = SwitchableStore()
    d = _household(store)
    store.down = True
    with caplog.at_level(logging.INFO, logger="heart_to_heart"):
        response = d.launch()
    assert response.speech in _storage_apologies()
    assert response.ends_session
    assert any(STORAGE_ERROR_OUTCOME in r.getMessage() for r in caplog.records)


def test_spoken_delete_with_storage_down_apologises_and_keeps_nothing_half_done() -> None:
    store = SwitchableStore()
    d = _household(store)
    asked = d.intent(intents.DELETE_DATA)
    assert not asked.ends_session, "the skill asks for confirmation first"
    store.down = True
    response = d.intent(intents.YES)
    assert response.speech in _storage_apologies()
    store.down = False
    assert store.load(household_id_for(d.caller.user_id)) is not None, "nothing was erased"
