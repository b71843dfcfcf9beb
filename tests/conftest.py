"""Shared fixtures. Tests needing LibreOffice use the ``soffice`` fixture: they skip only when
LibreOffice is missing *and* the CI variable is unset (in CI, a missing LibreOffice fails)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

# the catalog cache (pipeline/catalog/cache.py) of the tests and of the commands they start: not the user's
os.environ.setdefault("PTN_CACHE_DIR", tempfile.mkdtemp(prefix="ptn-test-cache-"))

from pipeline.catalog import CatalogView, load_catalog

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "plans" / "kh-253-2021-2025.yaml"


@pytest.fixture(scope="session")
def loaded_catalog():
    return load_catalog(PLAN)


@pytest.fixture(scope="session")
def catalog(loaded_catalog):
    return loaded_catalog.catalog


@pytest.fixture(scope="session")
def view2024(catalog):
    return CatalogView(catalog, 2024)


@pytest.fixture(scope="session")
def view2025(catalog):
    return CatalogView(catalog, 2025)


@pytest.fixture(scope="session")
def unit(view2024):
    """A district that supplies a figure (CT10): the form most checks are tried on."""
    from ._intake import pick_district

    return pick_district(view2024)


@pytest.fixture(scope="session")
def good(view2024, unit):
    """Plausible values for every input cell of ``unit``'s form."""
    from ._intake import good_values

    return good_values(view2024, unit)


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(scope="session")
def soffice():
    path = find_soffice()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is required in CI: .ci/run must install it")
        pytest.skip("LibreOffice not installed (set CI=1 to make this a failure)")
    return path


@pytest.fixture(scope="session")
def letters_run(loaded_catalog, tmp_path_factory):
    """``ptn run`` of the sample year after its deadline: manifest, outputs, letters (tests/letters_fixture.py)."""
    from .letters_fixture import sample_run

    return sample_run(loaded_catalog, tmp_path_factory.mktemp("letters-run"))


@pytest.fixture(scope="session")
def letters(loaded_catalog, letters_run, tmp_path_factory):
    """Each kind of letter rendered from the sample run and the catalog."""
    from .letters_fixture import render_all

    return render_all(loaded_catalog, letters_run, tmp_path_factory.mktemp("letters"))


@pytest.fixture(scope="session")
def mail_servers_session():
    """Dovecot (IMAP) and an aiosmtpd process (SMTP) on 127.0.0.1 with a throw-away CA (tests/mail_servers.py).
    Skipped only when Dovecot is missing and the CI variable is unset."""
    from .mail_servers import dovecot_available, start_servers

    if not dovecot_available():
        if os.environ.get("CI"):
            pytest.fail("Dovecot (dovecot-imapd) is required in CI: .ci/run must install it")
        pytest.skip("Dovecot not installed (set CI=1 to make this a failure)")
    servers = start_servers()
    yield servers
    servers.stop()
    shutil.rmtree(servers.root, ignore_errors=True)


@pytest.fixture
def mail_servers(mail_servers_session):
    """The mail servers with only the Sở's account and every mailbox empty."""
    mail_servers_session.reset()
    return mail_servers_session
