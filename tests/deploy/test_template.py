"""template.yaml (and its transformed CloudFormation) declares the backend the README describes."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from tests.support.deploy import FUNCTION, REPO_ROOT

ALEXA_TIMEOUT_SECONDS = 8
ITEM_ACTIONS = {
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:ConditionCheckItem",
    "dynamodb:Query",
    "dynamodb:BatchWriteItem",
    "dynamodb:BatchGetItem",
}
# Who provides what in a DynamoDB transaction's items (IAM checks the underlying item action).
TRANSACTION_ITEM_ACTIONS = {
    "Put": "dynamodb:PutItem",
    "Update": "dynamodb:UpdateItem",
    "Delete": "dynamodb:DeleteItem",
    "ConditionCheck": "dynamodb:ConditionCheckItem",
    "Get": "dynamodb:GetItem",
}
STORE_MODULE = REPO_ROOT / "skill" / "storage" / "dynamodb.py"
LIVE_ALIAS = f"{FUNCTION}Aliaslive"  # the alias SAM makes for AutoPublishAlias: live
CODEDEPLOY_ROLE = "CodeDeployServiceRole"


def _function(template: dict[str, Any]) -> dict[str, Any]:
    """The function's properties with the template's Globals applied (as SAM does)."""
    resource = template["Resources"][FUNCTION]
    assert resource["Type"] == "AWS::Serverless::Function"
    merged = dict(template.get("Globals", {}).get("Function", {}))
    merged.update(resource["Properties"])
    return merged


def _resources_of(document: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    return {
        name: resource
        for name, resource in document["Resources"].items()
        if resource["Type"] == kind
    }


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _statements(transformed: dict[str, Any]) -> list[dict[str, Any]]:
    """Every IAM policy statement the deployed stack grants (roles' inline policies included)."""
    statements: list[dict[str, Any]] = []
    for role in _resources_of(transformed, "AWS::IAM::Role").values():
        for policy in role["Properties"].get("Policies", []):
            statements.extend(_as_list(policy["PolicyDocument"]["Statement"]))
    for kind in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"):
        for policy in _resources_of(transformed, kind).values():
            statements.extend(_as_list(policy["Properties"]["PolicyDocument"]["Statement"]))
    return statements


def _store_actions() -> set[str]:
    """The IAM actions the DynamoDB store's client calls need, read from its source."""
    tree = ast.parse(STORE_MODULE.read_text("utf-8"))
    operations: set[str] = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Attribute)
            and node.func.value.attr == "_client"
        ):
            operations.add(node.func.attr)
    transaction_keys = {
        key.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Dict)
        for key in node.keys
        if isinstance(key, ast.Constant) and key.value in TRANSACTION_ITEM_ACTIONS
    }
    actions: set[str] = set()
    for operation in operations:
        if operation in ("transact_write_items", "transact_get_items"):
            actions |= {TRANSACTION_ITEM_ACTIONS[key] for key in transaction_keys}
        else:
            actions.add("dynamodb:" + "".join(p.capitalize() for p in operation.split("_")))
    return actions


# -- parameters ---------------------------------------------------------------------------------


def test_skill_id_parameter_accepts_only_skill_ids(template: dict[str, Any]) -> None:
    parameter = template["Parameters"]["SkillId"]
    assert "Default" not in parameter, "a deployment must name its own skill"
    pattern = re.compile(parameter["AllowedPattern"])
    assert pattern.fullmatch("amzn1.ask.skill.12345678-1234-1234-1234-123456789012")
    for wrong in ("", "amzn1.ask.skill.", "amzn1.ask.skill.*", "arn:aws:lambda:x", "skill"):
        assert not pattern.fullmatch(wrong), wrong


