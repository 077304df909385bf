"""The function's folder as the Lambda build lays it out, for this machine's Python.

lambda/Makefile packs handler.py, skill/ (less what Lambda never imports) and the content
pre-validated into skill/content/compiled.json, with wheels for arm64. Those wheels do not load
here, so the cold starts run this folder instead: the same handler.py and skill/ and the same
compiled content (made by the same `python -m skill.content.compiled`), with the dependencies
from the Lambda-like site folder (bench.sitepackages). Rebuilt at every run, never committed.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Final

from skill.content.compiled import main as compile_content

REPO_ROOT: Final = Path(__file__).resolve().parents[1]
TASK_DIR: Final = REPO_ROOT / "bench" / "results" / "task"
MAKEFILE: Final = REPO_ROOT / "lambda" / "Makefile"


def excluded_from_artifact(makefile: Path = MAKEFILE) -> list[str]:
    """The parts of skill/ the build leaves out (lambda/Makefile's SKILL_EXCLUDE)."""
    match = re.search(r"^SKILL_EXCLUDE\s*:=\s*(.+)$", makefile.read_text("utf-8"), re.MULTILINE)
    if match is None:
        raise RuntimeError(f"no SKILL_EXCLUDE in {makefile}")
    return match.group(1).split()


def build(target: Path = TASK_DIR) -> Path:
    """Make the folder afresh; returns its handler.py."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    shutil.copy2(REPO_ROOT / "lambda" / "handler.py", target / "handler.py")
    shutil.copytree(
        REPO_ROOT / "skill",
        target / "skill",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".*", "compiled.json"),
    )
    for relative in excluded_from_artifact():
        path = target / relative
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
    if compile_content([str(target / "skill" / "content" / "compiled.json")]) != 0:
        raise RuntimeError("the content did not compile")
    return target / "handler.py"
