# -*- coding: utf-8 -*-
# Copyright: telnyx.wireless contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""SIM card groups, private wireless gateways and wireless blocklists as issue 12's modules will meet them:
provisioning over time, group actions in progress then completed or failed, what cannot be deleted, and the
checks relaxed to what the spec allows. Every response is validated against the spec (``api`` fixture)."""

import uuid

HOLD = 3600  # a duration that never elapses by itself; emu.advance(HOLD) completes what is pending


def _group(api, name):
    answer = api.post("/sim_card_groups", json={"name": name})
    assert answer.status_code == 200, answer.text
    return answer.json()["data"]


def _gateway(api, name, **extra):
    answer = api.post("/private_wireless_gateways", json=dict({"name": name, "network_id": str(uuid.uuid4())}, **extra))
    assert answer.status_code == 202, answer.text
    return answer.json()["data"]


def _blocklist(api, name, values=("US", "CA")):
    answer = api.post("/wireless_blocklists", json={"name": name, "type": "country", "values": list(values)})
    assert answer.status_code == 202, answer.text
    return answer.json()["data"]


def _error(answer, status, code):
    assert answer.status_code == status, answer.text
    first = answer.json()["errors"][0]
    assert first["code"] == code, answer.text
    return first


def _provisioned_gateway(emu, api, name):
    gateway = _gateway(api, name)
    emu.advance(HOLD)
    assert api.get("/private_wireless_gateways/" + gateway["id"]).json()["data"]["status"]["value"] == "provisioned"
    return gateway


# ---------------------------------------------------------------------------------------------- gateways

def test_gateway_provisions_over_its_own_configurable_time_and_keeps_address_mode(emu, api):
    emu.config(pwg_provisioning_seconds=HOLD, transition_seconds=0.2)
    static = _gateway(api, "static-gw", address_mode="static", region_code="ashburn-va")
    assert (static["status"]["value"], static["address_mode"], static["region_code"]) == ("provisioning", "static", "ashburn-va")
    assert static["status"]["error_code"] is None and static["ip_range"].endswith("/24")
    dynamic = _gateway(api, "dynamic-gw")
    assert dynamic["address_mode"] == "dynamic"
    emu.advance(HOLD / 2)
    assert api.get("/private_wireless_gateways/" + static["id"]).json()["data"]["status"]["value"] == "provisioning"
    emu.advance(HOLD / 2)
    listed = api.get("/private_wireless_gateways", params={"filter[name]": "static-gw"}).json()["data"]
    assert [(g["id"], g["status"]["value"], g["address_mode"]) for g in listed] == [(static["id"], "provisioned", "static")]
    bad = api.post("/private_wireless_gateways", json={"name": "x", "network_id": str(uuid.uuid4()), "address_mode": "sticky"})
    assert _error(bad, 422, "10015")["source"]["pointer"] == "/address_mode"
    assert emu.config(pwg_provisioning_seconds=None)["pwg_provisioning_seconds"] is None


def test_gateway_provisioning_failure_is_reported_and_the_gateway_cannot_be_assigned(emu, api):
    emu.config(pwg_provisioning_seconds=HOLD)
    emu.fail_next("private_wireless_gateway", id="doomed", reason="No capacity left in ashburn-va.", code="70009")
    other = _gateway(api, "fine")
    doomed = _gateway(api, "doomed")
    assert doomed["status"]["value"] == "provisioning" and emu.failures() == []
    emu.advance(HOLD)
    status = api.get("/private_wireless_gateways/" + doomed["id"]).json()["data"]["status"]
    assert status == {"value": "failed", "error_code": "70009", "error_description": "No capacity left in ashburn-va."}
    assert api.get("/private_wireless_gateways/" + other["id"]).json()["data"]["status"]["value"] == "provisioned"
    group = _group(api, "g")
    refused = api.post("/sim_card_groups/%s/actions/set_private_wireless_gateway" % group["id"],
                       json={"private_wireless_gateway_id": doomed["id"]})
    assert "failed" in _error(refused, 422, "10015")["detail"]
    assert api.delete("/private_wireless_gateways/" + doomed["id"]).status_code == 200


# ---------------------------------------------------------------------------------------------- group actions

def test_group_actions_are_in_progress_then_completed(emu, api):
    emu.config(group_action_seconds=HOLD)
    group = _group(api, "meters")
    gateway = _provisioned_gateway(emu, api, "gw")
    blocklist = _blocklist(api, "no-na")
    path = "/sim_card_groups/%s/actions/" % group["id"]
    action = api.post(path + "set_private_wireless_gateway", json={"private_wireless_gateway_id": gateway["id"]}).json()["data"]
    assert (action["type"], action["status"], action["settings"]) == (
        "set_private_wireless_gateway", "in-progress", {"private_wireless_gateway_id": gateway["id"]})
    assert api.get("/sim_card_groups/" + group["id"]).json()["data"]["private_wireless_gateway_id"] is None
    # One group action at a time: the second is refused until the first completes.
    _error(api.post(path + "set_wireless_blocklist", json={"wireless_blocklist_id": blocklist["id"]}), 422, "10036")
    in_progress = api.get("/sim_card_group_actions", params={"filter[status]": "in-progress"}).json()["data"]
    assert [a["id"] for a in in_progress] == [action["id"]]
    emu.advance(HOLD)
    assert api.get("/sim_card_group_actions/" + action["id"]).json()["data"]["status"] == "completed"
    assert api.get("/sim_card_groups/" + group["id"]).json()["data"]["private_wireless_gateway_id"] == gateway["id"]
    # Setting what is already set completes at once and sends nothing further.
    again = api.post(path + "set_private_wireless_gateway", json={"private_wireless_gateway_id": gateway["id"]}).json()["data"]
    assert again["status"] == "completed"
    api.post(path + "set_wireless_blocklist", json={"wireless_blocklist_id": blocklist["id"]})
    emu.advance(HOLD)
    group_now = api.get("/sim_card_groups/" + group["id"]).json()["data"]
    assert (group_now["private_wireless_gateway_id"], group_now["wireless_blocklist_id"]) == (gateway["id"], blocklist["id"])
    removal = api.post(path + "remove_wireless_blocklist").json()["data"]
    assert (removal["status"], removal["settings"]) == ("in-progress", {"wireless_blocklist_id": blocklist["id"]})
    emu.advance(HOLD)
    assert api.get("/sim_card_groups/" + group["id"]).json()["data"]["wireless_blocklist_id"] is None
    _error(api.post(path + "remove_wireless_blocklist"), 422, "10015")  # nothing to remove
    listed = api.get("/sim_card_group_actions", params={"filter[sim_card_group_id]": group["id"], "page[size]": 2})
    assert listed.json()["meta"]["total_results"] == 4 and listed.json()["meta"]["total_pages"] == 2
    assert [a["type"] for a in listed.json()["data"]] == ["remove_wireless_blocklist", "set_wireless_blocklist"]


def test_group_action_failure_changes_nothing_and_is_injected_once(emu, api):
    emu.config(group_action_seconds=HOLD)
    group, other = _group(api, "trackers"), _group(api, "other")
    blocklist = _blocklist(api, "bl")
    emu.fail_next("sim_card_group_action", type="set_wireless_blocklist", id=group["id"], reason="Blocklist sync failed.")
    # A rule for one group leaves the others alone.
    fine = api.post("/sim_card_groups/%s/actions/set_wireless_blocklist" % other["id"], json={"wireless_blocklist_id": blocklist["id"]})
    failing = api.post("/sim_card_groups/%s/actions/set_wireless_blocklist" % group["id"], json={"wireless_blocklist_id": blocklist["id"]})
    assert failing.json()["data"]["status"] == "in-progress" and emu.failures() == []
    emu.advance(HOLD)
    assert api.get("/sim_card_group_actions/" + failing.json()["data"]["id"]).json()["data"]["status"] == "failed"
    assert api.get("/sim_card_group_actions/" + fine.json()["data"]["id"]).json()["data"]["status"] == "completed"
    assert api.get("/sim_card_groups/" + group["id"]).json()["data"]["wireless_blocklist_id"] is None
    failed = api.get("/sim_card_group_actions", params={"filter[status]": "failed"}).json()["data"]
    assert [a["id"] for a in failed] == [failing.json()["data"]["id"]]
    retry = api.post("/sim_card_groups/%s/actions/set_wireless_blocklist" % group["id"], json={"wireless_blocklist_id": blocklist["id"]})
    emu.advance(HOLD)
    assert api.get("/sim_card_group_actions/" + retry.json()["data"]["id"]).json()["data"]["status"] == "completed"
    assert api.get("/sim_card_groups/" + group["id"]).json()["data"]["wireless_blocklist_id"] == blocklist["id"]


def test_failure_rules_are_validated_counted_and_cleared(emu):
    rules = emu.fail_next("sim_card_group_action", type="remove_wireless_blocklist", count=2)
    assert rules == [{"kind": "sim_card_group_action", "type": "remove_wireless_blocklist", "id": None, "code": None,
                      "reason": "The operation failed (injected by the emulator).", "remaining": 2}]
    for bad in ({"kind": "moon"}, {"kind": "sim_card_action", "type": "set_wireless_blocklist"}, {"kind": "sim_card_action", "count": 0},
                {"kind": "sim_card_action", "colour": "red"}):
        answer = emu._control.post(emu.base + "/_emulator/failures", json=bad, timeout=10)  # pylint: disable=protected-access
        assert answer.status_code == 400, bad
    emu.clear_failures()
    assert emu.failures() == []
    emu.fail_next("sim_card_action")
    emu.reset()
    assert emu.failures() == []


# ---------------------------------------------------------------------------------------------- deletion rules

def test_default_group_is_never_deleted(emu, api):
    default = api.get("/sim_card_groups", params={"filter[name]": "Default"}).json()["data"][0]
    assert default["default"] is True
    for mode in ("reject", "move_to_default"):
        emu.config(group_delete_with_sims=mode)
        assert "default" in _error(api.delete("/sim_card_groups/" + default["id"]), 422, "70006")["detail"]
    assert api.get("/sim_card_groups/" + default["id"]).status_code == 200


def test_group_with_sim_cards_is_refused_or_emptied_as_configured(emu, api):
    seeded = emu.seed(sim_cards=3, groups=["full"])
    group_id = seeded["groups"][0]["id"]
    assert emu.config()["group_delete_with_sims"] == "reject"  # the default: GUIDES 8.2 (70005)
    assert "3 SIM cards" in _error(api.delete("/sim_card_groups/" + group_id), 422, "70005")["detail"]
    emu.config(group_delete_with_sims="move_to_default")  # GUIDES 2: the SIM cards go back to the default group
    deleted = api.delete("/sim_card_groups/" + group_id)
    assert deleted.status_code == 200 and deleted.json()["data"]["id"] == group_id
    default_id = api.get("/sim_card_groups", params={"filter[name]": "Default"}).json()["data"][0]["id"]
    cards = api.get("/sim_cards", params={"filter[sim_card_group_id]": default_id}).json()
    assert sorted(c["id"] for c in cards["data"]) == sorted(s["id"] for s in seeded["sim_cards"])
    assert api.get("/sim_card_groups/" + group_id).status_code == 404


def test_gateway_and_blocklist_in_use_are_refused_on_delete_naming_the_groups(emu, api):
    emu.config(group_action_seconds=HOLD)
    gateway = _provisioned_gateway(emu, api, "gw")
    blocklist = _blocklist(api, "bl")
    group = _group(api, "meters")
    path = "/sim_card_groups/%s/actions/" % group["id"]
    api.post(path + "set_private_wireless_gateway", json={"private_wireless_gateway_id": gateway["id"]})
    # Being assigned counts as in use already.
    assert "meters" in _error(api.delete("/private_wireless_gateways/" + gateway["id"]), 422, "10021")["detail"]
    emu.advance(HOLD)
    assert "meters" in _error(api.delete("/private_wireless_gateways/" + gateway["id"]), 422, "10021")["detail"]
    api.post(path + "set_wireless_blocklist", json={"wireless_blocklist_id": blocklist["id"]})
    emu.advance(HOLD)
    assert "meters" in _error(api.delete("/wireless_blocklists/" + blocklist["id"]), 422, "10021")["detail"]
    api.post(path + "remove_private_wireless_gateway")
    emu.advance(HOLD)
    api.post(path + "remove_wireless_blocklist")
    emu.advance(HOLD)
    emu.config(pwg_provisioning_seconds=HOLD)
    removed = api.delete("/private_wireless_gateways/" + gateway["id"]).json()["data"]
    assert removed["status"]["value"] == "decommissioning"
    emu.advance(HOLD)
    assert api.get("/private_wireless_gateways/" + gateway["id"]).status_code == 404
    assert api.delete("/wireless_blocklists/" + blocklist["id"]).status_code == 200


# ---------------------------------------------------------------------------------------------- blocklist values

def test_blocklist_values_serve_the_spec_and_the_sdk_shapes(api):
    for bl_type, key, sample in (("country", "country_code", "US"), ("mcc", "mcc", "310"), ("plmn", "plmn", "310410")):
        data = api.get("/wireless_blocklist_values", params={"type": bl_type}).json()["data"]
        assert data and all(item["code"] == item[key] and item["name"] for item in data)
        assert sample in {item["code"] for item in data}
    assert _error(api.get("/wireless_blocklist_values"), 422, "10004")["source"]["parameter"] == "type"
    # A blocklist takes only values that list offers, checked for the blocklist's type.
    unknown = api.post("/wireless_blocklists", json={"name": "x", "type": "country", "values": ["US", "ZZ", "usa"]})
    assert [(e["code"], e["source"]["pointer"]) for e in unknown.json()["errors"]] == [("10015", "/values/1"), ("10015", "/values/2")]
    assert unknown.status_code == 422 and "ZZ" in unknown.json()["errors"][0]["detail"]
    blocklist = _blocklist(api, "ok", values=["US"])
    patched = api.patch("/wireless_blocklists/" + blocklist["id"], json={"values": ["310"]})
    assert _error(patched, 422, "10015")["source"]["pointer"] == "/values/0"  # an MCC is no country
    assert _error(api.get("/wireless_blocklist_values", params={"type": "imsi"}), 422, "10015")["source"]["parameter"] == "type"


# ---------------------------------------------------------------------------------------------- relaxed checks

def test_validate_registration_codes_accepts_no_codes(api):
    for body in ({"registration_codes": []}, {}, {"registration_codes": None}):
        answer = api.post("/sim_cards/actions/validate_registration_codes", json=body)
        assert (answer.status_code, answer.json()) == (200, {"data": []}), body
    _error(api.post("/sim_cards/actions/validate_registration_codes", json={"registration_codes": "1234567890"}), 422, "10015")


def test_wdr_report_times_are_optional_and_may_be_equal(api):
    equal = api.post("/wireless/detail_records_reports", json={"start_time": "2026-01-01T00:00:00Z", "end_time": "2026-01-01T00:00:00Z"})
    assert equal.status_code == 201 and equal.json()["data"]["start_time"] == equal.json()["data"]["end_time"]
    default = api.post("/wireless/detail_records_reports", json={})
    assert default.status_code == 201
    data = default.json()["data"]
    assert data["start_time"][8:19] == "01T00:00:00" and data["start_time"] <= data["end_time"]
    only_start = api.post("/wireless/detail_records_reports", json={"start_time": "2026-01-01T00:00:00Z"}).json()["data"]
    assert only_start["start_time"] == "2026-01-01T00:00:00Z" and only_start["end_time"] > only_start["start_time"]
    later = api.post("/wireless/detail_records_reports", json={"start_time": "2026-02-01T00:00:00Z", "end_time": "2026-01-01T00:00:00Z"})
    assert _error(later, 422, "10015")["source"]["pointer"] == "/start_time"
    assert _error(api.post("/wireless/detail_records_reports", json={"end_time": "yesterday"}), 422, "10015")["source"]["pointer"] == "/end_time"


def test_notification_threshold_still_needs_amount_and_unit(emu, api):
    """Kept on purpose (README "Choices"): GUIDES 5 defines a threshold as an amount and a unit, the response
    schema types threshold.amount as a non-null string, and no default is documented."""
    sim_id = emu.seed(sim_cards=1)["sim_cards"][0]["id"]
    answer = api.post("/sim_card_data_usage_notifications", json={"sim_card_id": sim_id, "threshold": {}})
    assert {(e["code"], e["source"]["pointer"]) for e in answer.json()["errors"]} == {("10004", "/threshold/amount"), ("10004", "/threshold/unit")}
    assert answer.status_code == 422
