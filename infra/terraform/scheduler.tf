# The timer: Cloud Scheduler publishes to a topic every few minutes; the `sync` function's Eventarc
# trigger turns each message into one tick. max_instance_count = 1 on `sync` keeps ticks from
# overlapping, and neither the job nor the trigger retries.
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
    topic_name = google_pubsub_topic.tick.id
    data       = base64encode("tick")
  }

  depends_on = [google_project_service.api]
}
