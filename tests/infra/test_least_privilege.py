"""Least privilege, statically: one service account and one secret set per function, and each set is
what the function's code path from main.py reads (the reasons are in infra/terraform/locals.tf and
README.md, Security). The public functions hold no shop, tracking or supplier secret: they hand work
on through Pub/Sub to the private ``refresh`` and ``sync``. tests/functions/test_tracking_events.py
runs tracking_events with its set only."""

from __future__ import annotations

import re
from typing import Any

from shared.app.config import SECRET_VARIABLES
from tests.infra.terraform_files import dynamic, locals_, resource, variables

SUPPLIERS = "var.supplier_secrets"  # the API suppliers' credentials, whatever the deployment names
ALIBABA = "var.alibaba_push_secrets"  # the 1688 accounts' app key and secret (never a refresh token)
# Each registered shop's own secrets (infra/terraform/shops.tf, by job; names as shared/app/shops.py
# default_variable gives them: tests/infra/test_terraform_shops.py).
SHOP_APP = "local.shop_app_secrets"  # WAYBILL_SHOP_<KEY>_SECRET: the shop's AppSecret
SHOP_PUSH = "local.shop_push_secrets"  # ..._PUSH_TOKEN, ..._AES_KEY (and ..._AES_KEY_PREVIOUS)
SHOP_EDIT = "local.shop_edit_secrets"  # ..._EDIT_SECRET: the HMAC its sheet's Apps Script signs with
SYMBOLS = (SUPPLIERS, ALIBABA, SHOP_APP, SHOP_PUSH, SHOP_EDIT)
JOURNAL = {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}
TRACKING_ON = {"KUAIDI100_CUSTOMER", "KUAIDI100_KEY"}
TICK = JOURNAL | TRACKING_ON | {"WAYBILL_WECHAT_SECRET", SHOP_APP, "KUAIDI100_SALT", SUPPLIERS}
PUSH = {"WAYBILL_WECHAT_PUSH_TOKEN", "WAYBILL_WECHAT_AES_KEY", "WAYBILL_WECHAT_AES_KEY_PREVIOUS"}

# The public functions verify, claim, queue the work in the journal and publish "work is waiting";
# the private ones read and push (functions/handoff.py, docs/architecture.md).
EXPECTED = {
    "sync": TICK,
    "sync_now": TICK,
    # Drains the queued edits and shop events: a targeted refresh reads the shop (AppSecret) and keeps
    # the stored logistics state (tracking on); no Kuaidi100 call, no supplier pull.
    "refresh": JOURNAL | TRACKING_ON | {"WAYBILL_WECHAT_SECRET", SHOP_APP},
    # verify, claim, queue; 立即同步 goes to the tick topic
    "sheet_edit": JOURNAL | {"WAYBILL_EDIT_SECRET", SHOP_EDIT},
    "shop_events": JOURNAL | PUSH | {SHOP_PUSH},  # verify, decrypt, claim, queue
    "tracking_events": JOURNAL | {"KUAIDI100_SALT"},
    "supplier_events": JOURNAL | {ALIBABA},  # verify a 1688 push, claim it, announce a tick
    "dispatch": set(),  # reads the registry (a plain setting), publishes one tick per shop
}
PUBLIC = {"sheet_edit", "shop_events", "tracking_events", "supplier_events"}

_CONCAT = re.compile(r"^\$\{concat\((.*)\)\}$", re.S)


def _split(args: str) -> list[str]:
    """Top-level comma-separated arguments of an HCL call."""
    parts, depth, current = [], 0, ""
    for char in args:
        depth += char in "[({"
        depth -= char in "])}"
        if char == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    return [*parts, current.strip()] if current.strip() else parts


def names(expr: Any) -> set[str]:
    """The secret names an expression of locals.tf stands for (lists, local.X, concat(...));
    ``var.supplier_secrets`` stays as that symbol."""
    if isinstance(expr, list):
        return {str(item) for item in expr}
    text = str(expr).strip()
    if text.startswith("${") and text.endswith("}") and (match := _CONCAT.match(text)) is None:
        text = text[2:-1].strip()
    if match := _CONCAT.match(text):
        return set().union(*(names(part) for part in _split(match.group(1))))
    if text.startswith("["):
        return set(re.findall(r'"([^"]+)"', text))
    if text in SYMBOLS:
        return {text}
    if text.startswith("local."):
        return names(locals_()[text.removeprefix("local.")])
    if text in (SUPPLIERS, ALIBABA):
        return {text}
    raise AssertionError(f"cannot read {text!r}")


