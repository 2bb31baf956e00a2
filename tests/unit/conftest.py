# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The unit tests run under ansible-test units (scripts/units), which puts this checkout on the path as
ansible_collections.telnyx.wireless: under a plain `pytest tests/unit` most of them could not import the collection.
Say so and what to run instead, rather than fail case by case."""

from __future__ import annotations

import importlib.util

import pytest


def pytest_configure(config):  # pylint: disable=unused-argument
    try:
        found = importlib.util.find_spec("ansible_collections.telnyx.wireless.plugins.module_utils") is not None
    except ImportError:
        found = False
    if not found:
        pytest.exit("tests/unit needs the collection importable as ansible_collections.telnyx.wireless: run scripts/units "
                    "(ansible-test units on a staged copy of this checkout), or ansible-test units from a checkout at "
                    ".../ansible_collections/telnyx/wireless", returncode=4)
