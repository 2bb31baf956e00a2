# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""`failure` as a playbook tests it, across every module and the inventory plugin (issues 21 and 26).

A missing API key names TELNYX_API_KEY in every module and in the inventory, with failure.reason missing_api_key,
and sends nothing; a key Telnyx rejects is source api with the status and code it really answered. The reasons of each
module's own refusals are checked in that module's tests (test_sim_card_group.py, test_private_wireless_gateway.py,
test_wireless_blocklist.py, test_esim_purchase.py); tests/unit/plugins/test_failures.py checks that every failure is
built by the one factory.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess

import pytest
import yaml
from policy_helpers import failure_of, refused

from conftest import VENV_BIN

# behaviour ansible-core takes part in (the argument spec, the inventory's error path): run on every ansible-core
pytestmark = pytest.mark.ansible_core

SIM_ID = "6b14e151-8493-4fa1-8664-1cc4e6d14158"
GROUP_ID = "47a1c2b0-cc7b-4ab1-bb98-b33fb0fc61b9"
MISSING_KEY = "No Telnyx API key: set the api_key option or the TELNYX_API_KEY environment variable."
#: One task per module: its smallest valid options (every module of plugins/modules/, checked below).
MODULE_ARGS = {
    "esim_purchase": {"sim_card_group": "spares", "count": 1},
    "mobile_network_operator_info": {},
    "notification_channel": {"profile": "alerts", "type": "webhook", "destination": "https://hooks.example.com/telnyx"},
    "notification_channel_info": {},
    "notification_profile": {"name": "alerts"},
    "notification_profile_info": {},
    "notification_setting": {"profile": "alerts", "channel": {"type": "webhook", "destination": "https://hooks.example.com/telnyx"}},
    "notification_setting_info": {},
    "private_wireless_gateway": {"name": "gw"},
    "private_wireless_gateway_info": {},
    "sim_card": {"id": SIM_ID, "state": "present"},
    "sim_card_action_info": {},
    "sim_card_connectivity_log_info": {"id": SIM_ID},
    "sim_card_fleet": {"sim_cards": [{"id": SIM_ID, "state": "present"}]},
    "sim_card_fleet_info": {},
    "sim_card_group": {"name": "meters"},
    "sim_card_group_info": {"id": GROUP_ID},
    "sim_card_info": {"id": SIM_ID},
    "sim_card_notification": {"id": SIM_ID, "threshold": {"amount": 1, "unit": "GB"}},
    "sim_card_notification_info": {"id": SIM_ID},
    "sim_card_order_info": {},
    "sim_card_order_preview": {"quantity": 1, "address_id": "1293384261075731499"},
    "sim_card_ota_update_info": {"id": SIM_ID},
    "sim_card_public_ip": {"id": SIM_ID, "state": "absent"},
    "sim_card_public_ip_info": {"id": SIM_ID},
    "sim_card_usage_report": {"report_id": "6a09cdc3-8948-47f0-aa62-74ac943d6c58"},
    "wireless_blocklist": {"name": "bl", "state": "absent"},
    "wireless_blocklist_info": {},
}


def api_requests(emu):
    return [r for r in emu.requests() if r["path"].startswith("/v2/")]


def test_every_module_is_in_the_table():
    modules = sorted(name[:-3] for name in os.listdir(os.path.join(os.path.dirname(__file__), "..", "..", "plugins", "modules"))
                     if name.endswith(".py") and name != "__init__.py")
    assert sorted(MODULE_ARGS) == modules


@pytest.mark.parametrize("check", [False, True])
def test_a_missing_key_names_the_environment_variable_in_every_module(emu, run_tasks, check):
    """Every module, without TELNYX_API_KEY in its environment (in the module runner: the check is the module's own)."""
    emu.clear_requests()
    tasks = [{"name": module, "telnyx.wireless." + module: args, "ignore_errors": True} for module, args in MODULE_ARGS.items()]
    run = run_tasks(tasks, check=check, env={"TELNYX_API_KEY": None}, expect_rc=0)
    outcomes = dict((module, (run.failed(module), run.task(module)["msg"], failure_of(run.task(module)))) for module in MODULE_ARGS)
    assert outcomes == dict((module, (True, MISSING_KEY, refused("missing_api_key"))) for module in MODULE_ARGS)
    assert api_requests(emu) == []


