# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Checks that collection metadata and the code agree: the action group, the EE requirement copies."""

from __future__ import annotations

import ast
import os

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def read(*parts):
    with open(os.path.join(ROOT, *parts), encoding="utf-8") as handle:
        return handle.read()


def test_action_group_all_lists_exactly_the_modules():
    runtime = yaml.safe_load(read("meta", "runtime.yml"))
    group = runtime["action_groups"]["all"]
    modules = sorted(name[:-3] for name in os.listdir(os.path.join(ROOT, "plugins", "modules")) if name.endswith(".py") and name != "__init__.py")
    assert modules, "no modules found"
    assert sorted(group) == modules, "meta/runtime.yml action_groups.all and plugins/modules/ drifted apart"
    assert len(group) == len(set(group))


def test_requires_ansible_is_declared():
    runtime = yaml.safe_load(read("meta", "runtime.yml"))
    assert runtime["requires_ansible"].startswith(">=")


def test_execution_environment_requirement_copies_match_the_root_files():
    assert read("meta", "requirements.txt") == read("requirements.txt")
    assert read("meta", "bindep.txt") == read("bindep.txt")
    ee = yaml.safe_load(read("meta", "execution-environment.yml"))
    assert ee["dependencies"]["python"] == "requirements.txt"
    assert ee["dependencies"]["system"] == "bindep.txt"


def test_awx_credential_type_injects_what_the_plugins_read():
    cred = yaml.safe_load(read("extensions", "awx", "credential_type.yml"))
    assert cred["injectors"]["env"] == {"TELNYX_API_KEY": "{{ api_key }}", "TELNYX_API_URL": "{{ api_url }}"}
    fields = dict((field["id"], field) for field in cred["inputs"]["fields"])
    assert fields["api_key"]["secret"] is True
    assert "api_key" in cred["inputs"]["required"]


def listed_minors():
    """The ansible-core minor versions tests/matrix/versions.txt lists (scripts/matrix tests each)."""
    lines = [line.split() for line in read("tests", "matrix", "versions.txt").splitlines() if line.strip() and not line.startswith("#")]
    return [tuple(int(part) for part in fields[0].split(".")) for fields in lines]


def test_claimed_and_pinned_ansible_core_ranges_are_the_tested_range():
    minors = listed_minors()
    assert minors == sorted(minors) and len(minors) >= 2
    runtime = yaml.safe_load(read("meta", "runtime.yml"))
    assert runtime["requires_ansible"] == ">=%d.%d.0" % minors[0], "requires_ansible must be the oldest tested minor"
    ee = yaml.safe_load(read("meta", "execution-environment.yml"))
    pin = ee["dependencies"]["ansible_core"]["package_pip"]
    newest = minors[-1]
    assert pin == "ansible-core>=%d.%d,<%d.%d" % (minors[0] + (newest[0], newest[1] + 1)), pin


#: The longest a function of plugins/ may be (issue 21): a longer one is split into named steps.
MAX_FUNCTION_LINES = 60


def test_no_function_in_plugins_is_longer_than_the_limit():
    too_long = []
    for folder, dummy, files in os.walk(os.path.join(ROOT, "plugins")):
        for name in sorted(files):
            if not name.endswith(".py"):
                continue
            path = os.path.join(folder, name)
            tree = ast.parse(read(path))
            too_long += ["%s:%s (%d lines)" % (os.path.relpath(path, ROOT), node.name, node.end_lineno - node.lineno + 1)
                         for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
                         and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES]
    assert too_long == []
