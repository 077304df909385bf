"""Generate each locale's ASK interaction model from one source per language.

Source (at the repository root, edited by hand):

    interaction_models/<language>/language.json        {"invocationName": …}
    interaction_models/<language>/intents/<Intent>.json {"name", "slots"?, "samples", "generate"?}
    interaction_models/<language>/types/<Type>.json     {"name", "values"?, "generate"?}
    interaction_models/<locale>/intents/<Intent>.json   {"name", "samples"?, "drop"?}: how speakers
                                                        of that locale say it differently

`generate` names a function ("module:function") whose list is added: samples built from one list
of carriers, or a slot type built from the words the code understands, so the model and the code
cannot disagree. Run `python -m skill.interaction_models.build` (or `make models`); `--check`
exits 1 when the checked-in models are not what the source gives.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path
from typing import Any

from skill.content.loader import SUPPORTED_LOCALES, language_of

SOURCE = Path(__file__).resolve().parents[2] / "interaction_models"
OUTPUT = Path(__file__).resolve().parent


def _read(path: Path) -> Any:
    return json.loads(path.read_text("utf-8"))


def _generated(reference: str) -> list[Any]:
    module_name, _, function_name = reference.partition(":")
    produced = getattr(importlib.import_module(module_name), function_name)()
    if not isinstance(produced, list):
        raise TypeError(f"{reference} must return a list")
    return produced


def _unique(items: list[str]) -> list[str]:
    """The samples in order, each once (Alexa refuses a model with a sample twice)."""
    first: dict[str, str] = {}
    for item in items:
        first.setdefault(item.lower(), item)
    return list(first.values())


def _intent(source: dict[str, Any], overlay: dict[str, Any] | None) -> dict[str, Any]:
    samples = list(source.get("samples", []))
    if "generate" in source:
        samples += _generated(source["generate"])
    if overlay:
        dropped = {s.lower() for s in overlay.get("drop", [])}
        samples = [s for s in samples if s.lower() not in dropped] + overlay.get("samples", [])
    intent: dict[str, Any] = {"name": source["name"]}
    if source.get("slots"):
        intent["slots"] = source["slots"]
    intent["samples"] = _unique(samples)
    return intent


def _type(source: dict[str, Any]) -> dict[str, Any]:
    values = list(source.get("values", []))
    if "generate" in source:
        values += _generated(source["generate"])
    return {"name": source["name"], "values": values}


def _order(name: str) -> tuple[bool, str]:
    return name.startswith("AMAZON."), name


def build_model(locale: str, source: Path = SOURCE) -> dict[str, Any]:
    """One locale's model: the language's intents and types, with the locale's own phrasing."""
    language = source / language_of(locale)
    overlays = {
        path.stem: _read(path) for path in sorted((source / locale / "intents").glob("*.json"))
    }
    intents = [_read(path) for path in sorted((language / "intents").glob("*.json"))]
    unknown = set(overlays) - {i["name"] for i in intents}
    if unknown:
        raise ValueError(f"{locale} overlays intents the language does not have: {unknown}")
    intents.sort(key=lambda i: _order(i["name"]))
    return {
        "interactionModel": {
            "languageModel": {
                "invocationName": _read(language / "language.json")["invocationName"],
                "intents": [_intent(i, overlays.get(i["name"])) for i in intents],
                "types": [_type(_read(p)) for p in sorted((language / "types").glob("*.json"))],
            }
        }
    }


def render(model: dict[str, Any]) -> str:
    return json.dumps(model, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None, output: Path = OUTPUT) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the models are stale")
    args = parser.parse_args(argv)
    stale = []
    for locale in SUPPORTED_LOCALES:
        target = output / f"{locale}.json"
        text = render(build_model(locale))
        current = target.read_text("utf-8") if target.is_file() else None
        if current == text:
            continue
        if args.check:
            stale.append(locale)
        else:
            target.write_text(text, "utf-8")
            print(f"wrote {target}")
    if stale:
        print(f"stale interaction models: {', '.join(stale)} (run: make models)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