def test_an_empty_key_is_a_missing_key(emu, run_playbook):
    emu.clear_requests()
    run = run_playbook([{"name": "info", "telnyx.wireless.sim_card_group_info": {"api_key": ""}, "ignore_errors": True}], expect_rc=0)
    assert run.failed("info") and run.task("info")["msg"] == MISSING_KEY
    assert failure_of(run.task("info")) == refused("missing_api_key")
    assert api_requests(emu) == []


def test_a_rejected_key_is_what_telnyx_answered(emu, run_playbook):
    emu.clear_requests()
    wrong = "KEYrejected-by-the-emulator"
    run = run_playbook([{"name": "info", "telnyx.wireless.sim_card_group_info": {}, "ignore_errors": True}],
                       env={"TELNYX_API_KEY": wrong}, expect_rc=0)
    assert run.failed("info")
    assert failure_of(run.task("info")) == ("api", "api_error", 401, "10009")
    assert wrong not in run.stdout and wrong not in run.stderr and wrong not in repr(run.results)
    assert [r["status"] for r in api_requests(emu)] == [401]


def test_the_argument_spec_refusals_carry_a_failure_too(emu, run_playbook):
    emu.clear_requests()
    run = run_playbook([
        {"name": "choice", "telnyx.wireless.sim_card": {"id": SIM_ID, "state": "lost"}, "ignore_errors": True},
        {"name": "neither", "telnyx.wireless.sim_card_info": {"id": SIM_ID, "iccid": "89310410106543789301"}, "ignore_errors": True},
    ], expect_rc=0)
    for name in ("choice", "neither"):
        assert run.failed(name) and failure_of(run.task(name)) == refused("invalid_input"), name
        assert run.task(name)["failure"]["detail"] == run.task(name)["msg"], name
    assert api_requests(emu) == []


def extends_failure_fragment(module):
    """Whether the module's DOCUMENTATION extends telnyx.wireless.failure (tests/unit/plugins/test_failures.py checks that
    every module does)."""
    path = os.path.join(os.path.dirname(__file__), "..", "..", "plugins", "modules", module + ".py")
    with open(path, encoding="utf-8") as handle:
        tree = ast.parse(handle.read())
    text = [node.value.value for node in tree.body if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "DOCUMENTATION"]
    return "telnyx.wireless.failure" in (yaml.safe_load(text[0]).get("extends_documentation_fragment") or [])


def test_ansible_doc_shows_the_failure_return_and_the_table_of_reasons(ansible_env):
    """What the fragment gives reaches ansible-doc on this ansible-core: the table in the notes, the `failure` return."""
    assert [module for module in sorted(MODULE_ARGS) if not extends_failure_fragment(module)] == []
    names = ["telnyx.wireless." + module for module in sorted(MODULE_ARGS)]
    proc = subprocess.run([os.path.join(VENV_BIN, "ansible-doc"), "--json"] + names, env=ansible_env, capture_output=True, text=True,
                          timeout=300, check=True)
    docs = json.loads(proc.stdout)
    assert sorted(docs) == names
    tables = set()
    for name, doc in docs.items():
        tables.add(tuple(sorted(note.split(")", 1)[0][len("V("):] for note in doc["doc"]["notes"] if note.startswith("V("))))
        failure = doc["return"]["failure"]
        assert (failure["returned"], failure["type"], sorted(failure["sample"])) == (
            "failure", "dict", ["code", "detail", "reason", "source", "status", "title"]), name
    assert len(tables) == 1  # the same table of reasons in every module
    table = tables.pop()
    assert len(table) > 40 and "missing_api_key" in table and "api_error" in table


def test_the_inventory_without_a_key_names_the_environment_variable_and_sends_nothing(emu, ansible_env, tmp_path):
    source = tmp_path / "fleet.telnyx.yml"
    source.write_text("plugin: telnyx.wireless.sim_cards\n")
    env = dict(ansible_env, ANSIBLE_INVENTORY_UNPARSED_FAILED="1")
    env.pop("TELNYX_API_KEY")
    emu.clear_requests()
    proc = subprocess.run([os.path.join(VENV_BIN, "ansible-inventory"), "-i", str(source), "--list"], env=env, capture_output=True, text=True,
                          timeout=300, check=False)
    text = " ".join(proc.stderr.split())
    assert proc.returncode != 0
    assert MISSING_KEY in text and "(failure.reason: missing_api_key)" in text, proc.stderr
    assert api_requests(emu) == []
