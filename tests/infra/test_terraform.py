"""Static checks of infra/terraform: it parses, it deploys every entry point of main.py with the right
trigger, it declares and mounts every secret the settings read, it holds no secret value, and it is
formatted. Data-driven: main.py and shared/app/config.py are the lists, read at test time."""

from __future__ import annotations

import math
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from demo.local_functions import TICK_MAX_DELIVERY_ATTEMPTS
from shared.app.config import PLAIN_VARIABLES, SECRET_VARIABLES
from tests.infra.terraform_files import (
    TERRAFORM,
    dynamic,
    entry_points,
    locals_,
    outputs,
    parse,
    resource,
    resources,
    tf_files,
    variables,
)

FUNCTION = "google_cloudfunctions2_function"
PUBSUB_EVENT = "google.cloud.pubsub.topic.v1.messagePublished"


def test_every_tf_file_parses() -> None:
    files = tf_files()
    assert len(files) >= 5, "infra/terraform should hold the deployment"
    for path in files:
        assert isinstance(parse(path), dict), path.name


def test_main_py_has_the_known_entry_points() -> None:
    known = {"sheet_edit": "http", "sync": "cloud_event", "sync_now": "http", "shop_events": "http"}
    known |= {"refresh": "cloud_event", "tracking_events": "http", "supplier_events": "http"}
    assert known.items() <= entry_points().items()


def undeployed(found: dict[str, str]) -> list[str]:
    """Entry points (name -> http | cloud_event) without a function of the right trigger in locals.tf."""
    declared = locals_()["functions"]
    problems = []
    for name, kind in sorted(found.items()):
        want = "pubsub" if kind == "cloud_event" else "http"
        spec = declared.get(name)
        if spec is None:
            problems.append(f"{name}: no function in infra/terraform/locals.tf")
        elif spec["entry_point"] != name or spec["trigger"] != want:
            problems.append(f"{name}: needs entry_point {name!r} and trigger {want!r}")
    return problems


def test_every_entry_point_of_main_py_is_deployed_with_its_trigger() -> None:
    fn = resource(FUNCTION, "fn")
    assert fn["for_each"] == "${local.functions}"
    assert fn["build_config"][0]["entry_point"] == "${each.value.entry_point}"
    trigger = dynamic(fn, "event_trigger")
    assert trigger is not None and trigger["for_each"] == '${each.value.delivery == "eventarc" ? [1] : []}'
    content = trigger["content"][0]
    assert content["event_type"] == PUBSUB_EVENT
    assert content["pubsub_topic"] == "${local.topic_ids[each.value.topic]}"
    assert undeployed(entry_points()) == []
    # Each event function is triggered by its own topic: through Eventarc, or (sync) through the
    # topic's own push subscription, which alone can have a dead-letter topic (tick_delivery.tf).
    events = {
        name: (spec["topic"], spec["delivery"])
        for name, spec in locals_()["functions"].items()
        if spec["trigger"] == "pubsub"
    }
    assert events == {
        "dispatch": ("schedule", "eventarc"),
        "sync": ("tick", "subscription"),
        "refresh": ("refresh", "eventarc"),
    }
    https = {spec["delivery"] for spec in locals_()["functions"].values() if spec["trigger"] == "http"}
    assert https == {""}
    push = resource("google_pubsub_subscription", "tick")
    assert push["topic"] == "${google_pubsub_topic.tick.id}"
    assert push["push_config"][0]["push_endpoint"] == "${local.sync_url}"
    assert locals_()["sync_url"] == '${google_cloudfunctions2_function.fn["sync"].service_config[0].uri}'


def test_the_entry_point_check_follows_main_py(tmp_path: Path) -> None:
    source = tmp_path / "main.py"
    source.write_text(
        "import functions_framework\n"
        "from functions_framework import cloud_event\n\n"
        "@functions_framework.http\ndef tracking_events(request): ...\n\n"
        "@cloud_event\ndef sheet_edit(event): ...\n\n"
        "@functions_framework.http\ndef brand_new(request): ...\n\n"
        "def helper(): ...\n",
        encoding="utf-8",
    )
    found = entry_points(source)
    assert found == {"tracking_events": "http", "sheet_edit": "cloud_event", "brand_new": "http"}
    assert undeployed(found) == [
        "brand_new: no function in infra/terraform/locals.tf",
        "sheet_edit: needs entry_point 'sheet_edit' and trigger 'pubsub'",
    ]


