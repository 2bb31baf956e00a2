# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""`module_defaults: group/telnyx.wireless.all` reaches every module of the collection, the role's included.

The environment points the modules at a wrong key and a dead port, so a task reaches the API only if the group's
defaults (api_url, api_key) reached it; a second run proves http_timeout and http_retries arrive the same way.
(tests/unit/test_meta.py checks that the action group lists exactly the modules.) The first run is also where every
module runs as ansible-playbook sends it (AnsiballZ, its module_utils packed with it) on the ansible-core under test:
the tests that drive a module's own Python run it in the module runner, which imports it from the collection's path.
"""

from __future__ import annotations

import pytest
from test_failures import MODULE_ARGS

from conftest import API_KEY

# behaviour ansible-core takes part in: run on the newest ansible-core by scripts/test too (pytest.ini)
pytestmark = pytest.mark.ansible_core

# Nothing listens on the discard port of the loopback: a module that used the environment would fail to connect.
DEAD_ENV = {"TELNYX_API_URL": "http://127.0.0.1:9/v2", "TELNYX_API_KEY": "KEYwrong-key-from-the-environment"}
#: What a module that did not get the defaults would fail with (the dead port, the wrong key), or one that did not run.
NOT_REACHED = ("connection_failed", "retries_exhausted", "missing_api_key", "no_answer", "outcome_unknown")


def test_group_defaults_reach_every_module_and_the_role(emu, run_playbook):
    sims = emu.seed(sim_cards=2, groups=["meters"])["sim_cards"]
    emu.clear_requests()
    defaults = {"group/telnyx.wireless.all": {"api_url": emu.url, "api_key": API_KEY, "http_timeout": 20}}
    tasks = [
        {"name": "info", "telnyx.wireless.sim_card_info": {"id": sims[0]["id"]}, "register": "info"},
        {"name": "public ip info", "telnyx.wireless.sim_card_public_ip_info": {"id": sims[0]["id"]}},
        {"name": "notification info", "telnyx.wireless.sim_card_notification_info": {"id": sims[0]["id"]}},
        {"name": "notification", "telnyx.wireless.sim_card_notification": {"id": sims[0]["id"], "threshold": {"amount": 1, "unit": "GB"}}},
        {"name": "public ip", "telnyx.wireless.sim_card_public_ip": {"id": sims[0]["id"], "state": "absent"}},
        {"name": "sim card", "telnyx.wireless.sim_card": {"id": sims[0]["id"], "tags": ["by-module"], "wait_sleep": 0.2}},
        {"name": "fleet", "telnyx.wireless.sim_card_fleet": {"sim_cards": [{"id": sims[0]["id"], "tags": ["by-module", "by-fleet"]}]}},
        {"name": "role", "ansible.builtin.include_role": {"name": "telnyx.wireless.sim_fleet"},
         "vars": {"sim_fleet_wait_sleep": 0.2, "sim_fleet_sim_cards": [{"iccid": sims[1]["iccid"], "state": "standby", "tags": ["by-role"]}]}},
    ]
    written = set(next(key for key in task if key.startswith("telnyx.wireless."))[len("telnyx.wireless."):] for task in tasks
                  if any(key.startswith("telnyx.wireless.") for key in task))
    # every other module: its smallest options, in check mode (a SIM card or group they name may not exist: an answer
    # of the API, which proves the defaults reached it)
    others = sorted(set(MODULE_ARGS) - written)
    tasks += [{"name": module, "telnyx.wireless." + module: MODULE_ARGS[module], "check_mode": True, "ignore_errors": True}
              for module in others]
    play = {"name": "defaults", "hosts": "localhost", "gather_facts": False, "module_defaults": defaults, "tasks": tasks}
    run = run_playbook(plays=[play], env=DEAD_ENV, expect_rc=0)

    assert run.task("info")["sim_cards"][0]["id"] == sims[0]["id"]
    assert run.task("notification")["changed"] is True
    assert run.task("sim card")["changed"] is True
    assert run.task("SIM cards - status, registration, settings, public IP, notifications and voice")["changed"] is True
    assert run.task("fleet")["changed"] is True
    assert emu.sim(sims[0]["id"])["tags"] == ["by-fleet", "by-module"]
    sim1 = emu.sim(sims[1]["id"])
    assert sim1["status"]["value"] == "standby" and sim1["tags"] == ["by-role"]
    sent = [r for r in emu.requests() if r["path"].startswith("/v2/")]
    assert {"/v2/sim_cards/%s" % sims[0]["id"], "/v2/sim_cards/%s/actions/set_standby" % sims[1]["id"]} <= set(r["path"] for r in sent)
    assert len(others) == len(MODULE_ARGS) - 7 and len(written) == 7
    not_reached = {}
    for module in others:
        result = run.task(module)
        failure = (result.get("failure") or {}) if result["failed"] else {"reason": "ok"}
        if failure.get("reason") in NOT_REACHED or not failure:  # no failure dict: the module did not run (MODULE FAILURE)
            not_reached[module] = failure.get("reason") or result.get("msg")
    assert not_reached == {}
    assert all(r["status"] != 401 for r in sent)


def test_group_defaults_carry_the_http_options(emu, run_playbook):
    sim = emu.seed(sim_cards=1)["sim_cards"][0]
    emu.latency(1500)
    emu.clear_requests()
    defaults = {"group/telnyx.wireless.all": {"api_url": emu.url, "api_key": API_KEY, "http_timeout": 0.5, "http_retries": 0}}
    play = {"name": "timeout", "hosts": "localhost", "gather_facts": False, "module_defaults": defaults,
            "tasks": [{"name": "slow read", "telnyx.wireless.sim_card_info": {"id": sim["id"]}, "ignore_errors": True}]}
    run = run_playbook(plays=[play], env=DEAD_ENV, expect_rc=0)
    emu.latency(0)

    assert run.failed("slow read")
    assert "after 1 attempts (http_retries is 0): the last attempt timed out" in run.task("slow read")["msg"]
    assert [r["path"] for r in emu.requests() if r["path"].startswith("/v2/")] == ["/v2/sim_cards/%s" % sim["id"]]
