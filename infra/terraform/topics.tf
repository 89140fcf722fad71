# The refresh topic: the public functions (sheet_edit, shop_events) publish "work is waiting" after
# recording the work in the journal; the private `refresh` function's Eventarc trigger takes it.
# The tick topic is in scheduler.tf (Cloud Scheduler and sheet_edit's 立即同步 publish there).
resource "google_pubsub_topic" "refresh" {
  name                       = "${var.name_prefix}-refresh"
  message_retention_duration = "600s"

  depends_on = [google_project_service.api]
}

locals {
  topic_ids = {
    schedule = google_pubsub_topic.schedule.id
    tick     = google_pubsub_topic.tick.id
    refresh  = google_pubsub_topic.refresh.id
  }
}

# Publishing is the public functions' only right on a topic, and dispatch's and sync's on the tick
# topic (locals.tf topic_publishers).
resource "google_pubsub_topic_iam_member" "publisher" {
  for_each = local.topic_publishers
  topic    = local.topic_ids[each.value.topic]
  role     = "roles/pubsub.publisher"
  member   = "serviceAccount:${google_service_account.fn[each.value.function].email}"
}
