"""The built Lambda artifact (.aws-sam/build/HeartToHeartFunction): contents, and that it answers.

The artifact's compiled packages are for arm64 and CPython 3.12, so they cannot load on this
machine. The answering tests run the artifact's own code (handler.py, skill/, every pure-Python
dependency) in a fresh interpreter without site-packages, with only two things from this
machine's virtual environment: the native packages (pydantic_core), in place of the artifact's,
and boto3 with its companions, which the Lambda runtime provides.
"""

from __future__ import annotations

import filecmp
import importlib.metadata
import importlib.util
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement

from skill.chat.envelopes import (
    APPLICATION_ID,
    Caller,
    intent_request,
    launch_request,
    skill_disabled_event,
)
from tests.support import dynamodb_local
from tests.support.deploy import ARTIFACT, REPO_ROOT, artifact_files, artifact_sizes, load_template

RUNTIME_PROVIDED = ("boto3", "botocore", "s3transfer", "jmespath", "urllib3")
MUST_NOT_SHIP = (
    "flask",
    "flask_ask_sdk",
    "werkzeug",
    "jinja2",
    "itsdangerous",
    "click",
    "ask_sdk_webservice_support",
    "cryptography",
    "certvalidator",
    "oscrypto",
    "pytest",
    "_pytest",
    "pluggy",
    "hypothesis",
    "mypy",
    "mypyc",
    "mypy_boto3_dynamodb",
    "boto3_stubs",
    "botocore_stubs",
    "ruff",
    "yaml",
    "moto",
    "tests",
    "bench",
    "interaction_models",
    *RUNTIME_PROVIDED,
)
SKILL_NOT_SHIPPED = ("web", "chat", "cli.py", "interaction_models")  # never used on Lambda
# Packages pinned to one exact version of a native package (pydantic to pydantic_core).
NATIVE_PARTNERS = {"pydantic_core": ("pydantic",)}
PYC_MAGIC = {"3.12": 3531}  # importlib.util.MAGIC_NUMBER of each runtime's CPython
EM_AARCH64 = 183
UNZIPPED_BUDGET = 40_000_000  # bytes; Lambda's own limits are 250 MB unzipped, 50 MB zipped
ZIPPED_LIMIT = 50_000_000


def _runtime_version() -> str:
    template = load_template()
    runtime = template["Resources"]["HeartToHeartFunction"]["Properties"].get("Runtime")
    runtime = runtime or template["Globals"]["Function"]["Runtime"]
    return str(runtime).removeprefix("python")


def _top_level(root: Path) -> set[str]:
    names = set()
    for entry in root.iterdir():
        name = entry.name
        if name.endswith(".dist-info"):
            name = name.split("-", 1)[0]
        names.add(name.removesuffix(".py").lower().replace("-", "_"))
    return names


def _dists(root: Path) -> dict[str, importlib.metadata.Distribution]:
    found: dict[str, importlib.metadata.Distribution] = {}
    for info in root.glob("*.dist-info"):
        dist = importlib.metadata.PathDistribution(info)
        found[_normal(dist.metadata["Name"])] = dist
    return found


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


# -- what it contains ---------------------------------------------------------------------------


def test_artifact_has_the_handler_and_the_skill(artifact: Path) -> None:
    assert (artifact / "handler.py").read_bytes() == (REPO_ROOT / "lambda/handler.py").read_bytes()
    for name in ("ask_sdk_core", "ask_sdk_model", "ask_sdk_runtime", "pydantic", "tzdata"):
        assert (artifact / name / "__init__.py").is_file(), name
    assert (artifact / "dateutil" / "__init__.py").is_file()


def test_artifact_skill_is_the_repositorys_skill_less_web_and_chat(artifact: Path) -> None:
    """Same files, same bytes: a stale build fails here (run `make sam-check`)."""

    def sources(root: Path) -> set[Path]:
        return {
            path.relative_to(root)
            for path in root.rglob("*")
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
        }

    repo = {
        path
        for path in sources(REPO_ROOT / "skill")
        if path.parts[0] not in SKILL_NOT_SHIPPED and not path.name.startswith(".")
    }
    shipped = sources(artifact / "skill")
    assert shipped == repo, {"missing": repo - shipped, "extra": shipped - repo}
    _, mismatched, errors = filecmp.cmpfiles(
        REPO_ROOT / "skill", artifact / "skill", [str(p) for p in repo], shallow=False
    )
    assert not mismatched and not errors, f"stale artifact, run `make sam-check`: {mismatched}"
    content = [p for p in shipped if p.parts[:2] == ("content", "data") and p.suffix == ".json"]
    assert len(content) >= 10, "the content JSON must ship"


