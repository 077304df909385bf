"""The report: the figures as a Markdown table (RESULTS.md) and as JSON, with date and machine."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reliability.figures import Figure, Section


@dataclass(frozen=True)
class Machine:
    date: str
    cores: int
    memory_gib: float
    system: str
    python: str

    @classmethod
    def here(cls) -> Machine:
        try:
            date = subprocess.run(
                ["date"], capture_output=True, text=True, timeout=5, check=True
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            date = "unknown"
        return cls(
            date=date,
            cores=os.cpu_count() or 0,
            memory_gib=_memory_gib(),
            system=f"{platform.system()} {platform.machine()}",
            python=platform.python_version(),
        )

    def describe(self) -> str:
        return (
            f"{self.cores} cores, {self.memory_gib:.0f} GiB of memory "
            f"({self.system}, Python {self.python})"
        )


def _memory_gib() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / (1024 * 1024)
    except (OSError, ValueError, IndexError):
        pass
    return 0.0


@dataclass
class Report:
    profile: str  # "full" or "quick"
    seed: int
    machine: Machine
    sections: list[Section] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def figures(self) -> list[Figure]:
        return [f for s in self.sections for f in s.figures]

    @property
    def failed(self) -> list[Figure]:
        return [f for f in self.figures if f.ok is False]

    def as_dict(self) -> dict[str, Any]:
        return {
            "profile": self.profile,
            "seed": self.seed,
            "date": self.machine.date,
            "machine": {
                "cores": self.machine.cores,
                "memory_gib": round(self.machine.memory_gib, 1),
                "system": self.machine.system,
                "python": self.machine.python,
            },
            "seconds": round(self.seconds, 1),
            "targets_met": not self.failed,
            "sections": [s.as_dict() for s in self.sections],
        }

    def table(self) -> str:
        rows = ["| Area | Figure | Value | Target | Met |", "| --- | --- | --- | --- | --- |"]
        for figure in self.figures:
            met = {True: "yes", False: "**NO**", None: ""}[figure.ok]
            value = figure.shown().replace("|", "\\|")
            rows.append(f"| {figure.area} | {figure.name} | {value} | {figure.target} | {met} |")
        return "\n".join(rows)

    def markdown(self) -> str:
        minutes, seconds = divmod(round(self.seconds), 60)
        command = "make reliability" if self.profile == "full" else "make reliability-quick"
        verdict = (
            "Every target holds."
            if not self.failed
            else f"{len(self.failed)} target(s) not met (marked **NO**)."
        )
        lines = [
            "# Reliability figures",
            "",
            f"`{command}` (`python -m reliability{' --quick' if self.profile == 'quick' else ''}`)"
            f" on {self.machine.date}, on {self.machine.describe()}; seed {self.seed};"
            f" {minutes} min {seconds} s. {verdict}",
            "",
            "All traffic stayed on 127.0.0.1: Amazon DynamoDB Local, a fake Alexa Settings API, a",
            "certificate server and the web service, all started by the run; every loop is bounded",
            "in count and time. Regenerate with the command above; the JSON is in",
            "`reliability/results/latest.json`.",
            "",
            self.table(),
            "",
        ]
        examples = [(s.name, e) for s in self.sections for e in s.examples]
        if examples:
            lines += ["## Examples of what failed", ""]
            lines += [f"- {name}: `{text}`".replace("\n", " ") for name, text in examples]
            lines.append("")
        return "\n".join(lines)

    def console(self) -> str:
        width = max((len(f.name) for f in self.figures), default=20)
        out = []
        area = None
        for figure in self.figures:
            if figure.area != area:
                area = figure.area
                out.append(f"\n{area}")
            met = {True: "ok", False: "FAIL", None: ""}[figure.ok]
            target = f"(target {figure.target})" if figure.target else ""
            out.append(f"  {figure.name:<{width}}  {figure.shown():>14}  {target:<18} {met}")
        return "\n".join(out)

    def write(self, directory: Path, markdown_path: Path | None) -> list[Path]:
        directory.mkdir(parents=True, exist_ok=True)
        name = "latest.json" if self.profile == "full" else "quick.json"
        written = [directory / name]
        written[0].write_text(
            json.dumps(self.as_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        if markdown_path is not None:
            markdown_path.write_text(self.markdown(), encoding="utf-8")
            written.append(markdown_path)
        return written


def print_flush(text: str) -> None:
    print(text, flush=True)
    sys.stderr.flush()
