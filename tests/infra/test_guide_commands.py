"""The deploy guide (infra/README.md) followed as a new user would, on the emulators (issue 14 item 7).

Every command in the guide's ``bash`` blocks is either run here or listed in ``NOT_RUNNABLE`` with
the reason (Google Cloud, Secret Manager, the Apps Script editor ...): a command added to the guide
fails this test until it is one or the other. The runnable ones (``python -m shared.cli ...`` and
``make ...``) run in guide order, in a fresh copy of this working tree (a new user's clone), with the
environment the guide tells the user to export (values from the emulators and an S3 journal on
moto's server; only the emulator addresses are added). Each must exit 0 and leave no file behind.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from shared.journal.s3_store import make_client
from shared.sheets.http import SheetsHTTPClient
from shared.sheets.settings import SheetsSettings
from shared.sheets.workspace_init import create_spreadsheet
from tests.e2e.world import World, world

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "infra" / "README.md"
_OURS = ("WAYBILL_", "KUAIDI100_", "AWS_", "GOOGLE_APPLICATION_CREDENTIALS")

#: First word of a guide command -> why it cannot run here.
NOT_RUNNABLE = {
    "git": "clones the repository: the test runs in a copy of this working tree instead",
    "python3": "creates the virtualenv: the test uses the project's own (same requirements)",
    "gcloud": "needs a Google account and a Google Cloud project",
    "terraform": "creates Google Cloud resources (needs a project with billing)",
    "URL=$(terraform": "reads a Terraform output of a real deployment",
    "cp": "copies terraform.tfvars.example, used by Terraform only",
    "add_secret()": "defines the helper that writes to Secret Manager (gcloud)",
    "id=$(terraform": "inside add_secret: reads a Terraform output",
    "||": "inside add_secret: the fallback secret id",
    "read": "inside add_secret: reads a secret value from the terminal",
    "printf": "inside add_secret: writes to Secret Manager (gcloud)",
    "}": "end of add_secret",
    "add_secret": "writes a secret to Secret Manager (gcloud)",
    "npm": "installs clasp, which needs a Google account (Apps Script)",
    "clasp": "uploads the Apps Script, which needs a Google account",
    "curl": "calls sync_now of a real deployment with a Google identity token",
    "for": "reads the secrets from Secret Manager (gcloud); the test sets their values itself",
    "export": "sets the environment: the test reads the names and sets values from the emulators",
    "done": "end of the loop reading Secret Manager",
}
#: make targets the guide names that must not run from inside the test suite, and why.
NOT_RUNNABLE_MAKE = {
    "make test": "the whole suite itself (CI runs it): run from inside the suite it would recurse",
    "make lock": "resolves against PyPI and rewrites the locks; tests/unit/test_lock_files.py checks them",
    "make lock-upgrade": "the same as make lock, taking newer versions",
}
#: What running on the emulators adds to the guide's environment: their addresses, and no Google login.
EMULATOR_ONLY = {"WAYBILL_WECHAT_API_BASE", "WAYBILL_SHEETS_API_BASE", "WAYBILL_SHEETS_ANONYMOUS"}
#: Noise of running Python, not of the commands (bytecode is also switched off).
_IGNORED_PARTS = {"__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache", ".hypothesis"}


def guide_commands(text: str) -> list[str]:
    """Each command of the guide's ``bash`` blocks, continuation lines joined, comments dropped."""
    commands: list[str] = []
    for block in re.findall(r"```bash\n(.*?)```", text, flags=re.S):
        pending = ""
        for raw in block.splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            line = re.sub(r"\s+#\s.*$", "", line)  # a trailing comment (" # ..."), not "#" in a value
            if line.endswith("\\"):
                pending += line[:-1].strip() + " "
                continue
            commands.append(pending + line)
            pending = ""
    return commands


def runnable(command: str) -> bool:
    if command.startswith("make "):
        return command not in NOT_RUNNABLE_MAKE
    return "python -m shared.cli" in command


def followed(command: str) -> bool:
    """A directory change: followed, so that each CLI command is checked to run where the guide is."""
    return command.split()[0] == "cd"


def exported_names(text: str) -> set[str]:
    """The variables the guide has the user export before running the CLI."""
    names: set[str] = set()
    for block in re.findall(r"```bash\n(.*?)```", text, flags=re.S):
        for line in block.splitlines():
            if line.strip().startswith("export "):
                names |= set(re.findall(r"\b([A-Z][A-Z0-9_]+)=", line))
        loop = re.search(r"for name in (.*?); do", block, flags=re.S)
        if loop:
            names |= set(re.findall(r"[A-Z][A-Z0-9_]+", loop.group(1)))
    return names


def test_every_command_of_the_guide_is_run_or_says_why_not() -> None:
    unexplained = [
        c
        for c in guide_commands(GUIDE.read_text())
        if not runnable(c)
        and not followed(c)
        and c.split()[0] not in NOT_RUNNABLE
        and c not in NOT_RUNNABLE_MAKE
    ]
    assert not unexplained, f"commands in infra/README.md neither run nor explained: {unexplained}"
    assert [c for c in guide_commands(GUIDE.read_text()) if runnable(c)], "the guide names no CLI command"


