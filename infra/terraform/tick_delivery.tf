# The tick topic's delivery to `sync`: a Pub/Sub push subscription of our own rather than an Eventarc
# trigger, because Eventarc's subscription is output-only and cannot be given a dead-letter topic.
# The function receives the standard push body, which functions-framework turns into the same
# CloudEvent (the local stand-in, the Pub/Sub emulator's push, does exactly this: tests/functions).
#
# A shop's tick that raises (functions/sync.py) is not acknowledged: Pub/Sub delivers it again with
# exponential backoff, up to tick_max_delivery_attempts times, then parks it on the dead-letter topic,
# where the alert in monitoring.tf sees it. The other shops' messages are delivered independently.
# A tick delivered twice does its work once (the shop's tick lease and idempotency keys).

variable "tick_max_delivery_attempts" {
  description = "How many times a shop's tick message is delivered to sync before it is parked on the dead-letter topic (Pub/Sub allows 5 to 100)."
  type        = number
  default     = 5

  validation {
    condition     = var.tick_max_delivery_attempts >= 5 && var.tick_max_delivery_attempts <= 100
    error_message = "tick_max_delivery_attempts: 5 to 100 (Pub/Sub's dead-letter policy range)."
  }
}

data "google_project" "this" {
  project_id = var.project_id
}

locals {
  # Pub/Sub's own service agent moves messages to the dead-letter topic and signs the push's token.
  pubsub_agent = "serviceAccount:service-${data.google_project.this.number}@gcp-sa-pubsub.iam.gserviceaccount.com"
  sync_url     = google_cloudfunctions2_function.fn["sync"].service_config[0].uri
}

resource "google_pubsub_topic" "tick_dead_letter" {
  name                       = "${var.name_prefix}-tick-dead-letter"
  message_retention_duration = "604800s"

  depends_on = [google_project_service.api]
}

# Parked ticks stay readable for a week: gcloud pubsub subscriptions pull <name> --limit 10
resource "google_pubsub_subscription" "tick_dead_letter" {
  name                       = "${var.name_prefix}-tick-dead-letter"
  topic                      = google_pubsub_topic.tick_dead_letter.id
  ack_deadline_seconds       = 60
  message_retention_duration = "604800s"

  expiration_policy {
    ttl = ""
  }
}

resource "google_pubsub_subscription" "tick" {
  name  = "${var.name_prefix}-tick-sync"
  topic = google_pubsub_topic.tick.id
  # A tick may take the function's whole time limit before it answers (push allows at most 600 s).
  ack_deadline_seconds = min(600, var.sync_timeout_seconds)
  # A tick older than an hour is superseded by the ticks the scheduler has sent since.
  message_retention_duration = "3600s"

  expiration_policy {
    ttl = ""
  }

  retry_policy {
    minimum_backoff = "10s"
    maximum_backoff = "600s"
  }

  dead_letter_policy {
    dead_letter_topic     = google_pubsub_topic.tick_dead_letter.id
    max_delivery_attempts = var.tick_max_delivery_attempts
  }

  push_config {
    push_endpoint = local.sync_url

    # Delivered as the trigger account, the only one that may invoke sync (service_accounts.tf).
    oidc_token {
      service_account_email = google_service_account.trigger.email
      audience              = local.sync_url
    }
  }

  depends_on = [google_cloud_run_service_iam_member.tick_delivery]
}

# The dead-letter policy works only when Pub/Sub's agent may publish to the dead-letter topic and
# acknowledge on the source subscription.
resource "google_pubsub_topic_iam_member" "dead_letter_publisher" {
  topic  = google_pubsub_topic.tick_dead_letter.id
  role   = "roles/pubsub.publisher"
  member = local.pubsub_agent
}

resource "google_pubsub_subscription_iam_member" "dead_letter_subscriber" {
  subscription = google_pubsub_subscription.tick.id
  role         = "roles/pubsub.subscriber"
  member       = local.pubsub_agent
}

# Projects made before April 2021 need this for an authenticated push (later ones grant it already);
# it lets the agent mint tokens for the trigger account only.
resource "google_service_account_iam_member" "push_token_creator" {
  service_account_id = google_service_account.trigger.name
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = local.pubsub_agent
}
