# Inputs. Copy terraform.tfvars.example to terraform.tfvars and fill in the first block.
# No secret goes here: secret values are added to Secret Manager with gcloud (see ../README.md).

variable "project_id" {
  description = "Google Cloud project id that will hold the functions, the bucket and the secrets."
  type        = string
}

variable "region" {
  description = "Region of the functions, the connector, the NAT and the scheduler job. Hong Kong (asia-east2) is close to the WeChat API; any Cloud Functions gen2 region works."
  type        = string
  default     = "asia-east2"
}

variable "name_prefix" {
  description = "Prefix of every resource name, so that two deployments can share a project."
  type        = string
  default     = "waybill"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,11}$", var.name_prefix))
    error_message = "name_prefix: 2-12 lowercase letters, digits or dashes, starting with a letter."
  }
}

variable "spreadsheet_id" {
  description = "Id of the operators' Google Sheet (the part of its URL between /d/ and /edit). Required with one shop; with several, each shop's is in shops (shops.tf)."
  type        = string
  default     = ""
}

variable "overview_spreadsheet_id" {
  description = "Id of the overview spreadsheet (总览, ../../docs/shops.md): one row per shop, rewritten after every shop's tick. Shared with sheet_service_accounts like the shops' sheets. Empty: no overview."
  type        = string
  default     = ""
}

variable "sheet_lang" {
  description = "Template language of the sheet: zh (Chinese headers) or en."
  type        = string
  default     = "zh"

  validation {
    condition     = contains(["zh", "en"], var.sheet_lang)
    error_message = "sheet_lang must be zh or en."
  }
}

variable "wechat_appid" {
  description = "The shop's AppID (not secret). The AppSecret goes to Secret Manager, never here. Required with one shop; with several, each shop's is in shops (shops.tf)."
  type        = string
  default     = ""
}

variable "wechat_api_base" {
  description = "WeChat Shop API base URL. Change it only to point a test deployment at an emulator."
  type        = string
  default     = "https://api.weixin.qq.com"
}

variable "kuaidi100_base_url" {
  description = "Kuaidi100 API base URL (used only when the KUAIDI100_* secrets have values)."
  type        = string
  default     = "https://poll.kuaidi100.com"
}

variable "kuaidi100_push" {
  description = "Subscribe tracking numbers at Kuaidi100 and receive its pushes on tracking_events (needs the KUAIDI100_SALT secret). false: poll instead."
  type        = bool
  default     = true
}

variable "kuaidi100_budget" {
  description = "At most this many Kuaidi100 calls per sync tick."
  type        = number
  default     = 50
}

variable "actor" {
  description = "Name written in the journal and the 日志 tab for automatic changes."
  type        = string
  default     = "system"
}

variable "event_min_interval" {
  description = "Seconds between sheet refreshes for WeChat order events once a burst of 5 is spent; events arriving sooner are coalesced into the next refresh or tick (keeps a flash sale within the Sheets per-minute quota). 0: no limit."
  type        = number
  default     = 6
  validation {
    condition     = var.event_min_interval >= 0
    error_message = "event_min_interval must be 0 or more seconds."
  }
}

variable "journal_prefix" {
  description = "Key prefix inside the journal bucket (lets several shops share one bucket)."
  type        = string
  default     = "journal"
}

variable "supplier_secrets" {
  description = "Environment variables that hold API suppliers' credentials, as the 供应商 tab names them (token_env=WR_ACME_TOKEN, secret_env=WR_ACME_SECRET). Each becomes a Secret Manager secret mounted on the functions; names must start with WR_."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for name in var.supplier_secrets : can(regex("^WR_[A-Z0-9_]+$", name))])
    error_message = "Supplier secret names start with WR_ and use A-Z, 0-9 and _ (e.g. WR_ACME_TOKEN)."
  }
}

variable "alibaba_push_secrets" {
  description = "The 1688 buyer accounts whose push messages the supplier_events function verifies: for each, its WR_<KEY>_APP_KEY and WR_<KEY>_SECRET (also listed in supplier_secrets, where the sync reads them with WR_<KEY>_REFRESH_TOKEN). Only these are mounted on the public supplier_events function: never a refresh token."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for name in var.alibaba_push_secrets : can(regex("^WR_[A-Z0-9_]+_(APP_KEY|SECRET)$", name))])
    error_message = "Only WR_<KEY>_APP_KEY and WR_<KEY>_SECRET names (the 1688 app's key and secret)."
  }
}

variable "supplier_api_hosts" {
  description = "Where each API supplier's secret may be sent: secret variable name -> allowed endpoint hosts (host, or host:port), e.g. { WR_ACME_TOKEN = [\"erp.acme.com\"] }. A 供应商 row whose endpoint host is not listed for its secret is refused before any request (the sheet alone can never decide it). A supplier API without credentials is listed under the name its token would have."
  type        = map(list(string))
  default     = {}

  validation {
    condition     = alltrue([for name, hosts in var.supplier_api_hosts : can(regex("^WR_[A-Z0-9_]+_(TOKEN|SECRET)$", name)) && length(hosts) > 0])
    error_message = "Keys are supplier secret names (WR_<KEY>_TOKEN or WR_<KEY>_SECRET), each with at least one host."
  }
}

variable "unused_secrets" {
  description = "Secrets you do not use yet: declared in Secret Manager but not mounted, so the functions deploy before they have a value. Remove a name from this list after adding its first version."
  type        = list(string)
  default     = ["WAYBILL_WECHAT_AES_KEY_PREVIOUS", "KUAIDI100_CUSTOMER", "KUAIDI100_KEY", "KUAIDI100_SALT"]
}

variable "sync_schedule" {
  description = "How often the sync tick runs (cron, in time_zone). Every 5 minutes by default."
  type        = string
  default     = "*/5 * * * *"
}

variable "time_zone" {
  description = "Time zone of sync_schedule."
  type        = string
  default     = "Asia/Shanghai"
}

variable "sync_now_invokers" {
  description = "Who may call sync_now: user: or serviceAccount: members (e.g. user:ops@example.com). The function also checks that the ID token's e-mail is one of these. Required and never empty: with no list, any Google-signed token with the right audience would pass the function's own check."
  type        = list(string)

  validation {
    condition     = length(var.sync_now_invokers) > 0
    error_message = "sync_now_invokers: name at least one caller (user:EMAIL or serviceAccount:EMAIL)."
  }

  validation {
    condition     = alltrue([for m in var.sync_now_invokers : can(regex("^(user|serviceAccount):[^@]+@[^@]+$", m))])
    error_message = "sync_now_invokers: use user:EMAIL or serviceAccount:EMAIL (groups cannot be checked by the function)."
  }
}

variable "python_runtime" {
  description = "Cloud Functions gen2 Python runtime. The code is tested on Python 3.11."
  type        = string
  default     = "python311"
}

variable "memory" {
  description = "Memory of each function instance."
  type        = string
  default     = "512Mi"
}

variable "sync_timeout_seconds" {
  description = "Time limit of one sync tick (event-driven functions allow at most 540 s); the functions get it as WAYBILL_SYNC_TIMEOUT and end every retry wait a minute before it."
  type        = number
  default     = 300
}

variable "http_max_instances" {
  description = "Upper bound of instances for each HTTP function (sheet edits, shop events, tracking pushes)."
  type        = number
  default     = 5
}

variable "connector_cidr" {
  description = "An unused /28 range inside the dedicated VPC for the Serverless VPC Access connector."
  type        = string
  default     = "10.8.0.0/28"
}
