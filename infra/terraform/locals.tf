locals {
  # Every secret the settings read: shared/app/config.py SECRET_VARIABLES (tests/infra checks that
  # each one is here). One Secret Manager secret each, named like the environment variable.
  setting_secrets = [
    "WAYBILL_WECHAT_SECRET",
    "WAYBILL_WECHAT_PUSH_TOKEN",
    "WAYBILL_WECHAT_AES_KEY",
    "WAYBILL_WECHAT_AES_KEY_PREVIOUS",
    "WAYBILL_EDIT_SECRET",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "KUAIDI100_CUSTOMER",
    "KUAIDI100_KEY",
    "KUAIDI100_SALT",
  ]
  # Plus each API supplier's credentials, named by the 供应商 tab (token_env=WR_..., secret_env=WR_...).
  # (alibaba_push_secrets must be among supplier_secrets: a name that is not has no secret, and the
  # plan fails on its grant.)
  # and, with shops (shops.tf), each shop's own: WAYBILL_SHOP_<KEY>_SECRET ...
  secret_names = concat(local.setting_secrets, var.supplier_secrets, local.shop_secrets)

  # Which secrets each function reads, following its code path from main.py (tests/infra/
  # test_least_privilege.py holds the same table and the reasons). Each function mounts, and its own
  # service account may read, only its set.
  #   journal: every function claims its request or records its work there (S3 API, HMAC key);
  #   shop:    the AppSecret, for the shop's access token (reading orders, pushing numbers);
  #   tracking_on: with both, tracking is on (shared/app/config.py tracking_enabled): a targeted
  #            refresh then keeps the stored logistics state of its rows, without calling Kuaidi100;
  #   tick:    a whole tick also polls or subscribes at Kuaidi100 (the salt signs subscriptions) and
  #            pulls API suppliers with their credentials.
  journal_secrets     = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]
  shop_secrets_read   = concat(["WAYBILL_WECHAT_SECRET"], local.shop_app_secrets)
  tracking_on_secrets = ["KUAIDI100_CUSTOMER", "KUAIDI100_KEY"]
  tick_secrets = concat(
    local.journal_secrets, local.shop_secrets_read, local.tracking_on_secrets, ["KUAIDI100_SALT"], var.supplier_secrets
  )
  # The public functions (reachable by anyone, checking a signature themselves) verify, claim once,
  # record the work in the journal and publish "work is waiting" (functions/handoff.py); they hold no
  # shop, tracking or supplier secret. The private ones do the reading and pushing.
  function_secrets = {
    sync     = local.tick_secrets
    sync_now = local.tick_secrets
    # A queued edit or shop event: a targeted refresh (the shop, the stored logistics state; no
    # Kuaidi100 call, no supplier pull).
    refresh = concat(local.journal_secrets, local.shop_secrets_read, local.tracking_on_secrets)
    # The sheet's HMAC secret and the journal (the edit queue); 立即同步 is published to the tick topic.
    sheet_edit = concat(["WAYBILL_EDIT_SECRET"], local.shop_edit_secrets, local.journal_secrets)
    # The push's signature and decryption keys and the journal (the shop-event queue).
    shop_events = concat(["WAYBILL_WECHAT_PUSH_TOKEN", "WAYBILL_WECHAT_AES_KEY", "WAYBILL_WECHAT_AES_KEY_PREVIOUS"], local.shop_push_secrets, local.journal_secrets)
    # A Kuaidi100 push: its signature (the salt) and the journal, nothing else (no shop, no sheet).
    tracking_events = concat(["KUAIDI100_SALT"], local.journal_secrets)
    # A 1688 push: the 1688 app key and secret (to verify it) and the journal; never the refresh
    # token, the shop or the sheet. It announces a tick (the pull needs the private sync).
    supplier_events = concat(var.alibaba_push_secrets, local.journal_secrets)
    # The scheduler's tick: one message per shop on the tick topic (functions/dispatch.py). It reads
    # the registry (a plain setting) and publishes; no secret.
    dispatch = []
  }

  # Cloud Run refuses to start a revision whose secret has no version: unused ones are not mounted
  # (nor, with shops, the single shop's secrets: shops.tf not_mounted).
  mounted_secrets = {
    for name, secrets in local.function_secrets :
    name => sort(tolist(setsubtract(toset(secrets), toset(local.not_mounted))))
  }
  # One grant per (function, mounted secret): its own account reads its own secrets only.
  secret_grants = merge([
    for name, secrets in local.mounted_secrets : { for secret in secrets : "${name}/${secret}" => { function = name, secret = secret } }
  ]...)

  # The functions that read or write the operators' sheet (the public ones never do): share the
  # workspace with their accounts. A whole tick also opens the supplier sheets.
  sheet_functions          = ["refresh", "sync", "sync_now"]
  supplier_sheet_functions = ["sync", "sync_now"]

  # Who may publish to which topic (topics.tf): the public functions hand work on; dispatch publishes
  # each shop's tick, and sync fans out a tick that names no shop (立即同步, a 1688 push) the same way.
  topic_publishers = {
    "dispatch/tick"        = { function = "dispatch", topic = "tick" }
    "sync/tick"            = { function = "sync", topic = "tick" }
    "sheet_edit/refresh"   = { function = "sheet_edit", topic = "refresh" }
    "sheet_edit/tick"      = { function = "sheet_edit", topic = "tick" }
    "shop_events/refresh"  = { function = "shop_events", topic = "refresh" }
    "supplier_events/tick" = { function = "supplier_events", topic = "tick" }
  }

  # A gen2 function also answers at https://REGION-PROJECT.cloudfunctions.net/NAME, known before it
  # exists: the functions' own settings can name it without a dependency cycle.
  function_base_url   = "https://${var.region}-${var.project_id}.cloudfunctions.net/${var.name_prefix}"
  sync_now_url        = "${local.function_base_url}-sync-now"
  tracking_events_url = "${local.function_base_url}-tracking-events"

  # Object keys in the journal bucket start here (shared/journal/s3_store.py joins the prefix the same way).
  journal_key_prefix = trimsuffix(trimprefix(var.journal_prefix, "/"), "/") == "" ? "" : "${trimsuffix(trimprefix(var.journal_prefix, "/"), "/")}/"

  # Plain settings (shared/app/config.py PLAIN_VARIABLES). WAYBILL_JOURNAL_DIR is for local runs,
  # WAYBILL_OIDC_CERTS_URL and KUAIDI100_AUTONUMBER_URL for tests: in the cloud they keep their defaults.
  plain_env = {
    WAYBILL_WECHAT_API_BASE         = var.wechat_api_base
    WAYBILL_WECHAT_APPID            = var.wechat_appid
    WAYBILL_SHEETS_API_BASE         = "https://sheets.googleapis.com"
    WAYBILL_SPREADSHEET_ID          = var.spreadsheet_id
    WAYBILL_SHEET_LANG              = var.sheet_lang
    WAYBILL_JOURNAL_BUCKET          = google_storage_bucket.journal.name
    WAYBILL_JOURNAL_ENDPOINT        = "https://storage.googleapis.com"
    WAYBILL_JOURNAL_PREFIX          = var.journal_prefix
    KUAIDI100_BASE_URL              = var.kuaidi100_base_url
    KUAIDI100_CALLBACK_URL          = var.kuaidi100_push ? local.tracking_events_url : ""
    KUAIDI100_BUDGET                = tostring(var.kuaidi100_budget)
    WAYBILL_ACTOR                   = var.actor
    WAYBILL_EVENT_MIN_INTERVAL      = tostring(var.event_min_interval)
    WAYBILL_SYNC_TIMEOUT            = tostring(var.sync_timeout_seconds)
    WAYBILL_SYNC_AUDIENCE           = local.sync_now_url
    WAYBILL_SYNC_CALLERS            = join(",", [for m in var.sync_now_invokers : trimprefix(trimprefix(m, "user:"), "serviceAccount:")])
    WAYBILL_SUPPLIER_HOSTS          = jsonencode(var.supplier_api_hosts)
    WAYBILL_GCP_PROJECT             = var.project_id
    WAYBILL_REFRESH_TOPIC           = google_pubsub_topic.refresh.name
    WAYBILL_TICK_TOPIC              = google_pubsub_topic.tick.name
    WAYBILL_SHOPS                   = local.shops_setting # shops.tf: "" with one shop
    WAYBILL_OVERVIEW_SPREADSHEET_ID = var.overview_spreadsheet_id
  }

  # The entry points of main.py. http: a URL; pubsub: a CloudEvent from its topic (topics.tf).
  # delivery (pubsub only): eventarc = an Eventarc trigger that never retries (the work stays queued
  # in the journal, the next message or tick redoes it); subscription = our own push subscription
  # with backoff and a dead-letter topic (tick_delivery.tf), which Eventarc cannot give.
  # public: anyone may call (the function checks a signature itself); otherwise IAM decides.
  functions = {
    dispatch = {
      entry_point   = "dispatch"
      trigger       = "pubsub"
      topic         = "schedule"
      delivery      = "eventarc"
      public        = false
      ingress       = "ALLOW_INTERNAL_ONLY"
      max_instances = 1
      timeout       = 60
    }
    sheet_edit = {
      entry_point   = "sheet_edit"
      trigger       = "http"
      topic         = ""
      delivery      = ""
      public        = true
      ingress       = "ALLOW_ALL"
      max_instances = var.http_max_instances
      timeout       = 60
    }
    sync = {
      entry_point   = "sync"
      trigger       = "pubsub"
      topic         = "tick"
      delivery      = "subscription"
      public        = false
      ingress       = "ALLOW_INTERNAL_ONLY"
      max_instances = local.sync_instances # one shop: 1 (ticks never overlap); shops: side by side
      timeout       = var.sync_timeout_seconds
    }
    sync_now = {
      entry_point   = "sync_now"
      trigger       = "http"
      topic         = ""
      delivery      = ""
      public        = false
      ingress       = "ALLOW_ALL"
      max_instances = 1
      timeout       = var.sync_timeout_seconds
    }
    refresh = {
      entry_point   = "refresh"
      trigger       = "pubsub"
      topic         = "refresh"
      delivery      = "eventarc"
      public        = false
      ingress       = "ALLOW_INTERNAL_ONLY"
      max_instances = var.http_max_instances
      timeout       = 120 # a drain of queued edits and events (each a few Sheets calls)
    }
    shop_events = {
      entry_point   = "shop_events"
      trigger       = "http"
      topic         = ""
      delivery      = ""
      public        = true
      ingress       = "ALLOW_ALL"
      max_instances = var.http_max_instances
      timeout       = 60
    }
    tracking_events = {
      entry_point   = "tracking_events"
      trigger       = "http"
      topic         = ""
      delivery      = ""
      public        = true
      ingress       = "ALLOW_ALL"
      max_instances = var.http_max_instances
      timeout       = 60
    }
    supplier_events = {
      entry_point   = "supplier_events"
      trigger       = "http"
      topic         = ""
      delivery      = ""
      public        = true
      ingress       = "ALLOW_ALL"
      max_instances = var.http_max_instances
      timeout       = 60
    }
  }

  public_functions = { for name, f in local.functions : name => f if f.public }
  event_functions  = { for name, f in local.functions : name => f if f.trigger == "pubsub" }
}
