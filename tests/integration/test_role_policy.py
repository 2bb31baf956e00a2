# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The telnyx.wireless.sim_fleet role's policy part: one fleet description builds gateways, blocklists, groups and SIM
cards from an empty account (the emulator's default group only); check mode first, the real run, the rerun."""

from __future__ import annotations

import re

import pytest
from policy_helpers import all_of, api_requests, role_policy, writes_of

# behaviour ansible-core takes part in: run on the newest ansible-core by scripts/test too (pytest.ini)
pytestmark = pytest.mark.ansible_core

FAST = {"sim_fleet_wait_sleep": 0.2, "sim_fleet_wait_timeout": 60, "sim_fleet_gateway_wait_timeout": 60}


def recap(run, host="localhost"):
    match = re.search(r"^%s\s+:\s+(.*)$" % re.escape(host), run.stdout, re.M)
    assert match, repr(run)
    return dict((key, int(value)) for key, value in re.findall(r"(\w+)=(\d+)", match.group(1)))


def changed_labels(run, task):
    result = run.task(task)
    return sorted(entry["_ansible_item_label"] for entry in result.get("results", []) if entry.get("changed"))


SIM_CARD_TASK = "SIM cards - status, registration, settings, public IP, notifications and voice"


def changed_sim_cards(run):
    """The ICCIDs the role's one sim_card_fleet task changed (or, in check mode, would change)."""
    result = run.task(SIM_CARD_TASK)
    return sorted(sim["iccid"] for sim in result["sim_cards"] if sim.get("changed"))


def test_a_whole_fleet_from_an_empty_account(emu, run_playbook):
    codes = emu.seed(registration_codes=3)["registration_codes"]
    assert [g["name"] for g in all_of(emu, "/sim_card_groups")] and len(all_of(emu, "/sim_card_groups")) == 1
    fleet = dict(role_policy(), sim_fleet_sim_cards=[
        {"iccid": codes[0]["iccid"], "registration_code": codes[0]["registration_code"], "state": "present", "sim_card_group": "meters",
         "tags": ["eu"]},
        {"iccid": codes[1]["iccid"], "registration_code": codes[1]["registration_code"], "state": "present", "sim_card_group": "meters"},
        {"iccid": codes[2]["iccid"], "registration_code": codes[2]["registration_code"], "sim_card_group": "trackers",
         "state": "standby"},
    ])
    plays = [{"name": "fleet", "hosts": "localhost", "gather_facts": False, "vars": dict(FAST, **fleet),
              "roles": [{"role": "telnyx.wireless.sim_fleet"}]}]

    emu.clear_requests()
    check = run_playbook(plays=plays, check=True, diff=True)
    assert check.rc == 0, check
    # the only POST a dry run may send: the registration codes' validation (it changes nothing)
    assert [r["path"] for r in writes_of(api_requests(emu))] == ["/v2/sim_cards/actions/validate_registration_codes"]
    emu.clear_requests()
    real = run_playbook(plays=plays, diff=True)
    assert real.rc == 0, real
    for task in ("Private wireless gateways", "Wireless blocklists", "SIM card groups"):
        assert changed_labels(check, task) == changed_labels(real, task), task
    assert changed_sim_cards(check) == changed_sim_cards(real) == sorted(code["iccid"] for code in codes)
    # the dry run names the groups the run creates (their ids are not known yet); the real run then has their ids
    predicted = dict((sim["iccid"], sim["after"]) for sim in check.task(SIM_CARD_TASK)["sim_cards"])
    made = dict((sim["iccid"], sim["after"]) for sim in real.task(SIM_CARD_TASK)["sim_cards"])
    for code, group in zip(codes, ("meters", "meters", "trackers")):
        assert predicted[code["iccid"]]["sim_card_group_name"] == made[code["iccid"]]["sim_card_group_name"] == group
        assert predicted[code["iccid"]]["sim_card_group_id"] is None and made[code["iccid"]]["sim_card_group_id"]
    assert "%s: register as standby in group trackers" % codes[2]["iccid"] in check.stdout
    assert recap(check)["changed"] == recap(real)["changed"]
    assert changed_labels(real, "SIM card groups") == ["meters", "trackers"]

    gateways = all_of(emu, "/private_wireless_gateways")
    blocklists = all_of(emu, "/wireless_blocklists")
    groups = dict((g["name"], g) for g in all_of(emu, "/sim_card_groups"))
    assert [g["name"] for g in gateways] == ["meters-gw"] and gateways[0]["status"]["value"] == "provisioned"
    assert [b["name"] for b in blocklists] == ["no-roaming"]
    assert groups["meters"]["private_wireless_gateway_id"] == gateways[0]["id"]
    assert groups["meters"]["wireless_blocklist_id"] == groups["trackers"]["wireless_blocklist_id"] == blocklists[0]["id"]
    assert groups["meters"]["data_limit"] == {"amount": "50.0", "unit": "GB"}
    sims = dict((s["iccid"], s) for s in all_of(emu, "/sim_cards"))
    assert sims[codes[0]["iccid"]]["sim_card_group_id"] == groups["meters"]["id"]
    assert sims[codes[2]["iccid"]]["sim_card_group_id"] == groups["trackers"]["id"]
    assert sims[codes[2]["iccid"]]["status"]["value"] == "standby"

    emu.clear_requests()
    again = run_playbook(plays=plays)
    assert again.rc == 0, again
    assert recap(again)["changed"] == 0, again.stdout
    assert writes_of(api_requests(emu)) == []


def test_policy_input_is_validated_before_any_request(emu, run_playbook):
    plays = [{"name": "fleet", "hosts": "localhost", "gather_facts": False,
              "vars": dict(FAST, sim_fleet_groups=[{"data_limit": {"amount": 1, "unit": "TB"}}]),
              "roles": [{"role": "telnyx.wireless.sim_fleet"}]}]
    emu.clear_requests()
    run = run_playbook(plays=plays)
    assert run.rc != 0
    assert "unit" in run.stdout and "name" in run.stdout
    assert api_requests(emu) == []
