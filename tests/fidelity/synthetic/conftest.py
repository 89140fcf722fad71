"""A stand-in for gspread's tests/conftest.py, the shapes the runner must cope with: it imports
vcr's names, puts the cassette mark on a fixture (refused by pytest 9 unless the mark is made
inert) and makes every test create and delete a spreadsheet through Drive."""

from collections.abc import Iterator

import gspread
import pytest
from google.oauth2.credentials import Credentials
from gspread.http_client import BackOffHTTPClient
from vcr import VCR  # noqa: F401
from vcr.errors import CannotOverwriteExistingCassetteException  # noqa: F401


@pytest.fixture(scope="module")
def client() -> gspread.Client:
    return gspread.Client(auth=Credentials(token="<ACCESS_TOKEN>"), http_client=BackOffHTTPClient)


@pytest.fixture
@pytest.mark.vcr()
def spreadsheet(client: gspread.Client) -> Iterator[gspread.Spreadsheet]:
    made = client.create("fidelity synthetic")
    yield made
    client.del_spreadsheet(made.id)
