"""Production security, statically: who may call each function, and the exact roles each service
account holds (test_least_privilege.py: which secrets each function holds). Behaviour is tested
against the functions served locally:

* sheet_edit is public and verifies the HMAC: tests/functions/test_sheet_edit.py (bad signature,
  stale timestamp -> 401) and tests/unit/sheets/test_edit_signature.py;
* shop_events verifies WeChat's signature: tests/functions/test_shop_events_and_sync.py
  (URL verification with a wrong signature -> 401);
* sync_now refuses calls without a valid Google ID token: tests/functions/test_sync_now_auth.py;
* dispatch, sync and refresh are reachable only through Pub/Sub (Eventarc, or the tick topic's own
  push subscription for sync): below (internal ingress, only the trigger account invokes); the
  public functions may only publish to their topics (test_least_privilege.py).
"""

from __future__ import annotations

from typing import Any

from tests.infra.terraform_files import locals_, resource, resources

FUNCTION = "serviceAccount:${google_service_account.fn[each.value.function].email}"
JOURNAL = "serviceAccount:${google_service_account.journal.email}"
TRIGGER = "serviceAccount:${google_service_account.trigger.email}"
BUILD = "serviceAccount:${google_service_account.build.email}"
PUBLISHER = FUNCTION  # the public functions, each on the topics it hands work to (locals.tf)
PUBSUB_AGENT = "${local.pubsub_agent}"
OUTSIDE_THE_RECORD = "journal bucket, outside audit/ and push/"

# (resource type, role, member, what it applies to): the whole grant list of the deployment.
EXPECTED_GRANTS = {
    ("google_secret_manager_secret_iam_member", "roles/secretmanager.secretAccessor", FUNCTION, "own"),
    ("google_storage_bucket_iam_member", "roles/storage.objectViewer", JOURNAL, "journal bucket"),
    ("google_storage_bucket_iam_member", "roles/storage.objectCreator", JOURNAL, "journal bucket"),
    ("google_storage_bucket_iam_member", "roles/storage.objectUser", JOURNAL, OUTSIDE_THE_RECORD),
    ("google_storage_bucket_iam_member", "roles/storage.objectViewer", BUILD, "source bucket"),
    ("google_project_iam_member", "roles/cloudbuild.builds.builder", BUILD, "project"),
    ("google_cloud_run_service_iam_member", "roles/run.invoker", "allUsers", "public functions"),
    ("google_cloud_run_service_iam_member", "roles/run.invoker", TRIGGER, "event functions"),
    ("google_pubsub_topic_iam_member", "roles/pubsub.publisher", PUBLISHER, "own topics"),
    ("google_cloud_run_service_iam_member", "roles/run.invoker", "${each.value}", "sync_now callers"),
    # Pub/Sub's own agent, for the tick subscription's dead-letter policy and its signed push
    # (infra/terraform/tick_delivery.tf): on that topic, that subscription and the trigger account only.
    ("google_pubsub_topic_iam_member", "roles/pubsub.publisher", PUBSUB_AGENT, "dead-letter topic"),
    ("google_pubsub_subscription_iam_member", "roles/pubsub.subscriber", PUBSUB_AGENT, "tick subscription"),
    ("google_service_account_iam_member", "roles/iam.serviceAccountTokenCreator", PUBSUB_AGENT, "trigger"),
}


def _scope(body: dict[str, Any]) -> str:
    narrow = {
        "${google_pubsub_topic.tick_dead_letter.id}": "dead-letter topic",
        "${google_pubsub_subscription.tick.id}": "tick subscription",
        "${google_service_account.trigger.name}": "trigger",
    }
    for field in ("topic", "subscription", "service_account_id"):
        if field in body and str(body[field]) in narrow:
            return narrow[str(body[field])]
    if "secret_id" in body:
        ours = body["secret_id"] == "${google_secret_manager_secret.setting[each.value.secret].id}"
        return "own" if ours else str(body["secret_id"])
    if "bucket" in body:
        scope = {
            "${google_storage_bucket.journal.name}": "journal bucket",
            "${google_storage_bucket.source.name}": "source bucket",
        }.get(str(body["bucket"]), str(body["bucket"]))
        if "condition" in body:
            expression = str(body["condition"][0]["expression"])
            scope = OUTSIDE_THE_RECORD if expression == "${local.journal_replaceable}" else expression
        return scope
    if "project" in body:
        return "project"
    service = str(body.get("service", ""))
    if body.get("for_each") == "${local.public_functions}":
        return "public functions"
    if body.get("for_each") == "${local.event_functions}":
        return "event functions"
    if body.get("for_each") == "${local.topic_publishers}":
        return "own topics"
    if '["sync"]' in service:
        return "sync"
    if '["sync_now"]' in service:
        return "sync_now callers"
    return service


