# -*- coding: utf-8 -*-
# Copyright: telnyx.wireless contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures of the emulator's own test suite.

Every API response a test receives through the ``api`` (requests) or ``sdk`` (official telnyx SDK) fixture
is validated against wireless-openapi.yaml by ``contract.Contract``; a mismatch fails the test.
One emulator process runs per pytest worker; each test starts from ``/_emulator/reset``.
"""

import pytest

from emulator.clients import API_KEY, ValidatingSession, make_sdk
from emulator.contract import Contract
from emulator.harness import Emulator

TRANSITION_SECONDS = 0.2


@pytest.fixture(scope="session")
def contract():
    return Contract()


@pytest.fixture(scope="session")
def emulator_process():
    with Emulator(api_key=API_KEY, transition_seconds=TRANSITION_SECONDS) as emu:
        yield emu


@pytest.fixture
def emu(emulator_process):
    """The worker's emulator, reset to an empty account (default group only), no faults, startup config."""
    emulator_process.reset()
    yield emulator_process


@pytest.fixture
def api(emu, contract):
    session = ValidatingSession(emu, contract)
    yield session
    session.close()


@pytest.fixture
def sdk_factory(emu, contract):
    failures = []
    clients = []

    def factory(strict=True, api_key=API_KEY):
        client = make_sdk(emu, contract, strict=strict, api_key=api_key, failures=failures)
        clients.append(client)
        return client
    yield factory
    for client in clients:
        client.close()
    assert not failures, "responses that do not conform to the spec:\n" + "\n".join(failures)


@pytest.fixture
def sdk(sdk_factory):
    return sdk_factory()
