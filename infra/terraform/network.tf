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

  # Flow logs of the connector's traffic (sampled: a record of where calls went, at little cost).
  log_config {
    aggregation_interval = "INTERVAL_10_MIN"
    flow_sampling        = 0.1
    metadata             = "EXCLUDE_ALL_METADATA"
  }
}

# Nothing enters this network: it only carries the functions' outgoing calls to the NAT. An explicit
# deny-all rule instead of relying on the implied one (and no default network rules).
resource "google_compute_firewall" "no_ingress" {
  name      = "${var.name_prefix}-no-ingress"
  network   = google_compute_network.egress.id
  direction = "INGRESS"
  priority  = 65534

  deny {
    protocol = "all"
  }
  source_ranges = ["0.0.0.0/0"]
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
