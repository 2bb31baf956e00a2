# -*- coding: utf-8 -*-
# Copyright: telnyx.wireless contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The SIM card state machine, preconditions, data limits, public IPs, registration and deletion."""

import time
import uuid

import pytest

from emulator.harness import wait_for

HOLD = 3600  # a transition time that never elapses by itself; emu.advance(HOLD) completes what is pending


def status_of(api, sim_id):
    return api.get("/sim_cards/" + sim_id).json()["data"]["status"]["value"]


def one_sim(emu, **kw):
    return emu.seed(sim_cards=1, **kw)["sim_cards"][0]["id"]


def error_of(response, status):
    assert response.status_code == status, response.text
    return response.json()["errors"][0]


@pytest.mark.parametrize("action,start,transitional,final", [
    ("disable", "enabled", "disabling", "disabled"),
    ("enable", "disabled", "enabling", "enabled"),
    ("enable", "standby", "enabling", "enabled"),
    ("set_standby", "enabled", "setting_standby", "standby"),
])
def test_actions_pass_through_transitional_status(emu, api, action, start, transitional, final):
    sim_id = one_sim(emu, statuses=[start])
    emu.config(transition_seconds=HOLD)
    response = api.post("/sim_cards/%s/actions/%s" % (sim_id, action))
    assert response.status_code == 202
    created = response.json()["data"]
    assert (created["action_type"], created["status"]["value"], created["status"]["reason"]) == (action, "in-progress", None)
    card = api.get("/sim_cards/" + sim_id).json()["data"]
    assert card["status"]["value"] == transitional and card["actions_in_progress"] is True
    emu.advance(HOLD)
    assert status_of(api, sim_id) == final
    card = api.get("/sim_cards/" + sim_id).json()["data"]
    assert card["actions_in_progress"] is False
    done = api.get("/sim_card_actions/" + created["id"]).json()["data"]
    assert done["status"]["value"] == "completed" and done["updated_at"] > done["created_at"]


def test_transition_takes_transition_seconds_of_real_time(emu, api):
    emu.config(transition_seconds=2.0)
    sim_id = one_sim(emu)
    started = time.time()
    api.post("/sim_cards/%s/actions/disable" % sim_id)
    assert status_of(api, sim_id) == "disabling"
    emu.config(transition_seconds=0.1)  # applies to later transitions only
    wait_for(lambda: status_of(api, sim_id) == "disabled", timeout=15)
    assert time.time() - started >= 2.0
    card = api.get("/sim_cards/" + sim_id).json()["data"]
    assert card["updated_at"] > card["created_at"]


@pytest.mark.parametrize("action,status", [("enable", "enabled"), ("disable", "disabled"), ("set_standby", "standby")])
def test_repeated_transition_is_a_completed_no_op(emu, api, action, status):
    sim_id = one_sim(emu, statuses=[status])
    created = api.post("/sim_cards/%s/actions/%s" % (sim_id, action)).json()["data"]
    assert created["status"]["value"] == "completed"
    card = api.get("/sim_cards/" + sim_id).json()["data"]
    assert card["status"]["value"] == status and card["actions_in_progress"] is False


@pytest.mark.parametrize("action,status", [("set_standby", "disabled"), ("disable", "standby")])
def test_undocumented_transitions_are_refused(emu, api, action, status):
    sim_id = one_sim(emu, statuses=[status])
    error = error_of(api.post("/sim_cards/%s/actions/%s" % (sim_id, action)), 422)
    assert error["code"] == "10015" and ("from status %s" % status) in error["detail"]
    assert api.get("/sim_card_actions", params={"filter[sim_card_id]": sim_id}).json()["data"] == []


