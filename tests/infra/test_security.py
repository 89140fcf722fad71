"""Production security, statically: who may call each function, and the exact roles each service
account holds. Behaviour is tested against the functions served locally:

* sheet_edit is public and verifies the HMAC: tests/functions/test_sheet_edit.py (bad signature,
  stale timestamp -> 401) and tests/unit/sheets/test_edit_signature.py;
* shop_events verifies WeChat's signature: tests/functions/test_shop_events_and_sync.py
  (URL verification with a wrong signature -> 401);
* sync_now refuses calls without a valid Google ID token: tests/functions/test_sync_now_auth.py;
* sync is reachable only through Eventarc: below (internal ingress, only the trigger account invokes).
"""

from __future__ import annotations

from tests.infra.terraform_files import locals_, resource, resources

RUNTIME = "serviceAccount:${google_service_account.runtime.email}"
TRIGGER = "serviceAccount:${google_service_account.trigger.email}"
BUILD = "serviceAccount:${google_service_account.build.email}"

# (resource type, role, member, what it applies to): the whole grant list of the deployment.
EXPECTED_GRANTS = {
    ("google_secret_manager_secret_iam_member", "roles/secretmanager.secretAccessor", RUNTIME, "each secret"),
    ("google_storage_bucket_iam_member", "roles/storage.objectUser", RUNTIME, "journal bucket"),
    ("google_storage_bucket_iam_member", "roles/storage.objectViewer", BUILD, "source bucket"),
    ("google_project_iam_member", "roles/cloudbuild.builds.builder", BUILD, "project"),
    ("google_cloud_run_service_iam_member", "roles/run.invoker", "allUsers", "public functions"),
    ("google_cloud_run_service_iam_member", "roles/run.invoker", TRIGGER, "sync"),
    ("google_cloud_run_service_iam_member", "roles/run.invoker", "${each.value}", "sync_now callers"),
}


def _scope(body: dict[str, object]) -> str:
    if "secret_id" in body:
        return "each secret" if body["secret_id"] == "${each.value.id}" else str(body["secret_id"])
    if "bucket" in body:
        return {
            "${google_storage_bucket.journal.name}": "journal bucket",
            "${google_storage_bucket.source.name}": "source bucket",
        }.get(str(body["bucket"]), str(body["bucket"]))
    if "project" in body:
        return "project"
    service = str(body.get("service", ""))
    if body.get("for_each") == "${local.public_functions}":
        return "public functions"
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


def test_the_functions_run_as_the_runtime_account_and_build_as_the_build_account() -> None:
    fn = resource("google_cloudfunctions2_function", "fn")
    assert fn["service_config"][0]["service_account_email"] == "${google_service_account.runtime.email}"
    assert fn["build_config"][0]["service_account"] == "${google_service_account.build.id}"


def test_only_the_signed_hooks_are_public_and_sync_is_internal() -> None:
    functions = locals_()["functions"]
    public = {name for name, spec in functions.items() if spec["public"] is True}
    assert public == {"sheet_edit", "shop_events", "tracking_events"}
    assert functions["sync"]["ingress"] == "ALLOW_INTERNAL_ONLY"
    assert functions["sync_now"]["public"] is False
    binding = resource("google_cloud_run_service_iam_member", "public")
    assert binding["member"] == "allUsers" and binding["for_each"] == "${local.public_functions}"
    assert locals_()["public_functions"] == "${{for name, f in local.functions : name => f if f.public}}"


def test_the_journal_bucket_is_private() -> None:
    bucket = resource("google_storage_bucket", "journal")
    assert bucket["public_access_prevention"] == "enforced"
    assert bucket["uniform_bucket_level_access"] is True
    assert bucket["force_destroy"] is False
