"""Bedtime reminders: set, change, hear and cancel by voice, with voice consent.

Every API failure gets a short spoken answer and changes nothing: the API is called first,
the household is written after, and a failed write undoes the API call. The HTTP client is
imported by the first turn that needs it, never by other turns.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from skill.alexa import intents
from skill.alexa.context import Ctx
from skill.alexa.handlers.common import ask, continue_or_end, end
from skill.alexa.reminders_api import (
    REMINDERS_SCOPE,
    PermissionMissing,
    ReminderGone,
    RemindersApi,
    RemindersError,
    Throttled,
    TooManyReminders,
    daily_reminder_body,
)
from skill.alexa.routing import Route, all_of, any_intent, intent, mode, request
from skill.alexa.speech import ConsentRequest, Reply
from skill.alexa.ssml import Say
from skill.domain.reminders import BedtimeTime, first_ring, read_spoken_time, suggested_time
from skill.household import StoredReminder
from skill.ports import StorageError
from skill.services.reminders import (
    ReminderView,
    forget_reminder,
    note_offered,
    read_reminder,
    remember_reminder,
)

log = logging.getLogger("heart_to_heart")

TIME_SLOT = "time"
TOKEN_PREFIX = "bedtime-reminder"


@cache
def _http_client() -> RemindersApi:
    from skill.alexa.reminders_client import HttpRemindersApi

    return HttpRemindersApi()


def _api(ctx: Ctx) -> RemindersApi:
    return ctx.deps.reminders or _http_client()


def _zone(ctx: Ctx) -> ZoneInfo:
    i = ctx.input
    return ctx.deps.time_zones.zone_for(i.device_id, i.api_endpoint, i.api_token, i.locale)


def _local_now(ctx: Ctx) -> datetime:
    return ctx.input.timestamp.astimezone(_zone(ctx))


def spoken(at: BedtimeTime) -> str:
    """How the time is said: "9:30 PM", "10 PM" (Alexa reads these naturally)."""
    hour = at.hour % 12 or 12
    half = "AM" if at.hour < 12 else "PM"
    return f"{hour}:{at.minute:02d} {half}" if at.minute else f"{hour} {half}"


def _hhmm(at: BedtimeTime) -> str:
    return f"{at.hour:02d}:{at.minute:02d}"


def _from_hhmm(text: str | None) -> BedtimeTime | None:
    try:
        hour, minute = (int(part) for part in (text or "").split(":"))
        return BedtimeTime(hour, minute)
    except ValueError:
        return None


def _token(at: BedtimeTime) -> str:
    """What the consent answer needs to create exactly the reminder that was agreed to."""
    return f"{TOKEN_PREFIX}|{_hhmm(at)}"


def _read_token(token: str) -> BedtimeTime | None:
    prefix, _, when = token.partition("|")
    return _from_hhmm(when) if prefix == TOKEN_PREFIX else None


def _then(ctx: Ctx, say: Say) -> Reply:
    """After a reminder answer: back to what was pending, or goodnight."""
    voice = ctx.voice
    if ctx.state.mode == "offer_reminder":  # the suggestion was the pending question: answered
        if (ctx.state.reminder_offer or "").endswith(" menu"):
            say.text(voice.line("ask_ready"))
            return ask(say, Say().text(voice.line("reprompt_ready")), "menu")
        return end(say.text(voice.line("goodnight")))
    return continue_or_end(ctx, say)


# -- set and change -----------------------------------------------------------------------------


def set_reminder(ctx: Ctx) -> Reply:
    """ "Remind us every night at nine thirty", "change our reminder to ten fifteen"."""
    slot = ctx.input.slots.get(TIME_SLOT)
    at = read_spoken_time(slot.raw if slot else None)
    if at is None:
        return _suggest(ctx, suggested_time(_local_now(ctx)))
    return _set(ctx, at)


def _set(ctx: Ctx, at: BedtimeTime) -> Reply:
    """The couple said yes to a reminder at `at`: ask for the permission, or create it."""
    if not ctx.input.reminders_granted:
        lead = Say().text(ctx.voice.line("reminder_consent_lead", time=spoken(at)))
        consent = ConsentRequest(scope=REMINDERS_SCOPE, token=_token(at))
        return Reply(speech=lead, directives=(consent,))
    return _create_or_move(ctx, at)


def _create_or_move(ctx: Ctx, at: BedtimeTime) -> Reply:
    view = read_reminder(ctx.store, ctx.turn)
    voice = ctx.voice
    zone = _zone(ctx)
    existing = view.reminder
    if existing and (existing.hour, existing.minute, existing.zone) == (
        at.hour,
        at.minute,
        zone.key,
    ):
        return _then(ctx, Say().text(voice.line("reminder_same", time=spoken(at))))
    local_now = _local_now(ctx)
    body = daily_reminder_body(
        at,
        zone.key,
        first_ring(local_now, at),
        local_now,
        ctx.input.locale,
        voice.line("reminder_text"),
    )
    api, endpoint, token = _api(ctx), ctx.input.api_endpoint or "", ctx.input.api_token or ""
    created = False
    try:
        if existing is None:
            reminder_id, created = api.create(endpoint, token, body), True
        else:
            try:
                api.update(endpoint, token, existing.reminder_id, body)
                reminder_id = existing.reminder_id
            except ReminderGone:  # deleted in the Alexa app meanwhile: make a new one
                reminder_id, created = api.create(endpoint, token, body), True
    except RemindersError as error:
        return _failure(ctx, error)
    stored = StoredReminder(reminder_id=reminder_id, hour=at.hour, minute=at.minute, zone=zone.key)
    try:
        replaced = remember_reminder(ctx.store, view.household, stored)
    except StorageError:
        _undo(ctx, view, stored, created)
        raise
    if replaced is not None:
        _quietly(api.delete, endpoint, token, replaced.reminder_id)
    key = "reminder_set" if existing is None else "reminder_moved"
    return _then(ctx, Say().text(voice.line(key, time=spoken(at))))


def _undo(ctx: Ctx, view: ReminderView, stored: StoredReminder, created: bool) -> None:
    """The household could not be written: take the API back to what the household says."""
    api, endpoint, token = _api(ctx), ctx.input.api_endpoint or "", ctx.input.api_token or ""
    previous = view.reminder
    if created or previous is None:
        _quietly(api.delete, endpoint, token, stored.reminder_id)
        return
    at = BedtimeTime(previous.hour, previous.minute)
    local_now = _local_now(ctx)
    body = daily_reminder_body(
        at,
        previous.zone,
        first_ring(local_now, at),
        local_now,
        ctx.input.locale,
        ctx.voice.line("reminder_text"),
    )
    _quietly(api.update, endpoint, token, previous.reminder_id, body)


def _quietly(call: Any, *args: Any) -> None:
    try:
        call(*args)
    except RemindersError as error:
        log.info("reminder clean-up failed: %s", type(error).__name__)


def _failure(ctx: Ctx, error: RemindersError) -> Reply:
    if isinstance(error, PermissionMissing):
        key = "reminder_permission_off"
    elif isinstance(error, TooManyReminders):
        key = "reminder_too_many"
    elif isinstance(error, Throttled):
        key = "reminder_throttled"
    else:
        key = "reminder_unavailable"
    log.info("reminder turn failed: %s", type(error).__name__)
    return _then(ctx, Say().text(ctx.voice.line(key)))


# -- the voice-consent answer -------------------------------------------------------------------


def consent_answer(ctx: Ctx) -> Reply:
    """Connections.Response to our AskFor: create on ACCEPTED, a kind line otherwise."""
    answer = ctx.input.connection
    at = _read_token(answer.token if answer else "")
    status = answer.status if answer else ""
    voice = ctx.voice
    if at is None:  # not our request (or a tampered token): nothing to act on
        return end(Say().text(voice.line("goodnight")))
    if status == "ACCEPTED":
        return _create_or_move(ctx, at)
    key = "reminder_consent_denied" if status == "DENIED" else "reminder_consent_unanswered"
    return _then(ctx, Say().text(voice.line(key)))


# -- hear and cancel ----------------------------------------------------------------------------


def hear_reminder(ctx: Ctx) -> Reply:
    """ "When is our reminder?": checked with the API when we may, else from what we stored."""
    view = read_reminder(ctx.store, ctx.turn)
    voice = ctx.voice
    reminder = view.reminder
    if reminder is None:
        return continue_or_end(ctx, Say().text(voice.line("reminder_none")))
    if not ctx.input.reminders_granted:
        return continue_or_end(ctx, Say().text(voice.line("reminder_permission_off")))
    try:
        _api(ctx).get(ctx.input.api_endpoint or "", ctx.input.api_token or "", reminder.reminder_id)
    except ReminderGone:
        forget_reminder(ctx.store, view.household, reminder.reminder_id)
        return continue_or_end(ctx, Say().text(voice.line("reminder_none")))
    except PermissionMissing as error:
        return _failure(ctx, error)
    except RemindersError as error:  # busy or down: what we stored is still the best answer
        log.info("reminder check skipped: %s", type(error).__name__)
    at = BedtimeTime(reminder.hour, reminder.minute)
    return continue_or_end(ctx, Say().text(voice.line("reminder_status", time=spoken(at))))


def cancel_reminder(ctx: Ctx) -> Reply:
    view = read_reminder(ctx.store, ctx.turn)
    voice = ctx.voice
    reminder = view.reminder
    if reminder is None:
        return continue_or_end(ctx, Say().text(voice.line("reminder_nothing_to_cancel")))
    if not ctx.input.reminders_granted:
        return continue_or_end(ctx, Say().text(voice.line("reminder_permission_off")))
    try:
        _api(ctx).delete(
            ctx.input.api_endpoint or "", ctx.input.api_token or "", reminder.reminder_id
        )
    except ReminderGone:
        pass  # already gone: forgetting it is all that is left
    except RemindersError as error:
        return _failure(ctx, error)
    forget_reminder(ctx.store, view.household, reminder.reminder_id)
    return continue_or_end(ctx, Say().text(voice.line("reminder_cancelled")))


def delete_with_the_household(ctx: Ctx) -> None:
    """Before "delete our data": delete the reminder too, or it would ring on with nobody able
    to cancel it by voice. Best effort: the household is deleted whatever the API says."""
    reminder = read_reminder(ctx.store, ctx.turn).reminder
    if reminder is None or not ctx.input.reminders_granted:
        return
    endpoint, token = ctx.input.api_endpoint or "", ctx.input.api_token or ""
    _quietly(_api(ctx).delete, endpoint, token, reminder.reminder_id)


# -- the offer, once, after the third night together; and a suggested time --------------------


def offer_at_launch(ctx: Ctx, welcome: Say) -> None:
    """Called by the launch greeting when the offer is due: one sentence, said once, ever.

    A statement, not a question: "yes" at launch still starts the check-in, and the couple
    takes it up in their own words ("remind us every night at nine thirty").
    """
    note_offered(ctx.store, ctx.turn)
    welcome.text(ctx.voice.line("reminder_offer", time=spoken(suggested_time(_local_now(ctx)))))


def _suggest(ctx: Ctx, at: BedtimeTime) -> Reply:
    """ "Remind us" without a time: suggest one (now, on the quarter hour) as a yes/no question."""
    voice = ctx.voice
    say = Say().text(voice.line("reminder_suggest", time=spoken(at)))
    reprompt = Say().text(voice.line("reminder_offer_reprompt", time=spoken(at)))
    reply = ask(say, reprompt, "offer_reminder")
    back = " menu" if ctx.state.mode == "menu" else ""
    state = replace(reply.state, reminder_offer=_hhmm(at) + back)
    return Reply(speech=reply.speech, reprompt=reply.reprompt, state=state)


def _offered(ctx: Ctx) -> BedtimeTime | None:
    return _from_hhmm((ctx.state.reminder_offer or "").removesuffix(" menu"))


def offer_yes(ctx: Ctx) -> Reply:
    at = _offered(ctx)
    return _set(ctx, at) if at is not None else set_reminder(ctx)


def offer_no(ctx: Ctx) -> Reply:
    return _then(ctx, Say().text(ctx.voice.line("reminder_declined")))


def offer_unclear(ctx: Ctx) -> Reply:
    """Not a yes or a no to the suggestion: leave it, and say how to ask later (never a loop)."""
    at = _offered(ctx) or suggested_time(_local_now(ctx))
    return _then(ctx, Say().text(ctx.voice.line("reminder_offer_unclear", time=spoken(at))))


ROUTES = [
    Route("reminder-consent", request("Connections.Response"), consent_answer),
    Route("reminder-offer-yes", all_of(intent(intents.YES), mode("offer_reminder")), offer_yes),
    Route("reminder-offer-no", all_of(intent(intents.NO), mode("offer_reminder")), offer_no),
    Route("reminder-set", intent(intents.SET_REMINDER, intents.CHANGE_REMINDER), set_reminder),
    Route("reminder-hear", intent(intents.HEAR_REMINDER), hear_reminder),
    Route("reminder-cancel", intent(intents.CANCEL_REMINDER), cancel_reminder),
    Route("reminder-offer-unclear", all_of(any_intent, mode("offer_reminder")), offer_unclear),
]