def test_action_while_another_is_in_progress_is_busy(emu, api):
    sim_id = one_sim(emu)
    emu.config(transition_seconds=HOLD)
    api.post("/sim_cards/%s/actions/disable" % sim_id)
    for action in ("enable", "disable", "set_standby", "remove_public_ip"):
        assert error_of(api.post("/sim_cards/%s/actions/%s" % (sim_id, action)), 422)["code"] == "10036"
    assert error_of(api.post("/sim_cards/%s/actions/set_public_ip" % sim_id), 422)["code"] == "10036"
    assert error_of(api.delete("/sim_cards/" + sim_id), 422)["code"] == "10036"
    emu.advance(HOLD)
    assert api.post("/sim_cards/%s/actions/enable" % sim_id).status_code == 202


@pytest.mark.parametrize("action", ["enable", "set_standby"])
def test_enable_and_standby_need_a_group(emu, api, action):
    sim_id = one_sim(emu, statuses=["disabled"] if action == "enable" else ["enabled"])
    emu.force(sim_id, sim_card_group_id=None)
    assert api.get("/sim_cards/" + sim_id).json()["data"]["sim_card_group_id"] is None
    assert error_of(api.post("/sim_cards/%s/actions/%s" % (sim_id, action)), 422)["code"] == "70007"
    assert api.get("/sim_card_actions", params={"filter[sim_card_id]": sim_id}).json()["meta"]["total_results"] == 0
    api.post("/sim_cards/%s/actions/disable" % sim_id)  # disable needs no group


def test_data_limit_exceeded_and_intended_status(emu, api):
    sim_id = one_sim(emu, data_limit={"amount": "100", "unit": "MB"})
    emu.consume(sim_id, 60)
    assert status_of(api, sim_id) == "enabled"
    state = emu.consume(sim_id, 40)
    assert state["status"]["value"] == "data_limit_exceeded" and state["_emulator"]["intended_status"] == "enabled"
    assert state["current_billing_period_consumed_data"]["amount"] == "100.0"
    for action in ("enable", "disable", "set_standby"):
        error = error_of(api.post("/sim_cards/%s/actions/%s" % (sim_id, action)), 422)
        assert "data_limit_exceeded" in error["detail"]
    api.patch("/sim_cards/" + sim_id, json={"data_limit": {"amount": "100", "unit": "MB"}})
    assert status_of(api, sim_id) == "data_limit_exceeded"  # reached is exceeded
    api.patch("/sim_cards/" + sim_id, json={"data_limit": {"amount": "1", "unit": "GB"}})
    assert status_of(api, sim_id) == "enabled"
    api.patch("/sim_cards/" + sim_id, json={"data_limit": {"amount": "50", "unit": "MB"}})
    assert status_of(api, sim_id) == "data_limit_exceeded"
    emu.reset_billing_period()
    assert status_of(api, sim_id) == "enabled"


def test_group_data_limit_is_a_shared_pool(emu, api):
    seeded = emu.seed(sim_cards=3, groups=["pool"])
    group_id = seeded["groups"][0]["id"]
    ids = [s["id"] for s in seeded["sim_cards"]]
    api.patch("/sim_cards/" + ids[2], json={"data_limit": {"amount": "10", "unit": "GB"}})  # its own limit wins
    api.patch("/sim_card_groups/" + group_id, json={"data_limit": {"amount": "1", "unit": "GB"}})
    emu.consume(ids[0], 600)
    emu.consume(ids[1], 500)
    group = api.get("/sim_card_groups/" + group_id).json()["data"]
    assert group["consumed_data"] == {"amount": "1100.0", "unit": "MB"}
    assert [status_of(api, i) for i in ids] == ["data_limit_exceeded", "data_limit_exceeded", "enabled"]
    api.patch("/sim_card_groups/" + group_id, json={"data_limit": None})
    assert [status_of(api, i) for i in ids] == ["enabled"] * 3
    listed = api.get("/sim_card_groups", params={"filter[name]": "pool"}).json()["data"][0]
    assert listed["sim_card_count"] == 3 and listed["data_limit"] == {}


