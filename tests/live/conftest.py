# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Live smoke test harness: the collection against the real Telnyx API (see docs/live-smoke-test.md).

Nothing here sends anything unless BOTH TELNYX_API_KEY is set AND TELNYX_LIVE=1: without them every test is skipped
with one line saying what to set. The writing test needs, in addition, TELNYX_LIVE_WRITE=1 and TELNYX_LIVE_SIM_CARD
(the id or ICCID of the one SIM card whose tags it may change and restore).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile

import pytest
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VENV_BIN = os.path.dirname(sys.executable)
SKIP_LINE = ("live smoke test skipped: set TELNYX_API_KEY and TELNYX_LIVE=1 to run it against the real Telnyx API "
             "(read-only; TELNYX_LIVE_WRITE=1 and TELNYX_LIVE_SIM_CARD=<id or ICCID> add the tag write), see docs/live-smoke-test.md")


def live_enabled():
    return bool(os.environ.get("TELNYX_API_KEY")) and os.environ.get("TELNYX_LIVE") == "1"


def pytest_collection_modifyitems(config, items):  # pylint: disable=unused-argument
    if live_enabled():
        return
    skip = pytest.mark.skip(reason=SKIP_LINE)
    for item in items:
        item.add_marker(skip)


@pytest.fixture(scope="session")
def live_env():
    """The environment of the ansible runs: the key and URL from the environment, this checkout as the collection."""
    tmp = tempfile.mkdtemp(prefix="telnyx-wireless-live-")
    collections = os.environ.get("TELNYX_WIRELESS_COLLECTIONS_PATH")
    if not collections:
        link_dir = os.path.join(tmp, "ansible_collections", "telnyx")
        os.makedirs(link_dir)
        os.symlink(ROOT, os.path.join(link_dir, "wireless"))
        collections = tmp
    env = dict(os.environ)
    env.update({
        "ANSIBLE_COLLECTIONS_PATH": collections,
        "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_LOCAL_TEMP": os.path.join(tmp, "local"),
        "ANSIBLE_HOME": os.path.join(tmp, "home"),
        "ANSIBLE_CALLBACK_PLUGINS": os.path.join(ROOT, "tests", "integration", "callback"),
        "ANSIBLE_CALLBACKS_ENABLED": "record_results",
        "ANSIBLE_RETRY_FILES_ENABLED": "0",
        "PATH": VENV_BIN + os.pathsep + env.get("PATH", ""),
    })
    return env


def assert_no_key(text):
    assert os.environ["TELNYX_API_KEY"] not in text, "the API key leaked into the output"


@pytest.fixture
def live_playbook(live_env, tmp_path):  # pylint: disable=redefined-outer-name
    """Run tasks on localhost with ansible-playbook; returns {task name: result} (recorded by tests/integration/callback)."""
    def run(tasks, check=False, diff=False):
        playbook = tmp_path / "live.yml"
        playbook.write_text(yaml.safe_dump([{"name": "live", "hosts": "localhost", "gather_facts": False, "tasks": tasks}], sort_keys=False))
        record = tmp_path / "results.jsonl"
        if record.exists():
            record.unlink()
        command = [os.path.join(VENV_BIN, "ansible-playbook"), "-i", "localhost,", "-c", "local", str(playbook)]
        command += ["--check"] if check else []
        command += ["--diff"] if diff else []
        proc = subprocess.run(command, env=dict(live_env, RECORD_RESULTS_FILE=str(record)), capture_output=True, text=True,
                              timeout=900, check=False)
        assert_no_key(proc.stdout + proc.stderr)
        assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
        assert_no_key(record.read_text())
        results = {}
        for line in record.read_text().splitlines():
            entry = json.loads(line)
            results[entry["name"]] = entry["result"]
        return results
    return run


@pytest.fixture
def live_inventory(live_env, tmp_path):  # pylint: disable=redefined-outer-name
    def run(config_text):
        config = tmp_path / "live.sim_cards.yml"
        config.write_text(config_text)
        proc = subprocess.run([os.path.join(VENV_BIN, "ansible-inventory"), "-i", str(config), "--list"],
                              env=live_env, capture_output=True, text=True, timeout=900, check=False)
        assert_no_key(proc.stdout + proc.stderr)
        assert proc.returncode == 0, proc.stderr[-4000:]
        return json.loads(proc.stdout), proc.stderr
    return run