def test_default_time_zone_parameter_is_optional_and_checked(template: dict[str, Any]) -> None:
    parameter = template["Parameters"]["DefaultTimeZone"]
    assert parameter["Default"] == ""
    pattern = re.compile(parameter["AllowedPattern"])
    for good in ("", "Europe/London", "America/Argentina/Buenos_Aires", "UTC", "Etc/GMT+5"):
        assert pattern.fullmatch(good), good
    for wrong in ("Europe/London; rm", "../etc", " UTC"):
        assert not pattern.fullmatch(wrong), wrong


# -- the function -------------------------------------------------------------------------------


def test_function_runs_a_current_python_on_arm64(template: dict[str, Any]) -> None:
    function = _function(template)
    match = re.fullmatch(r"python3\.(\d+)", function["Runtime"])
    assert match and int(match.group(1)) >= 12, function["Runtime"]
    assert function["Architectures"] == ["arm64"]


def test_function_answers_within_alexas_eight_seconds(template: dict[str, Any]) -> None:
    function = _function(template)
    assert 3 <= function["Timeout"] < ALEXA_TIMEOUT_SECONDS
    memory = template["Parameters"]["MemorySize"]
    assert function["MemorySize"] == {"Ref": "MemorySize"}
    assert memory["Type"] == "Number" and memory["MinValue"] == 128
    # CPU scales with memory: the default is the README's choice (at least 256 MB).
    assert 256 <= memory["Default"] <= 1769


def test_snapstart_is_opt_in_on_published_versions_behind_the_alias(
    template: dict[str, Any],
) -> None:
    parameter = template["Parameters"]["SnapStart"]
    assert parameter["Default"] == "Disabled"
    assert set(parameter["AllowedValues"]) == {"Enabled", "Disabled"}
    assert template["Conditions"]["SnapStartEnabled"] == {
        "Fn::Equals": [{"Ref": "SnapStart"}, "Enabled"]
    }
    function = _function(template)
    assert function["AutoPublishAlias"] == "live"
    assert function["SnapStart"] == {
        "Fn::If": [
            "SnapStartEnabled",
            {"ApplyOn": "PublishedVersions"},
            {"Ref": "AWS::NoValue"},
        ]
    }


def test_function_is_built_by_the_makefile_from_lambda(template: dict[str, Any]) -> None:
    resource = template["Resources"][FUNCTION]
    assert resource["Metadata"]["BuildMethod"] == "makefile"
    function = _function(template)
    assert function["CodeUri"].rstrip("/") == "lambda"
    assert function["Handler"] == "handler.handler"
    assert (REPO_ROOT / "lambda" / "handler.py").is_file()
    assert f"build-{FUNCTION}:" in (REPO_ROOT / "lambda" / "Makefile").read_text("utf-8")


def test_makefile_builds_for_the_templates_runtime_and_architecture(
    template: dict[str, Any],
) -> None:
    makefile = (REPO_ROOT / "lambda" / "Makefile").read_text("utf-8")
    version = re.search(r"^LAMBDA_PYTHON\s*:=\s*(\S+)", makefile, re.M)
    platform = re.search(r"^LAMBDA_PLATFORM\s*:=\s*(\S+)", makefile, re.M)
    assert version and platform
    function = _function(template)
    assert function["Runtime"] == f"python{version.group(1)}"
    assert function["Architectures"] == ["arm64"]
    assert platform.group(1).endswith("_aarch64")


def test_function_environment(template: dict[str, Any]) -> None:
    variables = _function(template)["Environment"]["Variables"]
    assert variables["TABLE_NAME"] == {"Ref": "Table"}
    assert variables["SKILL_ID"] == {"Ref": "SkillId"}
    assert variables["LOG_LEVEL"] == {"Ref": "LogLevel"}
    assert variables["DEFAULT_TIME_ZONE"] == {"Ref": "DefaultTimeZone"}
    assert set(template["Parameters"]["LogLevel"]["AllowedValues"]) <= {
        "DEBUG",
        "INFO",
        "WARNING",
        "ERROR",
    }


