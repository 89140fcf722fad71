# Operable in production: log-based metrics over the functions' JSON log lines (functions/json_logs.py,
# functions/pass_log.py) and alert policies on them, so a failing or stopped sync and pushes the shop
# refuses reach a person. The workspace shows its own banner too (异常 tab, stale_sync_minutes).
#
# The fields filtered on are written by functions/pass_log.py: event ("tick", "push_refused" ...),
# outcome ("ok", "skipped", "partial", "stopped", "failed"), function, code.

variable "alert_email" {
  description = "E-mail address that receives the alerts (a notification channel is made for it). Empty: none is made; list existing channels in alert_notification_channels."
  type        = string
  default     = ""
}

variable "alert_notification_channels" {
  description = "Ids of existing Cloud Monitoring notification channels (projects/<project>/notificationChannels/<id>) that receive the alerts, besides alert_email."
  type        = list(string)
  default     = []
}

variable "alert_failing_ticks" {
  description = "Alert when more ticks than this fail (error, broken header, shop listing failed) within alert_window_minutes."
  type        = number
  default     = 2
}

variable "alert_refused_pushes" {
  description = "Alert when the shop refuses more pushes than this within alert_window_minutes."
  type        = number
  default     = 5
}

variable "alert_window_minutes" {
  description = "The window the two thresholds above count over, in minutes."
  type        = number
  default     = 30
}

variable "alert_no_good_tick_minutes" {
  description = "Alert when no tick has succeeded for this many minutes (the timer stopped, or every tick dies before logging). Keep it above the sync_schedule interval."
  type        = number
  default     = 60
}

locals {
  # Every function of this deployment (gen2 functions log as Cloud Run revisions named after them).
  log_scope = "resource.type=\"cloud_run_revision\" AND resource.labels.service_name=~\"^${var.name_prefix}-\""
  alert_channels = concat(
    var.alert_notification_channels,
    [for channel in google_monitoring_notification_channel.email : channel.id],
  )
}

resource "google_project_service" "monitoring" {
  for_each           = toset(["logging.googleapis.com", "monitoring.googleapis.com"])
  service            = each.value
  disable_on_destroy = false
}

resource "google_logging_metric" "failing_ticks" {
  name        = "${var.name_prefix}_failing_ticks"
  description = "Sync ticks that did not finish well: failed (an error), stopped (a broken header) or partial (the shop's order listing failed, so the last good tick did not move)."
  filter      = "${local.log_scope} AND jsonPayload.event=\"tick\" AND jsonPayload.outcome=(\"failed\" OR \"stopped\" OR \"partial\")"

  metric_descriptor {
    metric_kind = "DELTA"
    value_type  = "INT64"
    unit        = "1"
    labels {
      key         = "outcome"
      value_type  = "STRING"
      description = "failed, stopped or partial"
    }
    labels {
      key         = "error_class"
      value_type  = "STRING"
      description = "The exception class of a failed tick"
    }
  }
  label_extractors = {
    outcome     = "EXTRACT(jsonPayload.outcome)"
    error_class = "EXTRACT(jsonPayload.error_class)"
  }
  depends_on = [google_project_service.monitoring]
}

resource "google_logging_metric" "good_ticks" {
  name        = "${var.name_prefix}_good_ticks"
  description = "Sync ticks that finished well (their absence means the sync has stopped)."
  filter      = "${local.log_scope} AND jsonPayload.event=\"tick\" AND jsonPayload.outcome=\"ok\""

  metric_descriptor {
    metric_kind = "DELTA"
    value_type  = "INT64"
    unit        = "1"
  }
  depends_on = [google_project_service.monitoring]
}

resource "google_logging_metric" "refused_pushes" {
  name        = "${var.name_prefix}_refused_pushes"
  description = "Pushes of tracking numbers the shop refused (one log line each, with the platform's code)."
  filter      = "${local.log_scope} AND jsonPayload.event=\"push_refused\""

  metric_descriptor {
    metric_kind = "DELTA"
    value_type  = "INT64"
    unit        = "1"
    labels {
      key         = "code"
      value_type  = "STRING"
      description = "The platform's errcode"
    }
  }
  label_extractors = {
    code = "EXTRACT(jsonPayload.code)"
  }
  depends_on = [google_project_service.monitoring]
}

resource "google_monitoring_notification_channel" "email" {
  for_each     = var.alert_email == "" ? toset([]) : toset([var.alert_email])
  display_name = "${var.name_prefix} alerts"
  type         = "email"
  labels = {
    email_address = each.value
  }
  depends_on = [google_project_service.monitoring]
}

