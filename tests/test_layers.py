"""The layer contracts in pyproject.toml hold, and they do catch an upward import.

Each case copies the package to a temporary directory, plants one import that breaks a layer,
and runs `lint-imports` on the copy: the contract named must break. Without the plant every
contract holds.
"""

from __future__ import annotations

import pkgutil
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import skill

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
CONTRACTS = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["importlinter"][
    "contracts"
]

# (file to plant in, the import, the contract it must break)
PLANTS = [
    ("skill/domain/streaks.py", "import skill.storage.memory", "domain-is-pure"),
    ("skill/domain/nights.py", "from skill.household import Household", "domain-is-pure"),
    ("skill/domain/scoring.py", "import pydantic", "domain-is-pure"),
    (
        "skill/household.py",
        "from skill.content.loader import Content",
        "records-and-ports-on-domain",
    ),
    ("skill/ports.py", "import skill.storage.memory", "records-and-ports-on-domain"),
    ("skill/household.py", "import pydantic", "records-and-ports-on-domain"),
    ("skill/records.py", "from skill.alexa import session", "records-and-ports-on-domain"),
    ("skill/services/streaks.py", "import ask_sdk_core.handler_input", "alexa-sdk-in-alexa-only"),
    ("skill/content/loader.py", "import botocore.exceptions", "aws-sdk-in-storage-only"),
    ("skill/storage/memory.py", "from skill.services import common", "storage-is-an-adapter"),
    ("skill/services/starters.py", "import skill.storage.sqlite", "services-know-ports-only"),
    ("skill/services/privacy.py", "import skill.alexa.speech", "services-know-ports-only"),
    ("skill/content/models.py", "import skill.ports", "content-on-domain-only"),
    ("skill/alexa/context.py", "import skill.storage.memory", "alexa-is-wired"),
    ("skill/alexa/speech.py", "import skill.chat.matcher", "alexa-is-wired"),
]


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), str(root / "pyproject.toml"), "--no-cache"],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _copy(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "skill", tmp_path / "skill", ignore=shutil.ignore_patterns("*.pyc"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def _verdict(output: str, contract_id: str) -> str:
    """KEPT or BROKEN for one contract (the report wraps long names, so spaces are ignored)."""
    name = "".join(str(next(c["name"] for c in CONTRACTS if c["id"] == contract_id)).split())
    flat = "".join(output.split())
    for verdict in ("KEPT", "BROKEN"):
        if name + verdict in flat:
            return verdict
    raise AssertionError(f"{contract_id} is not in the report:\n{output}")


def test_the_contracts_hold_on_the_package_as_it_is(tmp_path: Path) -> None:
    result = _lint_imports(_copy(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Contracts: {len(CONTRACTS)} kept, 0 broken." in result.stdout
    assert {_verdict(result.stdout, c["id"]) for c in CONTRACTS} == {"KEPT"}


@pytest.mark.parametrize(
    ("path", "line", "contract"), PLANTS, ids=[f"{c}:{p}" for p, _, c in PLANTS]
)
def test_a_planted_upward_import_breaks_its_contract(
    tmp_path: Path, path: str, line: str, contract: str
) -> None:
    root = _copy(tmp_path)
    planted = root / path
    planted.write_text(planted.read_text("utf-8") + f"\n{line}  # planted\n", "utf-8")
    result = _lint_imports(root)
    assert result.returncode == 1, result.stdout + result.stderr
    assert _verdict(result.stdout, contract) == "BROKEN"


def test_the_domain_contract_names_every_other_module_of_ours() -> None:
    """A new top-level module under skill/ must be added to what the domain may not import."""
    ours = {f"skill.{m.name}" for m in pkgutil.iter_modules(skill.__path__)} - {"skill.domain"}
    domain = next(c for c in CONTRACTS if c["id"] == "domain-is-pure")
    assert ours <= set(domain["forbidden_modules"])
