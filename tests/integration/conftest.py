# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Integration test harness: real ansible-playbook / ansible-inventory runs, and the module runner, against the emulator.

Fixtures:
- `emulator` (one per pytest worker): the emulator as a separate process, on 127.0.0.1.
- `emu`: that emulator, reset before the test (state, faults, request log), with helpers.
- `run_playbook(tasks, check=False, diff=False, ...)`: runs ansible-playbook in a subprocess with
  TELNYX_API_KEY/TELNYX_API_URL in its environment (as AWX injects a credential) and returns a
  PlaybookRun with `.rc`, `.stdout`, `.results` and `.task(name)`.
- `ansible_env`: the environment those subprocesses get (for ansible-inventory runs).
- `run_tasks(tasks, check=False, diff=False, env=None, expect_rc=None)`: the same answer as `run_playbook` for plain
  tasks (one telnyx.wireless module each, literal arguments), from the module runner (module_runner.py): each module's
  entry point in a process forked from one that imported every module once, with the real client and the emulator.
  A task that needs ansible-core (templates, loops, when, vars, module_defaults...) is refused: use run_playbook.
- `run_hosts(module, {host: args or [args, ...]}, forks=None, check=False, diff=False)`: one module over several hosts
  at once, each host looping over its arguments, in the module runner. `module_runner`: the runner itself.

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


# ------------------------------------------------------------------------------------------- the module runner

#: A task's keys the module runner understands; any other (register, when, loop, vars, module_defaults...) and any
#: Jinja2 template is ansible-core's work: such a task needs `run_playbook`.
RUNNER_TASK_KEYS = ("name", "ignore_errors", "check_mode", "diff", "register")  # a registered result no task can template
MODULE_PREFIX = "telnyx.wireless."