def test_the_tick_is_scheduler_to_dispatch_to_sync_per_shop() -> None:
    """Scheduler -> schedule topic -> dispatch (Eventarc, never retried: the next schedule comes) ->
    one message per shop on the tick topic -> its push subscription -> sync, retried with backoff and
    parked on a dead-letter topic after a bounded number of deliveries (docs/shops.md)."""
    job = resource("google_cloud_scheduler_job", "tick")
    assert job["pubsub_target"][0]["topic_name"] == "${google_pubsub_topic.schedule.id}"
    assert job["retry_config"][0]["retry_count"] == 0
    assert "http_target" not in job
    trigger = dynamic(resource(FUNCTION, "fn"), "event_trigger")
    assert trigger is not None and trigger["content"][0]["retry_policy"] == "RETRY_POLICY_DO_NOT_RETRY"
    dispatch = locals_()["functions"]["dispatch"]
    assert (dispatch["max_instances"], dispatch["public"], dispatch["ingress"]) == (
        1,
        False,
        "ALLOW_INTERNAL_ONLY",
    )
    # One shop: one tick at a time, as before; shops: side by side, bounded.
    assert locals_()["functions"]["sync"]["max_instances"] == "${local.sync_instances}"
    assert locals_()["sync_instances"] == "${max(1, min(var.shop_tick_concurrency, length(var.shops)))}"
    push = resource("google_pubsub_subscription", "tick")
    retry = push["retry_policy"][0]
    assert (retry["minimum_backoff"], retry["maximum_backoff"]) == ("10s", "600s")
    dead = push["dead_letter_policy"][0]
    assert dead["dead_letter_topic"] == "${google_pubsub_topic.tick_dead_letter.id}"
    assert dead["max_delivery_attempts"] == "${var.tick_max_delivery_attempts}"
    # The local stand-in (demo/local_functions.py) parks a shop's tick after as many deliveries.
    assert variables()["tick_max_delivery_attempts"]["default"] == TICK_MAX_DELIVERY_ATTEMPTS == 5
    oidc = push["push_config"][0]["oidc_token"][0]
    assert oidc["service_account_email"] == "${google_service_account.trigger.email}"
    assert oidc["audience"] == "${local.sync_url}"
    assert push["ack_deadline_seconds"] == "${min(600, var.sync_timeout_seconds)}"
    # The parked ticks can be read for a week, and an alert watches them (monitoring.tf).
    parked = resource("google_pubsub_subscription", "tick_dead_letter")
    assert parked["topic"] == "${google_pubsub_topic.tick_dead_letter.id}"
    assert parked["message_retention_duration"] == "604800s"
    assert "push_config" not in parked
    alert = resource("google_monitoring_alert_policy", "dead_letter")
    watched = str(alert["conditions"][0]["condition_threshold"][0]["filter"])
    assert "${google_pubsub_subscription.tick_dead_letter.name}" in watched
    assert "num_undelivered_messages" in watched


def test_refresh_is_private_triggered_by_its_topic_and_not_retried() -> None:
    spec = locals_()["functions"]["refresh"]
    assert (spec["public"], spec["ingress"], spec["trigger"]) == (False, "ALLOW_INTERNAL_ONLY", "pubsub")
    topic = resource("google_pubsub_topic", "refresh")
    assert topic["name"] == "${var.name_prefix}-refresh"
    env = locals_()["plain_env"]
    assert env["WAYBILL_REFRESH_TOPIC"] == "${google_pubsub_topic.refresh.name}"
    assert env["WAYBILL_TICK_TOPIC"] == "${google_pubsub_topic.tick.name}"
    assert env["WAYBILL_GCP_PROJECT"] == "${var.project_id}"


def test_every_secret_the_settings_read_is_declared_and_mounted() -> None:
    names = locals_()["setting_secrets"]
    missing = sorted(set(SECRET_VARIABLES) - set(names))
    assert not missing, f"add to setting_secrets in infra/terraform/locals.tf: {missing}"
    assert locals_()["secret_names"] == (
        "${concat(local.setting_secrets, var.supplier_secrets, local.shop_secrets)}"
    )
    secret = resource("google_secret_manager_secret", "setting")
    assert secret["for_each"] == "${toset(local.secret_names)}"
    mount = dynamic(resource(FUNCTION, "fn")["service_config"][0], "secret_environment_variables")
    assert mount is not None and mount["for_each"] == "${local.mounted_secrets[each.key]}"
    assert mount["content"][0]["key"] == "${secret_environment_variables.value}"
    assert "local.function_secrets" in locals_()["mounted_secrets"]  # test_least_privilege.py: the sets