resource "google_monitoring_alert_policy" "sync" {
  display_name          = "${var.name_prefix}: sync failing or stopped / 同步失败或已停止"
  combiner              = "OR"
  notification_channels = local.alert_channels

  conditions {
    display_name = "ticks failing / 同步多次失败"
    condition_threshold {
      filter          = "metric.type=\"logging.googleapis.com/user/${google_logging_metric.failing_ticks.name}\" AND resource.type=\"cloud_run_revision\""
      comparison      = "COMPARISON_GT"
      threshold_value = var.alert_failing_ticks
      duration        = "0s"
      aggregations {
        alignment_period     = "${var.alert_window_minutes * 60}s"
        per_series_aligner   = "ALIGN_SUM"
        cross_series_reducer = "REDUCE_SUM"
      }
    }
  }

  conditions {
    display_name = "no good tick / 没有成功的同步"
    condition_absent {
      filter   = "metric.type=\"logging.googleapis.com/user/${google_logging_metric.good_ticks.name}\" AND resource.type=\"cloud_run_revision\""
      duration = "${var.alert_no_good_tick_minutes * 60}s"
      aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_SUM"
        cross_series_reducer = "REDUCE_SUM"
      }
    }
  }

  documentation {
    mime_type = "text/markdown"
    content   = "同步失败或已停止：在 Cloud Logging 中按 jsonPayload.event=\"tick\" 查看每一轮的 outcome 和 error_class，检查 Cloud Scheduler 任务和 sync 函数，然后运行 `python -m shared.cli doctor`。 / The sync is failing or has stopped: look up jsonPayload.event=\"tick\" in Cloud Logging for each tick's outcome and error_class, check the Cloud Scheduler job and the sync function, then run `python -m shared.cli doctor`."
  }
}

resource "google_monitoring_alert_policy" "refused_pushes" {
  display_name          = "${var.name_prefix}: pushes refused by the shop / 小店拒绝推送"
  combiner              = "OR"
  notification_channels = local.alert_channels

  conditions {
    display_name = "pushes refused / 推送被拒"
    condition_threshold {
      filter          = "metric.type=\"logging.googleapis.com/user/${google_logging_metric.refused_pushes.name}\" AND resource.type=\"cloud_run_revision\""
      comparison      = "COMPARISON_GT"
      threshold_value = var.alert_refused_pushes
      duration        = "0s"
      aggregations {
        alignment_period     = "${var.alert_window_minutes * 60}s"
        per_series_aligner   = "ALIGN_SUM"
        cross_series_reducer = "REDUCE_SUM"
      }
    }
  }

  documentation {
    mime_type = "text/markdown"
    content   = "小店拒绝了多次推送：表格「异常」页列出了每个订单和原因；在 Cloud Logging 中按 jsonPayload.event=\"push_refused\" 查看 code，检查小店后台（退货地址、订单状态）后在表格里重新推送。 / The shop refused several pushes: the sheet's 异常 tab lists each order and why; look up jsonPayload.event=\"push_refused\" in Cloud Logging for the codes, check the shop backend (return address, order state), then push again from the sheet."
  }
}

# A tick parked on the dead-letter topic (tick_delivery.tf): a shop whose tick failed every delivery.
resource "google_monitoring_alert_policy" "dead_letter" {
  display_name          = "${var.name_prefix}: a shop's tick gave up / 店铺同步多次重试仍失败"
  combiner              = "OR"
  notification_channels = local.alert_channels

  conditions {
    display_name = "ticks parked / 同步消息进入死信"
    condition_threshold {
      filter          = "metric.type=\"pubsub.googleapis.com/subscription/num_undelivered_messages\" AND resource.type=\"pubsub_subscription\" AND resource.labels.subscription_id=\"${google_pubsub_subscription.tick_dead_letter.name}\""
      comparison      = "COMPARISON_GT"
      threshold_value = 0
      duration        = "0s"
      aggregations {
        alignment_period   = "300s"
        per_series_aligner = "ALIGN_MAX"
      }
    }
  }

  documentation {
    mime_type = "text/markdown"
    content   = "某个店铺的同步消息重试多次后仍失败，已放入死信订阅：用 `gcloud pubsub subscriptions pull` 读出消息里的 shop，在 Cloud Logging 中按 jsonPayload.shop 查看它的 error_class，修好后运行 `python -m shared.cli doctor`；其他店铺不受影响。 / A shop's tick failed every delivery and was parked on the dead-letter subscription: pull it with `gcloud pubsub subscriptions pull` to read its shop, look up jsonPayload.shop in Cloud Logging for its error_class, fix it, then run `python -m shared.cli doctor`; the other shops are not affected."
  }
}
