"""Where a warm turn's time goes, ours next to the baseline's: a diagnostic, not a figure.

    python -m bench.attribution [--households N] [--nights N]

Plays the benchmark's scenario (`bench.scenario`) on the in-memory store and, at each timed
turn, lets the baseline (ask-sdk hello world) answer the same envelope renamed to help, as
`make bench` does. Timers wrap the seams of the SDK and of skill/alexa/builder.py: JSON →
model (deserialize) and model → JSON (serialize), ours by skill.alexa.envelope, the baseline's
by the SDK's serializer; route matching (`can_handle` of every route tried), reading the turn
(`read_turn`: the session state parsed), the use case (the route's handler), rendering
(`render`) and the per-turn log line (`_LogTurn`). They reach into private names of builder.py
on purpose, so this tool may need updating when it changes; `make bench` does not use it.
Timers cost a little themselves: compare, do not add up.
"""

from __future__ import annotations

import argparse
import functools
import statistics
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any, Final

from bench import scenario, warm

SEAMS: Final = (
    "sdk_deserialize",
    "route_matching",
    "read_turn",
    "use_case",
    "render",
    "log_line",
    "sdk_serialize",
)


class Timers:
    def __init__(self) -> None:
        self.current: tuple[str, str] | None = None
        self.totals: dict[tuple[str, str, str], list[float]] = defaultdict(list)
        self._turn: dict[str, float] = defaultdict(float)
        self._depth: dict[str, int] = defaultdict(int)

    def wrap(self, seam: str, function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            self._depth[seam] += 1
            began = time.perf_counter_ns()
            try:
                return function(*args, **kwargs)
            finally:
                self._depth[seam] -= 1
                if self._depth[seam] == 0:  # the outermost call only (serialize recurses)
                    self._turn[seam] += (time.perf_counter_ns() - began) / 1000

        return timed

    def turn(self, who: str, kind: str, call: Callable[[], Any]) -> Any:
        self._turn.clear()
        began = time.perf_counter_ns()
        answer = call()
        self.totals[(who, kind, "total")].append((time.perf_counter_ns() - began) / 1000)
        for seam in SEAMS:
            self.totals[(who, kind, seam)].append(self._turn.get(seam, 0.0))
        return answer


def instrument(timers: Timers) -> None:
    import ask_sdk_core.serialize as sdk_serialize

    from skill.alexa import builder
    from skill.alexa.routing import Route

    serializer = sdk_serialize.DefaultSerializer
    serializer.deserialize = timers.wrap("sdk_deserialize", serializer.deserialize)  # type: ignore[method-assign]
    serializer.serialize = timers.wrap("sdk_serialize", serializer.serialize)  # type: ignore[method-assign]
    routes = builder._Routes
    routes.can_handle = timers.wrap("route_matching", routes.can_handle)  # type: ignore[method-assign]
    namespace = vars(builder)  # names builder.py imported for itself
    namespace["read_envelope"] = timers.wrap("sdk_deserialize", namespace["read_envelope"])
    namespace["write_response"] = timers.wrap("sdk_serialize", namespace["write_response"])
    namespace["read_turn"] = timers.wrap("read_turn", namespace["read_turn"])
    builder.render = timers.wrap("render", builder.render)
    original_handle = routes.handle

    def handle(self: Any, handler_input: Any) -> Any:
        # The use case is the route's own function; render is timed on its own.
        attributes = handler_input.attributes_manager.request_attributes
        route = attributes[builder._MATCHED]
        attributes[builder._MATCHED] = Route(
            route.name, route.matches, timers.wrap("use_case", route.handle)
        )
        return original_handle(self, handler_input)

    routes.handle = handle  # type: ignore[method-assign]
    builder._LogTurn.process = timers.wrap("log_line", builder._LogTurn.process)  # type: ignore[method-assign]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.attribution", description=__doc__)
    parser.add_argument("--households", type=int, default=6)
    parser.add_argument("--nights", type=int, default=8)
    args = parser.parse_args(argv)
    timers = Timers()
    instrument(timers)
    from skill.alexa.builder import build_skill
    from skill.alexa.context import SkillSettings
    from skill.alexa.timezone import SettingsApiTimeZones
    from skill.chat.envelopes import APPLICATION_ID
    from skill.storage.memory import MemoryStore

    warm.lambda_like_logging()
    ours = build_skill(
        MemoryStore(), SettingsApiTimeZones(None), SkillSettings(skill_id=APPLICATION_ID)
    )
    hello = warm.load_module(warm.CANDIDATES_DIR / "hello_sdk.py", "bench_hello_sdk")
    count = 0

    def send(kind: str | None, event: scenario.Event) -> scenario.Answer:
        nonlocal count
        if kind is None:
            return ours.handle_event(event)
        count += 1
        pair: list[tuple[str, Callable[[], Any]]] = [
            ("ours", lambda: ours.handle_event(event)),
            ("baseline", lambda: dict(hello.handler(scenario.as_help(event), None))),
        ]
        answers: dict[str, scenario.Answer] = {
            who: timers.turn(who, kind, call) for who, call in pair[count % 2 :] + pair[: count % 2]
        }
        return answers["ours"]

    households = [scenario.caller(f"ATTRIBUTION-{n}") for n in range(args.households)]
    scenario.play(send, households, args.nights, scenario.first_night(args.nights))

    def median(who: str, kind: str, seam: str) -> float:
        return statistics.median(timers.totals[(who, kind, seam)])

    print("Median µs per turn, in-memory store (ours) and the baseline on the same envelope\n")
    print("| Turn | baseline | ours | " + " | ".join(SEAMS) + " |")
    print("|---|" + "---:|" * (len(SEAMS) + 2))
    for kind in scenario.TURNS:
        seams = " | ".join(f"{median('ours', kind, seam):.0f}" for seam in SEAMS)
        print(
            f"| {kind} | {median('baseline', kind, 'total'):.0f} "
            f"| {median('ours', kind, 'total'):.0f} | {seams} |"
        )
    print("\nThe baseline's own split:\n")
    for kind in scenario.TURNS:
        print(
            f"- {kind}: deserialize {median('baseline', kind, 'sdk_deserialize'):.0f}, "
            f"serialize {median('baseline', kind, 'sdk_serialize'):.0f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