def test_the_reader_follows_concat_and_locals() -> None:
    assert names('${concat(["A", "B"], local.journal_secrets, var.supplier_secrets)}') == (
        {"A", "B", SUPPLIERS} | JOURNAL
    )


def test_each_function_has_exactly_the_secrets_its_code_path_reads() -> None:
    declared = locals_()["function_secrets"]
    assert set(declared) == set(locals_()["functions"])
    found = {name: names(expr) for name, expr in declared.items()}
    assert found == EXPECTED
    assert set().union(*found.values()) - set(SYMBOLS) == set(SECRET_VARIABLES)  # each is used somewhere


def test_the_public_functions_hold_no_secret_of_another_job() -> None:
    found = {name: names(expr) for name, expr in locals_()["function_secrets"].items()}
    # Suppliers' credentials only where supplier pulls run (a whole tick); the sheet's HMAC secret only
    # in sheet_edit; the push keys only in shop_events. No public function holds the AppSecret, a
    # Kuaidi100 account key or a supplier's credentials.
    assert {n for n, s in found.items() if SUPPLIERS in s} == {"sync", "sync_now"}
    shop_or_tracking = {"WAYBILL_WECHAT_SECRET", SHOP_APP, SUPPLIERS} | TRACKING_ON
    assert {n for n in PUBLIC if found[n] & shop_or_tracking} == set()
    assert {n for n, s in found.items() if s & {"WAYBILL_EDIT_SECRET", SHOP_EDIT}} == {"sheet_edit"}
    assert {n for n, s in found.items() if s & (PUSH | {SHOP_PUSH})} == {"shop_events"}
    assert found["tracking_events"] == JOURNAL | {"KUAIDI100_SALT"}


def test_each_function_mounts_its_own_set_and_runs_as_its_own_account() -> None:
    fn = resource("google_cloudfunctions2_function", "fn")
    service = fn["service_config"][0]
    assert service["service_account_email"] == "${google_service_account.fn[each.key].email}"
    mount = dynamic(service, "secret_environment_variables")
    assert mount is not None and mount["for_each"] == "${local.mounted_secrets[each.key]}"
    assert "local.function_secrets" in locals_()["mounted_secrets"]
    accounts = resource("google_service_account", "fn")
    assert accounts["for_each"] == "${local.functions}"
    grant = resource("google_secret_manager_secret_iam_member", "function_reads_secret")
    assert grant["for_each"] == "${local.secret_grants}"
    assert grant["member"] == "serviceAccount:${google_service_account.fn[each.value.function].email}"
    assert grant["secret_id"] == "${google_secret_manager_secret.setting[each.value.secret].id}"
    assert "local.mounted_secrets" in locals_()["secret_grants"]


def test_only_the_functions_that_use_the_sheet_are_shared_it() -> None:
    assert set(locals_()["sheet_functions"]) == {"refresh", "sync", "sync_now"}
    assert set(locals_()["supplier_sheet_functions"]) == {"sync", "sync_now"}


def test_only_the_public_hooks_publish_and_only_to_the_topics_they_hand_work_to() -> None:
    publishers = {(p["function"], p["topic"]) for p in locals_()["topic_publishers"].values()}
    assert publishers == {
        ("dispatch", "tick"),  # one tick per shop
        ("sync", "tick"),  # a tick naming no shop (立即同步, a 1688 push) fanned out per shop
        ("sheet_edit", "refresh"),
        ("sheet_edit", "tick"),
        ("shop_events", "refresh"),
        ("supplier_events", "tick"),
    }
    grant = resource("google_pubsub_topic_iam_member", "publisher")
    assert grant["for_each"] == "${local.topic_publishers}" and grant["role"] == "roles/pubsub.publisher"
    assert grant["member"] == "serviceAccount:${google_service_account.fn[each.value.function].email}"


def test_sync_now_needs_a_non_empty_callers_list() -> None:
    spec = variables()["sync_now_invokers"]
    assert "default" not in spec  # required: terraform asks for it
    conditions = [rule["condition"] for rule in spec["validation"]]
    assert "${length(var.sync_now_invokers) > 0}" in conditions