def test_artifact_ships_no_web_service_dev_tools_or_runtime_sdk(artifact: Path) -> None:
    shipped = _top_level(artifact)
    assert not shipped & set(MUST_NOT_SHIP), shipped & set(MUST_NOT_SHIP)
    assert not any(name.endswith("_stubs") or name.startswith("types_") for name in shipped)
    for name in SKILL_NOT_SHIPPED:
        assert not (artifact / "skill" / name).exists(), name
    assert not (artifact / "bin").exists()
    for path in artifact_files(artifact):
        relative = path.relative_to(artifact).as_posix()
        assert not re.search(r"(^|/)(tests?|testing)/conftest\.py$", relative), relative
        assert "flask" not in relative.lower(), relative


def test_every_dependency_is_shipped_or_provided_by_the_runtime(artifact: Path) -> None:
    dists = _dists(artifact)
    environment = {
        "python_version": _runtime_version(),
        "python_full_version": _runtime_version() + ".0",
        "platform_machine": "aarch64",
        "sys_platform": "linux",
        "platform_system": "Linux",
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
        "os_name": "posix",
        "extra": "",
    }
    provided = {_normal(name) for name in RUNTIME_PROVIDED}
    for name, dist in dists.items():
        for line in dist.requires or []:
            requirement = Requirement(line)
            if requirement.marker and not requirement.marker.evaluate(environment):
                continue
            needed = _normal(requirement.name)
            assert needed not in {"boto3", "botocore"}, f"{name} needs {line}: not the runtime's"
            if needed in provided:
                continue
            assert needed in dists, f"{name} needs {line}, which is not in the artifact"
            version = dists[needed].version
            assert requirement.specifier.contains(version, prereleases=True), (name, line, version)
    assert dists["python-dateutil"].version.split(".")[0] == "2", "the runtime's botocore needs <3"


def test_native_code_is_built_for_arm64_and_the_runtimes_python(artifact: Path) -> None:
    version = _runtime_version().replace(".", "")
    libraries = list(artifact.rglob("*.so"))
    core = list((artifact / "pydantic_core").glob("_pydantic_core.*.so"))
    assert [p.name for p in core] == [f"_pydantic_core.cpython-{version}-aarch64-linux-gnu.so"]
    for library in libraries:
        header = library.read_bytes()[:20]
        assert header[:4] == b"\x7fELF" and header[4] == 2, library  # 64-bit ELF
        machine = int.from_bytes(header[18:20], "little")
        assert machine == EM_AARCH64, f"{library.name} is not arm64 (e_machine {machine})"
        assert f"cpython-{version}-aarch64" in library.name or ".abi3." in library.name, library


def test_bytecode_is_compiled_for_the_runtimes_python(artifact: Path) -> None:
    """Every module has a .pyc for the runtime's CPython that needs no source check."""
    version = _runtime_version()
    tag = f"cpython-{version.replace('.', '')}"
    sources = [p for p in artifact.rglob("*.py")]
    missing = [
        p.relative_to(artifact)
        for p in sources
        if not (p.parent / "__pycache__" / f"{p.stem}.{tag}.pyc").is_file()
    ]
    assert not missing, (
        f"{len(missing)} of {len(sources)} modules have no {tag} bytecode (built without "
        f"python{version}? see lambda/Makefile), e.g. {missing[:5]}"
    )
    other = [p for p in artifact.rglob("*.pyc") if f".{tag}." not in p.name]
    assert not other, other[:5]
    handler_pyc = (artifact / "__pycache__" / f"handler.{tag}.pyc").read_bytes()
    magic = int.from_bytes(handler_pyc[:2], "little")
    if version in PYC_MAGIC:
        assert magic == PYC_MAGIC[version]
    flags = int.from_bytes(handler_pyc[4:8], "little")
    assert flags == 0b01, "hash-based and unchecked: zip timestamps cannot invalidate it"
    assert b"/var/task/handler.py" in handler_pyc, "tracebacks should name /var/task paths"
    assert str(ARTIFACT).encode() not in handler_pyc


def test_artifact_size_is_small(artifact: Path) -> None:
    count, unzipped, zipped = artifact_sizes(artifact)
    print(
        f"artifact: {count} files, {unzipped / 1e6:.1f} MB unzipped, {zipped / 1e6:.1f} MB zipped"
    )
    assert unzipped < UNZIPPED_BUDGET, f"{unzipped / 1e6:.1f} MB: did a dev dependency slip in?"
    assert zipped < ZIPPED_LIMIT


# -- it answers ---------------------------------------------------------------------------------

