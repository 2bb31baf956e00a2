# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests of the export: an account as the fleet description the sim_fleet role takes, and the file it writes."""

from __future__ import annotations

import pytest
import yaml

from ansible_collections.telnyx.wireless.plugins.module_utils._export import LINE_WIDTH, describe, flow, render, scalar

GATEWAY = {"id": "0f4c8a0e-4d5e-4b7a-9f59-0a8d0e7c1a01", "name": "meters-gw", "network_id": "6a09cdc3-8948-47f0-aa62-74ac943d6c58",
           "region_code": "ashburn-va", "status": {"value": "provisioned"}, "ip_range": "100.64.1.0/24"}
BLOCKLIST = {"id": "1f4c8a0e-4d5e-4b7a-9f59-0a8d0e7c1a02", "name": "no-roaming", "type": "country", "values": ["MX", "CA"]}
METERS = {"id": "2f4c8a0e-4d5e-4b7a-9f59-0a8d0e7c1a03", "name": "meters", "default": False, "data_limit": {"amount": "50.0", "unit": "GB"},
          "private_wireless_gateway_id": GATEWAY["id"], "wireless_blocklist_id": BLOCKLIST["id"], "consumed_data": {"amount": "3.0", "unit": "MB"}}
SPARE = {"id": "3f4c8a0e-4d5e-4b7a-9f59-0a8d0e7c1a04", "name": "spare", "default": True, "data_limit": {},
         "private_wireless_gateway_id": None, "wireless_blocklist_id": None}


def sim(number, status="enabled", group=None, **fields):
    group = group or METERS
    card = {"id": "6b14e151-8493-4fa1-8664-1cc4e6d141%02d" % number, "iccid": "893104101065437893%02d" % number,
            "status": {"value": status}, "tags": ["meters", "eu"], "sim_card_group_id": group["id"], "data_limit": {},
            "authorized_imeis": [], "voice_enabled": False, "ipv4": "10.0.0.%d" % number,
            "current_billing_period_consumed_data": {"amount": "12.5", "unit": "MB"}, "updated_at": "2026-12-04T01:00:00Z"}
    card.update(fields)
    return card


def notification(sim_card, amount, unit, number=0):
    return {"id": "7b14e151-8493-4fa1-8664-1cc4e6d141%02d" % number, "sim_card_id": sim_card["id"], "threshold": {"amount": amount, "unit": unit}}


def test_each_object_is_declared_with_what_the_role_manages_and_nothing_volatile():
    cards = [sim(2, "disabled", tags=["b", "a"], data_limit={"amount": "500.0", "unit": "mb"}, authorized_imeis=["864524030000002", "864524030000001"],
                 voice_enabled=True),
             sim(1, group=SPARE)]
    notes = {cards[0]["id"]: [notification(cards[0], "1.0", "GB", 1), notification(cards[0], "500.0", "MB", 2)], cards[1]["id"]: []}
    public_ips = {cards[0]["id"]: {"ip": "203.0.113.9", "region_code": "dc2"}, cards[1]["id"]: None}
    description, not_declared = describe(cards, [SPARE, METERS], [GATEWAY], [BLOCKLIST], notes, public_ips)
    assert not_declared == []
    assert description == {
        "sim_fleet_gateways": [{"name": "meters-gw", "network_id": GATEWAY["network_id"], "region_code": "ashburn-va"}],
        "sim_fleet_blocklists": [{"name": "no-roaming", "type": "country", "values": ["CA", "MX"]}],
        "sim_fleet_groups": [
            {"name": "meters", "data_limit": {"amount": 50, "unit": "GB"}, "private_wireless_gateway": "meters-gw", "wireless_blocklist": "no-roaming"},
            {"name": "spare", "data_limit": {}, "private_wireless_gateway": "", "wireless_blocklist": ""},
        ],
        "sim_fleet_sim_cards": [  # sorted by ICCID
            {"iccid": cards[1]["iccid"], "state": "present", "sim_card_group": "spare", "tags": ["eu", "meters"], "data_limit": {}, "authorized_imeis": []},
            {"iccid": cards[0]["iccid"], "state": "disabled", "sim_card_group": "meters", "tags": ["a", "b"], "data_limit": {"amount": 500, "unit": "MB"},
             "authorized_imeis": ["864524030000001", "864524030000002"], "notifications": [{"amount": 500, "unit": "MB"}, {"amount": 1, "unit": "GB"}],
             "notifications_exclusive": True, "voice": True, "public_ip": {"state": "present", "region_code": "dc2"}},
        ],
    }
    text = render(description, not_declared, ["header"])
    for volatile in ("10.0.0.", "203.0.113.9", "12.5", "2026-12-04", "100.64.1.0", GATEWAY["id"], cards[0]["id"]):
        assert volatile not in text


