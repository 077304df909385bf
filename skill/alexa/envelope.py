"""Alexa's request read into ask-sdk's model, and the reply written from it, exactly as the
SDK's serializer does both, quicker.

ask-sdk's `DefaultSerializer` is generic: for every value it reads it parses the type string
again ("list[...]", "dict(str, ...)"), finds the model class by importing its dotted name, and
rebuilds the class's attribute map; a launch envelope takes a few hundred of those steps, about
a third of a warm turn. Here each type is planned once (`_reader`, cached) and then read by
straight calls: the same classes, the same attributes, the same discriminators and the same
errors (`SerializationException`), so the rest of the SDK sees no difference (a test reads a
corpus of envelopes both ways and compares the models).

Two choices of our own: ISO 8601 timestamps are read with `datetime.fromisoformat` (anything
else still goes to the SDK's `dateutil` parse, as the SDK does), and a skill event keeps its raw
request (the SDK's model drops the body and its persistence status).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from functools import cache
from importlib import import_module
from typing import Any, Final

from ask_sdk_core.exceptions import SerializationException
from ask_sdk_model.request_envelope import RequestEnvelope

Reader = Callable[[Any], Any]

#: A skill event's raw request, kept on the envelope (see the module's docstring).
RAW_REQUEST_ATTRIBUTE: Final = "heart_to_heart_raw_request"
#: The session attributes as Alexa sent them, kept on the envelope (see `take_session_attributes`).
SESSION_ATTRIBUTES_ATTRIBUTE: Final = "heart_to_heart_session_attributes"
SKILL_EVENT_PREFIX: Final = "AlexaSkillEvent."

_NATIVE: Final[dict[str, type]] = {
    "int": int,
    "long": int,
    "float": float,
    "str": str,
    "bool": bool,
    "date": date,
    "datetime": datetime,
    "object": object,
}
_PRIMITIVES: Final = (float, bool, bytes, str, int)
_LIST: Final = re.compile(r"list\[(.*)\]")
_DICT: Final = re.compile(r"dict\(([^,]*), (.*)\)")


def read_envelope(event: dict[str, Any]) -> RequestEnvelope:
    """The SDK's model of a request envelope (a JSON object, as Lambda passes it)."""
    envelope = _reader(RequestEnvelope)(event)
    if not isinstance(envelope, RequestEnvelope):
        raise SerializationException("not a request envelope")
    request = event.get("request")
    if str(getattr(envelope.request, "object_type", "") or "").startswith(SKILL_EVENT_PREFIX):
        setattr(envelope, RAW_REQUEST_ATTRIBUTE, request if isinstance(request, dict) else {})
    return envelope


def take_session_attributes(envelope: RequestEnvelope) -> None:
    """Keep the session attributes on the envelope, out of the SDK's session.

    The SDK's AttributesManager deep-copies them for every turn, for handlers that might change
    them in place (about a tenth of a check-in turn). Ours never do: the skill parses them once
    into frozen state (`skill.alexa.request.read_turn` reads them from here) and every reply
    sets the session's attributes anew, so the copy buys nothing.
    """
    session = envelope.session
    if session is not None and session.attributes:
        setattr(envelope, SESSION_ATTRIBUTES_ATTRIBUTE, session.attributes)
        session.attributes = {}


def read_timestamp(payload: Any, kind: type) -> Any:
    """A date or datetime as the SDK reads it; ISO 8601 without the general parser."""
    if isinstance(payload, str):
        try:
            parsed = datetime.fromisoformat(payload)
        except ValueError:
            pass
        else:
            return parsed.date() if kind is date else parsed
    try:
        from dateutil.parser import parse  # the SDK's own fallback, for anything else
    except ImportError:  # as the SDK: without dateutil, the text itself
        return payload
    try:
        parsed = parse(payload)
    except ValueError as error:
        raise SerializationException(f"Failed to parse {payload} into '{kind.__name__}'") from error
    return parsed.date() if kind is date else parsed


def _nullable(read: Reader) -> Reader:
    return lambda payload: None if payload is None else read(payload)


@cache
def _reader(kind: str | type) -> Reader:
    """How to read a value of `kind` (an SDK type string or a class); planned once per kind."""
    if isinstance(kind, str):
        if kind.startswith("list["):
            return _nullable(_list_reader(kind))
        if kind.startswith("dict("):
            return _nullable(_dict_reader(kind))
        kind = _NATIVE.get(kind) or _load_class(kind)
    if kind in _PRIMITIVES:
        return _nullable(_primitive_reader(kind))
    if kind is object:
        return lambda payload: payload
    if kind is date or kind is datetime:
        return _nullable(lambda payload: read_timestamp(payload, kind))
    return _nullable(_guarded(_model_reader(kind)))


def _list_reader(kind: str) -> Reader:
    match = _LIST.match(kind)
    if match is None:
        return lambda payload: []
    inner = match.group(1)
    if "," in inner:  # a list of differently typed items, in order
        kinds = [part.strip() for part in inner.split(",")]
        return lambda payload: [
            _reader(kind)(item) for item, kind in zip(payload, kinds, strict=False)
        ]
    item_kind = inner.strip()
    return lambda payload: [_reader(item_kind)(item) for item in payload]


