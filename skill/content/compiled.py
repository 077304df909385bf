"""The content's pre-validated form: made once at build time, read at every cold start.

    python -m skill.content.compiled OUT_FILE

validates every supported locale's content exactly as the loader does from data/ (the pydantic
models), and writes every file it read, as its validated model dumped to JSON, into one
document keyed by the file's path under data/. The Lambda build writes it to
skill/content/compiled.json in the artifact; the loader then builds the models from it with
`construct` (pydantic's `model_construct`, field by field, from the models' own annotations),
skipping validation and the models' schema builds, so new fields and new files need nothing
here. The document is generated, never kept in the repository.
"""

from __future__ import annotations

import enum
import json
import sys
import types
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from skill.content.loader import SUPPORTED_LOCALES, Content, Source, language_of


def compile_documents() -> dict[str, Any]:
    """Every content file the supported locales read, validated, as JSON-ready data."""
    source = Source()
    for locale in SUPPORTED_LOCALES:
        Content(locale, language_of(locale), source).validate_all()
    return {path: _dump(value) for path, value in sorted(source.read.items())}


def _dump(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_unset=True)
    if isinstance(value, Mapping):
        return {key: _dump(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_dump(item) for item in value]
    return value


@cache
def _fields(model: type[BaseModel]) -> tuple[tuple[str, str, Any], ...]:
    """(attribute, key in the dump, annotation) of each field."""
    return tuple((name, name, field.annotation) for name, field in model.model_fields.items())


def construct(kind: Any, data: Any) -> Any:
    """`data` (a dump of validated content) as `kind`, without validating it again."""
    if isinstance(kind, type):
        if issubclass(kind, BaseModel):
            values = {
                name: construct(annotation, data[key])
                for name, key, annotation in _fields(kind)
                if key in data
            }
            return kind.model_construct(**values)
        if issubclass(kind, enum.Enum):
            return kind(data)
        if kind is datetime:
            return datetime.fromisoformat(data)
        if kind is date:
            return date.fromisoformat(data)
        return data
    origin, args = get_origin(kind), get_args(kind)
    if origin in (list, Sequence):
        return [construct(args[0], item) for item in data]
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(construct(args[0], item) for item in data)
        return tuple(construct(arg, item) for arg, item in zip(args, data, strict=True))
    if origin in (dict, Mapping):
        return {key: construct(args[1], item) for key, item in data.items()}
    if origin in (Union, types.UnionType):
        if data is None:
            return None
        kinds = [arg for arg in args if arg is not type(None)]
        return construct(kinds[0], data) if len(kinds) == 1 else data
    if origin is Literal:
        return data
    return data


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