@pytest.mark.parametrize("status, reason", [
    ("enabling", "enabling: in a transition; export again once it has settled"),
    ("registering", "registering: in a transition; export again once it has settled"),
    ("setting_standby", "setting_standby: in a transition; export again once it has settled"),
    ("data_limit_exceeded", "data_limit_exceeded: Telnyx took it off the network at its data limit, and no state declares that; "
                            "declare it (present or disabled) once its limit is raised or removed"),
    ("unauthorized_imei", "unauthorized_imei: its device is not among its authorized IMEIs; declare it once that is settled"),
])
def test_a_sim_card_not_declarable_as_it_is_is_listed_with_the_reason(status, reason):
    card = sim(3, status, tags=["x"])
    description, not_declared = describe([card, sim(4)], [METERS], [GATEWAY], [BLOCKLIST], {}, None)
    assert [entry["iccid"] for entry in description["sim_fleet_sim_cards"]] == [sim(4)["iccid"]]
    assert not_declared == [{"kind": "sim_card", "name": card["iccid"], "reason": reason,
                             "entry": {"iccid": card["iccid"], "sim_card_group": "meters", "tags": ["x"], "data_limit": {}, "authorized_imeis": []}}]
    text = render(description, not_declared, [])
    assert "#   sim_card %s: %s\n#   - {iccid: \"%s\"" % (card["iccid"], reason, card["iccid"]) in text
    assert yaml.safe_load(text)["sim_fleet_sim_cards"] == description["sim_fleet_sim_cards"]  # the comment is no entry


def test_names_two_objects_share_are_replaced_by_ids_or_listed():
    twin = dict(METERS, id="4f4c8a0e-4d5e-4b7a-9f59-0a8d0e7c1a05", private_wireless_gateway_id=None, wireless_blocklist_id=None, data_limit={})
    gateway_twin = dict(GATEWAY, id="5f4c8a0e-4d5e-4b7a-9f59-0a8d0e7c1a06")
    gone = dict(GATEWAY, id="6f4c8a0e-4d5e-4b7a-9f59-0a8d0e7c1a07", name="old-gw", status={"value": "decommissioning"})
    failed = dict(GATEWAY, id="8f4c8a0e-4d5e-4b7a-9f59-0a8d0e7c1a08", name="broken-gw", status={"value": "failed"})
    description, not_declared = describe([sim(5, group=twin)], [METERS, twin], [GATEWAY, gateway_twin, gone, failed], [BLOCKLIST], {}, None)
    assert description["sim_fleet_sim_cards"][0]["sim_card_group"] == twin["id"]
    assert [group.get("id") for group in description["sim_fleet_groups"]] == sorted([METERS["id"], twin["id"]])
    assert [group["private_wireless_gateway"] for group in description["sim_fleet_groups"] if group["id"] == METERS["id"]] == [GATEWAY["id"]]
    assert description["sim_fleet_gateways"] == []  # a decommissioning gateway is not there any more
    assert sorted((item["kind"], item["name"]) for item in not_declared) == sorted([
        ("private_wireless_gateway", GATEWAY["id"]), ("private_wireless_gateway", gateway_twin["id"]),
        ("private_wireless_gateway", "broken-gw")])


def test_a_sim_card_in_no_group_is_declared_without_one():
    description, dummy = describe([sim(7, sim_card_group_id=None)], [METERS], [], [], {}, None)
    assert "sim_card_group" not in description["sim_fleet_sim_cards"][0]
    assert description["sim_fleet_sim_cards"][0]["state"] == "present"


def test_a_selection_describes_only_the_groups_its_sim_cards_use_and_their_policy():
    description, dummy = describe([sim(6, group=SPARE)], [METERS, SPARE], [GATEWAY], [BLOCKLIST], {}, None, selected=True)
    assert [group["name"] for group in description["sim_fleet_groups"]] == ["spare"]
    assert description["sim_fleet_gateways"] == [] and description["sim_fleet_blocklists"] == []
    description, dummy = describe([sim(6)], [METERS, SPARE], [GATEWAY], [BLOCKLIST], {}, None, selected=True)
    assert [group["name"] for group in description["sim_fleet_groups"]] == ["meters"]
    assert len(description["sim_fleet_gateways"]) == len(description["sim_fleet_blocklists"]) == 1