def test_only_our_skill_can_invoke_the_function(
    template: dict[str, Any], transformed: dict[str, Any]
) -> None:
    events = _function(template)["Events"]
    assert [event["Type"] for event in events.values()] == ["AlexaSkill"]
    (event,) = events.values()
    assert event["Properties"]["SkillId"] == {"Ref": "SkillId"}
    # What SAM makes of it: one permission, for Alexa, restricted to the skill ID.
    permissions = _resources_of(transformed, "AWS::Lambda::Permission")
    assert len(permissions) == 1, permissions
    (permission,) = permissions.values()
    assert permission["Properties"]["Principal"] == "alexa-appkit.amazon.com"
    assert permission["Properties"]["EventSourceToken"] == {"Ref": "SkillId"}
    # Granted on the `live` alias, never on the unqualified function (every deploy live at once).
    assert permission["Properties"]["FunctionName"] == {"Ref": LIVE_ALIAS}
    assert not _resources_of(transformed, "AWS::Lambda::Url")


def test_function_logs_to_its_own_group_with_retention(
    template: dict[str, Any], transformed: dict[str, Any]
) -> None:
    groups = _resources_of(transformed, "AWS::Logs::LogGroup")
    assert list(groups) == ["FunctionLogGroup"]
    retention = groups["FunctionLogGroup"]["Properties"]["RetentionInDays"]
    assert retention == {"Ref": "LogRetentionDays"}
    parameter = template["Parameters"]["LogRetentionDays"]
    assert 1 <= parameter["Default"] <= 90
    assert max(parameter["AllowedValues"]) <= 365  # never "keep forever"
    function = transformed["Resources"][FUNCTION]["Properties"]
    assert function["LoggingConfig"]["LogGroup"] == {"Ref": "FunctionLogGroup"}


# -- the table ----------------------------------------------------------------------------------


def test_table_is_on_demand_with_the_store_keys(template: dict[str, Any]) -> None:
    table = template["Resources"]["Table"]
    assert table["Type"] == "AWS::DynamoDB::Table"
    properties = table["Properties"]
    assert properties["BillingMode"] == "PAY_PER_REQUEST"
    assert "ProvisionedThroughput" not in properties
    assert properties["KeySchema"] == [
        {"AttributeName": "PK", "KeyType": "HASH"},
        {"AttributeName": "SK", "KeyType": "RANGE"},
    ]
    assert {
        (a["AttributeName"], a["AttributeType"]) for a in properties["AttributeDefinitions"]
    } == {
        ("PK", "S"),
        ("SK", "S"),
    }
    assert "TableName" not in properties, "a fixed name blocks a second stack and replacements"


