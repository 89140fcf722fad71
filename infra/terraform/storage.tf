# The journal (audit entries, push intents and outcomes, watermarks): a private bucket that the
# functions reach through the S3-compatible XML API (https://storage.googleapis.com) with an HMAC
# key of the runtime account, because the journal speaks S3 (boto3) so that any S3-compatible store
# works. Versioning keeps overwritten objects for 30 days as a safety net. force_destroy stays off:
# `terraform destroy` refuses to delete a journal that still holds records.
resource "google_storage_bucket" "journal" {
  name                        = "${var.project_id}-${var.name_prefix}-journal"
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = false

  versioning {
    enabled = true
  }

  lifecycle_rule {
    condition {
      days_since_noncurrent_time = 30
    }
    action {
      type = "Delete"
    }
  }

  # The once-records (shared/journal/once.py) of shop events, Kuaidi100 pushes (events/kuaidi100/)
  # and sheet edits only matter while a delivery can be repeated (WeChat retries for about 3.6 h,
  # Kuaidi100 for about 1.5 h; a signed edit is accepted for 5 min): expire them after 30 days so the
  # bucket does not keep one object per event forever. The audit log is never expired. The day
  # digests (digests/, copies of a past day's audit entries: shared/journal/journal.py) are read
  # while their day is in a 31-day window, so at most 30 days after they are made; one gone is rebuilt.
  lifecycle_rule {
    condition {
      age            = 30
      matches_prefix = [for kind in ["events/", "edits/", "digests/"] : "${local.journal_key_prefix}${kind}"]
    }
    action {
      type = "Delete"
    }
  }

  depends_on = [google_project_service.api]
}

# Who may touch the journal: the account that owns its HMAC key (service_accounts.tf). The audit log
# (audit/) and the push records (push/) are append-only for it: it creates objects anywhere, but
# replacing or deleting an object (GCS needs storage.objects.delete to overwrite) is granted only
# outside those prefixes, by an IAM condition on the object name. Claims, queues, leases and states
# (events/, edits/, state/) are replaced in place and stay writable. A bucket retention policy would
# lock those too, and an object hold needs a call per object, so the condition is the tool.
locals {
  journal_objects     = "projects/_/buckets/${google_storage_bucket.journal.name}/objects/${local.journal_key_prefix}"
  journal_append_only = ["audit/", "push/"]
  journal_replaceable = join(" && ", [for kind in local.journal_append_only : "!resource.name.startsWith(\"${local.journal_objects}${kind}\")"])
}

resource "google_storage_bucket_iam_member" "journal_reads" {
  bucket = google_storage_bucket.journal.name
  role   = "roles/storage.objectViewer"
  member = "serviceAccount:${google_service_account.journal.email}"
}

resource "google_storage_bucket_iam_member" "journal_appends" {
  bucket = google_storage_bucket.journal.name
  role   = "roles/storage.objectCreator"
  member = "serviceAccount:${google_service_account.journal.email}"
}

resource "google_storage_bucket_iam_member" "journal_replaces_outside_the_record" {
  bucket = google_storage_bucket.journal.name
  role   = "roles/storage.objectUser"
  member = "serviceAccount:${google_service_account.journal.email}"

  condition {
    title       = "outside audit/ and push/"
    description = "The audit log and the push records are append-only: no overwrite, no delete."
    expression  = local.journal_replaceable
  }
}

# The functions' source: the repository root (main.py + requirements.txt + the packages it imports),
# zipped; the zip's hash is in the object name so that a code change redeploys.
resource "google_storage_bucket" "source" {
  name                        = "${var.project_id}-${var.name_prefix}-source"
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = true

  # Each zip is a new object (its hash is in the name); versioning keeps one that is deleted by hand.
  versioning {
    enabled = true
  }

  depends_on = [google_project_service.api]
}

data "archive_file" "source" {
  type        = "zip"
  source_dir  = "${path.module}/../.."
  output_path = "${path.module}/.build/source.zip"
  excludes = [
    ".git/**",
    ".venv/**",
    ".waybill/**",
    ".ci/**",
    ".mypy_cache/**",
    ".pytest_cache/**",
    ".ruff_cache/**",
    ".hypothesis/**",
    "**/__pycache__/**",
    "infra/**",
    "tests/**",
    "benchmarks/**",
    "emulators/**",
    "demo/**",
    "node_modules/**",
    # never ship a credential lying around in the checkout (e.g. sa.json for init-sheet)
    "*.json",
    "*.pem",
    ".env*",
  ]
}

resource "google_storage_bucket_object" "source" {
  name   = "source-${data.archive_file.source.output_md5}.zip"
  bucket = google_storage_bucket.source.name
  source = data.archive_file.source.output_path
}

resource "google_storage_bucket_iam_member" "build_reads_source" {
  bucket = google_storage_bucket.source.name
  role   = "roles/storage.objectViewer"
  member = "serviceAccount:${google_service_account.build.email}"
}
