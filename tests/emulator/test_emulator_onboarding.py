# -*- coding: utf-8 -*-
# Copyright: telnyx.wireless contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What issue 14's modules lean on: eSIM purchase (charged at once, no idempotency, partial 202, 70001 and a
stock control), voice actions, failed SIM card actions, and the history lists (SIM card actions, bulk actions,
group actions, connectivity logs, OTA updates, mobile network operators) with their filters and paging."""

HOLD = 3600


def _ok(answer, status=200):
    assert answer.status_code == status, answer.text
    return answer.json()


def test_purchase_is_charged_at_once_partial_on_shortage_and_placed_in_the_group(emu, api):
    group = _ok(api.post("/sim_card_groups", json={"name": "esims"}))["data"]
    emu.config(esim_inventory=5, transition_seconds=HOLD)
    body = {"amount": 3, "sim_card_group_id": group["id"], "tags": ["onboard", "wave-1"], "status": "disabled"}
    first = _ok(api.post("/actions/purchase/esims", json=body), 202)
    assert first["errors"] == [] and len(first["data"]) == 3
    assert all((c["type"], c["status"]["value"], c["sim_card_group_id"], c["tags"]) == ("esim", "registering", group["id"], ["onboard", "wave-1"])
               for c in first["data"])
    # No idempotency: the same request buys again, and beyond the stock it is a partial 202 with a 70001 error.
    second = _ok(api.post("/actions/purchase/esims", json=body), 202)
    assert len(second["data"]) == 2 and [e["code"] for e in second["errors"]] == ["70001"]
    assert "2 of the 3" in second["errors"][0]["detail"]
    assert emu.config()["esim_inventory"] == 0
    empty = _ok(api.post("/actions/purchase/esims", json={"amount": 1}), 202)
    assert empty["data"] == [] and empty["errors"][0]["code"] == "70001"
    emu.advance(HOLD)
    bought = _ok(api.get("/sim_cards", params={"filter[sim_card_group_id]": group["id"], "filter[tags]": "onboard", "page[size]": 250}))
    assert bought["meta"]["total_results"] == 5 and {c["status"]["value"] for c in bought["data"]} == {"disabled"}
    codes = {_ok(api.get("/sim_cards/%s/activation_code" % c["id"]))["data"]["activation_code"] for c in bought["data"]}
    assert len(codes) == 5 and all(code.startswith("LPA:1$") for code in codes)
    emu.config(esim_inventory=None)  # unlimited
    assert len(_ok(api.post("/actions/purchase/esims", json={"amount": 20}), 202)["data"]) == 20


def test_voice_actions_with_and_without_a_connection(emu, api):
    emu.config(transition_seconds=HOLD)
    sim_id = emu.seed(sim_cards=1)["sim_cards"][0]["id"]
    assert _ok(api.get("/sim_cards/" + sim_id))["data"]["voice_enabled"] is False
    action = _ok(api.post("/sim_cards/%s/actions/enable_voice" % sim_id, json={"connection_id": "1293384261075731499"}), 202)["data"]
    expected = ("enable_voice", "in-progress", {"connection_id": "1293384261075731499"})
    assert (action["action_type"], action["status"]["value"], action["settings"]) == expected
    card = _ok(api.get("/sim_cards/" + sim_id))["data"]
    assert card["voice_enabled"] is False and card["actions_in_progress"] is True
    assert _ok(api.post("/sim_cards/%s/actions/disable_voice" % sim_id), 422)["errors"][0]["code"] == "10036"
    emu.advance(HOLD)
    assert _ok(api.get("/sim_cards/" + sim_id))["data"]["voice_enabled"] is True
    again = _ok(api.post("/sim_cards/%s/actions/enable_voice" % sim_id), 202)["data"]  # no body: no connection
    assert (again["status"]["value"], again["settings"]) == ("completed", {})
    _ok(api.post("/sim_cards/%s/actions/disable_voice" % sim_id), 202)
    emu.advance(HOLD)
    assert _ok(api.get("/sim_cards/" + sim_id))["data"]["voice_enabled"] is False
    assert _ok(api.post("/sim_cards/%s/actions/enable_voice" % sim_id, json={"connection_id": 12}), 422)["errors"][0]["source"] == {
        "pointer": "/connection_id"}


def test_failed_sim_card_actions_change_nothing_and_carry_their_reason(emu, api):
    emu.config(transition_seconds=HOLD)
    seeded = emu.seed(sim_cards=3, groups=["voice"])
    sims, group_id = [s["id"] for s in seeded["sim_cards"]], seeded["groups"][0]["id"]
    emu.fail_next("sim_card_action", type="disable", id=sims[0], reason="The network refused the change.")
    action = _ok(api.post("/sim_cards/%s/actions/disable" % sims[0]), 202)["data"]
    assert _ok(api.get("/sim_cards/" + sims[0]))["data"]["status"]["value"] == "disabling"
    emu.advance(HOLD)
    failed = _ok(api.get("/sim_card_actions/" + action["id"]))["data"]
    assert failed["status"] == {"value": "failed", "reason": "The network refused the change."}
    card = _ok(api.get("/sim_cards/" + sims[0]))["data"]
    assert (card["status"]["value"], card["actions_in_progress"]) == ("enabled", False)
    assert emu.sim(sims[0])["_emulator"]["intended_status"] == "enabled"
    # One SIM card of a bulk voice action fails; the others complete (GUIDES 6: per-SIM results may be mixed).
    emu.fail_next("sim_card_action", type="enable_voice", id=sims[1], reason="No mobile phone number available.")
    bulk = _ok(api.post("/sim_cards/actions/bulk_enable_voice", json={"sim_card_group_id": group_id, "connection_id": "42"}), 202)["data"]
    assert bulk["settings"] == {"sim_card_group_id": group_id, "connection_id": "42"}
    emu.advance(HOLD)
    summary = _ok(api.get("/bulk_sim_card_actions/" + bulk["id"]))["data"]["sim_card_actions_summary"]
    assert summary == [{"count": 2, "status": "completed"}, {"count": 1, "status": "failed"}]
    voice = {c["id"]: c["voice_enabled"] for c in _ok(api.get("/sim_cards"))["data"]}
    assert voice == {sims[0]: True, sims[1]: False, sims[2]: True}
    failed_voice = _ok(api.get("/sim_card_actions", params={"filter[status]": "failed", "filter[action_type]": "enable_voice"}))["data"]
    assert [(a["sim_card_id"], a["status"]["reason"]) for a in failed_voice] == [(sims[1], "No mobile phone number available.")]


def test_bulk_voice_acts_once_on_the_group_now_with_mixed_results(emu, api):
    # GUIDES 6 / 9.1.12: 202 with a bulk action; one SIM card action per SIM card of the group, in progress then
    # completed; one that cannot take it (busy: Telnyx takes one action at a time) fails with a reason and does not fail
    # the batch; the summary counts them. No lasting policy: a SIM card that joins the group later is not changed.
    emu.config(transition_seconds=HOLD)
    seeded = emu.seed(sim_cards=4, groups=["bulk-voice"])
    sims, group_id = [s["id"] for s in seeded["sim_cards"]], seeded["groups"][0]["id"]
    _ok(api.post("/sim_cards/%s/actions/enable_voice" % sims[3]), 202)
    emu.advance(HOLD)
    _ok(api.post("/sim_cards/%s/actions/disable" % sims[2]), 202)  # still in progress when the bulk action comes
    answer = api.post("/sim_cards/actions/bulk_enable_voice", json={"sim_card_group_id": group_id})
    bulk = _ok(answer, 202)["data"]
    assert (bulk["record_type"], bulk["action_type"], bulk["settings"]) == ("bulk_sim_card_action", "bulk_enable_voice", {"sim_card_group_id": group_id})
    assert "sim_card_actions_summary" not in bulk  # BulkSIMCardAction; the GET answers BulkSIMCardActionDetailed
    summary = _ok(api.get("/bulk_sim_card_actions/" + bulk["id"]))["data"]["sim_card_actions_summary"]
    assert summary == [{"count": 2, "status": "in-progress"}, {"count": 1, "status": "completed"}, {"count": 1, "status": "failed"}]
    items = _ok(api.get("/sim_card_actions", params={"filter[bulk_sim_card_action_id]": bulk["id"]}))["data"]
    by_sim = {a["sim_card_id"]: a for a in items}
    assert sorted(by_sim) == sorted(sims) and {a["action_type"] for a in items} == {"enable_voice"}
    assert [by_sim[s]["status"]["value"] for s in sims] == ["in-progress", "in-progress", "failed", "completed"]
    assert "action in progress" in by_sim[sims[2]]["status"]["reason"]
    assert [by_sim[s]["status"]["reason"] for s in (sims[0], sims[1], sims[3])] == [None, None, None]
    emu.advance(HOLD)
    summary = _ok(api.get("/bulk_sim_card_actions/" + bulk["id"]))["data"]["sim_card_actions_summary"]
    assert summary == [{"count": 3, "status": "completed"}, {"count": 1, "status": "failed"}]
    assert [_ok(api.get("/sim_cards/" + s))["data"]["voice_enabled"] for s in sims] == [True, True, False, True]
    later = emu.seed(sim_cards=1, groups=["bulk-voice"])["sim_cards"][0]
    assert later["sim_card_group_id"] == group_id and _ok(api.get("/sim_cards/" + later["id"]))["data"]["voice_enabled"] is False
    # An empty group: 202, no SIM card action, an empty summary.
    empty = _ok(api.post("/sim_card_groups", json={"name": "no-sims"}))["data"]
    bulk = _ok(api.post("/sim_cards/actions/bulk_disable_voice", json={"sim_card_group_id": empty["id"]}), 202)["data"]
    assert _ok(api.get("/bulk_sim_card_actions/" + bulk["id"]))["data"]["sim_card_actions_summary"] == []


def test_sim_card_actions_list_filters_newest_first_and_pages(emu, api):
    seeded = emu.seed(sim_cards=2)["sim_cards"]
    first, second = seeded[0]["id"], seeded[1]["id"]
    emu.config(transition_seconds=HOLD)
    created = []
    for sim_id, path in ((first, "disable"), (second, "set_standby")):
        created.append(_ok(api.post("/sim_cards/%s/actions/%s" % (sim_id, path)), 202)["data"]["id"])
    emu.advance(HOLD)
    for sim_id, path in ((first, "enable"), (second, "enable_voice")):
        created.append(_ok(api.post("/sim_cards/%s/actions/%s" % (sim_id, path)), 202)["data"]["id"])
    everything = _ok(api.get("/sim_card_actions"))
    assert [a["id"] for a in everything["data"]] == created[::-1]  # newest first
    page = _ok(api.get("/sim_card_actions", params={"page[size]": 3, "page[number]": 2}))
    assert [a["id"] for a in page["data"]] == [created[0]]
    assert page["meta"] == {"page_number": 2, "page_size": 3, "total_pages": 2, "total_results": 4}
    mine = _ok(api.get("/sim_card_actions", params={"filter[sim_card_id]": first}))["data"]
    assert [a["action_type"] for a in mine] == ["enable", "disable"]
    in_progress = _ok(api.get("/sim_card_actions", params={"filter[status]": "in-progress"}))["data"]
    assert [a["action_type"] for a in in_progress] == ["enable_voice", "enable"]
    combined = _ok(api.get("/sim_card_actions", params={"filter[sim_card_id]": second, "filter[status]": "completed",
                                                        "filter[action_type]": "set_standby"}))["data"]
    assert [a["id"] for a in combined] == [created[1]]
    bad = _ok(api.get("/sim_card_actions", params={"filter[action_type]": "reboot"}), 422)
    assert bad["errors"][0]["source"]["parameter"] == "filter[action_type]"


def test_bulk_and_group_action_lists_page_newest_first(emu, api):
    seeded = emu.seed(sim_cards=2, groups=["g"])
    group_id, sim_ids = seeded["groups"][0]["id"], [s["id"] for s in seeded["sim_cards"]]
    bulks = [_ok(api.post("/sim_cards/actions/bulk_set_public_ips", json={"sim_card_ids": sim_ids}), 202)["data"]["id"],
             _ok(api.post("/sim_cards/actions/bulk_enable_voice", json={"sim_card_group_id": group_id}), 202)["data"]["id"],
             _ok(api.post("/sim_cards/actions/bulk_disable_voice", json={"sim_card_group_id": group_id}), 202)["data"]["id"]]
    listed = _ok(api.get("/bulk_sim_card_actions", params={"page[size]": 2}))
    assert [b["id"] for b in listed["data"]] == bulks[:0:-1] and listed["meta"]["total_pages"] == 2
    assert all("sim_card_actions_summary" in b for b in listed["data"])
    voice_on = _ok(api.get("/bulk_sim_card_actions", params={"filter[action_type]": "bulk_enable_voice"}))["data"]
    assert [b["id"] for b in voice_on] == [bulks[1]]
    blocklist = _ok(api.post("/wireless_blocklists", json={"name": "b", "type": "mcc", "values": ["310"]}), 202)["data"]
    emu.config(group_action_seconds=0)
    for path, body in (("set_wireless_blocklist", {"wireless_blocklist_id": blocklist["id"]}), ("remove_wireless_blocklist", None)):
        _ok(api.post("/sim_card_groups/%s/actions/%s" % (group_id, path), json=body), 202)
        emu.advance(1)
    group_actions = _ok(api.get("/sim_card_group_actions", params={"filter[type]": "set_wireless_blocklist"}))["data"]
    assert [(a["type"], a["status"], a["settings"]) for a in group_actions] == [
        ("set_wireless_blocklist", "completed", {"wireless_blocklist_id": blocklist["id"]})]


def test_connectivity_logs_ota_updates_and_operators_page(emu, api):
    sim_id = emu.seed(sim_cards=1, ota_updates=1)["sim_cards"][0]["id"]
    for _index in range(4):
        emu.consume(sim_id, 1)
    logs = _ok(api.get("/sim_cards/%s/wireless_connectivity_logs" % sim_id, params={"page[size]": 2}))
    assert logs["meta"]["total_results"] == 5 and logs["meta"]["total_pages"] == 3
    assert [entry["log_type"] for entry in logs["data"]] == ["data", "data"]
    oldest = _ok(api.get("/sim_cards/%s/wireless_connectivity_logs" % sim_id, params={"page[size]": 2, "page[number]": 3}))["data"]
    assert [(entry["log_type"], entry["state"]) for entry in oldest] == [("registration", "Attached")]
    updates = _ok(api.get("/ota_updates", params={"filter[sim_card_id]": sim_id}))["data"]
    assert len(updates) == 1 and updates[0]["type"] == "sim_card_network_preferences"
    detail = _ok(api.get("/ota_updates/" + updates[0]["id"]))["data"]
    assert [p["priority"] for p in detail["settings"]["mobile_network_operators_preferences"]] == [0, 1]
    operators = _ok(api.get("/mobile_network_operators", params={"page[size]": 4}))
    assert operators["meta"]["total_results"] == 10 and operators["meta"]["total_pages"] == 3
    us = _ok(api.get("/mobile_network_operators", params={"filter[country_code]": "US"}))["data"]
    assert {o["mcc"] for o in us} == {"310", "311"}
