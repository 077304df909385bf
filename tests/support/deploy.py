"""Paths and helpers shared by the deployment checks (see tests/deploy/__init__.py)."""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.cloudformation import load_template as load_template

REPO_ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = REPO_ROOT / "template.yaml"
BUILD_DIR = REPO_ROOT / ".aws-sam" / "build"
ARTIFACT = BUILD_DIR / "HeartToHeartFunction"
TRANSFORMED = REPO_ROOT / ".aws-sam" / "transformed-template.json"
FUNCTION = "HeartToHeartFunction"
BUILD_HINT = "run `make sam-check` (it runs `sam build` and writes it) before these tests"


def require(path: Path, what: str) -> Path:
    """The path, or, when it is missing, a failure under `make sam-check` (which builds it and
    sets REQUIRE_SAM_BUILD=1) and a skip that says how to make it for a bare `pytest`."""
    if not path.exists():
        message = f"{what} is missing ({path.relative_to(REPO_ROOT)}): {BUILD_HINT}"
        if os.environ.get("REQUIRE_SAM_BUILD"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return path


def artifact_files(root: Path = ARTIFACT) -> Iterator[Path]:
    for directory, _dirs, files in os.walk(root):
        for name in files:
            yield Path(directory) / name


def artifact_sizes(root: Path = ARTIFACT) -> tuple[int, int, int]:
    """(files, bytes unzipped, bytes zipped as `sam deploy` uploads it: deflate, default level)."""
    buffer = io.BytesIO()
    count = total = 0
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(artifact_files(root)):
            archive.write(path, path.relative_to(root).as_posix())
            count += 1
            total += path.stat().st_size
    return count, total, len(buffer.getvalue())
