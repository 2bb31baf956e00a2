# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""scripts/demo, read as a new user reads it: every step numbered, no failure text it does not explain, and the next
command it suggests (keep the collection, read a module's documentation) works as printed."""

from __future__ import annotations

import os
import re
import shlex
import subprocess

from conftest import ROOT

# The development venv scripts/test made (scripts/common.sh), never the venv running this test: the demo installs
# requirements-dev.txt into the venv it is given when its stamp differs, which would swap the ansible-core under test.
VENV = os.environ.get("TELNYX_WIRELESS_VENV") or os.path.join(ROOT, ".venv")
# Failure text a user would stop at. The demo's one staged failure is shown on lines of its own, announced beforehand.
ALARMS = re.compile(r"fatal:|FAILED!|Traceback|\[WARNING\]|\[ERROR\]|ERROR!|error:|did not complete|not found", re.I)
STAGED = "    staged failure, as expected: "


def plain_text(text):
    """Output without its terminal colours and bold."""
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def test_the_demo_numbers_its_steps_explains_its_failure_and_its_next_command_works(tmp_path):
    env = dict(os.environ, TELNYX_WIRELESS_VENV=VENV, HOME=str(tmp_path / "home"))
    for name in ("ANSIBLE_COLLECTIONS_PATH", "ANSIBLE_CONFIG", "ANSIBLE_HOME", "TELNYX_API_KEY", "TELNYX_API_URL"):
        env.pop(name, None)
    os.makedirs(env["HOME"])
    demo = subprocess.run([os.path.join(ROOT, "scripts", "demo")], cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800,
                          check=False)
    output = plain_text(demo.stdout)
    assert demo.returncode == 0, output + demo.stderr

    # numbered steps throughout: 1/N .. N/N in order, and no step without its number
    steps = re.findall(r"^==> (.*)$", output, re.M)
    numbered = [re.match(r"(\d+)/(\d+)  ", step) for step in steps[:-1]]
    assert all(numbered), steps
    total = len(numbered)
    assert [(int(m.group(1)), int(m.group(2))) for m in numbered] == [(n, total) for n in range(1, total + 1)], steps
    assert re.fullmatch(r"Done in \d+ s", steps[-1]), steps

    # no unexplained failure text: the one failure is the audit step's staged one, announced before it shows
    alarms = [line for line in output.splitlines() if ALARMS.search(line) and not line.startswith(STAGED)]
    assert alarms == [], alarms
    audit = output[output.index("The fleet audit report"):]
    staged = [line for line in audit.splitlines() if line.startswith(STAGED)]
    assert len(staged) == 1 and "did not answer the network" in staged[0], audit
    explained = audit[:audit.index(STAGED)]
    assert "stages" in explained and "600 MB" in explained and "fail the next disable" in explained, explained
    assert output.count(STAGED) == 1

    # the next command, as printed: keep the collection, then read the fleet module's documentation
    commands = [line[len("    $ "):] for line in output[output.index("==> Done in"):].splitlines() if line.startswith("    $ ")]
    assert [shlex.split(command)[0].rsplit("/", 1)[-1] for command in commands] == ["ansible-galaxy", "ansible-doc"], commands
    for command in commands:
        ran = subprocess.run(shlex.split(command), cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False)
        assert ran.returncode == 0 and "not found" not in ran.stdout + ran.stderr, (command, ran.stdout, ran.stderr)
    assert "MODULE telnyx.wireless.sim_card_fleet " in plain_text(ran.stdout), ran.stdout[:500]
    assert os.path.isdir(os.path.join(env["HOME"], ".ansible", "collections", "ansible_collections", "telnyx", "wireless"))
