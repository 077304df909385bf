"""Phrasings more than one test holds the skill to."""

from __future__ import annotations

from typing import Final

# A plain request for help: contextual help for where the couple is, never the safety numbers.
HELP_PHRASES: Final = (
    "help",
    "help me please",
    "help me",
    "help us",
    "can you help us",
    "can you help me",
    "what can I say",
    "what can we say",
    "how does this work",
    "what do we do",
    "what are my options",
    "what do I do",
    "how do I use this",
)
