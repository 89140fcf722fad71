# Providers. `terraform init` downloads them; the static checks in tests/infra need neither them nor a
# Google account (they parse these files with python-hcl2).
terraform {
  required_version = ">= 1.5"

  required_providers {
    google = {
      source  = "hashicorp/google"
      version = ">= 5.30, < 7"
    }
    archive = {
      source  = "hashicorp/archive"
      version = ">= 2.4, < 3"
    }
  }
}

provider "google" {
  project = var.project_id
  region  = var.region
}
