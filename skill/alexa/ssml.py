"""SSML built in one place: everything spoken goes through `Say`, which escapes text."""

from __future__ import annotations

import re

_TAGS = re.compile(r"<[^>]+>")
_INLINE_TAGS = re.compile(r"</?say-as[^>]*>")  # markup inside a word group: no space for it
# xml.sax.saxutils.escape would do, but importing it pulls in urllib (~40 ms of cold start).
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def escape(text: str) -> str:
    """Text made safe inside SSML, attribute values included."""
    return text.translate(_ESCAPES)


_SPACES = re.compile(r"\s+")
_NUMBER = re.compile(r"\b(\d+)\b")


class Say:
    """Collects spoken pieces; `ssml()` is the inside of <speak> (ask-sdk adds the wrapper)."""

    def __init__(self) -> None:
        self._parts: list[str] = []

    def text(self, *sentences: str) -> Say:
        for sentence in sentences:
            if sentence:
                self._parts.append(escape(sentence.strip()))
        return self

    def text_with_numbers(self, sentence: str) -> Say:
        """Text whose standalone numbers are read digit by digit ("1 800": one, eight zero zero)."""
        pieces = []
        for index, piece in enumerate(_NUMBER.split(sentence.strip())):
            if index % 2:
                pieces.append(f'<say-as interpret-as="digits">{piece}</say-as>')
            else:
                pieces.append(escape(piece))
        self._parts.append("".join(pieces))
        return self

    def pause(self, milliseconds: int = 300) -> Say:
        self._parts.append(f'<break time="{int(milliseconds)}ms"/>')
        return self

    def audio(self, src: str) -> Say:
        self._parts.append(f'<audio src="{escape(src)}"/>')
        return self

    def extend(self, other: Say) -> Say:
        self._parts.extend(other._parts)
        return self

    def ssml(self) -> str:
        return " ".join(self._parts)

    def __bool__(self) -> bool:
        return bool(self._parts)


def plain_text(ssml: str) -> str:
    """What a person hears, without markup: for the terminal chat, cards and tests."""
    text = _INLINE_TAGS.sub("", ssml)
    text = _TAGS.sub(" ", text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
    text = text.replace("&apos;", "'").replace("&amp;", "&")
    return _SPACES.sub(" ", text).strip()
