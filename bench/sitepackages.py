"""A Lambda-like import path for the cold starts: only what the function would have.

The development environment has a hundred-odd distributions (pytest, mypy, flask, ...) and an
editable-install finder. Some libraries scan every installed distribution at import (pydantic
looks for plugins through entry points), so a cold start there costs more than in Lambda, where
the function's folder holds only its dependencies and the runtime adds boto3. This module links
the runtime closure of lambda/requirements.in, plus boto3 (the runtime's) and the standard
way's adapter, from this interpreter's site-packages into one folder: no copy, no download.
"""

from __future__ import annotations

import importlib.metadata
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Final

from packaging.markers import default_environment
from packaging.requirements import Requirement

REPO_ROOT: Final = Path(__file__).resolve().parents[1]
REQUIREMENTS: Final = REPO_ROOT / "lambda" / "requirements.in"  # the names; .txt is the lock
#: What the Lambda runtime provides (boto3 and its companions) and what the standard way adds.
EXTRA_ROOTS: Final = ("boto3", "ask-sdk-dynamodb-persistence-adapter")


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_names(path: Path = REQUIREMENTS) -> list[str]:
    names = []
    for line in path.read_text("utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            names.append(Requirement(line).name)
    return names


def closure(roots: Iterable[str]) -> list[importlib.metadata.Distribution]:
    """The installed distributions that `roots` need at run time (markers evaluated here)."""
    environment = {k: str(v) for k, v in default_environment().items()}
    seen: dict[str, importlib.metadata.Distribution] = {}
    pending = [_normal(name) for name in roots]
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        try:
            dist = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError as missing:
            raise RuntimeError(
                f"{name} is not installed in this environment; the benchmark needs the dev extra "
                "(`make setup`: ask-sdk-dynamodb-persistence-adapter is the standard way's)"
            ) from missing
        seen[name] = dist
        for text in dist.requires or []:
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate(
                {**environment, "extra": ""}
            ):
                pending.append(_normal(requirement.name))
    return list(seen.values())


def top_level_entries(dist: importlib.metadata.Distribution) -> set[str]:
    """The site-packages entries (packages, modules, dist-info) a distribution installed."""
    entries = set()
    for file in dist.files or []:
        first = file.parts[0]
        if first in ("..", "__pycache__") or first.endswith(".pth"):
            continue
        entries.add(first)
    return entries


def build(target: Path, roots: Iterable[str] | None = None) -> Path:
    """Make (or refresh) `target`: symlinks to each needed entry of this site-packages."""
    names = list(roots) if roots is not None else [*requirement_names(), *EXTRA_ROOTS]
    target.mkdir(parents=True, exist_ok=True)
    for existing in target.iterdir():
        if existing.is_symlink():
            existing.unlink()
    for dist in closure(names):
        base = Path(str(dist.locate_file("")))
        for entry in top_level_entries(dist):
            source = base / entry
            link = target / entry
            if source.exists() and not link.exists():
                os.symlink(source, link)
    return target
