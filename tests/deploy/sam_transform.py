"""Print template.yaml as CloudFormation after the SAM transform, as JSON (offline).

Run with the Python of SAM's own virtual environment (`sam.mk` does):
    .sam-venv/bin/python tests/deploy/sam_transform.py template.yaml > .aws-sam/transformed.json
It uses the same translator as `sam validate`; the template names no managed policies, so no
AWS call is made (no credentials needed). tests/deploy/test_template.py reads the result.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from samcli.lib.translate.sam_template_validator import SamTemplateValidator
from samcli.yamlhelper import yaml_parse


class _NoManagedPolicies:
    """The template attaches no managed policy by name, so there is nothing to look up."""

    def load(self) -> dict[str, str]:
        return {}


def main(path: str) -> None:
    template = yaml_parse(Path(path).read_text("utf-8"))
    validator = SamTemplateValidator(template, _NoManagedPolicies(), region="us-east-1")  # type: ignore[arg-type]
    transformed = yaml_parse(validator.get_translated_template_if_valid())
    json.dump(transformed, sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "template.yaml")
