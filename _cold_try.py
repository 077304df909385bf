import time, statistics
from pathlib import Path
from tests.support.dynamodb_local import start
from bench import dynamo, coldstart, scenario
from skill.chat.envelopes import APPLICATION_ID
local = start()
try:
    dynamo.create_tables(local)
    who = scenario.caller("COLD")
    dynamo.seed_standard_way(local, [who.user_id])
    env = dynamo.child_environment(local) | {"SKILL_ID": APPLICATION_ID}
    night = scenario.first_night(0)
    events = scenario.cold_events(who, night)
    cands = [coldstart.Candidate("floor", Path("bench/candidates/floor.py")),
             coldstart.Candidate("baseline", Path("bench/candidates/hello_sdk.py")),
             coldstart.Candidate("standard", Path("bench/candidates/standard_way.py")),
             coldstart.Candidate("h2h", Path("lambda/handler.py"))]
    res = coldstart.measure(cands, events, env, rounds=8)
    for (c, e), runs in res.runs.items():
        print(f"{c:9} {e:7} wall {statistics.median(r.wall_ms for r in runs):7.1f} start {statistics.median(r.startup_ms for r in runs):6.1f} init {statistics.median(r.init_ms for r in runs):6.1f} first {statistics.median(r.first_request_ms for r in runs):6.1f} rss {max(r.max_rss_mib for r in runs):5.1f}")
finally:
    local.stop()
