"""`heart-to-heart chat` and `heart-to-heart serve`: composition roots for a laptop."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from skill.config import default_store_url, local_zone_name, parse_when


def _chat_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    chat = commands.add_parser("chat", help="talk to the skill in this terminal")
    chat.add_argument(
        "--store", default=None, help="sqlite:///PATH (default), memory:// or dynamodb://TABLE"
    )
    chat.add_argument("--user", default="local-user", help="the Alexa account (one per household)")
    chat.add_argument("--device", default="kitchen-echo", help="the Echo device speaking")
    chat.add_argument("--locale", default="en-US")
    chat.add_argument("--timezone", default=None, help="IANA zone (default: this machine's)")
    chat.add_argument("--now", default=None, help="simulated clock, ISO 8601")
    chat.add_argument("--json", action="store_true", help="one JSON object per turn")
    chat.add_argument(
        "--model", default=None, help="interaction model JSON (default: the locale's)"
    )
    chat.add_argument(
        "--grant",
        action="append",
        choices=["reminders"],
        default=[],
        help="permissions the account has already granted (else the skill asks by voice)",
    )


def _serve_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = commands.add_parser("serve", help="run the skill as a signed HTTPS web service")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--store", default=None)
    serve.add_argument("--skill-id", default=os.environ.get("SKILL_ID"))
    serve.add_argument(
        "--no-verify",
        action="store_true",
        help="skip signature checks (only for local simulators, never in production)",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="heart-to-heart", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    _chat_parser(commands)
    _serve_parser(commands)
    args = parser.parse_args(argv)
    if args.command == "chat":
        return run_chat(args, sys.stdin, sys.stdout)
    from skill.web.app import serve

    return int(serve(args))


def model_path(locale: str, explicit: str | None) -> Path:
    if explicit:
        return Path(explicit)
    from skill.interaction_models import model_file

    path = Path(str(model_file(locale)))
    if not path.is_file():
        raise SystemExit(f"no interaction model for {locale} at {path}; pass --model")
    return path


def run_chat(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    from skill.alexa.builder import build_skill
    from skill.alexa.timezone import FixedTimeZones
    from skill.chat.envelopes import Caller
    from skill.chat.fake_reminders import FakeReminders, InProcessRemindersApi
    from skill.chat.matcher import InteractionModel
    from skill.chat.session import CONSENT_PROMPT, ChatSession, TurnRecord
    from skill.storage import open_store

    zone = ZoneInfo(args.timezone or local_zone_name())
    time_zones = FixedTimeZones(zone)
    store = open_store(args.store or default_store_url())
    reminders = FakeReminders()  # offline: the Reminders API runs in this process
    skill = build_skill(store, time_zones, reminders=InProcessRemindersApi(reminders))
    caller = Caller(user_id=args.user, device_id=args.device, locale=args.locale)
    now = parse_when(args.now, zone) if args.now else None
    chat = ChatSession(
        skill,
        InteractionModel.load(model_path(args.locale, args.model)),
        caller,
        now=now,
        reminders=reminders,
    )
    if "reminders" in args.grant:
        chat.grant_reminders()
    interactive = stdin.isatty()

    def show(record: TurnRecord | None) -> None:
        if record is None:
            return
        if args.json:
            stdout.write(json.dumps(record.as_json()) + "\n")
        else:
            if record.speech:
                stdout.write(f"Alexa: {record.speech}\n")
            if record.card:
                stdout.write(f"  [card] {record.card['title']}: {record.card['text']}\n")
            if chat.consent_token is not None:
                stdout.write(f"{CONSENT_PROMPT}\n")
        stdout.flush()

    if interactive and not args.json:
        stdout.write(
            "Heart to Heart, in your terminal. Try 'open heart to heart'. :quit to leave.\n"
        )
    while True:
        if interactive:
            stdout.write("You: ")
            stdout.flush()
        line = stdin.readline()
        if not line:
            break
        line = line.strip()
        if not line:
            continue
        if line.startswith(":"):
            command, _, value = line[1:].partition(" ")
            value = value.strip()
            if command == "quit":
                break
            if command == "end":
                show(chat.end())
            elif command == "now":
                chat.set_now(parse_when(value, time_zones.zone))
            elif command == "tz":
                time_zones.zone = ZoneInfo(value)
            elif command == "user":
                chat.end()
                caller.user_id = value
            elif command == "device":
                chat.end()
                caller.device_id = value
            elif command == "reminders":
                if args.json:
                    stdout.write(json.dumps({"reminders": reminders.describe_all()}) + "\n")
                for described in [] if args.json else reminders.describe_all() or ["(none)"]:
                    stdout.write(f"  [reminder] {described}\n")
            else:
                stdout.write(
                    f"unknown command :{command} "
                    "(try :now, :tz, :user, :device, :reminders, :end, :quit)\n"
                )
            continue
        show(chat.say(line))
    return 0


if __name__ == "__main__":
    sys.exit(main())