def test_standby_sim_consuming_data_becomes_enabled(emu, api):
    sim_id = one_sim(emu, statuses=["standby"])
    state = emu.consume(sim_id, 1.5)
    assert state["status"]["value"] == "enabled" and state["_emulator"]["intended_status"] == "enabled"
    actions = api.get("/sim_card_actions", params={"filter[action_type]": "enable_standby_sim_card"}).json()["data"]
    assert [(a["sim_card_id"], a["status"]["value"]) for a in actions] == [(sim_id, "completed")]
    assert state["current_billing_period_consumed_data"]["amount"] == "1.5"
    disabled = one_sim(emu, statuses=["disabled"])
    with pytest.raises(Exception, match="409"):
        emu.consume(disabled, 1)


def test_patch_status_is_ignored_and_body_is_validated(emu, api):
    sim_id = one_sim(emu)
    card = api.patch("/sim_cards/" + sim_id, json={"status": {"value": "disabled"}, "iccid": "0", "tags": ["t"]}).json()["data"]
    assert card["status"]["value"] == "enabled" and card["tags"] == ["t"] and card["iccid"].startswith("89")
    assert error_of(api.patch("/sim_cards/" + sim_id, json={"data_limit": {"amount": "1", "unit": "KB"}}), 422)["source"] == {
        "pointer": "/data_limit/unit"}
    assert error_of(api.patch("/sim_cards/" + sim_id, json={"data_limit": {"amount": "lots", "unit": "MB"}}), 422)["source"]["pointer"] == \
        "/data_limit/amount"
    assert error_of(api.patch("/sim_cards/" + sim_id, json={"sim_card_group_id": str(uuid.uuid4())}), 422)["source"]["pointer"] == \
        "/sim_card_group_id"
    assert error_of(api.patch("/sim_cards/" + sim_id, json={"sim_card_group_id": None}), 422)["code"] == "10015"
    six = ["35209900176148%d" % i for i in range(6)]
    assert error_of(api.patch("/sim_cards/" + sim_id, json={"authorized_imeis": six}), 422)["source"]["pointer"] == "/authorized_imeis"
    assert error_of(api.patch("/sim_cards/" + sim_id, json={"authorized_imeis": ["12"]}), 422)["source"]["pointer"] == "/authorized_imeis/0"
    assert api.patch("/sim_cards/" + sim_id, json={"authorized_imeis": six[:5]}).json()["data"]["authorized_imeis"] == six[:5]
    assert api.patch("/sim_cards/" + sim_id, json={"authorized_imeis": None}).json()["data"]["authorized_imeis"] is None
    body = api.patch("/sim_cards/" + sim_id, json={"data_limit": None}).json()["data"]
    assert body["data_limit"] == {} and body["tags"] == ["t"]


def test_deletion_and_re_registration(emu, api):
    seeded = emu.seed(sim_cards=1, esims=1)
    physical, esim = seeded["sim_cards"]
    note = api.post("/sim_card_data_usage_notifications", json={"sim_card_id": physical["id"], "threshold": {"amount": "1", "unit": "GB"}})
    emu.config(transition_seconds=HOLD)
    deleted = api.delete("/sim_cards/" + physical["id"]).json()["data"]
    assert deleted["status"]["value"] == "disabling" and deleted["actions_in_progress"] is True
    assert status_of(api, physical["id"]) == "disabling"
    assert api.delete("/sim_cards/" + physical["id"]).status_code == 200  # repeated while decommissioning
    assert emu.registration_codes(iccid=physical["iccid"]) == []
    emu.advance(HOLD)
    emu.config(transition_seconds=0.2)
    assert api.get("/sim_cards/" + physical["id"]).status_code == 404
    assert api.get("/sim_card_data_usage_notifications/" + note.json()["data"]["id"]).status_code == 404
    fresh = emu.registration_codes(iccid=physical["iccid"])
    assert len(fresh) == 1 and len(fresh[0]["registration_code"]) == 10
    again = api.post("/actions/register/sim_cards", json={"registration_codes": [fresh[0]["registration_code"]]}).json()
    assert again["data"][0]["iccid"] == physical["iccid"] and again["data"][0]["id"] != physical["id"]

    error = error_of(api.delete("/sim_cards/" + esim["id"], params={"report_lost": "true"}), 422)
    assert error["code"] == "10015" and error["source"] == {"parameter": "report_lost"}
    api.post("/sim_cards/%s/actions/disable" % esim["id"])
    wait_for(lambda: status_of(api, esim["id"]) == "disabled")
    assert api.delete("/sim_cards/" + esim["id"], params={"report_lost": "true"}).status_code == 200
    wait_for(lambda: api.get("/sim_cards/" + esim["id"]).status_code == 404)
    assert emu.registration_codes(iccid=esim["iccid"]) == []


