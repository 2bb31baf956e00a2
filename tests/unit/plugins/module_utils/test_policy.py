# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests of the policy plans (module_utils/_policy.py): what a group, gateway or blocklist task decides to send."""

from __future__ import annotations

import pytest

from ansible_collections.telnyx.wireless.plugins.module_utils._actions import SimCardGroupActions
from ansible_collections.telnyx.wireless.plugins.module_utils._policy import (
    BLOCKLISTS,
    GATEWAYS,
    check_limit,
    gateway_differences,
    group_view,
    known_ids,
    limit_wanted,
    pending_id,
    plan_group,
    predict_group,
)

GW1, GW2 = "6a09cdc3-8948-47f0-aa62-74ac943d6c58", "0b5f7d3c-2a71-4c11-9a0e-2f4b1c9d8e77"
BL1 = "a13bc415-7966-43bf-90d4-63cc76275289"
GROUP = {"id": "47a1c2b0-cc7b-4ab1-bb98-b33fb0fc61b9", "name": "meters", "default": False, "data_limit": {"amount": "10.0", "unit": "GB"},
         "private_wireless_gateway_id": GW1, "wireless_blocklist_id": None}


@pytest.mark.parametrize("group, kwargs, body, actions", [
    # nothing asked, nothing to do
    (GROUP, {}, {}, []),
    # the limit compared numerically, in the same unit
    (GROUP, {"data_limit": limit_wanted({"amount": "10", "unit": "GB"})}, {}, []),
    (GROUP, {"data_limit": limit_wanted({"amount": 10240, "unit": "MB"})}, {"data_limit": {"amount": "10240.0", "unit": "MB"}}, []),
    # {} removes the limit (sent as null); on a group without one it is no change
    (GROUP, {"data_limit": limit_wanted({})}, {"data_limit": None}, []),
    (dict(GROUP, data_limit={}), {"data_limit": limit_wanted({"amount": None, "unit": None})}, {}, []),
    # rename
    (GROUP, {"name": "meters-eu"}, {"name": "meters-eu"}, []),
    # gateway: same, another, removed; blocklist: set; both in order, the gateway first
    (GROUP, {"policy": {"private_wireless_gateway_id": GW1}}, {}, []),
    (GROUP, {"policy": {"private_wireless_gateway_id": GW2}}, {}, [("set_private_wireless_gateway", GW2)]),
    (GROUP, {"policy": {"private_wireless_gateway_id": ""}}, {}, [("remove_private_wireless_gateway", None)]),
    (GROUP, {"policy": {"wireless_blocklist_id": BL1, "private_wireless_gateway_id": ""}}, {},
     [("remove_private_wireless_gateway", None), ("set_wireless_blocklist", BL1)]),
    # removing what is not there is no change
    (GROUP, {"policy": {"wireless_blocklist_id": ""}}, {}, []),
    # a new group: the create body and every action
    (None, {"name": "new", "data_limit": limit_wanted({"amount": 1, "unit": "GB"}), "policy": {"private_wireless_gateway_id": GW1}},
     {"name": "new", "data_limit": {"amount": "1.0", "unit": "GB"}}, [("set_private_wireless_gateway", GW1)]),
])
def test_plan_group(group, kwargs, body, actions):
    assert plan_group(group, **kwargs) == (body, actions)


def test_predict_group_applies_the_body_and_the_actions():
    predicted = predict_group(GROUP, {"data_limit": None, "name": "x"}, [("remove_private_wireless_gateway", None), ("set_wireless_blocklist", BL1)])
    assert predicted["data_limit"] == {} and predicted["name"] == "x"
    assert predicted["private_wireless_gateway_id"] is None and predicted["wireless_blocklist_id"] == BL1
    assert GROUP["private_wireless_gateway_id"] == GW1  # the group read is not changed


@pytest.mark.parametrize("value, messages", [
    (None, []),
    ({}, []),
    ({"amount": None, "unit": None}, []),
    ({"amount": 5, "unit": "GB"}, []),
    ({"amount": 5, "unit": None}, ["data_limit.unit (MB or GB) is needed with data_limit.amount"]),
    ({"amount": None, "unit": "MB"}, ["data_limit.amount is needed with data_limit.unit (give both, or data_limit: {} to remove the limit)"]),
    ({"amount": "lots", "unit": "MB"}, ["data_limit.amount must be a number, got 'lots'"]),
    ({"amount": 5, "unit": "TB"}, ["data_limit.unit must be MB or GB, got 'TB'"]),
])
def test_check_limit(value, messages):
    assert check_limit(value) == messages


def test_gateway_differences_only_for_what_the_task_gives():
    gateway = {"network_id": GW1.upper(), "region_code": "ashburn-va"}
    assert gateway_differences(gateway) == []
    assert gateway_differences(gateway, network_id=GW1, region_code="ashburn-va") == []
    assert gateway_differences(gateway, network_id=GW2) == [("network_id", GW1.upper(), GW2)]
    assert gateway_differences(gateway, region_code="dc2") == [("region_code", "ashburn-va", "dc2")]
    # address_mode is compared only when the API reports it
    assert gateway_differences(gateway, address_mode="static") == []
    assert gateway_differences(dict(gateway, address_mode="dynamic"), address_mode="static") == [("address_mode", "dynamic", "static")]


def test_action_target_and_group_view():
    assert SimCardGroupActions.target({"type": "set_wireless_blocklist", "settings": {"wireless_blocklist_id": BL1}}) == BL1
    assert SimCardGroupActions.target({"type": "remove_wireless_blocklist", "settings": {"wireless_blocklist_id": BL1}}) is None
    assert group_view(GROUP, {GW1: "gw"}) == {
        "id": GROUP["id"], "name": "meters", "default": False, "data_limit": {"amount": "10.0", "unit": "GB"},
        "private_wireless_gateway_id": GW1, "private_wireless_gateway_name": "gw", "wireless_blocklist_id": None}
    assert group_view(None) == {}


def test_a_reference_to_an_object_this_check_mode_run_would_create():
    """Planned by name with a stand-in id; the diff names it and shows its id as null, as the result does."""
    gateway, blocklist = pending_id(GATEWAYS, "meters-gw"), pending_id(BLOCKLISTS, "no-roaming")
    assert pending_id("sim_card_group", "meters") == "pending-sim-card-group:meters"  # as sim_card_fleet's stand-in for a group
    body, actions = plan_group(GROUP, policy={"private_wireless_gateway_id": gateway, "wireless_blocklist_id": blocklist})
    assert body == {} and actions == [("set_private_wireless_gateway", gateway), ("set_wireless_blocklist", blocklist)]
    predicted = predict_group(GROUP, body, actions)
    view = group_view(predicted, {gateway: "meters-gw", blocklist: "no-roaming"})
    assert view["private_wireless_gateway_id"] is None and view["private_wireless_gateway_name"] == "meters-gw"
    assert view["wireless_blocklist_id"] is None and view["wireless_blocklist_name"] == "no-roaming"
    assert known_ids(predicted) == dict(GROUP, private_wireless_gateway_id=None, wireless_blocklist_id=None)
    assert known_ids(GROUP) == GROUP and known_ids(None) is None
