"""A sample of `make reliability`, in `make test`: the same sections, smaller, every target held.

300 fuzzed envelopes through the Lambda handler and the web service, storage faults on two turn
types, 40 completions of one night at once, the signed web service with 50 requests of load,
and the privacy week. The long run (`make reliability`) reports the full figures.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from reliability import concurrency, faults, fuzz, privacy, web
from reliability.figures import Section
from reliability.guard import blocked_attempts
from reliability.logtap import LogTap
from reliability.stack import Stack

pytestmark = pytest.mark.dynamodb

SEED = 20261122


@pytest.fixture(autouse=True)
def stays_on_this_machine() -> Iterator[None]:
    before = blocked_attempts()
    yield
    assert blocked_attempts() == before, f"traffic off this machine: {blocked_attempts()}"


def assert_targets(section: Section) -> None:
    """Every figure with a target meets it; a failure lists the figures and examples."""
    failed = [f"{f.name} = {f.shown()} (target {f.target})" for f in section.failed]
    assert not failed, "\n".join([*failed, "examples:", *section.examples])


def test_fuzzed_envelopes_are_answered_in_the_alexa_format(
    reliability_stack: Stack, tap: LogTap
) -> None:
    section = fuzz.run(reliability_stack, tap, count=300, seed=SEED, budget_seconds=45)
    assert_targets(section)


def test_storage_faults_get_an_apology_and_never_a_partial_write(
    reliability_stack: Stack,
) -> None:
    section = faults.run(reliability_stack, quick=True, budget_seconds=30)
    assert_targets(section)


def test_parallel_completions_count_each_night_once(reliability_stack: Stack) -> None:
    section = concurrency.run(
        reliability_stack, completions=40, households=10, budget_seconds=60, patient=True
    )
    assert_targets(section)


def test_signed_web_service_refuses_bad_requests_and_holds_a_short_load(
    reliability_stack: Stack,
) -> None:
    section = web.run(
        reliability_stack, cache_variants=60, load_rate=25.0, load_seconds=2.0, seed=SEED
    )
    assert_targets(section)


def test_a_scripted_week_logs_nothing_planted_and_deletion_leaves_nothing(
    reliability_stack: Stack, tap: LogTap
) -> None:
    section = privacy.run(reliability_stack, tap, long_history_nights=5)
    assert_targets(section)
