"""Use cases on the memory store: the "high gear" tests, below the voice and above the domain.

Each test calls one service the way a handler does, with a `Turn` and the en-US content, and
checks what it answers and what it leaves stored.
"""

from __future__ import annotations

import pytest

from skill.content.loader import Content, load_content
from skill.storage.memory import MemoryStore


@pytest.fixture
def store() -> MemoryStore:
    return MemoryStore()


@pytest.fixture(scope="session")
def content() -> Content:
    return load_content("en-US")
