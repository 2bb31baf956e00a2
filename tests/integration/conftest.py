# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Integration test harness: real ansible-playbook / ansible-inventory runs against the emulator.

Fixtures:
- `emulator` (one per pytest worker): the emulator as a separate process, on 127.0.0.1.
- `emu`: that emulator, reset before the test (state, faults, request log), with helpers.
- `run_playbook(tasks, check=False, diff=False, ...)`: runs ansible-playbook in a subprocess with
  TELNYX_API_KEY/TELNYX_API_URL in its environment (as AWX injects a credential) and returns a
  PlaybookRun with `.rc`, `.stdout`, `.results` and `.task(name)`.
- `ansible_env`: the environment those subprocesses get (for ansible-inventory runs).

The collection under test comes from $TELNYX_WIRELESS_COLLECTIONS_PATH (scripts/test points it at
the tarball built by `ansible-galaxy collection build` and installed into an empty path); without
it, from this checkout through a symlink.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile

import pytest
import yaml

from emulator.harness import Emulator

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HERE = os.path.dirname(os.path.abspath(__file__))
VENV_BIN = os.path.dirname(sys.executable)

# A sentinel key: the emulator accepts only it, and tests assert it never shows in any output.
API_KEY = "KEYsentinel-0000-telnyx-wireless-test-7f3a9c"
TRANSITION_SECONDS = 0.3


def _collections_path(tmp_root):
    path = os.environ.get("TELNYX_WIRELESS_COLLECTIONS_PATH")
    if path:
        return path
    link_dir = os.path.join(tmp_root, "ansible_collections", "telnyx")
    os.makedirs(link_dir, exist_ok=True)
    link = os.path.join(link_dir, "wireless")
    if not os.path.exists(link):
        os.symlink(ROOT, link)
    return tmp_root


def plain(value):
    """ansible-inventory's JSON without the unsafe markers it puts on API data ({"__ansible_unsafe": "x"} -> "x")."""
    if isinstance(value, dict):
        if list(value) == ["__ansible_unsafe"]:
            return value["__ansible_unsafe"]
        return dict((key, plain(item)) for key, item in value.items())
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


class Emu:
    """The emulator harness plus the helpers tests use most."""

    def __init__(self, harness):
        self.harness = harness
        self.url = harness.url

    def __getattr__(self, name):
        return getattr(self.harness, name)

    def writes(self):
        """API requests that were not GETs, in order."""
        return [r for r in self.harness.requests() if r["method"] != "GET"]

    def api(self, method, path, **kwargs):
        """A direct API call (not through the collection), for arranging and checking state."""
        import requests  # pylint: disable=import-outside-toplevel
        response = requests.request(method, self.url + path, headers={"Authorization": "Bearer " + API_KEY}, timeout=30, **kwargs)
        return response

    def sim(self, sim_id):
        """The SIM card as the API has it now, or None."""
        response = self.api("GET", "/sim_cards/%s" % sim_id)
        return response.json()["data"] if response.status_code == 200 else None


@pytest.fixture(scope="session")
def emulator():
    with Emulator(api_key=API_KEY, transition_seconds=TRANSITION_SECONDS) as emulator_process:
        yield emulator_process


@pytest.fixture
def emu(emulator):  # pylint: disable=redefined-outer-name
    emulator.reset()
    emulator.config(transition_seconds=TRANSITION_SECONDS)
    return Emu(emulator)


@pytest.fixture(scope="session")
def integration_tmp():
    with tempfile.TemporaryDirectory(prefix="telnyx-wireless-it-") as path:
        yield path


