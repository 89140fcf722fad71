# What to paste elsewhere after `terraform apply` (../README.md, steps 4 to 6).

output "sheet_edit_url" {
  description = "Apps Script property WAYBILL_EDIT_URL (the sheet's edit trigger and menu call it)."
  value       = google_cloudfunctions2_function.fn["sheet_edit"].service_config[0].uri
}

output "shop_events_url" {
  description = "WeChat Shop back office, 消息推送 URL (message push settings)."
  value       = google_cloudfunctions2_function.fn["shop_events"].service_config[0].uri
}

output "tracking_events_url" {
  description = "Kuaidi100 subscription callback URL (tracking pushes; the functions send it when subscribing)."
  value       = local.tracking_events_url
}

output "supplier_events_url" {
  description = "1688 open platform, the app's 消息订阅 push URL (1688 push messages: shipments, closes, changed numbers)."
  value       = google_cloudfunctions2_function.fn["supplier_events"].service_config[0].uri
}

output "shop_events_urls" {
  description = "With shops: each shop's 消息推送 URL (the shop_events URL naming the shop), to paste in that shop's back office."
  value       = { for key in keys(var.shops) : key => "${google_cloudfunctions2_function.fn["shop_events"].service_config[0].uri}?shop=${key}" }
}

output "tick_dead_letter_subscription" {
  description = "Where a shop's tick that failed every delivery is parked (gcloud pubsub subscriptions pull it)."
  value       = google_pubsub_subscription.tick_dead_letter.name
}

output "sync_now_url" {
  description = "Private 'sync now' URL: call it with an ID token whose audience is this URL."
  value       = local.sync_now_url
}

output "function_urls" {
  description = "Every function's Cloud Run URL."
  value       = { for name, fn in google_cloudfunctions2_function.fn : name => fn.service_config[0].uri }
}

output "egress_ip" {
  description = "The one address all calls leave from, for every shop: add it to each WeChat Shop's IP allowlist (IP 白名单)."
  value       = google_compute_address.egress.address
}

output "sheet_service_accounts" {
  description = "Share the workspace Google Sheet with each of these e-mails as Editor (the functions that read or write it)."
  value       = [for name in local.sheet_functions : google_service_account.fn[name].email]
}

output "supplier_sheet_service_accounts" {
  description = "Share each supplier's own sheet with these e-mails (the functions that run a whole tick)."
  value       = [for name in local.supplier_sheet_functions : google_service_account.fn[name].email]
}

output "function_service_accounts" {
  description = "The account each function runs as."
  value       = { for name, account in google_service_account.fn : name => account.email }
}

output "journal_service_account" {
  description = "Create the journal's HMAC key for this account (step 2): the functions reach the bucket as it."
  value       = google_service_account.journal.email
}

output "journal_bucket" {
  description = "The journal bucket (WAYBILL_JOURNAL_BUCKET)."
  value       = google_storage_bucket.journal.name
}

output "secret_ids" {
  description = "Secret Manager secret id of each secret setting (add a version to each one you use)."
  value       = { for name, s in google_secret_manager_secret.setting : name => s.secret_id }
}
