# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The sim_cards inventory: each SIM card's group policy as host variables, and hosts grouped by gateway, at no request
per SIM card (one list of gateways and one of blocklists per load, and only when a group uses one)."""

from __future__ import annotations

import pytest
from policy_helpers import group_action, make_blocklist, make_gateway, make_group
from test_inventory import api_requests, inventory, list_requests, write_config

from conftest import plain

# behaviour ansible-core takes part in: run on the newest ansible-core by scripts/test too (pytest.ini)
pytestmark = pytest.mark.ansible_core


def test_group_policy_host_variables_and_groups_by_gateway(emu, ansible_env, tmp_path):
    gateway = make_gateway(emu, "meters-gw")
    blocklist = make_blocklist(emu, "no-roaming")
    meters = make_group(emu, "meters", {"amount": "50", "unit": "GB"})
    group_action(emu, meters["id"], "set_private_wireless_gateway", private_wireless_gateway_id=gateway["id"])
    group_action(emu, meters["id"], "set_wireless_blocklist", wireless_blocklist_id=blocklist["id"])
    make_group(emu, "trackers")
    seeded = emu.seed(sim_cards=40, groups=["meters", "trackers"])
    config = write_config(tmp_path, "plugin: telnyx.wireless.sim_cards\n"
                                    "default_groups: [sim_card_group, private_wireless_gateway]\n")
    emu.clear_requests()
    proc, data = inventory(ansible_env, config)
    assert proc.returncode == 0, proc.stderr
    data = plain(data)
    hostvars = data["_meta"]["hostvars"]
    in_meters = [sim["iccid"] for sim in seeded["sim_cards"] if sim["sim_card_group_id"] == meters["id"]]
    in_trackers = [sim["iccid"] for sim in seeded["sim_cards"] if sim["sim_card_group_id"] != meters["id"]]
    assert len(in_meters) == len(in_trackers) == 20
    for iccid in in_meters:
        assert hostvars[iccid]["telnyx_sim_card_group_data_limit"] == {"amount": "50.0", "unit": "GB"}
        assert hostvars[iccid]["telnyx_private_wireless_gateway_id"] == gateway["id"]
        assert hostvars[iccid]["telnyx_private_wireless_gateway_name"] == "meters-gw"
        assert hostvars[iccid]["telnyx_wireless_blocklist_id"] == blocklist["id"]
        assert hostvars[iccid]["telnyx_wireless_blocklist_name"] == "no-roaming"
    for iccid in in_trackers:
        assert hostvars[iccid]["telnyx_sim_card_group_data_limit"] == {}
        assert hostvars[iccid]["telnyx_private_wireless_gateway_id"] is None
        assert hostvars[iccid]["telnyx_private_wireless_gateway_name"] is None
        assert hostvars[iccid]["telnyx_wireless_blocklist_name"] is None
    assert sorted(data["private_wireless_gateway_meters_gw"]["hosts"]) == sorted(in_meters)
    assert not any(group.startswith("private_wireless_gateway_") and group != "private_wireless_gateway_meters_gw" for group in data)
    # requests: the group list, the SIM card list, one list of gateways and one of blocklists; nothing per SIM card
    sent = api_requests(emu)
    assert len(list_requests(sent, "private_wireless_gateways")) == 1 and len(list_requests(sent, "wireless_blocklists")) == 1
    assert len(sent) == 4, [(r["method"], r["path"]) for r in sent]


def test_no_policy_no_extra_request(emu, ansible_env, tmp_path):
    emu.seed(sim_cards=5, groups=["plain"])
    config = write_config(tmp_path, "plugin: telnyx.wireless.sim_cards\n")
    emu.clear_requests()
    proc, data = inventory(ansible_env, config)
    assert proc.returncode == 0, proc.stderr
    assert [r["path"] for r in api_requests(emu)] == ["/v2/sim_card_groups", "/v2/sim_cards"]
    assert all(hostvars["telnyx_private_wireless_gateway_name"] is None for hostvars in plain(data)["_meta"]["hostvars"].values())
