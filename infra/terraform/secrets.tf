# One Secret Manager secret per secret setting. Terraform declares them and never sees their values:
# versions are added with `gcloud secrets versions add` (../README.md, step 3), so no secret is in
# these files, in a tfvars file or in the Terraform state.
resource "google_secret_manager_secret" "setting" {
  for_each  = toset(local.secret_names)
  secret_id = "${var.name_prefix}-${lower(replace(each.value, "_", "-"))}"

  labels = {
    app = "waybill-relay"
  }

  replication {
    auto {}
  }

  depends_on = [google_project_service.api]
}