def test_only_optional_secrets_are_left_unmounted_by_default() -> None:
    unused = set(variables()["unused_secrets"]["default"])
    required = {"WAYBILL_WECHAT_SECRET", "WAYBILL_WECHAT_PUSH_TOKEN", "WAYBILL_WECHAT_AES_KEY"}
    required |= {"WAYBILL_EDIT_SECRET", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}
    assert not unused & required
    assert unused <= set(locals_()["setting_secrets"])


def test_plain_settings_are_environment_variables_and_secrets_are_not() -> None:
    env = locals_()["plain_env"]
    local_only = {
        "WAYBILL_JOURNAL_DIR",
        "WAYBILL_OIDC_CERTS_URL",
        "KUAIDI100_AUTONUMBER_URL",
        "WAYBILL_PUBSUB_API_BASE",
        # No drop bucket for shipment files is deployed yet: unset, the tick reads no files.
        "WAYBILL_SUPPLIER_FILES",
        "WAYBILL_SUPPLIER_FILES_ENDPOINT",
    }  # cloud: default
    missing = sorted(set(PLAIN_VARIABLES) - local_only - set(env))
    assert not missing, f"add to plain_env in infra/terraform/locals.tf: {missing}"
    assert not set(env) & set(SECRET_VARIABLES), "a secret must come from Secret Manager"
    assert resource(FUNCTION, "fn")["service_config"][0]["environment_variables"] == "${local.plain_env}"


def test_all_egress_leaves_through_the_nat_with_a_reserved_address() -> None:
    service = resource(FUNCTION, "fn")["service_config"][0]
    assert service["vpc_connector"] == "${google_vpc_access_connector.egress.id}"
    assert service["vpc_connector_egress_settings"] == "ALL_TRAFFIC"
    nat = resource("google_compute_router_nat", "egress")
    assert nat["nat_ip_allocate_option"] == "MANUAL_ONLY"
    assert nat["nat_ips"] == ["${google_compute_address.egress.self_link}"]
    assert outputs()["egress_ip"]["value"] == "${google_compute_address.egress.address}"


def test_the_source_zip_is_the_repository_root_without_tests_or_credentials() -> None:
    blocks = [
        block for path in tf_files() for block in parse(path).get("data", []) if "archive_file" in block
    ]
    archive = blocks[0]["archive_file"]["source"]
    assert archive["source_dir"] == "${path.module}/../.."  # main.py and requirements.txt live there
    assert {".git/**", ".venv/**", "tests/**", "infra/**", "*.json", "*.pem"} <= set(archive["excludes"])
    # Only the deployed layers ship (pyproject.toml, [tool.importlinter]): the emulators, the demo and
    # the benchmarks stay behind, so no top-level package is added to the zip unnoticed.
    root = TERRAFORM.parents[1]
    packages = {p.parent.name for p in root.glob("*/__init__.py")}
    shipped = {name for name in packages if f"{name}/**" not in archive["excludes"]}
    assert shipped == {"shared", "functions", "sheet_templates"}, shipped
    fn = resource(FUNCTION, "fn")["build_config"][0]["source"][0]["storage_source"][0]
    assert fn["object"] == "${google_storage_bucket_object.source.name}"
    assert "output_md5" in resource("google_storage_bucket_object", "source")["name"]  # new code, new object


def test_outputs_give_the_urls_to_paste() -> None:
    out = outputs()
    for name in ("sheet_edit_url", "shop_events_url", "sync_now_url", "function_urls", "egress_ip"):
        assert name in out and out[name].get("description"), name


def test_every_variable_has_a_description_and_required_ones_are_few() -> None:
    required = {name for name, spec in variables().items() if "default" not in spec}
    assert all(spec.get("description") for spec in variables().values())
    # wechat_appid and spreadsheet_id: required with one shop, by a precondition (shops.tf).
    assert required == {"project_id", "sync_now_invokers"}
    check = resource("terraform_data", "shop_settings")["lifecycle"][0]["precondition"][0]
    assert check["condition"] == '${local.many_shops || (var.wechat_appid != "" && var.spreadsheet_id != "")}'


# --- no secret values in the configuration ------------------------------------------------------