def test_table_expires_raw_answers_and_is_protected(template: dict[str, Any]) -> None:
    table = template["Resources"]["Table"]
    properties = table["Properties"]
    assert properties["TimeToLiveSpecification"] == {"AttributeName": "expiresAt", "Enabled": True}
    assert properties["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
    assert properties["SSESpecification"]["SSEEnabled"] is True
    assert properties.get("DeletionProtectionEnabled") is True or (
        table.get("DeletionPolicy") == "Retain"
    )
    assert table.get("DeletionPolicy") == "Retain"
    assert table.get("UpdateReplacePolicy") == "Retain"


def test_store_writes_the_templates_ttl_attribute() -> None:
    assert '"expiresAt"' in STORE_MODULE.read_text("utf-8")


# -- least privilege ----------------------------------------------------------------------------


def test_function_uses_its_own_role_without_managed_policies(transformed: dict[str, Any]) -> None:
    roles = _resources_of(transformed, "AWS::IAM::Role")
    assert set(roles) == {"FunctionRole", CODEDEPLOY_ROLE}, "SAM would add a basic execution role"
    # The one other role is the one CodeDeploy assumes to move the alias (SAM's own, with AWS's
    # policy for Lambda deployments): the function cannot assume it.
    deploy = roles[CODEDEPLOY_ROLE]["Properties"]
    (deploy_trust,) = deploy["AssumeRolePolicyDocument"]["Statement"]
    assert deploy_trust["Principal"] == {"Service": ["codedeploy.amazonaws.com"]}
    assert deploy["ManagedPolicyArns"] == [
        "arn:aws:iam::aws:policy/service-role/AWSCodeDeployRoleForLambda"
    ]
    assert not deploy.get("Policies")
    role = roles["FunctionRole"]["Properties"]
    assert not role.get("ManagedPolicyArns")
    assert "RoleName" not in role
    (trust,) = role["AssumeRolePolicyDocument"]["Statement"]
    assert trust["Principal"] == {"Service": "lambda.amazonaws.com"}
    assert trust["Action"] == "sts:AssumeRole"
    function = transformed["Resources"][FUNCTION]["Properties"]
    assert function["Role"] == {"Fn::GetAtt": ["FunctionRole", "Arn"]}


def test_policies_grant_only_item_actions_on_the_table(transformed: dict[str, Any]) -> None:
    statements = _statements(transformed)
    assert statements
    dynamodb_actions: set[str] = set()
    for statement in statements:
        assert statement["Effect"] == "Allow"
        assert "NotAction" not in statement and "NotResource" not in statement
        actions = _as_list(statement["Action"])
        resources = _as_list(statement["Resource"])
        for action in actions:
            assert "*" not in action, f"wildcard action {action}"
        for resource in resources:
            assert resource != "*" and resource != {"Fn::Sub": "*"}, "wildcard resource"
        services = {action.split(":", 1)[0] for action in actions}
        assert len(services) == 1, statement
        if services == {"dynamodb"}:
            dynamodb_actions |= set(actions)
            assert resources == [{"Fn::GetAtt": ["Table", "Arn"]}], resources
        else:
            assert services == {"logs"}, statement
            assert set(actions) <= {"logs:CreateLogStream", "logs:PutLogEvents"}
            assert resources == [{"Fn::GetAtt": ["FunctionLogGroup", "Arn"]}], resources
    assert dynamodb_actions <= ITEM_ACTIONS, dynamodb_actions - ITEM_ACTIONS
    assert "dynamodb:Scan" not in dynamodb_actions


def test_policy_grants_exactly_what_the_store_calls(transformed: dict[str, Any]) -> None:
    granted = {
        action
        for statement in _statements(transformed)
        for action in _as_list(statement["Action"])
        if action.startswith("dynamodb:")
    }
    needed = _store_actions()
    assert needed, "found no client calls in skill/storage/dynamodb.py"
    assert granted == needed, {
        "granted, unused": granted - needed,
        "used, not granted": needed - granted,
    }


# -- outputs and configuration ------------------------------------------------------------------


def test_outputs_name_the_alias_endpoint_and_the_table(
    template: dict[str, Any], transformed: dict[str, Any]
) -> None:
    outputs = template["Outputs"]
    assert outputs["SkillEndpointArn"]["Value"] == {"Ref": f"{FUNCTION}.Alias"}
    assert transformed["Outputs"]["SkillEndpointArn"]["Value"] == {"Ref": LIVE_ALIAS}
    assert not any(
        output["Value"] == {"Fn::GetAtt": [FUNCTION, "Arn"]} for output in outputs.values()
    ), "no output offers the unqualified function as an endpoint"
    assert outputs["TableName"]["Value"] == {"Ref": "Table"}


# -- operations: alarms, safe releases ----------------------------------------------------------

ALARMS = {"ErrorsAlarm", "ThrottlesAlarm", "SlowAnswersAlarm", "StorageErrorsAlarm"}
ALIAS_DIMENSIONS = [
    {"Name": "FunctionName", "Value": {"Ref": FUNCTION}},
    {"Name": "Resource", "Value": {"Fn::Sub": "${HeartToHeartFunction}:live"}},
]


def _alarm(template: dict[str, Any], name: str) -> dict[str, Any]:
    resource = template["Resources"][name]
    assert resource["Type"] == "AWS::CloudWatch::Alarm"
    properties = resource["Properties"]
    assert isinstance(properties, dict)
    return properties


def test_every_alarm_is_wired_to_the_optional_notification_topic(
    template: dict[str, Any],
) -> None:
    alarms = _resources_of(template, "AWS::CloudWatch::Alarm")
    assert set(alarms) == ALARMS
    parameter = template["Parameters"]["NotificationEmail"]
    assert parameter["Default"] == ""
    pattern = re.compile(parameter["AllowedPattern"])
    for good in ("", "ops@example.com", "a.b+alerts@mail.example.org"):
        assert pattern.fullmatch(good), good
    for wrong in ("ops", "ops@", "@example.com", "a b@example.com", "ops@example"):
        assert not pattern.fullmatch(wrong), wrong
    assert template["Conditions"]["HasNotificationEmail"] == {
        "Fn::Not": [{"Fn::Equals": [{"Ref": "NotificationEmail"}, ""]}]
    }
    topic = template["Resources"]["AlarmTopic"]
    assert topic["Type"] == "AWS::SNS::Topic"
    assert topic["Condition"] == "HasNotificationEmail"
    assert topic["Properties"]["Subscription"] == [
        {"Protocol": "email", "Endpoint": {"Ref": "NotificationEmail"}}
    ]
    notify = {"Fn::If": ["HasNotificationEmail", [{"Ref": "AlarmTopic"}], {"Ref": "AWS::NoValue"}]}
    for name, alarm in alarms.items():
        properties = alarm["Properties"]
        assert properties["AlarmActions"] == notify, name
        assert properties["OKActions"] == notify, name
        assert properties["TreatMissingData"] == "notBreaching", name  # quiet nights are fine


def test_function_alarms_watch_the_live_alias(template: dict[str, Any]) -> None:
    for name, metric in (("ErrorsAlarm", "Errors"), ("ThrottlesAlarm", "Throttles")):
        alarm = _alarm(template, name)
        assert (alarm["Namespace"], alarm["MetricName"]) == ("AWS/Lambda", metric)
        assert alarm["Dimensions"] == ALIAS_DIMENSIONS
        assert alarm["Statistic"] == "Sum"
        assert alarm["Threshold"] == 1  # any error or throttle
        assert alarm["ComparisonOperator"] == "GreaterThanOrEqualToThreshold"


def test_slow_answers_alarm_fires_well_before_alexas_limit(template: dict[str, Any]) -> None:
    alarm = _alarm(template, "SlowAnswersAlarm")
    assert (alarm["Namespace"], alarm["MetricName"]) == ("AWS/Lambda", "Duration")
    assert alarm["Dimensions"] == ALIAS_DIMENSIONS
    assert alarm["ExtendedStatistic"] == "p99"
    assert alarm["Unit"] == "Milliseconds"
    timeout_ms = _function(template)["Timeout"] * 1000
    assert 5000 <= alarm["Threshold"] < timeout_ms < ALEXA_TIMEOUT_SECONDS * 1000
    assert alarm["ComparisonOperator"] == "GreaterThanOrEqualToThreshold"


def test_storage_errors_are_counted_from_the_turn_log_line(template: dict[str, Any]) -> None:
    """The metric filter's phrase is exactly what the skill logs for a turn whose storage failed."""
    from skill.alexa.builder import STORAGE_ERROR_OUTCOME

    metric_filter = template["Resources"]["StorageErrorsMetricFilter"]
    assert metric_filter["Type"] == "AWS::Logs::MetricFilter"
    properties = metric_filter["Properties"]
    assert properties["LogGroupName"] == {"Ref": "FunctionLogGroup"}
    assert properties["FilterPattern"] == f'"outcome={STORAGE_ERROR_OUTCOME}"'
    (transformation,) = properties["MetricTransformations"]
    assert transformation["MetricValue"] == "1"
    alarm = _alarm(template, "StorageErrorsAlarm")
    assert alarm["Namespace"] == transformation["MetricNamespace"]
    assert alarm["MetricName"] == transformation["MetricName"]
    assert alarm["Statistic"] == "Sum" and alarm["Threshold"] == 1


def test_releases_go_through_the_live_alias_and_roll_back_on_every_alarm(
    template: dict[str, Any], transformed: dict[str, Any]
) -> None:
    function = _function(template)
    assert function["AutoPublishAlias"] == "live"
    preference = function["DeploymentPreference"]
    assert preference["Type"] == {"Ref": "DeploymentType"}
    assert {alarm["Ref"] for alarm in preference["Alarms"]} == ALARMS
    assert "Enabled" not in preference or preference["Enabled"] is True
    assert template["Parameters"]["DeploymentType"]["Default"].startswith("Canary")

    (group,) = _resources_of(transformed, "AWS::CodeDeploy::DeploymentGroup").values()
    properties = group["Properties"]
    assert properties["AlarmConfiguration"]["Enabled"] is True
    assert {alarm["Name"]["Ref"] for alarm in properties["AlarmConfiguration"]["Alarms"]} == ALARMS
    rollback = properties["AutoRollbackConfiguration"]
    assert rollback["Enabled"] is True
    assert "DEPLOYMENT_STOP_ON_ALARM" in rollback["Events"]
    alias = transformed["Resources"][LIVE_ALIAS]
    assert alias["Type"] == "AWS::Lambda::Alias"
    assert alias["Properties"]["Name"] == "live"
    assert "CodeDeployLambdaAliasUpdate" in alias["UpdatePolicy"]


def test_backups_keep_erased_households_for_a_bounded_window(template: dict[str, Any]) -> None:
    pitr = template["Resources"]["Table"]["Properties"]["PointInTimeRecoverySpecification"]
    assert pitr["RecoveryPeriodInDays"] == {"Ref": "BackupRecoveryDays"}
    parameter = template["Parameters"]["BackupRecoveryDays"]
    assert 1 <= parameter["MinValue"] <= parameter["Default"] <= parameter["MaxValue"] <= 35
    readme = (REPO_ROOT / "README.md").read_text("utf-8")
    assert f"{parameter['Default']} days" in readme, "the privacy notes state the window"


def test_samconfig_has_sensible_defaults() -> None:
    config = tomllib.loads((REPO_ROOT / "samconfig.toml").read_text("utf-8"))
    assert config["default"]["global"]["parameters"]["stack_name"] == "heart-to-heart"
    deploy = config["default"]["deploy"]["parameters"]
    assert deploy["capabilities"] == "CAPABILITY_IAM"
    assert deploy["confirm_changeset"] is True
    assert deploy["resolve_s3"] is True
    assert "SkillId" not in str(deploy.get("parameter_overrides", "")), "each deployer's own"
    build = config["default"].get("build", {}).get("parameters", {})
    assert build.get("cached") is not True, "SAM's cache key ignores skill/"
    assert config["default"]["validate"]["parameters"]["lint"] is True


def _requirement_names(lines: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if line:
            name = re.split(r"[<>=!~;\[ ]", line, maxsplit=1)[0].lower().replace("_", "-")
            found[name] = line.replace(" ", "")
    return found


def test_artifact_requirements_are_pyprojects_runtime_dependencies_less_boto3() -> None:
    pyproject = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text("utf-8"))
    runtime = _requirement_names(pyproject["project"]["dependencies"])
    lambda_requirements = _requirement_names(
        (REPO_ROOT / "lambda" / "requirements.in").read_text("utf-8").splitlines()
    )
    assert "boto3" in runtime and "boto3" not in lambda_requirements
    runtime.pop("boto3")
    assert lambda_requirements == runtime
    assert "<3" in lambda_requirements["python-dateutil"], "the runtime's botocore needs <3"


@pytest.mark.parametrize("path", ["template.yaml", "samconfig.toml", "lambda/Makefile", "sam.mk"])
def test_deployment_files_exist(path: str) -> None:
    assert Path(REPO_ROOT / path).is_file()