@pytest.mark.parametrize("value, text", [
    ("meters", "meters"), ("no", '"no"'), ("On", '"On"'), ("null", '"null"'), ("89310410106543789301", '"89310410106543789301"'),
    ("eu west", '"eu west"'), ("a: b", '"a: b"'), ("#x", '"#x"'), ("{{ x }}", '"{{ x }}"'), ("Zürich", '"Zürich"'),
    ('quote"d', '"quote\\"d"'), ("", '""'), (True, "true"), (None, "null"), (50, "50"), (0.5, "0.5"), (1.25, "1.25"),
])
def test_scalars_read_back_as_what_they_were(value, text):
    assert scalar(value) == text
    assert yaml.safe_load("v: %s" % text)["v"] == value


def test_the_file_reads_back_as_the_description_and_is_the_same_bytes_each_time():
    cards = [sim(number, tags=["t%d" % number, "yes", "eu west"]) for number in range(9, 0, -1)]
    long_one = sim(10, authorized_imeis=["86452403000000%d" % n for n in range(5)], tags=["a-long-tag-%d" % n for n in range(6)],
                   data_limit={"amount": "1.5", "unit": "GB"})
    notes = {long_one["id"]: [notification(long_one, "100.0", "MB")]}
    description, not_declared = describe(cards + [long_one], [METERS], [GATEWAY], [BLOCKLIST], notes, None)
    header = ["Telnyx wireless fleet description", "10 SIM card(s)"]
    text = render(description, not_declared, header)
    assert text == render(*describe(list(reversed(cards)) + [long_one], [METERS], [GATEWAY], [BLOCKLIST], notes, None), header)
    assert text.startswith("---\n# Telnyx wireless fleet description\n# 10 SIM card(s)\nsim_fleet_gateways:\n")
    assert text.endswith("\n") and not text.endswith("\n\n")
    assert yaml.safe_load(text) == description
    lines = text.splitlines()
    assert all(len(line) <= LINE_WIDTH for line in lines)
    assert "  - iccid: \"%s\"" % long_one["iccid"] in lines  # too long for one line: a block mapping
    assert sum(1 for line in lines if line.startswith("  - {iccid: ")) == 9  # the others: one line each


def test_an_empty_account_is_four_empty_lists():
    description, not_declared = describe([], [], [], [], {}, None)
    assert render(description, not_declared, []) == "---\nsim_fleet_gateways: []\nsim_fleet_blocklists: []\nsim_fleet_groups: []\nsim_fleet_sim_cards: []\n"
    assert flow({"a": [1, {"b": "c d"}]}) == '{a: [1, {b: "c d"}]}'


# ------------------------------------------------------------------------------------------------ drift

def test_drift_report_of_a_check_mode_run_of_the_role():
    from ansible_collections.telnyx.wireless.plugins.module_utils._drift import drift_report
    group_diff = {"before": {"id": "g1", "name": "trackers", "data_limit": {"amount": "50.0", "unit": "GB"}, "wireless_blocklist_id": "b2",
                             "wireless_blocklist_name": "eu-only", "default": False},
                  "after": {"id": "g1", "name": "trackers", "data_limit": {"amount": "80.0", "unit": "GB"}, "wireless_blocklist_id": "b1",
                            "wireless_blocklist_name": "no-roaming", "default": False}}
    groups = [{"item": {"name": "trackers"}, "changed": True, "diff": group_diff}, {"item": {"name": "meters"}, "changed": False}]
    gateways = [{"item": {"name": "new-gw"}, "changed": True, "diff": {"before": {}, "after": {"name": "new-gw"}}}]
    blocklists = [{"item": {"name": "bad"}, "failed": True, "msg": "values: XX is no country"}]
    changed = {"iccid": "89310410106543789301", "id": "s1", "changed": True, "failed": False, "registered": False, "deleted": False,
               "before": {"status": "enabled", "tags": ["eu"]}, "after": {"status": "disabled", "tags": ["eu", "lost"]}}
    same = dict(changed, iccid="89310410106543789302", changed=False)
    report = drift_report(gateways, blocklists, groups, {"summary": {"sim_cards": 2}, "sim_cards": [changed, same]}, "fleet.yml")
    assert report == {"drift": True, "count": 4, "sim_cards_checked": 2, "fleet_file": "fleet.yml", "objects": [
        {"kind": "private_wireless_gateway", "name": "new-gw", "changes": ["create"]},
        {"kind": "wireless_blocklist", "name": "bad", "changes": ["FAILS - values: XX is no country"]},
        {"kind": "sim_card_group", "name": "trackers", "changes": ["data_limit 50.0 GB -> 80.0 GB", "wireless_blocklist_name eu-only -> no-roaming"]},
        {"kind": "sim_card", "name": "89310410106543789301", "changes": ["status enabled -> disabled", "tags [eu] -> [eu, lost]"]},
    ]}
    assert drift_report(fleet={"summary": {"sim_cards": 1}, "sim_cards": [same]}) == {
        "drift": False, "count": 0, "objects": [], "sim_cards_checked": 1, "fleet_file": None}
