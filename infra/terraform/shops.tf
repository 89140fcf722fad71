# Many shops on one deployment (店群, ../../docs/shops.md). Empty `shops`: one shop, configured by
# wechat_appid / spreadsheet_id and the WAYBILL_WECHAT_* secrets as before. Non-empty: the functions
# get WAYBILL_SHOPS (the registry, no secret in it) and each shop its own Secret Manager secrets,
# named as shared/app/shops.py default_variable names them (WAYBILL_SHOP_<KEY>_SECRET ...:
# tests/infra/test_terraform_shops.py compares the two). Every shop's calls leave through the same
# NAT address (network.tf): put output egress_ip on each shop's IP allowlist.

variable "shops" {
  description = "The shops this deployment serves, by shop key (lowercase letters, digits, dashes; it names the shop in messages, journal prefixes and secrets): appid, spreadsheet_id, optional journal (the journal sub-prefix shops/<journal>/, default the key: keep it when renaming a key), optional settings (per-shop values of WAYBILL_SHEET_LANG, WAYBILL_ACTOR, WAYBILL_EVENT_MIN_INTERVAL, WAYBILL_TARGETED_WRITE, KUAIDI100_BUDGET, WAYBILL_SUPPLIER_FILES, WAYBILL_SUPPLIER_FILES_ENDPOINT), optional rotating_aes_key (true while the shop's EncodingAESKey is being changed: mounts its WAYBILL_SHOP_<KEY>_AES_KEY_PREVIOUS). Empty: one shop (wechat_appid, spreadsheet_id)."
  type = map(object({
    appid            = string
    spreadsheet_id   = string
    journal          = optional(string)
    settings         = optional(map(string), {})
    rotating_aes_key = optional(bool, false)
  }))
  default = {}

  validation {
    condition     = alltrue([for key in keys(var.shops) : can(regex("^[a-z][a-z0-9-]{0,19}$", key))])
    error_message = "shops: each key is 1-20 lowercase letters, digits or dashes, starting with a letter (店铺键：小写字母开头，1-20 个小写字母、数字或短横线)."
  }

  validation {
    condition = alltrue(flatten([
      for shop in values(var.shops) : [
        for name in keys(shop.settings) : contains([
          "WAYBILL_SHEET_LANG",
          "WAYBILL_ACTOR",
          "WAYBILL_EVENT_MIN_INTERVAL",
          "WAYBILL_TARGETED_WRITE",
          "KUAIDI100_BUDGET",
          "WAYBILL_SUPPLIER_FILES",
          "WAYBILL_SUPPLIER_FILES_ENDPOINT",
        ], name)
      ]
    ]))
    error_message = "shops: settings may hold only WAYBILL_SHEET_LANG, WAYBILL_ACTOR, WAYBILL_EVENT_MIN_INTERVAL, WAYBILL_TARGETED_WRITE, KUAIDI100_BUDGET, WAYBILL_SUPPLIER_FILES, WAYBILL_SUPPLIER_FILES_ENDPOINT (其余设置属于整套部署，不能按店铺设置)."
  }

  validation {
    condition     = alltrue([for shop in values(var.shops) : shop.journal == null || can(regex("^[a-z0-9][a-z0-9_-]{0,39}$", shop.journal))])
    error_message = "shops: journal is 1-40 lowercase letters, digits, _ or -, starting with a letter or digit (日志前缀格式不对)."
  }

  validation {
    condition     = length(var.shops) <= 100
    error_message = "shops: at most 100 shops per deployment (每套部署最多 100 个店铺)."
  }

  validation {
    condition     = length(distinct([for shop in values(var.shops) : shop.appid])) == length(var.shops)
    error_message = "shops: two shops have the same appid (两个店铺的 AppID 相同)."
  }

  validation {
    condition     = length(distinct([for shop in values(var.shops) : shop.spreadsheet_id])) == length(var.shops)
    error_message = "shops: two shops have the same spreadsheet_id (两个店铺使用同一个工作表格)."
  }
}

variable "shop_tick_concurrency" {
  description = "With shops: at most this many shops tick at the same time (instances of sync). Each shop's own lease keeps one tick per shop; the Sheets quota is shared by all of them (one service account)."
  type        = number
  default     = 10

  validation {
    condition     = var.shop_tick_concurrency >= 1 && var.shop_tick_concurrency <= 100
    error_message = "shop_tick_concurrency: 1 to 100."
  }
}

locals {
  many_shops = length(var.shops) > 0

  # KEY in WAYBILL_SHOP_<KEY>_...: the shop key upper-cased, "-" as "_" (shared/app/shops.py).
  shop_variable_keys = { for key in keys(var.shops) : key => upper(replace(key, "-", "_")) }

  # Each shop's secrets by job, as the functions read them (locals.tf function_secrets).
  shop_app_secrets  = [for key, name in local.shop_variable_keys : "WAYBILL_SHOP_${name}_SECRET"]
  shop_edit_secrets = [for key, name in local.shop_variable_keys : "WAYBILL_SHOP_${name}_EDIT_SECRET"]
  shop_push_secrets = flatten([
    for key, name in local.shop_variable_keys : concat(
      ["WAYBILL_SHOP_${name}_PUSH_TOKEN", "WAYBILL_SHOP_${name}_AES_KEY"],
      var.shops[key].rotating_aes_key ? ["WAYBILL_SHOP_${name}_AES_KEY_PREVIOUS"] : [],
    )
  ])
  shop_secrets = concat(local.shop_app_secrets, local.shop_push_secrets, local.shop_edit_secrets)

  # With shops the deployment's own shop secrets are never read for a shop (docs/shops.md): they stay
  # declared (a version can be added later) but are not mounted.
  single_shop_secrets = [
    "WAYBILL_WECHAT_SECRET",
    "WAYBILL_WECHAT_PUSH_TOKEN",
    "WAYBILL_WECHAT_AES_KEY",
    "WAYBILL_WECHAT_AES_KEY_PREVIOUS",
    "WAYBILL_EDIT_SECRET",
  ]
  not_mounted = concat(var.unused_secrets, local.many_shops ? local.single_shop_secrets : [])

  # WAYBILL_SHOPS: the registry as shared/app/shops.py parses it; secrets by their default names.
  shop_registry = {
    for key, shop in var.shops : key => merge(
      { appid = shop.appid, spreadsheet_id = shop.spreadsheet_id },
      { for field, value in { journal = shop.journal } : field => value if value != null },
      { for field, value in { settings = shop.settings } : field => value if length(value) > 0 },
    )
  }
  shops_setting = local.many_shops ? jsonencode(local.shop_registry) : ""

  # One shop: the scheduler's tick is one sync. Many: up to shop_tick_concurrency side by side.
  sync_instances = max(1, min(var.shop_tick_concurrency, length(var.shops)))
}

# One deployment, one shop or many: the single-shop settings are required exactly when shops is empty.
resource "terraform_data" "shop_settings" {
  input = local.many_shops

  lifecycle {
    precondition {
      condition     = local.many_shops || (var.wechat_appid != "" && var.spreadsheet_id != "")
      error_message = "Set wechat_appid and spreadsheet_id (one shop), or shops (several). 单店请填写 wechat_appid 和 spreadsheet_id，多店请填写 shops。"
    }
  }
}
