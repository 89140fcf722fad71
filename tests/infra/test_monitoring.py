"""infra/terraform/monitoring.tf, statically: the log-based metrics filter on fields the functions really
log (checked against lines made by functions/pass_log.py), and the alert policies watch those metrics
and notify the configured channels."""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime
from typing import Any

import pytest

from functions.json_logs import JsonFormatter
from functions.pass_log import SEVERITY, Pass, timed
from shared.app.pushes import PushResult
from shared.app.tick import TickReport
from tests.infra.terraform_files import locals_, resource, variables

METRIC = "google_logging_metric"
POLICY = "google_monitoring_alert_policy"


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[dict[str, Any]] = []
        self.setFormatter(JsonFormatter({}))

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(json.loads(self.format(record)))


@pytest.fixture
def logged() -> Any:
    handler = _Lines()
    logger = logging.getLogger("waybill.pass")
    logger.addHandler(handler)
    before = logger.level
    logger.setLevel(logging.INFO)
    try:
        yield handler.lines
    finally:
        logger.removeHandler(handler)
        logger.setLevel(before)


def _lines_of_every_kind(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A good tick, a tick with a refused push and a failed tick, as the functions log them."""
    report = TickReport(datetime(2024, 5, 1, tzinfo=UTC))
    Pass({"function": "sync", "event": "tick", "tick_id": "a"}).report("tick done", report)
    report.pushes = [PushResult("3705000000000000001", "ship", False, code="606003", retry=False)]
    report.shop_errors = {"list": "-1 busy"}
    Pass({"function": "sync", "event": "tick", "tick_id": "b"}).report("tick done", report)
    with pytest.raises(RuntimeError), timed(function="sync", event="tick", tick_id="c"):
        raise RuntimeError("boom")
    return lines


def _fields(expression: str) -> set[str]:
    return set(re.findall(r"jsonPayload\.(\w+)", expression))


def _metric_expressions(name: str) -> list[str]:
    body = resource(METRIC, name)
    return [str(body["filter"]), *(str(v) for v in body.get("label_extractors", {}).values())]


def test_the_metrics_filter_on_fields_the_functions_log(logged: list[dict[str, Any]]) -> None:
    lines = _lines_of_every_kind(logged)
    by_event: dict[str, set[str]] = {}
    for line in lines:
        by_event.setdefault(line["event"], set()).update(line)
    for name, event in (
        ("failing_ticks", "tick"),
        ("good_ticks", "tick"),
        ("refused_pushes", "push_refused"),
    ):
        expressions = _metric_expressions(name)
        assert f'jsonPayload.event="{event}"' in expressions[0], name
        fields = set().union(*(_fields(e) for e in expressions))
        assert fields <= by_event[event], (name, fields - by_event[event])


def test_failing_ticks_count_exactly_the_outcomes_logged_as_warnings_or_errors(
    logged: list[dict[str, Any]],
) -> None:
    failing = {outcome for outcome, level in SEVERITY.items() if level >= logging.WARNING}
    named = set(re.findall(r'"(\w+)"', str(resource(METRIC, "failing_ticks")["filter"]).split("outcome=")[1]))
    assert named == failing == {"failed", "stopped", "partial"}
    outcomes = {
        (line["outcome"], line["severity"])
        for line in _lines_of_every_kind(logged)
        if line["event"] == "tick"
    }
    assert outcomes == {("ok", "INFO"), ("partial", "WARNING"), ("failed", "ERROR")}
    assert 'outcome="ok"' in str(resource(METRIC, "good_ticks")["filter"])


def test_every_metric_is_scoped_to_this_deployments_functions() -> None:
    scope = str(locals_()["log_scope"])
    assert 'resource.type="cloud_run_revision"' in scope and "${var.name_prefix}-" in scope
    for name in ("failing_ticks", "good_ticks", "refused_pushes"):
        body = resource(METRIC, name)
        assert str(body["filter"]).startswith("${local.log_scope} AND "), name
        assert "${var.name_prefix}" in str(body["name"]), name


def _conditions(policy: dict[str, Any]) -> list[dict[str, Any]]:
    conditions = policy["conditions"]
    return conditions if isinstance(conditions, list) else [conditions]


def _block(value: Any) -> dict[str, Any]:
    """A nested block (python-hcl2 gives a one-item list or the block itself)."""
    found: dict[str, Any] = value[0] if isinstance(value, list) else value
    return found


def test_the_alert_policies_watch_the_metrics_and_notify_the_channels() -> None:
    watched = {
        "sync": {"failing_ticks": "condition_threshold", "good_ticks": "condition_absent"},
        "refused_pushes": {"refused_pushes": "condition_threshold"},
    }
    for name, metrics in watched.items():
        policy = resource(POLICY, name)
        assert policy["notification_channels"] == "${local.alert_channels}"
        found = {}
        for condition in _conditions(policy):
            kind = next(k for k in ("condition_threshold", "condition_absent") if k in condition)
            metric = re.search(r"google_logging_metric\.(\w+)\.name", str(_block(condition[kind])["filter"]))
            assert metric is not None, condition
            found[metric.group(1)] = kind
        assert found == metrics, name
        text = str(_block(policy["documentation"])["content"])
        assert re.search(r"[\u4e00-\u9fff]", text) and " / The " in text  # Chinese, then its English twin


def test_the_notification_channel_is_a_variable_and_alerts_need_no_required_input() -> None:
    declared = variables()
    assert declared["alert_email"]["default"] == ""
    assert declared["alert_notification_channels"]["default"] == []
    assert "var.alert_notification_channels" in str(locals_()["alert_channels"])
    channel = resource("google_monitoring_notification_channel", "email")
    assert channel["type"] == "email" and "var.alert_email" in str(channel["for_each"])