def test_report_lost_is_refused_for_physical_sims(emu, api):
    sim_id = one_sim(emu, statuses=["disabled"])
    error = error_of(api.delete("/sim_cards/" + sim_id, params={"report_lost": "true"}), 422)
    assert "physical" in error["detail"]


def test_registration_rules(emu, api):
    codes = [c["registration_code"] for c in emu.seed(registration_codes=3)["registration_codes"]]
    answer = api.post("/actions/register/sim_cards", json={"registration_codes": [codes[0], codes[0], "12345"]})
    assert answer.status_code == 202
    body = answer.json()
    assert len(body["data"]) == 1 and [e["source"]["pointer"] for e in body["errors"]] == ["/registration_codes/1", "/registration_codes/2"]
    card = body["data"][0]
    default_group = api.get("/sim_card_groups").json()["data"][0]
    assert default_group["default"] is True and card["sim_card_group_id"] == default_group["id"]
    assert card["status"]["value"] == "registering" and card["actions_in_progress"] is True
    wait_for(lambda: status_of(api, card["id"]) == "enabled")
    none_valid = api.post("/actions/register/sim_cards", json={"registration_codes": [codes[0]]})
    assert none_valid.status_code == 202 and none_valid.json()["data"] == []
    error = error_of(api.post("/actions/register/sim_cards", json={"registration_codes": [codes[1]], "sim_card_group_id": str(uuid.uuid4())}), 422)
    assert error["source"]["pointer"] == "/sim_card_group_id"
    assert error_of(api.post("/actions/register/sim_cards", json={}), 422)["code"] == "10004"
    answer = api.post("/actions/register/sim_cards", json={"registration_codes": [codes[1], codes[2]], "status": "disabled"}).json()
    wait_for(lambda: all(status_of(api, c["id"]) == "disabled" for c in answer["data"]))


def test_esim_purchase_inventory_and_activation_code(emu, api):
    emu.config(esim_inventory=3)
    answer = api.post("/actions/purchase/esims", json={"amount": 5, "status": "enabled"}).json()
    assert len(answer["data"]) == 3 and answer["errors"][0]["code"] == "70001"
    esim_id = answer["data"][0]["id"]
    wait_for(lambda: status_of(api, esim_id) == "enabled")
    assert api.get("/sim_cards/%s/activation_code" % esim_id).status_code == 200
    emu.consume(esim_id, 1)  # a device downloaded the profile and used data
    assert "already installed" in error_of(api.get("/sim_cards/%s/activation_code" % esim_id), 422)["detail"]
    assert error_of(api.post("/actions/purchase/esims", json={"amount": 1, "whitelabel_name": "Bad!"}), 422)["source"]["pointer"] == \
        "/whitelabel_name"


