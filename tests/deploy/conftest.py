"""Fixtures for the deployment checks: the template, its transformed form, the built artifact."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.support.deploy import (
    ARTIFACT,
    REPO_ROOT,
    TRANSFORMED,
    artifact_sizes,
    load_template,
    require,
)


@pytest.fixture(scope="session")
def template() -> dict[str, Any]:
    return load_template()


@pytest.fixture(scope="session")
def transformed() -> dict[str, Any]:
    """template.yaml after the SAM transform (tests/deploy/sam_transform.py, run by sam-check)."""
    document = json.loads(require(TRANSFORMED, "the transformed template").read_text("utf-8"))
    assert isinstance(document, dict)
    return document


@pytest.fixture(scope="session")
def artifact() -> Path:
    return require(ARTIFACT / "handler.py", "the built Lambda artifact").parent


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not (ARTIFACT / "handler.py").exists():
        return
    count, unzipped, zipped = artifact_sizes()
    terminalreporter.write_line(
        f"Lambda artifact {ARTIFACT.relative_to(REPO_ROOT)}: {count} files, "
        f"{unzipped / 1e6:.1f} MB unzipped, {zipped / 1e6:.1f} MB zipped"
    )
