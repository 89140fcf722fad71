# Three identities, each with only what it needs (tests/infra/test_security.py asserts this list):
#
# runtime  what the functions run as: reads its secrets (per secret), reads and writes journal
#          objects (on the journal bucket only). The Sheets API needs no IAM role: the sheet is
#          shared with this account's e-mail. Logs go through stdout, which needs no role either.
# trigger  what Eventarc uses to deliver the tick to `sync`: may invoke that one service only.
# build    what Cloud Build uses to build the functions' containers (instead of the default
#          compute account, which usually holds Editor on the whole project).

resource "google_service_account" "runtime" {
  account_id   = "${var.name_prefix}-runtime"
  display_name = "Waybill Relay functions (runtime)"
}

resource "google_service_account" "trigger" {
  account_id   = "${var.name_prefix}-trigger"
  display_name = "Waybill Relay tick delivery (Eventarc -> sync)"
}

resource "google_service_account" "build" {
  account_id   = "${var.name_prefix}-build"
  display_name = "Waybill Relay function builds"
}

resource "google_secret_manager_secret_iam_member" "runtime_reads_secret" {
  for_each  = google_secret_manager_secret.setting
  secret_id = each.value.id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.runtime.email}"
}

resource "google_storage_bucket_iam_member" "runtime_uses_journal" {
  bucket = google_storage_bucket.journal.name
  role   = "roles/storage.objectUser"
  member = "serviceAccount:${google_service_account.runtime.email}"
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
  location = var.region
  service  = google_cloudfunctions2_function.fn["sync"].service_config[0].service
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
