"""The hash-locked requirements: complete, exact, consistent, and enforced where they are used.

`make lock` writes requirements/dev.txt (development and CI, every supported Python) and
lambda/requirements.txt (the function: CPython 3.12 on aarch64). `make setup` and the Lambda
build install only from them, with every file's hash required.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.support.deploy import REPO_ROOT

DEV_LOCK = REPO_ROOT / "requirements" / "dev.txt"
SAM_LOCK = REPO_ROOT / "requirements" / "sam.txt"
LAMBDA_LOCK = REPO_ROOT / "lambda" / "requirements.txt"
LAMBDA_IN = REPO_ROOT / "lambda" / "requirements.in"
RUNTIME_PROVIDED = {"boto3", "botocore", "s3transfer", "jmespath"}  # never in the artifact's lock
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)\s*(;[^\\]*)?\\?$")
HASH = re.compile(r"^--hash=sha256:[0-9a-f]{64}\s*\\?$")


def _entries(lock: Path) -> dict[str, tuple[str, list[str]]]:
    """name → (version, hashes); fails on anything that is not an exact pin with hashes."""
    entries: dict[str, tuple[str, list[str]]] = {}
    current: str | None = None
    for number, raw in enumerate(lock.read_text("utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("--hash="):
            assert current is not None and HASH.match(line), f"{lock.name}:{number}: {raw}"
            entries[current][1].append(line)
            continue
        match = PIN.match(line)
        assert match, f"{lock.name}:{number}: not an exact pin: {raw}"
        current = canonicalize_name(match.group(1))
        entries.setdefault(current, (match.group(2), []))
    for name, (_version, hashes) in entries.items():
        assert hashes, f"{lock.name}: {name} has no hash"
    return entries


def _names(requirements: list[str]) -> set[str]:
    return {canonicalize_name(Requirement(r).name) for r in requirements}


def test_every_locked_requirement_is_an_exact_version_with_hashes() -> None:
    for lock in (DEV_LOCK, LAMBDA_LOCK, SAM_LOCK):
        assert len(_entries(lock)) >= 10, lock


def test_the_development_lock_covers_pyproject_and_the_build_backend() -> None:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text("utf-8"))
    wanted = _names(project["project"]["dependencies"])
    for extra in ("web", "dev"):
        wanted |= _names(project["project"]["optional-dependencies"][extra])
    wanted |= _names(project["build-system"]["requires"])
    missing = wanted - set(_entries(DEV_LOCK))
    assert not missing, f"run `make lock`: {sorted(missing)} not in {DEV_LOCK.name}"


def test_the_lambda_lock_covers_its_input_at_the_tested_versions() -> None:
    lines = [line.split("#", 1)[0].strip() for line in LAMBDA_IN.read_text("utf-8").splitlines()]
    wanted = _names([line for line in lines if line])
    shipped = _entries(LAMBDA_LOCK)
    assert wanted <= set(shipped), f"run `make lock`: {sorted(wanted - set(shipped))}"
    assert not RUNTIME_PROVIDED & set(shipped), "the Lambda runtime provides these"
    tested = _entries(DEV_LOCK)
    differ = {
        name: (version, tested.get(name, ("missing", []))[0])
        for name, (version, _hashes) in shipped.items()
        if tested.get(name, ("", []))[0] != version
    }
    assert not differ, f"the artifact would ship versions the tests never ran: {differ}"


def test_setup_and_the_lambda_build_require_the_hashes() -> None:
    makefile = (REPO_ROOT / "Makefile").read_text("utf-8")
    assert re.search(r"install --require-hashes --no-deps --requirement \$\(DEV_LOCK\)", makefile)
    assert re.search(r"install --no-deps --no-build-isolation --editable \.", makefile)
    assert "\nlock:" in makefile and "\naudit:" in makefile
    lambda_makefile = (REPO_ROOT / "lambda" / "Makefile").read_text("utf-8")
    assert "--require-hashes --no-deps --requirement" in lambda_makefile
    assert '"$(LAMBDA_DIR)/requirements.txt"' in lambda_makefile


def test_a_file_whose_hash_differs_from_the_lock_is_refused(tmp_path: Path) -> None:
    """pip, as the Lambda build runs it, checks the registry's file against the lock."""
    version, hashes = _entries(LAMBDA_LOCK)["six"]
    arguments = [
        sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
        "--no-deps", "--require-hashes", "--only-binary=:all:",
        "--platform", "manylinux2014_aarch64", "--python-version", "3.12",
        "--implementation", "cp", "--dest", str(tmp_path / "wheels"),
    ]  # fmt: skip
    good = tmp_path / "good.txt"
    good.write_text(f"six=={version} " + " ".join(h.rstrip(" \\") for h in hashes) + "\n")
    completed = subprocess.run(
        [*arguments, "--requirement", str(good)], capture_output=True, text=True, timeout=120
    )
    if completed.returncode != 0 and "DO NOT MATCH" not in completed.stderr:
        pytest.fail(f"could not download six {version}: {completed.stderr[-400:]}")
    assert completed.returncode == 0
    wrong = tmp_path / "wrong.txt"
    wrong.write_text(f"six=={version} --hash=sha256:{'0' * 64}\n")
    completed = subprocess.run(
        [*arguments, "--requirement", str(wrong)], capture_output=True, text=True, timeout=120
    )
    assert completed.returncode != 0
    assert "DO NOT MATCH THE HASHES" in completed.stderr


def test_the_lambda_build_fails_without_bytecode_unless_allowed(tmp_path: Path) -> None:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "ALLOW_NO_BYTECODE"}
    }
    completed = subprocess.run(
        [
            "make", "--no-print-directory", "-f", str(REPO_ROOT / "lambda" / "Makefile"),
            "build-HeartToHeartFunction", f"ARTIFACTS_DIR={tmp_path / 'artifact'}",
            "BYTECODE_PYTHON=",
        ],
        cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert completed.returncode != 0
    assert "ALLOW_NO_BYTECODE=1" in completed.stdout
    assert not (tmp_path / "artifact").exists(), "nothing is built without bytecode"


def test_the_deployment_tools_lock_has_the_versions_sam_mk_names() -> None:
    sam_mk = (REPO_ROOT / "sam.mk").read_text("utf-8")
    versions = dict(re.findall(r"^(SAM_CLI_VERSION|CFN_LINT_VERSION)\s*:=\s*(\S+)", sam_mk, re.M))
    locked = _entries(SAM_LOCK)
    assert locked["aws-sam-cli"][0] == versions["SAM_CLI_VERSION"], "run `make lock`"
    assert locked["cfn-lint"][0] == versions["CFN_LINT_VERSION"], "run `make lock`"
    assert "--require-hashes --no-deps --requirement $(SAM_LOCK)" in sam_mk