class ModuleRunner:
    """The client of tests/integration/module_runner.py: modules run in children forked from one pre-imported process."""

    def __init__(self, env, workdir):
        self.workdir = workdir
        self.env = env
        paths = [path for path in env["ANSIBLE_COLLECTIONS_PATH"].split(os.pathsep)
                 if os.path.isdir(os.path.join(path, "ansible_collections", "telnyx", "wireless"))]
        assert paths, "no telnyx.wireless in ANSIBLE_COLLECTIONS_PATH %r" % env["ANSIBLE_COLLECTIONS_PATH"]
        self.proc = subprocess.Popen([sys.executable, os.path.join(HERE, "module_runner.py"), paths[0]], env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
        ready = self.proc.stdout.readline()
        assert ready.strip() == '{"ready": true}', "the module runner did not start: %r" % ready
        self.ended = {}
        self.count = 0

    def start(self, module, args, check=False, diff=False, env=None):
        """Start one module run; returns a ticket for `wait`."""
        self.count += 1
        ident = self.count
        tmpdir = os.path.join(self.workdir, "tmp%d" % ident)
        os.makedirs(tmpdir)
        request = {
            "id": ident, "module": module,
            "args": dict(args, _ansible_check_mode=bool(check), _ansible_diff=bool(diff), _ansible_no_log=False,
                         _ansible_debug=False, _ansible_verbosity=0, _ansible_module_name=MODULE_PREFIX + module,
                         _ansible_tmpdir=tmpdir, _ansible_remote_tmp=tmpdir, _ansible_keep_remote_files=False),
            "env": dict((key, value) for key, value in dict(self.env, **(env or {})).items() if value is not None),
            "out": os.path.join(self.workdir, "%d.out" % ident), "err": os.path.join(self.workdir, "%d.err" % ident),
        }
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        return request

    def wait(self, request):
        """The result of a started run, as the controller makes it from the module's output (changed and failed set)."""
        while request["id"] not in self.ended:
            line = self.proc.stdout.readline()
            assert line, "the module runner ended"
            message = json.loads(line)
            self.ended[message["id"]] = message["status"]
        status = self.ended.pop(request["id"])
        with open(request["out"], encoding="utf-8") as handle:
            stdout = handle.read()
        with open(request["err"], encoding="utf-8") as handle:
            stderr = handle.read()
        assert API_KEY not in stdout and API_KEY not in stderr, "the API key leaked into a module's output"
        result = module_json(stdout)
        if result is None:  # what ansible-core reports for a module that printed no JSON
            return {"failed": True, "changed": False, "msg": "MODULE FAILURE", "module_stdout": stdout, "module_stderr": stderr,
                    "rc": status}
        for key in [key for key in result if key.startswith("_ansible_")]:
            del result[key]
        if result.get("warnings"):  # ansible-core 2.19+ sends WarningSummary objects; a task result shows their text
            result["warnings"] = [warning["event"]["msg"] if isinstance(warning, dict) and "event" in warning else warning
                                  for warning in result["warnings"]]
        result.setdefault("changed", False)
        result.setdefault("failed", False)
        return result

    def run(self, module, args, check=False, diff=False, env=None):
        return self.wait(self.start(module, args, check=check, diff=diff, env=env))

    def wait_any(self, requests):
        """The first of the started runs `requests` to end."""
        while True:
            for request in requests:
                if request["id"] in self.ended:
                    return request
            line = self.proc.stdout.readline()
            assert line, "the module runner ended"
            message = json.loads(line)
            self.ended[message["id"]] = message["status"]

    def run_hosts(self, cases, forks, check=False, diff=False, env=None):
        """{host: [(module, args), ...]} -> {host: [result, ...]}: each host's items in order, up to `forks` hosts at
        once, as ansible-playbook runs a looped task over several hosts, or as two ansible-playbook runs at once go."""
        queues = dict((host, list(items)) for host, items in cases.items())
        results = dict((host, []) for host in cases)
        waiting = sorted(queues)
        running = {}
        while waiting or running:
            while waiting and len(running) < forks:
                host = waiting.pop(0)
                running[host] = self.start(*queues[host].pop(0), check=check, diff=diff, env=env)
            request = self.wait_any(list(running.values()))
            host = [name for name, started in running.items() if started is request][0]
            del running[host]
            results[host].append(self.wait(request))
            if queues[host]:
                running[host] = self.start(*queues[host].pop(0), check=check, diff=diff, env=env)
        return results

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


def module_json(stdout):
    """The JSON result in a module's stdout (ansible-core ignores lines before it), or None."""
    lines = stdout.splitlines()
    for number, line in enumerate(lines):
        if line.startswith("{"):
            try:
                return json.loads("\n".join(lines[number:]))
            except ValueError:
                continue
    return None


@pytest.fixture(scope="session")
def module_runner(ansible_env, integration_tmp):  # pylint: disable=redefined-outer-name
    workdir = tempfile.mkdtemp(prefix="runner-", dir=integration_tmp)
    runner = ModuleRunner(ansible_env, workdir)
    yield runner
    runner.close()


def runner_task(task):
    """(module, args, ignore_errors, check_mode, diff) of a plain task; raises for a task that needs ansible-core."""
    modules = [key for key in task if key.startswith(MODULE_PREFIX)]
    others = [key for key in task if key not in RUNNER_TASK_KEYS and not key.startswith(MODULE_PREFIX)]
    if len(modules) != 1 or others or "{{" in json.dumps(task) or "{%" in json.dumps(task):
        raise ValueError("this task needs ansible-playbook (run_playbook), not the module runner: %r" % (task,))
    args = task[modules[0]]
    if not isinstance(args, dict):
        raise ValueError("free-form arguments need ansible-playbook: %r" % (task,))
    return modules[0][len(MODULE_PREFIX):], args, bool(task.get("ignore_errors")), task.get("check_mode"), task.get("diff")


class TasksRun(PlaybookRun):
    """What run_tasks produced: like a PlaybookRun (rc, results, task(), failed()) without ansible-playbook's output."""

    def __init__(self, rc, results):
        super().__init__(rc, None, None, results)

    def __repr__(self):
        return "TasksRun(rc=%r)\nRESULTS:\n%s" % (self.rc, json.dumps(self.results, indent=1, sort_keys=True, default=str))


@pytest.fixture
def run_tasks(module_runner):  # pylint: disable=redefined-outer-name
    """Run a list of plain tasks (one telnyx.wireless module each, literal arguments) in the module runner.

    The same signature and answer as `run_playbook` for such tasks: tasks run in order on localhost; a failed task
    ends the run (rc 2) unless it has ignore_errors; `check`/`diff` are --check/--diff, a task's check_mode/diff
    override them. `env` adds to the environment the module sees (as the controller's own environment would); a
    variable given as None is removed from it.
    """

    def run(tasks, check=False, diff=False, env=None, expect_rc=None):
        plan = [runner_task(task) for task in tasks]  # every task checked before the first runs
        results, rc = [], 0
        for task, (module, args, ignore_errors, task_check, task_diff) in zip(tasks, plan):
            result = module_runner.run(module, args, check=check if task_check is None else task_check,
                                       diff=diff if task_diff is None else task_diff, env=env)
            outcome = "skipped" if result.get("skipped") else ("failed" if result["failed"] else "ok")
            name = task.get("name") or MODULE_PREFIX + module
            results.append({"task": name, "name": name, "action": MODULE_PREFIX + module, "host": "localhost",
                            "outcome": outcome, "result": result})
            if outcome == "failed" and not ignore_errors:
                rc = 2
                break
        run_ = TasksRun(rc, results)
        if expect_rc is not None:
            assert rc == expect_rc, repr(run_)
        return run_

    def hosts(module, cases, forks=None, check=False, diff=False, env=None):
        """{host: args} -> {host: result}: one module task over several hosts at once (see run_hosts)."""
        queues = dict((host, [(module, args)]) for host, args in cases.items())
        found = module_runner.run_hosts(queues, forks or len(cases), check=check, diff=diff, env=env)
        return dict((host, results[0]) for host, results in found.items())

    run.hosts = hosts  # for helpers that take either runner: a matrix of cases, one host each
    return run


@pytest.fixture
def run_hosts(module_runner):  # pylint: disable=redefined-outer-name
    """One module over several hosts at once, each host looping over its own arguments, in the module runner.

    run_hosts(module, {host: args or [args, ...]}, forks=None, check=False, diff=False, env=None) -> {host: result or
    [result, ...]} (a list when the host was given a list). forks: how many hosts run at once (all by default), as
    `ansible-playbook -f`. The module name is without "telnyx.wireless.". Arguments are literal (no templating).
    """

    def run(module, cases, forks=None, check=False, diff=False, env=None):
        looped = dict((host, isinstance(items, list)) for host, items in cases.items())
        for items in cases.values():
            for args in (items if isinstance(items, list) else [items]):
                if "{{" in json.dumps(args) or "{%" in json.dumps(args):
                    raise ValueError("templated arguments need ansible-playbook: %r" % (args,))
        queues = dict((host, [(module, args) for args in (items if looped[host] else [items])]) for host, items in cases.items())
        results = module_runner.run_hosts(queues, forks or len(cases), check=check, diff=diff, env=env)
        return dict((host, found if looped[host] else found[0]) for host, found in results.items())

    return run