ORIGIN_MODULES = ("handler", "skill", "ask_sdk_core", "pydantic", "pydantic_core", "boto3")
AFTER_EVENTS = """
print(json.dumps({n: getattr(sys.modules.get(n), "__file__", None) for n in names}), flush=True)
"""

HANDLER_DRIVER = """
import json, sys, time
import handler

names = {names!r}
print(json.dumps({{n: getattr(sys.modules.get(n), "__file__", None) for n in names}}), flush=True)


class Context:
    aws_request_id = "deploy-test"
    function_name = "HeartToHeartFunction"
    memory_limit_in_mb = 256

    def get_remaining_time_in_millis(self):
        return 7000


for line in sys.stdin:
    started = time.monotonic()
    try:
        result = {{"response": handler.handler(json.loads(line), Context())}}
    except Exception as error:
        result = {{"error": type(error).__name__, "message": str(error)[:300]}}
    result["seconds"] = time.monotonic() - started
    print(json.dumps(result), flush=True)
"""

IMPORT_ALL_DRIVER = """
import importlib, json, pkgutil
import skill

names = sorted(m.name for m in pkgutil.walk_packages(skill.__path__, "skill."))
failed = {}
for name in names:
    try:
        importlib.import_module(name)
    except Exception as error:
        failed[name] = repr(error)
print(json.dumps({"modules": names, "failed": failed}))
"""


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    assert spec is not None, f"{name} is not installed in this virtual environment"
    if spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    assert spec.origin
    return Path(spec.origin)


def _dist_version(root: Path, package: str) -> str | None:
    for info in root.glob(f"{package}-*.dist-info"):
        return info.name.removesuffix(".dist-info").split("-", 1)[1]
    return None


def _link_all(target: Path, names: list[str]) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for name in names:
        source = _package_dir(name)
        (target / source.name).symlink_to(source)


def _python_path(tmp_path: Path) -> str:
    """host (native packages) : the artifact : runtime (boto3 & co., as /var/runtime)."""
    native = {
        library.relative_to(ARTIFACT).parts[0]
        for library in ARTIFACT.rglob("*.so")
        if not (library.parent / (library.name.split(".", 1)[0] + ".py")).exists()
    }
    host = sorted(native)
    for package in sorted(native):
        shipped = _dist_version(ARTIFACT, package)
        local = importlib.metadata.version(package.replace("_", "-"))
        if shipped != local:  # e.g. a virtual environment older than the build
            host.extend(NATIVE_PARTNERS.get(package, ()))
    _link_all(tmp_path / "host", host)
    _link_all(tmp_path / "runtime", list(RUNTIME_PROVIDED))
    return os.pathsep.join([str(tmp_path / "host"), str(ARTIFACT), str(tmp_path / "runtime")])


def _environment(tmp_path: Path, storage: dict[str, str], table: str) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "HOME": str(tmp_path),
        "PYTHONPATH": _python_path(tmp_path),
        "PYTHONDONTWRITEBYTECODE": "1",
        "TABLE_NAME": table,
        "SKILL_ID": APPLICATION_ID,
        "LOG_LEVEL": "INFO",
        "AWS_LAMBDA_FUNCTION_NAME": "HeartToHeartFunction",
        "AWS_REGION": "us-east-1",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "local",
        "AWS_SECRET_ACCESS_KEY": "local",
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        **storage,
    }


