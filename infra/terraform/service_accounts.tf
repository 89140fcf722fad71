# The identities, each with only what it needs (tests/infra/test_security.py asserts this list):
#
# fn[NAME] one per function, what it runs as: reads its own secrets only (per secret, locals.tf
#          function_secrets). The Sheets API needs no IAM role: the sheet is shared with the e-mails
#          of the functions that use it (output sheet_service_accounts). Logs go through stdout,
#          which needs no role either.
# journal  owns the journal's HMAC key (the functions reach the bucket through the S3 API, so the
#          bucket sees this account, whichever function calls): reads everything and creates objects
#          anywhere, but may replace or delete objects only outside audit/ and push/ (storage.tf).
# trigger  what Eventarc uses to deliver the tick to `sync` and "work is waiting" to `refresh`: may
#          invoke those two services only.
# build    what Cloud Build uses to build the functions' containers (instead of the default
#          compute account, which usually holds Editor on the whole project).

resource "google_service_account" "fn" {
  for_each     = local.functions
  account_id   = "${var.name_prefix}-${replace(each.key, "_", "-")}"
  display_name = "Waybill Relay function ${each.key}"
}

resource "google_service_account" "journal" {
  account_id   = "${var.name_prefix}-journal"
  display_name = "Waybill Relay journal (owner of its HMAC key)"
}

resource "google_service_account" "trigger" {
  account_id   = "${var.name_prefix}-trigger"
  display_name = "Waybill Relay event delivery (Eventarc -> sync, refresh)"
}

resource "google_service_account" "build" {
  account_id   = "${var.name_prefix}-build"
  display_name = "Waybill Relay function builds"
}

resource "google_secret_manager_secret_iam_member" "function_reads_secret" {
  for_each  = local.secret_grants
  secret_id = google_secret_manager_secret.setting[each.value.secret].id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.fn[each.value.function].email}"
}

resource "google_project_iam_member" "build_builds" {
  project = var.project_id
  role    = "roles/cloudbuild.builds.builder"
  member  = "serviceAccount:${google_service_account.build.email}"
}

# Who may call which function (gen2 functions are Cloud Run services: run.invoker decides).
resource "google_cloud_run_service_iam_member" "public" {
  for_each = local.public_functions
  location = var.region
  service  = google_cloudfunctions2_function.fn[each.key].service_config[0].service
  role     = "roles/run.invoker"
  member   = "allUsers"
}

resource "google_cloud_run_service_iam_member" "tick_delivery" {
  for_each = local.event_functions
  location = var.region
  service  = google_cloudfunctions2_function.fn[each.key].service_config[0].service
  role     = "roles/run.invoker"
  member   = "serviceAccount:${google_service_account.trigger.email}"
}

resource "google_cloud_run_service_iam_member" "sync_now_caller" {
  for_each = toset(var.sync_now_invokers)
  location = var.region
  service  = google_cloudfunctions2_function.fn["sync_now"].service_config[0].service
  role     = "roles/run.invoker"
  member   = each.value
}