@dataclass
class NewUser:
    clone: Path
    env: dict[str, str]
    spreadsheet_id: str
    world: World


def _files(root: Path) -> set[str]:
    return {
        str(p.relative_to(root))
        for p in root.rglob("*")
        if not _IGNORED_PARTS.intersection(p.relative_to(root).parts)
    }


def _clone(into: Path) -> Path:
    """The working tree as a new user's clone has it: tracked and new files, nothing ignored."""
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in (n.decode() for n in listed if n):
        source = ROOT / name
        if source.is_file():
            target = into / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return into


@pytest.fixture
def new_user(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, moto_endpoint: str) -> Iterator[NewUser]:
    endpoint = moto_endpoint
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    bucket = f"guide-journal-{uuid.uuid4().hex[:8]}"  # moto's server is the session's
    make_client(endpoint).create_bucket(Bucket=bucket)
    with world(tmp_path / "world") as w:
        # The operators' sheet as a new user has it: a blank spreadsheet (step 4 initialises it).
        blank = create_spreadsheet(
            SheetsHTTPClient.build(SheetsSettings(api_base=w.sheets_url, anonymous=True)), "运营表格"
        )
        base = {k: v for k, v in os.environ.items() if not k.startswith(_OURS)}
        deployed = w.env(tmp_path / "unused-journal")
        guide_env = {
            # step 7's exports, with this deployment's values
            "WAYBILL_WECHAT_APPID": deployed["WAYBILL_WECHAT_APPID"],
            "WAYBILL_SPREADSHEET_ID": blank,
            "WAYBILL_SHEET_LANG": "zh",
            "WAYBILL_JOURNAL_BUCKET": bucket,
            "WAYBILL_JOURNAL_ENDPOINT": endpoint,
            "WAYBILL_JOURNAL_PREFIX": "journal",
            "WAYBILL_WECHAT_SECRET": deployed["WAYBILL_WECHAT_SECRET"],
            "WAYBILL_WECHAT_PUSH_TOKEN": deployed["WAYBILL_WECHAT_PUSH_TOKEN"],
            "WAYBILL_WECHAT_AES_KEY": deployed["WAYBILL_WECHAT_AES_KEY"],
            "WAYBILL_EDIT_SECRET": deployed["WAYBILL_EDIT_SECRET"],
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
        }
        emulators = {name: deployed[name] for name in EMULATOR_ONLY}
        env = {**base, **guide_env, **emulators, "PYTHONDONTWRITEBYTECODE": "1"}
        yield NewUser(_clone(tmp_path / "clone"), env, blank, w)


def test_the_environment_is_what_the_guide_exports(new_user: NewUser) -> None:
    ours = {k for k in new_user.env if k.startswith(_OURS)} - EMULATOR_ONLY
    assert ours == exported_names(GUIDE.read_text())


def _argv(command: str, user: NewUser) -> list[str]:
    words = shlex.split(command.replace("SPREADSHEET_ID", user.spreadsheet_id))
    if words[0] == "make":
        return [*words, f"VENV={Path(sys.executable).parent.parent}"]
    assert words[0].endswith("python") and words[1:3] == ["-m", "shared.cli"], command
    return [sys.executable, *words[1:]]


def test_each_cli_command_of_the_guide_works_and_leaves_no_file(new_user: NewUser) -> None:
    commands = [c for c in guide_commands(GUIDE.read_text()) if runnable(c) or followed(c)]
    assert any("init-sheet" in c for c in commands) and any("doctor" in c for c in commands)
    before = _files(new_user.clone)
    here = new_user.clone
    for command in commands:
        if followed(command):
            here = (here / command.split()[1]).resolve()
            continue
        # .venv/bin/python and the Makefile are at the root: the guide must have the user there.
        assert here == new_user.clone.resolve(), f"{command} is run from {here}, not the repository root"
        done = subprocess.run(
            _argv(command, new_user),
            cwd=new_user.clone,
            env=new_user.env,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
        assert "Traceback" not in done.stderr, command
        stray = _files(new_user.clone) - before
        assert not stray, f"{command} left files behind: {sorted(stray)}"
    # init-sheet did its job: the blank sheet now has the workspace's tabs.
    titles = new_user.world.http.get(
        f"{new_user.world.sheets_url}/v4/spreadsheets/{new_user.spreadsheet_id}"
    ).json()["sheets"]
    assert {"订单", "设置", "供应商"} <= {s["properties"]["title"] for s in titles}


def test_doctor_without_the_bucket_exported_creates_no_folder_and_names_the_setting(
    new_user: NewUser,
) -> None:
    """A new user who skips the journal exports of step 7: doctor used to create .waybill/journal in
    the clone and call that local folder a working journal."""
    env = {k: v for k, v in new_user.env.items() if not k.startswith("WAYBILL_JOURNAL_")}
    before = _files(new_user.clone)
    done = subprocess.run(
        [sys.executable, "-m", "shared.cli", "doctor"],
        cwd=new_user.clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 1
    journal = next(line for line in done.stdout.splitlines() if "Journal" in line)
    assert journal.startswith("FAIL"), done.stdout
    assert "WAYBILL_JOURNAL_BUCKET" in done.stdout
    assert _files(new_user.clone) == before
