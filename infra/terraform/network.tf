# A static egress address: WeChat Shop answers only calls from IPs on the shop's allowlist, and
# functions otherwise leave from changing addresses. Functions -> Serverless VPC Access connector
# (in its own /28 subnet) -> Cloud NAT with one reserved address.
resource "google_compute_network" "egress" {
  name                    = "${var.name_prefix}-egress"
  auto_create_subnetworks = false

  depends_on = [google_project_service.api]
}

resource "google_compute_subnetwork" "connector" {
  name                     = "${var.name_prefix}-connector"
  region                   = var.region
  network                  = google_compute_network.egress.id
  ip_cidr_range            = var.connector_cidr
  private_ip_google_access = true
}

resource "google_vpc_access_connector" "egress" {
  name          = "${var.name_prefix}-egress"
  region        = var.region
  machine_type  = "e2-micro"
  min_instances = 2
  max_instances = 3

  subnet {
    name = google_compute_subnetwork.connector.name
  }
}

resource "google_compute_address" "egress" {
  name   = "${var.name_prefix}-egress"
  region = var.region

  depends_on = [google_project_service.api]
}

resource "google_compute_router" "egress" {
  name    = "${var.name_prefix}-egress"
  region  = var.region
  network = google_compute_network.egress.id
}

resource "google_compute_router_nat" "egress" {
  name                               = "${var.name_prefix}-egress"
  router                             = google_compute_router.egress.name
  region                             = var.region
  nat_ip_allocate_option             = "MANUAL_ONLY"
  nat_ips                            = [google_compute_address.egress.self_link]
  source_subnetwork_ip_ranges_to_nat = "LIST_OF_SUBNETWORKS"

  subnetwork {
    name                    = google_compute_subnetwork.connector.id
    source_ip_ranges_to_nat = ["ALL_IP_RANGES"]
  }

  log_config {
    enable = true
    filter = "ERRORS_ONLY"
  }
}
