# One Cloud Functions gen2 function per entry point of main.py, all built from the same zip.
# tests/infra checks that every decorated function in main.py is here with the right trigger.
resource "google_cloudfunctions2_function" "fn" {
  for_each = local.functions
  name     = "${var.name_prefix}-${replace(each.key, "_", "-")}"
  location = var.region

  build_config {
    runtime         = var.python_runtime
    entry_point     = each.value.entry_point
    service_account = google_service_account.build.id

    source {
      storage_source {
        bucket = google_storage_bucket.source.name
        object = google_storage_bucket_object.source.name
      }
    }
  }

  service_config {
    available_memory                 = var.memory
    timeout_seconds                  = each.value.timeout
    min_instance_count               = 0
    max_instance_count               = each.value.max_instances
    max_instance_request_concurrency = 1
    ingress_settings                 = each.value.ingress
    all_traffic_on_latest_revision   = true
    # Its own account: only its own secrets (locals.tf function_secrets), see service_accounts.tf.
    service_account_email = google_service_account.fn[each.key].email
    environment_variables = local.plain_env

    # Every call to WeChat (and everything else) leaves through the NAT's one reserved address,
    # the address on the shop's IP allowlist.
    vpc_connector                 = google_vpc_access_connector.egress.id
    vpc_connector_egress_settings = "ALL_TRAFFIC"

    dynamic "secret_environment_variables" {
      for_each = local.mounted_secrets[each.key]
      content {
        key        = secret_environment_variables.value
        project_id = var.project_id
        secret     = google_secret_manager_secret.setting[secret_environment_variables.value].secret_id
        version    = "latest"
      }
    }
  }

  # `dispatch`: Cloud Scheduler -> the schedule topic -> Eventarc -> dispatch (one tick per shop).
  # `refresh`: sheet_edit / shop_events -> the refresh topic -> refresh. Both never retried (the
  # next schedule dispatches again; the queued work stays in the journal and the next tick drains
  # it), delivered as the trigger account. `sync` has no Eventarc trigger: the tick topic's own push
  # subscription delivers it, with backoff and a dead-letter topic (tick_delivery.tf).
  dynamic "event_trigger" {
    for_each = each.value.delivery == "eventarc" ? [1] : []
    content {
      trigger_region        = var.region
      event_type            = "google.cloud.pubsub.topic.v1.messagePublished"
      pubsub_topic          = local.topic_ids[each.value.topic]
      retry_policy          = "RETRY_POLICY_DO_NOT_RETRY"
      service_account_email = google_service_account.trigger.email
    }
  }

  depends_on = [
    google_project_service.api,
    google_secret_manager_secret_iam_member.function_reads_secret,
    google_project_iam_member.build_builds,
    google_storage_bucket_iam_member.build_reads_source,
  ]
}