def test_public_ip_lifecycle(emu, api):
    sim_id = one_sim(emu)
    emu.config(transition_seconds=HOLD)
    assert api.get("/sim_cards/%s/public_ip" % sim_id).status_code == 404
    action = api.post("/sim_cards/%s/actions/set_public_ip" % sim_id, params={"region_code": "dc2"}).json()["data"]
    assert (action["action_type"], action["settings"]) == ("set_public_ip", {"region_code": "dc2"})
    pending = api.get("/sim_cards/%s/public_ip" % sim_id).json()["data"]
    assert pending["ip"] is None and pending["region_code"] == "dc2" and pending["type"] == "ipv4"
    assert api.get("/sim_cards/" + sim_id).json()["data"]["actions_in_progress"] is True
    emu.advance(HOLD)
    address = api.get("/sim_cards/%s/public_ip" % sim_id).json()["data"]["ip"]
    assert address
    again = api.post("/sim_cards/%s/actions/set_public_ip" % sim_id, params={"region_code": "dc2"}).json()["data"]
    assert again["status"]["value"] == "completed"
    error = error_of(api.post("/sim_cards/%s/actions/set_public_ip" % sim_id, params={"region_code": "am1"}), 422)
    assert "already has a public IP" in error["detail"]
    assert api.get("/sim_cards/" + sim_id).json()["data"]["ipv4"]
    api.post("/sim_cards/%s/actions/disable" % sim_id)
    emu.advance(HOLD)
    card = api.get("/sim_cards/" + sim_id).json()["data"]
    assert card["status"]["value"] == "disabled"
    assert card["ipv4"] is None and card["ipv6"] is None  # the session address is released ...
    assert api.get("/sim_cards/%s/public_ip" % sim_id).json()["data"]["ip"] == address  # ... the purchased public IP is kept
    api.post("/sim_cards/%s/actions/remove_public_ip" % sim_id)
    assert api.get("/sim_cards/%s/public_ip" % sim_id).json()["data"]["ip"] == address  # until the removal completes
    emu.advance(HOLD)
    assert api.get("/sim_cards/%s/public_ip" % sim_id).status_code == 404
    noop = api.post("/sim_cards/%s/actions/remove_public_ip" % sim_id).json()["data"]
    assert noop["status"]["value"] == "completed"
    error = error_of(api.post("/sim_cards/%s/actions/set_public_ip" % sim_id, params={"region_code": "xx9"}), 422)
    assert error["source"]["parameter"] == "region_code" and error["source"]["pointer"] == "/region_code"


def test_bulk_public_ips_mixed_results(emu, api):
    ids = [s["id"] for s in emu.seed(sim_cards=3)["sim_cards"]]
    emu.force(ids[1], actions_in_progress=True)
    unknown = str(uuid.uuid4())
    bulk = api.post("/sim_cards/actions/bulk_set_public_ips", json={"sim_card_ids": [ids[0], ids[1], unknown]}).json()["data"]
    assert bulk["settings"] == {"sim_card_ids": [ids[0], ids[1], unknown]}
    actions = api.get("/sim_card_actions", params={"filter[bulk_sim_card_action_id]": bulk["id"]}).json()["data"]
    by_sim = {a["sim_card_id"]: a["status"] for a in actions}
    assert by_sim[ids[1]]["value"] == "failed" and by_sim[unknown]["value"] == "failed" and by_sim[ids[1]]["reason"]
    wait_for(lambda: api.get("/bulk_sim_card_actions/" + bulk["id"]).json()["data"]["sim_card_actions_summary"] ==
             [{"count": 1, "status": "completed"}, {"count": 2, "status": "failed"}])


def test_group_deletion_policies(emu, api):
    group_id = emu.seed(sim_cards=2, groups=["doomed"])["groups"][0]["id"]
    assert error_of(api.delete("/sim_card_groups/" + group_id), 422)["code"] == "70005"
    emu.config(group_delete_with_sims="move_to_default")
    assert api.delete("/sim_card_groups/" + group_id).status_code == 200
    default = api.get("/sim_card_groups").json()["data"][0]
    assert default["default"] and default["sim_card_count"] == 2


def test_default_group_survives_reset_with_a_stable_id(emu, api):
    before = api.get("/sim_card_groups").json()["data"]
    emu.reset()
    after = api.get("/sim_card_groups").json()["data"]
    assert len(after) == 1 and after[0]["id"] == before[0]["id"] and after[0]["default"] is True
