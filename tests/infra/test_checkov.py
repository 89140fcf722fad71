"""checkov, the static IaC check, on infra/terraform: every finding is fixed or waived with a reason in
infra/checkov-waivers.yaml, and every waiver still matches a finding.

checkov lives in its own venv (.venv/checkov, from requirements-checkov.txt; `make test` installs it):
it needs bc-python-hcl2, which installs the same ``hcl2`` module as python-hcl2 (the parser the
other tests here use). Run once per session (a few seconds)."""

from __future__ import annotations

import json
import os
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.infra.terraform_files import ROOT, TERRAFORM

WAIVERS = ROOT / "infra" / "checkov-waivers.yaml"
CHECKOV = Path(os.environ.get("WAYBILL_CHECKOV", ROOT / ".venv" / "checkov" / "bin" / "checkov"))

Finding = tuple[str, str]  # (check id, resource address)


def waivers(path: Path = WAIVERS) -> dict[Finding, str]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return {(str(e["check"]), str(e["resource"])): str(e.get("reason") or "").strip() for e in entries}


def unwaived(found: set[Finding], waived: dict[Finding, str]) -> tuple[list[Finding], list[Finding]]:
    """(findings nobody waived, waivers that match no finding)."""
    return sorted(found - set(waived)), sorted(set(waived) - found)


def run_checkov(directory: Path) -> subprocess.CompletedProcess[str]:
    """checkov on the Terraform files of ``directory``, offline (--skip-download: no guideline fetch)."""
    flags = ["--framework", "terraform", "--skip-download", "--quiet", "--compact", "-o", "json"]
    return subprocess.run(
        [str(CHECKOV), "-d", str(directory), *flags],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@cache
def findings() -> frozenset[Finding]:
    if not CHECKOV.exists():
        message = f"checkov is not installed at {CHECKOV}: run `make test` (it installs .venv/checkov)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    result = run_checkov(TERRAFORM)
    assert result.returncode in (0, 1), result.stderr[-2000:]  # 1: there are failed checks
    reports: Any = json.loads(result.stdout)
    reports = reports if isinstance(reports, list) else [reports]
    assert reports and all(r["summary"]["parsing_errors"] == 0 for r in reports), result.stdout[-2000:]
    assert sum(r["summary"]["passed"] for r in reports) > 0, "checkov checked nothing"
    return frozenset(
        (str(f["check_id"]), str(f["resource"])) for r in reports for f in r["results"]["failed_checks"]
    )


def test_every_waiver_has_a_one_line_reason() -> None:
    found = waivers()
    assert found
    for key, reason in found.items():
        assert reason and "\n" not in reason and len(reason) <= 200, key


def test_the_comparison_catches_new_findings_and_stale_waivers() -> None:
    waived = {("CKV_GCP_62", "google_storage_bucket.journal"): "why"}
    new, stale = unwaived({("CKV_GCP_1", "x.y")}, waived)
    assert new == [("CKV_GCP_1", "x.y")] and stale == [("CKV_GCP_62", "google_storage_bucket.journal")]
    assert unwaived({("CKV_GCP_62", "google_storage_bucket.journal")}, waived) == ([], [])


def test_checkov_finds_nothing_that_is_not_waived() -> None:
    new, stale = unwaived(set(findings()), waivers())
    assert not new, f"fix these or waive them with a reason in infra/checkov-waivers.yaml: {new}"
    assert not stale, f"these waivers match no finding any more; remove them: {stale}"


def test_checkov_sees_a_planted_weakness(tmp_path: Path) -> None:
    """The run reads the files given: a public bucket is a finding (so a clean run means something)."""
    (tmp_path / "main.tf").write_text(
        'resource "google_storage_bucket" "open" {\n  name = "x"\n  location = "EU"\n}\n', encoding="utf-8"
    )
    if not CHECKOV.exists():
        pytest.skip("checkov is not installed (see test_checkov_finds_nothing_that_is_not_waived)")
    result = run_checkov(tmp_path)
    failed = {f["check_id"] for f in json.loads(result.stdout)["results"]["failed_checks"]}
    assert "CKV_GCP_114" in failed or "CKV_GCP_29" in failed, failed
