"""Validating content as read from data/: the only module of skill.content that imports
pydantic (the loader imports it when it first reads a file from data/, never for a build's
pre-validated document).

pydantic checks the content types (plain dataclasses, skill/content/models.py) field by field
from their annotations: types, Literal values, no unknown field, and every rule attached there
(skill/content/rules.py), then each type's rules across its fields.
"""

from __future__ import annotations

from typing import Any, TypeVar, get_origin

from pydantic import TypeAdapter, ValidationError

# pydantic words some errors differently for a dataclass than for a model; a content file has
# fields, not arguments, so it gets the model's words (what the content guide and authors know).
_MODEL_WORDS = {
    "unexpected_keyword_argument": "extra_forbidden",  # "Extra inputs are not permitted"
    "dataclass_type": "model_type",  # "Input should be a valid dictionary or instance of …"
}

T = TypeVar("T")
_adapters: dict[object, TypeAdapter[Any]] = {}  # one per type: each builds a schema


def _adapter(kind: type[T]) -> TypeAdapter[T]:
    if kind not in _adapters:
        _adapters[kind] = TypeAdapter(kind)
    return _adapters[kind]


def _name(kind: object) -> str:
    """Starter; dict[str, skill.content.models.CheckinItem]."""
    return kind.__name__ if isinstance(kind, type) and get_origin(kind) is None else str(kind)


def validate(kind: type[T], data: object, path: str | None = None) -> T:
    """`data` as `kind` (a content type, or a type such as dict[str, CheckinItem]), every rule
    checked; the ValidationError says what is wrong, where, and in which file (`path`)."""
    try:
        return _adapter(kind).validate_python(data)
    except ValidationError as error:
        title = _name(kind) if path is None else f"{_name(kind)} in {path}"
        errors = [
            dict(detail, type=_MODEL_WORDS.get(detail["type"], detail["type"]))
            for detail in error.errors()
        ]
        raise ValidationError.from_exception_data(title, errors) from None  # type: ignore[arg-type]
