"""Tonight's starter, another one, and the depth preference."""

from __future__ import annotations

from datetime import timedelta

from skill.content.loader import Content
from skill.domain.starters import MAX_EXTRA_STARTERS_PER_NIGHT
from skill.household import Household
from skill.services.starters import another_starter, set_depth, tonights_starter
from skill.storage.memory import MemoryStore
from tests.support.use_cases import HOUSEHOLD, NIGHT, turn


def test_tonights_starter_is_the_same_all_night_and_counts_the_night_once(
    store: MemoryStore, content: Content
) -> None:
    first = tonights_starter(store, content, turn())
    again = tonights_starter(store, content, turn())

    assert again.starter == first.starter
    assert first.counted.counted and first.counted.streak.total_nights == 1
    assert not again.counted.counted
    stored = store.load(HOUSEHOLD)
    assert stored is not None and stored.version == 1  # the second ask wrote nothing
    assert stored.tonight is not None and stored.tonight.starter_id == first.starter.id
    assert stored.heard_starters == (first.starter.id,) and stored.first_night == NIGHT


def test_the_next_night_brings_a_new_starter_and_moves_the_streak(
    store: MemoryStore, content: Content
) -> None:
    first = tonights_starter(store, content, turn())
    second = tonights_starter(store, content, turn(NIGHT + timedelta(days=1)))
    assert second.starter.id != first.starter.id
    assert second.counted.streak.current == 2


def test_another_starter_gives_new_ones_up_to_the_limit_then_keeps_the_last(
    store: MemoryStore, content: Content
) -> None:
    tonight = tonights_starter(store, content, turn())
    seen = [tonight.starter.id]
    for _ in range(MAX_EXTRA_STARTERS_PER_NIGHT):
        outcome = another_starter(store, content, turn())
        assert not outcome.kept and not outcome.first_tonight
        assert outcome.starter.id not in seen
        seen.append(outcome.starter.id)
    kept = another_starter(store, content, turn())
    assert kept.kept and kept.starter.id == seen[-1]
    stored = store.load(HOUSEHOLD)
    assert stored is not None and stored.heard_starters == tuple(seen)


def test_another_starter_first_thing_tonight_is_tonights_starter(
    store: MemoryStore, content: Content
) -> None:
    outcome = another_starter(store, content, turn())
    assert outcome.first_tonight and not outcome.kept
    assert tonights_starter(store, content, turn()).starter == outcome.starter


def test_depth_preference_is_stored_once_and_opens_deep_starters(
    store: MemoryStore, content: Content
) -> None:
    assert set_depth(store, turn(), "deeper") is True
    assert set_depth(store, turn(), "deeper") is True
    stored = store.load(HOUSEHOLD)
    assert stored is not None and stored.depth == "deeper" and stored.version == 1

    assert set_depth(store, turn(), "lighter") is False
    stored = store.load(HOUSEHOLD)
    assert stored is not None and stored.depth == "usual"


def test_without_deep_opt_in_a_year_of_starters_has_no_deep_one(content: Content) -> None:
    store = MemoryStore()
    depths = set()
    for day in range(0, 365, 5):
        outcome = tonights_starter(store, content, turn(NIGHT + timedelta(days=day)))
        depths.add(next(r.depth for r in content.starter_refs if r.id == outcome.starter.id))
    assert "deep" not in depths


def test_a_lost_race_is_decided_again_on_the_winners_state(content: Content) -> None:
    """Two devices: the first write wins; the other re-reads and gets the same starter."""
    store = MemoryStore()
    other_device = tonights_starter(store, content, turn())

    class StaleOnce(MemoryStore):
        """Answers the first load with the household as it was before the other device wrote."""

        def __init__(self) -> None:
            super().__init__()
            self.stale: Household | None = Household.new(HOUSEHOLD)

        def load(self, household_id: str) -> Household | None:
            if self.stale is not None:
                stale, self.stale = self.stale, None
                return stale
            return super().load(household_id)

    racing = StaleOnce()
    racing.documents = store.documents
    outcome = tonights_starter(racing, content, turn())
    assert outcome.starter == other_device.starter
    stored = racing.load(HOUSEHOLD)
    assert stored is not None and stored.streak.total_nights == 1
