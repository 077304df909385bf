"""The content's pre-validated form: made once at build time, read at every cold start.

    python -m skill.content.compiled OUT_FILE

validates every supported locale's content exactly as the loader does from data/ (pydantic,
skill/content/validation.py), and writes every file it read, dumped to JSON (dataclass fields
as objects, tuples as lists, dates as ISO strings), into one document keyed by the file's path
under data/. The Lambda build writes it to skill/content/compiled.json in the artifact; the
loader then builds the content types from it with `construct`, which follows the types' own
annotations and neither validates nor imports pydantic, so new fields and new files need
nothing here. The document is generated, never kept in the repository.
"""

from __future__ import annotations

import enum
import json
import sys
import types
from collections.abc import Callable, Mapping, Sequence
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin, get_type_hints

from skill.content.loader import SUPPORTED_LOCALES, Content, Source, language_of

#: Makes a value from its dump; None where the dump is the value itself (str, Literal, ...).
Build = Callable[[Any], Any] | None


def compile_documents() -> dict[str, Any]:
    """Every content file the supported locales read, validated, as JSON-ready data."""
    source = Source()
    for locale in SUPPORTED_LOCALES:
        Content(locale, language_of(locale), source).validate_all()
    return {path: dump(value) for path, value in sorted(source.read.items())}


def dump(value: Any) -> Any:
    """`value` as JSON-ready data, every field of every dataclass included."""
    if is_dataclass(value) and not isinstance(value, type):
        return {field.name: dump(getattr(value, field.name)) for field in fields(value)}
    if isinstance(value, Mapping):
        return {key: dump(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [dump(item) for item in value]
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, date):  # a datetime too
        return value.isoformat()
    return value


def construct(kind: Any, data: Any) -> Any:
    """`data` (a dump of validated content) as `kind`, without validating it again."""
    build = _builder(kind)
    return data if build is None else build(data)


@cache
def _builder(kind: Any) -> Build:
    """How to build `kind` from its dump, worked out once per type."""
    if isinstance(kind, type):
        if is_dataclass(kind):
            return _dataclass_builder(kind)
        if issubclass(kind, enum.Enum):
            return kind
        if kind is datetime:
            return datetime.fromisoformat
        if kind is date:
            return date.fromisoformat
        return None
    origin, args = get_origin(kind), get_args(kind)
    if origin is Annotated:
        return _builder(args[0])
    if origin in (list, Sequence):
        return _each(list, _builder(args[0]))
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return _each(tuple, _builder(args[0]))
        builds = [_builder(arg) or _same for arg in args]
        return lambda data: tuple(build(item) for build, item in zip(builds, data, strict=True))
    if origin in (dict, Mapping):
        value = _builder(args[1])
        if value is None:
            return None
        return lambda data: {key: value(item) for key, item in data.items()}
    if origin in (Union, types.UnionType):
        kinds = [arg for arg in args if arg is not type(None)]
        inner = _builder(kinds[0]) if len(kinds) == 1 else None
        if inner is None:
            return None
        return lambda data: None if data is None else inner(data)
    return None  # Literal and the like: the dump is the value


def _same(data: Any) -> Any:
    return data


def _each(collection: Callable[[Any], Any], item: Build) -> Build:
    if item is None:
        return collection if collection is tuple else None  # a JSON list is already a list
    return lambda data: collection([item(each) for each in data])


def _dataclass_builder(kind: type[Any]) -> Callable[[Any], Any]:
    """The dump's fields as keyword arguments (absent ones take their defaults); the fields
    whose dump is not their value are built first."""
    hints: dict[str, Any] = {}
    built: list[tuple[str, Callable[[Any], Any]]] = []
    for field in fields(kind):
        annotation: Any = field.type
        if isinstance(annotation, str):  # postponed (from __future__ import annotations)
            hints = hints or get_type_hints(kind)
            annotation = hints[field.name]
        make = _builder(annotation)
        if make is not None:
            built.append((field.name, make))

    def build(data: Mapping[str, Any]) -> Any:
        values = dict(data)
        for name, field_build in built:
            if name in values:
                values[name] = field_build(values[name])
        return kind(**values)

    return build


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if len(arguments) != 1:
        print("usage: python -m skill.content.compiled OUT_FILE", file=sys.stderr)
        return 2
    documents = compile_documents()
    out = Path(arguments[0])
    out.write_text(json.dumps(documents, ensure_ascii=False, separators=(",", ":")), "utf-8")
    print(f"{out}: {len(documents)} content files, pre-validated", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