KEY_PATTERNS = {
    "AWS access key id": re.compile(r"\b(AKIA|ASIA)[0-9A-Z]{16}\b"),
    "GCS HMAC access id": re.compile(r"\bGOOG[0-9A-Z]{20,}\b"),
    "private key": re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
    "secret value in Terraform": re.compile(r"\bsecret_data\s*="),
    "bearer token": re.compile(r"\bBearer\s+[A-Za-z0-9._-]{16,}"),
}
_TOKEN = re.compile(r"[A-Za-z0-9+/=_-]{20,}")
_INTERPOLATION = re.compile(r"\$\{[^}]*\}")
_WORD = re.compile(r"[a-z]+[0-9]*|[A-Z]+[0-9]*|[0-9]+")  # google_cloudfunctions2_function, KUAIDI100_KEY


def _emulator_defaults() -> set[str]:
    from emulators.kuaidi100.server import DEFAULT_CUSTOMER, DEFAULT_KEY
    from emulators.supplier_api.state import DEFAULT_APPS, DEFAULT_TOKEN
    from emulators.wechat_shop.state import DEFAULT_SECRET
    from tests.e2e.world import AES_KEY, EDIT_SECRET, PUSH_TOKEN

    known = {DEFAULT_CUSTOMER, DEFAULT_KEY, DEFAULT_TOKEN, DEFAULT_SECRET, AES_KEY, EDIT_SECRET, PUSH_TOKEN}
    return known | set(DEFAULT_APPS.values())


def _entropy(text: str) -> float:
    counts = Counter(text)
    return -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())


def suspicious(text: str) -> list[str]:
    """What in ``text`` looks like a secret value: known test secrets, key formats, and long
    random-looking tokens (letters and digits mixed, high entropy) outside ``${...}``."""
    found = [f"known test secret {value[:4]}…" for value in _emulator_defaults() if value in text]
    found += [name for name, pattern in KEY_PATTERNS.items() if pattern.search(text)]
    for token in _TOKEN.findall(_INTERPOLATION.sub(" ", text)):
        if all(_WORD.fullmatch(part) for part in re.split(r"[_/.=-]", token) if part):
            continue  # an identifier made of words, not a random value
        mixed = re.search(r"[0-9]", token) and re.search(r"[A-Za-z]", token)
        if mixed and _entropy(token) >= 3.5:
            found.append(f"random-looking {token[:4]}… ({len(token)} characters)")
    return found


def test_the_detector_finds_secrets() -> None:
    assert suspicious('secret = "emulator-secret-0123456789abcdef"')
    assert suspicious("key = AKIAIOSFODNN7EXAMPLE")
    assert suspicious("hmac = 3f9a7c2e1b5d8f0a4c6e9b2d1f3a5c7e")
    assert suspicious('aes = "Xq3vT9bW2nK8pL5mR7sJ4dF6gH1cV0zA2yE8uI5oP9w"')
    assert suspicious('resource "x" "y" { secret_data = var.x }')
    assert not suspicious('name = "${var.name_prefix}-${lower(replace(each.value, "_", "-"))}"')
    assert not suspicious('event_type = "google.cloud.pubsub.topic.v1.messagePublished"')


def _config_files() -> list[Path]:
    return [*tf_files(), *TERRAFORM.glob("*.tfvars*")]


def test_no_secret_value_in_any_tf_or_tfvars_file() -> None:
    files = _config_files()
    assert any(p.name == "terraform.tfvars.example" for p in files)
    for path in files:
        findings = suspicious(path.read_text(encoding="utf-8"))
        assert not findings, f"{path.name}: {findings}"


def test_terraform_fmt() -> None:
    binary = shutil.which("terraform")
    if binary is None:
        pytest.skip("terraform is not installed here (CI images lack it); python-hcl2 checks still ran")
    result = subprocess.run(
        [binary, "fmt", "-check", "-diff", "-recursive", str(TERRAFORM)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, f"run `terraform fmt infra/terraform`:\n{result.stdout}"


def test_the_resources_used_exist_in_one_place_each() -> None:
    seen = Counter((r.type, r.name) for r in resources())
    assert all(n == 1 for n in seen.values()), [k for k, n in seen.items() if n > 1]


def test_the_readme_names_only_outputs_that_exist_and_holds_no_secret() -> None:
    readme = (TERRAFORM.parent / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r"output (?:-raw |-json )(\w+)", readme))
    assert named and named <= set(outputs()), sorted(named - set(outputs()))
    assert not suspicious(readme)


def test_api_supplier_credentials_become_secrets_too() -> None:
    supplier = variables()["supplier_secrets"]
    assert supplier["default"] == []
    rule = supplier["validation"][0]
    assert "^WR_" in rule["condition"]  # the same rule the 供应商 tab enforces on token_env/secret_env