def _dict_reader(kind: str) -> Reader:
    match = _DICT.match(kind)
    if match is None:
        return lambda payload: {}
    value_kind = match.group(2)
    return lambda payload: {key: _reader(value_kind)(value) for key, value in payload.items()}


def _primitive_reader(kind: type) -> Reader:
    def read(payload: Any) -> Any:
        try:
            return kind(payload)
        except TypeError:
            return payload
        except ValueError as error:
            raise SerializationException(
                f"Failed to parse {payload} into '{kind.__name__}' object"
            ) from error

    return read


def _guarded(read: Reader) -> Reader:
    """Any failure inside a model is a SerializationException, as the SDK reports it."""

    def guarded(payload: Any) -> Any:
        try:
            return read(payload)
        except SerializationException:
            raise
        except Exception as error:
            raise SerializationException(str(error)) from error

    return guarded


def _model_reader(kind: Any) -> Reader:
    if issubclass(kind, Enum):
        return lambda payload: kind(payload)
    if not hasattr(kind, "deserialized_types"):
        return lambda payload: payload
    if hasattr(kind, "get_real_child_model"):  # the payload names its own subclass

        def by_discriminator(payload: Any) -> Any:
            name = kind.get_real_child_model(payload)
            if not name:
                raise SerializationException(
                    f"Couldn't resolve object by discriminator type for {kind} class"
                )
            return _fields_reader(_load_class(name))(payload)

        return by_discriminator
    return _fields_reader(kind)


@cache
def _fields_reader(kind: Any) -> Reader:
    """Each attribute from its key in the payload; keys the model does not know are kept as
    attributes of the same name (the SDK does the same)."""
    types: dict[str, str] = kind.deserialized_types
    keys = {**{name: name for name in types}, **getattr(kind, "attribute_map", {})}
    kinds = [(name, key, types[name]) for name, key in keys.items() if name in types]
    known = set(keys.values())
    # Each field's reader is looked up at the model's first read, not here: models refer to
    # each other in cycles, so planning them all up front would never end.
    fields: list[tuple[str, str, Reader]] | None = None

    def read(payload: Any) -> Any:
        nonlocal fields
        if fields is None:  # two threads may both build it: the same list either way
            fields = [(name, key, _reader(value_kind)) for name, key, value_kind in kinds]
        model = kind()
        for name, key, read_value in fields:
            if key in payload:
                setattr(model, name, read_value(payload[key]))
        for key in payload:
            if key not in known:
                setattr(model, key, payload[key])
        return model

    return read


def _load_class(dotted: str) -> type:
    module, _, name = dotted.rpartition(".")
    try:
        found = getattr(import_module(module), name)
    except Exception as error:
        raise SerializationException(
            f"Unable to resolve class {dotted} from installed modules: {error}"
        ) from error
    return found  # type: ignore[no-any-return]


# -- writing the response ------------------------------------------------------------------------


def write_response(value: Any) -> Any:
    """The SDK's response model as JSON values, exactly as its `DefaultSerializer.serialize`
    writes it (a test compares them over every reply of a week of nights): each model's keys
    worked out once per class, not for every object written."""
    kind = type(value)
    if value is None or kind in _WRITTEN_AS_IS:
        return value
    if kind is dict:
        return {key: write_response(item) for key, item in value.items()}
    if kind is list:
        return [write_response(item) for item in value]
    keys = _model_keys[kind]
    if keys is None:
        return _write_other(value)
    return {
        key: write_response(item)
        for name, key in keys
        if (item := getattr(value, name)) is not None
    }


_WRITTEN_AS_IS: Final = frozenset((str, int, float, bool, bytes))


class _ModelKeys(dict[type, list[tuple[str, str]] | None]):
    """(attribute, key) of each field of an SDK model class, in the SDK's order; None for a
    type that is not a model."""

    def __missing__(self, kind: type) -> list[tuple[str, str]] | None:
        types = getattr(kind, "deserialized_types", None)
        keys: list[tuple[str, str]] | None = None
        if isinstance(types, dict) and not issubclass(kind, Enum):
            names: dict[str, str] = getattr(kind, "attribute_map", {})
            keys = [(name, names.get(name) or name) for name in types]
        self[kind] = keys
        return keys


_model_keys = _ModelKeys()


def _write_other(value: Any) -> Any:
    """What the SDK writes for anything else: its own rules, in its own order."""
    if isinstance(value, _PRIMITIVES):
        return value
    if isinstance(value, list):
        return [write_response(item) for item in value]
    if isinstance(value, tuple):
        return tuple(write_response(item) for item in value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return int(value) if value % 1 == 0 else float(value)
    if isinstance(value, dict):
        return {key: write_response(item) for key, item in value.items()}
    types = value.deserialized_types  # a generic object the SDK writes by its declared types
    names = getattr(value, "attribute_map", {})
    return {
        names.get(name, name): write_response(item)
        for name in types
        if (item := getattr(value, name)) is not None
    }