@pytest.fixture(scope="session")
def ansible_env(emulator, integration_tmp):  # pylint: disable=redefined-outer-name
    env = dict(os.environ)
    env.update({
        "TELNYX_API_KEY": API_KEY,
        "TELNYX_API_URL": emulator.url,
        "ANSIBLE_COLLECTIONS_PATH": _collections_path(integration_tmp),
        "ANSIBLE_CALLBACK_PLUGINS": os.path.join(HERE, "callback"),
        "ANSIBLE_CALLBACKS_ENABLED": "record_results",
        "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_FORCE_COLOR": "0",
        "ANSIBLE_RETRY_FILES_ENABLED": "0",
        # the module runs from the interpreter's stdin instead of a file copied to a temp dir first: ~0.2 CPU-s less per task
        "ANSIBLE_PIPELINING": "1",
        "ANSIBLE_LOCAL_TEMP": os.path.join(integration_tmp, "ansible-local"),
        "ANSIBLE_HOME": os.path.join(integration_tmp, "ansible-home"),
        "PATH": VENV_BIN + os.pathsep + env.get("PATH", ""),
    })
    env.pop("ANSIBLE_CONFIG", None)
    return env


class PlaybookRun:
    """What one ansible-playbook run produced."""

    def __init__(self, rc, stdout, stderr, results):
        self.rc = rc
        self.stdout = stdout
        self.stderr = stderr
        self.results = results

    def task(self, name):
        """The result dict of the task called `name` (the last one if it ran more than once).

        `name` is the task's own name, without the "<role> : " that ansible-core 2.21 shows in front of a role's tasks.
        """
        found = [entry["result"] for entry in self.results if entry["name"] == name]
        if not found:
            raise AssertionError("no task %r in results; tasks were %r\n%s" % (name, [e["name"] for e in self.results], self.stdout))
        return found[-1]

    def failed(self, name):
        """Whether the task called `name` failed (with ignore_errors its result has no `failed` key; the outcome says it)."""
        outcomes = [entry["outcome"] for entry in self.results if entry["name"] == name]
        if not outcomes:
            raise AssertionError("no task %r in results; tasks were %r\n%s" % (name, [e["name"] for e in self.results], self.stdout))
        return outcomes[-1] == "failed"

    def __repr__(self):
        return "PlaybookRun(rc=%r)\nSTDOUT:\n%s\nSTDERR:\n%s" % (self.rc, self.stdout, self.stderr)


@pytest.fixture
def run_playbook(ansible_env, tmp_path):  # pylint: disable=redefined-outer-name
    """Run tasks (a list of task dicts) or a whole play list with ansible-playbook."""
    counter = {"n": 0}

    def run(tasks=None, check=False, diff=False, extra_vars=None, plays=None, env=None, args=(), expect_rc=None):
        counter["n"] += 1
        number = counter["n"]
        if plays is None:
            plays = [{"name": "integration", "hosts": "localhost", "gather_facts": False, "tasks": tasks}]
        playbook = tmp_path / ("playbook%d.yml" % number)
        playbook.write_text(yaml.safe_dump(plays, sort_keys=False))
        record = tmp_path / ("results%d.jsonl" % number)
        run_env = dict(ansible_env)
        run_env["RECORD_RESULTS_FILE"] = str(record)
        run_env.update(env or {})
        command = [os.path.join(VENV_BIN, "ansible-playbook"), "-i", "localhost,", "-c", "local", str(playbook)]
        if check:
            command.append("--check")
        if diff:
            command.append("--diff")
        if extra_vars:
            command += ["-e", json.dumps(extra_vars)]
        command += list(args)
        proc = subprocess.run(command, env=run_env, capture_output=True, text=True, timeout=600, check=False)
        results = []
        if record.exists():
            results = [json.loads(line) for line in record.read_text().splitlines() if line.strip()]
        outcome = PlaybookRun(proc.returncode, proc.stdout, proc.stderr, results)
        assert API_KEY not in proc.stdout and API_KEY not in proc.stderr, "the API key leaked into ansible-playbook output"
        if record.exists():
            assert API_KEY not in record.read_text(), "the API key leaked into a task result"
        if expect_rc is not None:
            assert proc.returncode == expect_rc, repr(outcome)
        return outcome

    return run
