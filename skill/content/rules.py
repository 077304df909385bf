"""The rules about one line of content, and how they attach to the content types' fields.

A rule is a plain function: it takes a field's value, returns it (perhaps stripped) or raises
ValueError saying what is wrong. It is attached to a field in its annotation,
`Annotated[str, Rule(starter_text)]`; bounds such as a pattern or a minimum count are attached
as `Limits(pattern=...)`. Validation from data/ (skill/content/validation.py, pydantic) runs
them; the types themselves stay plain dataclasses, so content built from the build's
pre-validated document never loads pydantic (each marker's hook below imports it only when
pydantic asks for the schema). Rules that need a whole pack (ids matching the pack's pillar)
are the pack's `_check` method, run after its fields (see `Checked`).

Rules that need the whole library (shares of openings, topic coverage, near-duplicates) are the
content linter's, run by the tests (tests/support/content_lint.py); they cost nothing at run time.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, cast

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler
    from pydantic_core import CoreSchema

MAX_STARTER_WORDS = 20  # one breath
MAX_ITEM_WORDS = 16
MAX_EXPLAIN_WORDS = 20
MAX_TIP_WORDS = 20
MAX_FEEDBACK_LINE_WORDS = 12  # strength and tender lines: one short reflection
MAX_GLUE_WORDS = 60
MAX_SAFETY_WORDS = 90
# An item whose subject is the partner rates the partner; items ask about the speaker.
_PARTNER_AS_SUBJECT = re.compile(
    r"\b(did|does|do|was|were|has|have|is)\s+(your partner|your spouse|the other|they|he|she)\b",
    re.IGNORECASE,
)
# Characters that would break SSML if left raw, or that read badly aloud.
_FORBIDDEN = re.compile(r"[<>&{}\[\]\\|#*_~^]")
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
# Every placeholder a voice-glue line may use; rendering fills them in.
GLUE_PLACEHOLDERS = frozenset(
    {
        "streak",
        "nights",
        "longest",
        "milestone",
        "count",
        "name",
        "strong",
        "tender",
        "rest",
        "time",
    }
)


class Rule:
    """A field's rule (`Annotated[str, Rule(check)]`), run after the field's own type check."""

    def __init__(self, check: Callable[[Any], Any]) -> None:
        self.check = check

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        from pydantic_core import core_schema

        return core_schema.no_info_after_validator_function(self.check, handler(source))


class Limits:
    """Bounds pydantic checks itself, with its own messages: `pattern` for a string,
    `min_length`/`max_length` for a string or a list. They go on the type's own schema, so
    `Limits` comes before any `Rule` in an annotation."""

    def __init__(self, **bounds: object) -> None:
        self.bounds = bounds

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return cast("CoreSchema", {**handler(source), **self.bounds})


class Checked:
    """Base of the content types: no field beyond the declared ones, then the type's `_check`
    (the rules across its fields), once every field has passed its own."""

    __pydantic_config__: ClassVar[dict[str, object]] = {"extra": "forbid"}

    def _check(self) -> None:
        """Raise ValueError if the fields do not fit together (nothing to check by default)."""

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        from pydantic_core import core_schema

        return core_schema.no_info_after_validator_function(_checked, handler(source))


def _checked(value: Checked) -> Checked:
    value._check()
    return value


def word_count(text: str) -> int:
    return len(text.split())


def spoken_text(text: str, max_words: int) -> str:
    """Text fit to be said aloud in one go; returned stripped."""
    text = text.strip()
    if not text:
        raise ValueError("text is empty")
    if _FORBIDDEN.search(text):
        raise ValueError(f"text has characters unfit for speech: {text!r}")
    if word_count(text) > max_words:
        raise ValueError(f"text has more than {max_words} words: {text!r}")
    if "alexa" in text.lower():
        raise ValueError(f"text must not say the wake word: {text!r}")
    return text


def starter_text(value: str) -> str:
    """One conversation starter: a question ("…?") or an invitation ("Name one…")."""
    value = spoken_text(value, MAX_STARTER_WORDS)
    if value.endswith("?"):
        if value.count("?") > 1:
            raise ValueError(f"a starter asks exactly one question: {value!r}")
    elif value.endswith("."):
        if "?" in value:
            raise ValueError(f"an invitation carries no question mark: {value!r}")
    else:
        raise ValueError(f"a starter ends in '?' (a question) or '.' (an invitation): {value!r}")
    return value


def each_once(values: tuple[str, ...]) -> tuple[str, ...]:
    if len(set(values)) != len(values):
        raise ValueError(f"a topic is tagged twice: {values}")
    return values


def item_text(value: str) -> str:
    """A check-in item asks how much or how often the speaker felt something."""
    value = spoken_text(value, MAX_ITEM_WORDS)
    if not value.startswith("How "):
        raise ValueError(f"an item asks 'how much' or 'how often': {value!r}")
    if not value.endswith("?"):
        raise ValueError(f"an item is a question: {value!r}")
    if _PARTNER_AS_SUBJECT.search(value):
        raise ValueError(f"an item never asks to rate the partner: {value!r}")
    lowered = f" {value.lower()} "
    if " you " not in lowered and " you?" not in lowered and " your " not in lowered:
        raise ValueError(f"an item asks about the speaker's own experience: {value!r}")
    return value


def explanation(value: str | None) -> str | None:
    """One plain sentence for "what does that mean?" (absent only where the pack allows)."""
    if value is None:
        return None
    value = spoken_text(value, MAX_EXPLAIN_WORDS)
    if not value.endswith("."):
        raise ValueError(f"an explanation is one plain sentence: {value!r}")
    return value


def tip_text(value: str) -> str:
    return spoken_text(value, MAX_TIP_WORDS)


def feedback_lines(values: list[str]) -> list[str]:
    return [spoken_text(v, MAX_FEEDBACK_LINE_WORDS) for v in values]


def safety_text(value: str) -> str:
    return spoken_text(value, MAX_SAFETY_WORDS)


def glue_lines(lines: dict[str, list[str]]) -> dict[str, list[str]]:
    """Voice glue: every key has variants, each using only the placeholders rendering fills."""
    for key, variants in lines.items():
        if not variants:
            raise ValueError(f"voice glue {key!r} has no variants")
        for variant in variants:
            names = set(_PLACEHOLDER.findall(variant))
            if names - GLUE_PLACEHOLDERS:
                raise ValueError(f"{key!r} uses unknown placeholders {names - GLUE_PLACEHOLDERS}")
            spoken_text(_PLACEHOLDER.sub("x", variant), MAX_GLUE_WORDS)
    return lines
