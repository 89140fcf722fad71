"""The allowlist of supplier API hosts is a deployment setting: a Terraform variable passed to the
functions as WAYBILL_SUPPLIER_HOSTS, in the JSON shape shared/suppliers/secret_binding.py reads."""

from __future__ import annotations

from shared.app.config import PLAIN_VARIABLES
from shared.suppliers.secret_binding import HOSTS_VARIABLE, TERRAFORM_VARIABLE
from tests.infra.terraform_files import locals_, variables


def test_the_supplier_host_allowlist_comes_from_a_terraform_variable() -> None:
    assert HOSTS_VARIABLE in PLAIN_VARIABLES
    variable = variables()[TERRAFORM_VARIABLE]
    assert variable["type"] == "${map(list(string))}" and variable["default"] == {}
    assert locals_()["plain_env"][HOSTS_VARIABLE] == f"${{jsonencode(var.{TERRAFORM_VARIABLE})}}"
