# The timer: Cloud Scheduler publishes to the schedule topic every few minutes; `dispatch` publishes
# one tick per shop (one naming no shop without a registry) to the tick topic, whose push
# subscription delivers each to `sync` (tick_delivery.tf). Neither the job nor dispatch's trigger
# retries: the next schedule comes soon. A shop's tick that fails is retried by the subscription.
resource "google_pubsub_topic" "schedule" {
  name                       = "${var.name_prefix}-schedule"
  message_retention_duration = "600s"

  depends_on = [google_project_service.api]
}

resource "google_pubsub_topic" "tick" {
  name                       = "${var.name_prefix}-tick"
  message_retention_duration = "600s"

  depends_on = [google_project_service.api]
}

resource "google_cloud_scheduler_job" "tick" {
  name      = "${var.name_prefix}-tick"
  region    = var.region
  schedule  = var.sync_schedule
  time_zone = var.time_zone

  retry_config {
    retry_count = 0
  }

  pubsub_target {
    topic_name = google_pubsub_topic.schedule.id
    data       = base64encode("tick")
  }

  depends_on = [google_project_service.api]
}