def _run(
    tmp_path: Path, environment: dict[str, str], code: str, events: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Run `code` in a fresh interpreter without site-packages (-S), feeding events as lines."""
    work = tmp_path / "cwd"
    work.mkdir(exist_ok=True)
    completed = subprocess.run(
        [sys.executable, "-S", "-B", "-c", code],
        input="".join(json.dumps(event) + "\n" for event in events),
        capture_output=True,
        text=True,
        cwd=work,  # not the repository, whose skill/ would shadow the artifact's
        env=environment,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    return [json.loads(line) for line in completed.stdout.splitlines() if line.strip()]


def _caller(tmp_path: Path) -> Caller:
    # The Settings API call for the time zone goes to a closed loopback port: it fails at once
    # and the skill uses the locale's zone, as it does when the real API is down.
    return Caller(
        user_id=f"amzn1.ask.account.DEPLOY-TEST-{tmp_path.name}",
        api_endpoint=f"http://127.0.0.1:{dynamodb_local.free_port()}",
    )


def _speech(result: dict[str, Any]) -> str:
    assert "error" not in result, result
    speech = result["response"]["response"]["outputSpeech"]
    text = speech.get("ssml") or speech.get("text") or ""
    assert isinstance(text, str)
    return text


@pytest.fixture(scope="module")
def dynamodb() -> Iterator[dynamodb_local.DynamoDbLocal]:
    try:
        local = dynamodb_local.start()
    except dynamodb_local.DynamoDbLocalMissing as error:
        dynamodb_local.missing(error)
    try:
        yield local
    finally:
        local.stop()


def test_built_handler_loads_the_artifacts_own_code(artifact: Path, tmp_path: Path) -> None:
    environment = _environment(tmp_path, {"AWS_ENDPOINT_URL_DYNAMODB": "http://127.0.0.1:9"}, "T")
    launch = launch_request(_caller(tmp_path), datetime(2026, 11, 20, 21, 30, tzinfo=UTC))
    driver = HANDLER_DRIVER.format(names=ORIGIN_MODULES) + AFTER_EVENTS
    origins, _launch, after = _run(tmp_path, environment, driver, [launch])
    for name in ("handler", "skill", "ask_sdk_core"):
        assert Path(origins[name]).resolve().is_relative_to(artifact), (name, origins[name])
    native = _package_dir("pydantic_core").resolve()
    assert Path(origins["pydantic_core"]).resolve().is_relative_to(native)
    # boto3 loads on the first storage call, not at cold start, and it is the runtime's.
    assert origins["boto3"] is None
    assert Path(after["boto3"]).is_relative_to(tmp_path / "runtime")


def test_built_handler_answers_on_dynamodb_local(
    artifact: Path, tmp_path: Path, dynamodb: dynamodb_local.DynamoDbLocal
) -> None:
    client = dynamodb.client()
    table = f"deploy-{tmp_path.name}"[:255]
    dynamodb_local.create_table_from_template(client, table)
    environment = _environment(tmp_path, dynamodb.environment(), table)
    caller = _caller(tmp_path)
    now = datetime(2026, 11, 20, 21, 30, tzinfo=UTC)
    events = [
        launch_request(caller, now),
        intent_request(caller, now, "TonightsQuestionIntent", new_session=True),
    ]
    code = HANDLER_DRIVER.format(names=ORIGIN_MODULES)
    _origins, launch, question = _run(tmp_path, environment, code, events)

    assert "Heart to Heart" in _speech(launch)
    body = launch["response"]["response"]
    assert body.get("shouldEndSession") is False and body["reprompt"], "a question keeps it open"
    assert _speech(question) and question["response"]["response"]["card"]
    stored = client.scan(TableName=table, ConsistentRead=True)["Items"]
    assert stored and all(item["PK"]["S"].startswith("HOUSEHOLD#") for item in stored)

    # Disabling the skill erases the household (Query, then deletes in a transaction).
    _origins, disabled = _run(
        tmp_path, environment, code, [skill_disabled_event(caller, now, "NOT_PERSISTED")]
    )
    assert "error" not in disabled, disabled
    assert client.scan(TableName=table, ConsistentRead=True)["Items"] == []


def test_built_handler_apologises_quickly_when_storage_is_down(
    artifact: Path, tmp_path: Path
) -> None:
    closed = f"http://127.0.0.1:{dynamodb_local.free_port()}"
    environment = _environment(tmp_path, {"AWS_ENDPOINT_URL_DYNAMODB": closed}, "HeartToHeart")
    caller = _caller(tmp_path)
    started = time.monotonic()
    _origins, launch = _run(
        tmp_path,
        environment,
        HANDLER_DRIVER.format(names=ORIGIN_MODULES),
        [launch_request(caller, datetime.now(UTC))],
    )
    assert _speech(launch), "a storage failure still gets a spoken answer"
    assert launch["seconds"] < 4, launch["seconds"]
    assert time.monotonic() - started < 30


def test_built_handler_refuses_other_skills(artifact: Path, tmp_path: Path) -> None:
    environment = _environment(tmp_path, {"AWS_ENDPOINT_URL_DYNAMODB": "http://127.0.0.1:9"}, "T")
    other = Caller(application_id="amzn1.ask.skill.11111111-2222-3333-4444-555555555555")
    _origins, answer = _run(
        tmp_path,
        environment,
        HANDLER_DRIVER.format(names=ORIGIN_MODULES),
        [launch_request(other, datetime.now(UTC))],
    )
    assert "error" in answer, "a request for another skill must not be answered"


def test_every_shipped_module_imports_without_dev_dependencies(
    artifact: Path, tmp_path: Path
) -> None:
    environment = _environment(tmp_path, {"AWS_ENDPOINT_URL_DYNAMODB": "http://127.0.0.1:9"}, "T")
    (report,) = _run(tmp_path, environment, IMPORT_ALL_DRIVER, [])
    assert len(report["modules"]) >= 20
    assert report["failed"] == {}
