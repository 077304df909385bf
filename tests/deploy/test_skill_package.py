"""The skill package: skill-package/skill.json against the models, and `make skill-package`.

Certification fails skills whose example phrases are not real sample utterances, so every
example phrase is checked against each locale's model and then spoken to the skill itself.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from skill.alexa.reminders_api import REMINDERS_SCOPE
from tests.support.deploy import REPO_ROOT

MANIFEST = REPO_ROOT / "skill-package" / "skill.json"
MODELS = REPO_ROOT / "skill" / "interaction_models"
ARN_PLACEHOLDER = "REPLACE-ME-SkillEndpoint"
UNQUALIFIED_ARN = (
    "arn:aws:lambda:us-east-1:123456789012:function:heart-to-heart-HeartToHeartFunction-Ab1"
)
EXAMPLE_ARN = f"{UNQUALIFIED_ARN}:live"  # the stack's SkillEndpointArn: the `live` alias
EXAMPLE_URL = "https://skill.example.com/alexa"
EXAMPLE_SKILL_ID = "amzn1.ask.skill.12345678-1234-1234-1234-123456789012"
LAUNCH_VERBS = ("open", "launch", "start", "begin")
ONE_SHOT_VERBS = ("ask", "tell")
NOT_EXAMPLES = {
    "AMAZON.FallbackIntent",
    "DangerIntent",
    "StruggleIntent",
    "DeleteDataIntent",
    "AnswerIntent",
}
LOCALE_COUNTRIES = {"en-US": "US", "en-GB": "GB", "en-CA": "CA", "en-AU": "AU", "en-IN": "IN"}


def _manifest() -> dict[str, Any]:
    document = json.loads(MANIFEST.read_text("utf-8"))
    manifest = document["manifest"]
    assert isinstance(manifest, dict)
    return manifest


def _model_locales() -> list[str]:
    return sorted(path.stem for path in MODELS.glob("*.json"))


def _language_model(locale: str) -> dict[str, Any]:
    data = json.loads((MODELS / f"{locale}.json").read_text("utf-8"))
    model = data["interactionModel"]["languageModel"]
    assert isinstance(model, dict)
    return model


def _sample_intents(model: dict[str, Any]) -> dict[str, str]:
    return {
        sample.lower(): intent["name"]
        for intent in model["intents"]
        for sample in intent.get("samples", [])
    }


def _parse_example(phrase: str, invocation: str) -> tuple[str, str]:
    """("open", "") or ("ask", "for tonight's question"): the verb and the spoken utterance."""
    match = re.fullmatch(r"Alexa, (\w+) (.+)", phrase)
    assert match, f"{phrase!r} must start with the wake word: 'Alexa, …'"
    verb, rest = match.group(1).lower(), match.group(2).rstrip(".?!").lower()
    assert rest == invocation or rest.startswith(invocation + " "), (phrase, invocation)
    return verb, rest.removeprefix(invocation).strip()


# -- the manifest -------------------------------------------------------------------------------


def test_manifest_locales_are_the_interaction_models_locales() -> None:
    manifest = _manifest()
    locales = _model_locales()
    assert locales == sorted(LOCALE_COUNTRIES)
    assert sorted(manifest["publishingInformation"]["locales"]) == locales
    assert sorted(manifest["privacyAndCompliance"]["locales"]) == locales
    countries = manifest["publishingInformation"]["distributionCountries"]
    assert sorted(countries) == sorted(LOCALE_COUNTRIES[locale] for locale in locales)


@pytest.mark.parametrize("locale", sorted(LOCALE_COUNTRIES))
def test_example_phrases_are_real_sample_utterances(locale: str) -> None:
    model = _language_model(locale)
    invocation = model["invocationName"]
    samples = _sample_intents(model)
    phrases = _manifest()["publishingInformation"]["locales"][locale]["examplePhrases"]
    assert 1 <= len(phrases) <= 3
    first_verb, first_utterance = _parse_example(phrases[0], invocation)
    assert first_verb in LAUNCH_VERBS and not first_utterance, "the first one opens the skill"
    for phrase in phrases:
        verb, utterance = _parse_example(phrase, invocation)
        if not utterance:
            assert verb in LAUNCH_VERBS, phrase
            continue
        assert verb in ONE_SHOT_VERBS, phrase
        assert utterance in samples, f"{phrase!r}: {utterance!r} is not a sample of {locale}"
        assert samples[utterance] not in NOT_EXAMPLES, (phrase, samples[utterance])
    assert len(set(phrases)) == len(phrases)


@pytest.mark.parametrize("locale", sorted(LOCALE_COUNTRIES))
def test_example_phrases_get_relevant_answers(locale: str, tmp_path: Path) -> None:
    """Each phrase, spoken to the skill in the terminal chat (a fresh household each), answers."""
    model = _language_model(locale)
    samples = _sample_intents(model)
    phrases = _manifest()["publishingInformation"]["locales"][locale]["examplePhrases"]
    lines: list[str] = []
    for number, phrase in enumerate(phrases):
        lines += [f":user example-{number}", phrase.removeprefix("Alexa, ").rstrip(".?!"), ":end"]
    completed = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from skill.cli import main; sys.exit(main(sys.argv[1:]))",
            "chat",
            "--store",
            "memory://",
            "--json",
            "--locale",
            locale,
            "--timezone",
            "America/New_York",
            "--now",
            "2026-11-20T21:30",
        ],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    turns = [json.loads(line) for line in completed.stdout.splitlines() if line.startswith("{")]
    answered = [turn for turn in turns if turn["request_type"] != "SessionEndedRequest"]
    assert len(answered) == len(phrases), turns
    for phrase, turn in zip(phrases, answered, strict=True):
        _verb, utterance = _parse_example(phrase, model["invocationName"])
        if utterance:
            assert turn["intent"] == samples[utterance], (phrase, turn["intent"])
        else:
            assert turn["request_type"] == "LaunchRequest", (phrase, turn)
        speech = turn["speech"]
        assert speech and not re.search(r"didn't (understand|catch)|sorry", speech, re.I), speech


@pytest.mark.parametrize("locale", sorted(LOCALE_COUNTRIES))
def test_description_is_clear_that_it_is_not_clinical(locale: str) -> None:
    info = _manifest()["publishingInformation"]["locales"][locale]
    assert info["name"] == "Heart to Heart"
    assert 0 < len(info["summary"]) <= 160
    assert len(info["description"]) <= 4000
    description = " ".join(info["description"].split()).lower()
    assert "not a substitute for professional advice" in description
    assert "not a clinical instrument" in description
    assert "delete our data" in description
    assert 1 <= len(info["keywords"]) <= 30


def test_privacy_urls_are_https_and_placeholders_are_marked() -> None:
    compliance = _manifest()["privacyAndCompliance"]
    assert compliance["isChildDirected"] is False
    assert compliance["usesPersonalInfo"] is True  # check-in answers are personal
    assert compliance["allowsPurchases"] is False and compliance["containsAds"] is False
    for locale, urls in compliance["locales"].items():
        for key in ("privacyPolicyUrl", "termsOfUseUrl"):
            url = urls[key]
            assert url.startswith("https://"), (locale, key, url)
            if "example.com" in url or "example.org" in url:
                assert "REPLACE-ME" in url, f"{locale} {key}: unmarked placeholder {url}"


def test_endpoint_and_skill_disabled_subscription() -> None:
    manifest = _manifest()
    endpoint = manifest["apis"]["custom"]["endpoint"]["uri"]
    assert endpoint == ARN_PLACEHOLDER, "the source keeps the placeholder; make fills it"
    assert manifest["events"]["endpoint"]["uri"] == endpoint
    assert {"eventName": "SKILL_DISABLED"} in manifest["events"]["subscriptions"]
    # Only the permission the skill uses: reminders, the scope the code asks for by voice.
    assert manifest.get("permissions") == [{"name": REMINDERS_SCOPE}]
    assert manifest["publishingInformation"]["category"] == "FRIENDS_AND_FAMILY"
    instructions = manifest["publishingInformation"]["testingInstructions"].lower()
    for state in (
        "first launch",
        "check-in",
        "resume",
        "streak",
        "delete",
        "reminder",
        "look back",
    ):
        assert state in instructions, state


# -- make skill-package -------------------------------------------------------------------------


def _make_skill_package(tmp_path: Path, **variables: str) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "MAKEFLAGS",
            "MFLAGS",
            "MAKELEVEL",
            "FUNCTION_ARN",
            "STACK_NAME",
            "SKILL_ID",
            "ENDPOINT_URL",
            "SSL_CERTIFICATE_TYPE",
        }
    }
    arguments = [f"{key}={value}" for key, value in variables.items()]
    return subprocess.run(
        ["make", "--no-print-directory", "-f", "sam.mk", "skill-package", *arguments],
        cwd=REPO_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_make_skill_package_assembles_the_ask_cli_layout(tmp_path: Path) -> None:
    package = tmp_path / "skill-package"
    completed = _make_skill_package(
        tmp_path,
        SKILL_PACKAGE_DIR=str(package),
        FUNCTION_ARN=EXAMPLE_ARN,
        SKILL_ID=EXAMPLE_SKILL_ID,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    manifest = json.loads((package / "skill.json").read_text("utf-8"))["manifest"]
    assert manifest["apis"]["custom"]["endpoint"]["uri"] == EXAMPLE_ARN
    assert manifest["events"]["endpoint"]["uri"] == EXAMPLE_ARN
    assert ARN_PLACEHOLDER not in (package / "skill.json").read_text("utf-8")
    models = sorted(p.name for p in (package / "interactionModels" / "custom").iterdir())
    assert models == [f"{locale}.json" for locale in _model_locales()]
    for name in models:
        shipped = (package / "interactionModels" / "custom" / name).read_bytes()
        assert shipped == (MODELS / name).read_bytes()
    resources = json.loads((tmp_path / "ask-resources.json").read_text("utf-8"))
    assert resources["profiles"]["default"]["skillMetadata"]["src"] == "./skill-package"
    states = json.loads((tmp_path / ".ask" / "ask-states.json").read_text("utf-8"))
    assert states["profiles"]["default"]["skillId"] == EXAMPLE_SKILL_ID
    assert "WARNING" not in completed.stdout
    assert "REPLACE-ME" in completed.stdout, "it reminds about the placeholder URLs"


def test_make_skill_package_without_an_endpoint_warns(tmp_path: Path) -> None:
    package = tmp_path / "skill-package"
    completed = _make_skill_package(tmp_path, SKILL_PACKAGE_DIR=str(package))
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "WARNING: no endpoint" in completed.stdout
    assert json.loads((package / "skill.json").read_text("utf-8")) == json.loads(
        MANIFEST.read_text("utf-8")
    )
    assert not (tmp_path / ".ask").exists()


@pytest.mark.parametrize(
    "variables",
    [
        {"FUNCTION_ARN": "arn:aws:lambda:us-east-1:123:function:x"},
        {"FUNCTION_ARN": "not-an-arn"},
        {"FUNCTION_ARN": UNQUALIFIED_ARN},  # every deploy would be live at once
        {"FUNCTION_ARN": f"{UNQUALIFIED_ARN}:7"},  # a fixed version never gets fixes
        {"FUNCTION_ARN": EXAMPLE_ARN, "SKILL_ID": "amzn1.ask.skill.nope"},
        {"ENDPOINT_URL": "http://skill.example.com/alexa"},
        {"ENDPOINT_URL": "https://skill.example.com:8443/alexa"},
        {"ENDPOINT_URL": "https://skill.example.com/a|b"},
        {"ENDPOINT_URL": EXAMPLE_URL, "SSL_CERTIFICATE_TYPE": "SelfSigned"},
        {"ENDPOINT_URL": EXAMPLE_URL, "FUNCTION_ARN": EXAMPLE_ARN},
    ],
)
def test_make_skill_package_refuses_malformed_ids(
    tmp_path: Path, variables: dict[str, str]
) -> None:
    completed = _make_skill_package(
        tmp_path, SKILL_PACKAGE_DIR=str(tmp_path / "skill-package"), **variables
    )
    assert completed.returncode != 0
    assert "not a" in completed.stdout + completed.stderr


def test_make_skill_package_points_a_web_service_endpoint_at_https(tmp_path: Path) -> None:
    package = tmp_path / "skill-package"
    completed = _make_skill_package(
        tmp_path,
        SKILL_PACKAGE_DIR=str(package),
        ENDPOINT_URL=EXAMPLE_URL,
        SSL_CERTIFICATE_TYPE="Wildcard",
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    manifest = json.loads((package / "skill.json").read_text("utf-8"))["manifest"]
    expected = {"uri": EXAMPLE_URL, "sslCertificateType": "Wildcard"}
    assert manifest["apis"]["custom"]["endpoint"] == expected
    assert manifest["events"]["endpoint"] == expected
    assert "WARNING" not in completed.stdout


def test_make_skill_package_web_service_certificate_defaults_to_trusted(tmp_path: Path) -> None:
    package = tmp_path / "skill-package"
    completed = _make_skill_package(
        tmp_path, SKILL_PACKAGE_DIR=str(package), ENDPOINT_URL=EXAMPLE_URL
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    manifest = json.loads((package / "skill.json").read_text("utf-8"))["manifest"]
    assert manifest["apis"]["custom"]["endpoint"]["sslCertificateType"] == "Trusted"