def test_the_grants_are_exactly_the_minimal_set() -> None:
    grants = {
        (r.type, str(r.body["role"]), str(r.body["member"]), _scope(r.body))
        for r in resources()
        if r.type.endswith("_iam_member")
    }
    assert grants == EXPECTED_GRANTS


def test_no_authoritative_iam_and_no_broad_roles() -> None:
    kinds = {r.type for r in resources()}
    assert not {k for k in kinds if k.endswith(("_iam_binding", "_iam_policy"))}
    roles = {str(r.body["role"]) for r in resources() if r.type.endswith("_iam_member")}
    assert not roles & {"roles/owner", "roles/editor", "roles/viewer", "roles/storage.admin"}
    project_roles = {str(r.body["role"]) for r in resources("google_project_iam_member")}
    assert project_roles == {"roles/cloudbuild.builds.builder"}  # the build account only


def test_each_function_runs_as_its_own_account_and_builds_as_the_build_account() -> None:
    fn = resource("google_cloudfunctions2_function", "fn")
    assert fn["service_config"][0]["service_account_email"] == "${google_service_account.fn[each.key].email}"
    assert fn["build_config"][0]["service_account"] == "${google_service_account.build.id}"


def test_the_audit_log_and_push_records_are_append_only() -> None:
    """Replace and delete (GCS needs delete to overwrite) only outside audit/ and push/; create anywhere."""
    assert locals_()["journal_append_only"] == ["audit/", "push/"]
    expression = locals_()["journal_replaceable"]
    assert "!resource.name.startsWith" in expression and '" && "' in expression
    assert locals_()["journal_objects"] == (
        "projects/_/buckets/${google_storage_bucket.journal.name}/objects/${local.journal_key_prefix}"
    )
    unconditional = {
        str(r.body["role"])
        for r in resources("google_storage_bucket_iam_member")
        if r.body["bucket"] == "${google_storage_bucket.journal.name}" and "condition" not in r.body
    }
    assert unconditional == {"roles/storage.objectViewer", "roles/storage.objectCreator"}  # no delete


def test_the_lifecycle_never_expires_the_record() -> None:
    rules = resource("google_storage_bucket", "journal")["lifecycle_rule"]
    by_prefix = [rule for rule in rules if "matches_prefix" in rule["condition"][0]]
    assert len(by_prefix) == 1 and "events/" in by_prefix[0]["condition"][0]["matches_prefix"]
    assert "audit/" not in by_prefix[0]["condition"][0]["matches_prefix"]


def test_only_the_signed_hooks_are_public_and_sync_is_internal() -> None:
    functions = locals_()["functions"]
    public = {name for name, spec in functions.items() if spec["public"] is True}
    assert public == {"sheet_edit", "shop_events", "tracking_events", "supplier_events"}
    assert functions["sync"]["ingress"] == "ALLOW_INTERNAL_ONLY"
    assert functions["refresh"]["ingress"] == "ALLOW_INTERNAL_ONLY"
    assert locals_()["event_functions"] == (
        '${{for name, f in local.functions : name => f if f.trigger == "pubsub"}}'
    )
    assert functions["sync_now"]["public"] is False
    binding = resource("google_cloud_run_service_iam_member", "public")
    assert binding["member"] == "allUsers" and binding["for_each"] == "${local.public_functions}"
    assert locals_()["public_functions"] == "${{for name, f in local.functions : name => f if f.public}}"


def test_the_journal_bucket_is_private() -> None:
    bucket = resource("google_storage_bucket", "journal")
    assert bucket["public_access_prevention"] == "enforced"
    assert bucket["uniform_bucket_level_access"] is True
    assert bucket["force_destroy"] is False
