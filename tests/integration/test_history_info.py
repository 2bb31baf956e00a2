# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The history a change review reads, against the emulator: sim_card_action_info (SIM card,
bulk and group actions), sim_card_connectivity_log_info, sim_card_ota_update_info, mobile_network_operator_info.

Each checks the filters, paging past one page (250 items), the newest-first order and Telnyx's shapes (compared
with what the API itself answers), and that reading sends only GETs.
"""

from __future__ import annotations

import time

import pytest


def info(module, task_name, **args):
    return {"name": task_name, "telnyx.wireless.%s" % module: args}


def api_list(emu, path, **params):
    """Every item of an API list, as the API answers it (page by page)."""
    found, page = [], 1
    while True:
        body = emu.api("GET", path, params=dict(params, **{"page[size]": 250, "page[number]": page})).json()
        found += body["data"]
        if page >= body["meta"]["total_pages"]:
            return found
        page += 1


def pages_read(emu, path):
    return sorted(int(r["query"]["page[number]"][0]) for r in emu.requests() if r["path"] == "/v2" + path)


def act(emu, sim_id, action):
    response = emu.api("POST", "/sim_cards/%s/actions/%s" % (sim_id, action))
    assert response.status_code == 202, response.text
    return response.json()["data"]


def test_sim_card_actions_filters_paging_and_order(emu, run_tasks):
    seeded = emu.seed(sim_cards=260, groups=["fleet-a"])
    group = seeded["groups"][0]["id"]
    sims = seeded["sim_cards"]
    bulk = emu.api("POST", "/sim_cards/actions/bulk_enable_voice", json={"sim_card_group_id": group}).json()["data"]
    emu.advance(60)
    first = sims[0]
    emu.fail_next("sim_card_action", type="disable", id=first["id"], reason="The SIM card could not be reached.")
    act(emu, first["id"], "disable")
    emu.advance(60)
    act(emu, sims[1]["id"], "disable")
    emu.advance(60)
    emu.clear_requests()
    run = run_tasks([
        info("sim_card_action_info", "all"),
        info("sim_card_action_info", "newest 3", limit=3),
        info("sim_card_action_info", "of one SIM card", iccid=first["iccid"]),
        info("sim_card_action_info", "failed", status="failed"),
        info("sim_card_action_info", "disables", action_type="disable", sim_card_id=sims[1]["id"]),
        info("sim_card_action_info", "of the bulk action", bulk_action_id=bulk["id"], limit=251),
        info("sim_card_action_info", "one", id=bulk["id"], kind="bulk"),
        info("sim_card_action_info", "bulk voice", kind="bulk", action_type="bulk_enable_voice"),
    ], expect_rc=0)
    sent = emu.requests()
    everything = api_list(emu, "/sim_card_actions")
    assert len(everything) == 262
    assert run.task("all")["actions"] == everything  # Telnyx's shape and order, past one page
    stamps = [action["created_at"] for action in everything]
    assert stamps == sorted(stamps, reverse=True)
    assert run.task("newest 3")["actions"] == everything[:3]
    assert [(a["action_type"], a["status"]["value"]) for a in run.task("of one SIM card")["actions"]] == [
        ("disable", "failed"), ("enable_voice", "completed")]
    failed = run.task("failed")["actions"]
    assert [(a["sim_card_id"], a["status"]) for a in failed] == [(first["id"], {"value": "failed", "reason": "The SIM card could not be reached."})]
    assert [(a["sim_card_id"], a["action_type"]) for a in run.task("disables")["actions"]] == [(sims[1]["id"], "disable")]
    of_bulk = run.task("of the bulk action")["actions"]
    assert len(of_bulk) == 251 and {a["action_type"] for a in of_bulk} == {"enable_voice"}
    assert len({a["sim_card_id"] for a in of_bulk}) == 251 and of_bulk == [a for a in everything if a["action_type"] == "enable_voice"][:251]
    assert run.task("one")["actions"][0]["id"] == bulk["id"]
    bulks = run.task("bulk voice")["actions"]
    assert [b["id"] for b in bulks] == [bulk["id"]]
    assert bulks[0]["sim_card_actions_summary"] == [{"count": 260, "status": "completed"}]
    # Paging: every page of the full list, and with a limit only the pages needed (251 of 260 needs two, 3 needs one).
    reads = [(r["query"].get("filter[bulk_sim_card_action_id]"), r["query"]["page[number]"][0]) for r in sent
             if r["path"] == "/v2/sim_card_actions" and "filter[status]" not in r["query"] and "filter[sim_card_id]" not in r["query"]]
    assert reads == [(None, "1"), (None, "2"), (None, "1"), ([bulk["id"]], "1"), ([bulk["id"]], "2")]
    assert {r["method"] for r in sent} == {"GET"}


def test_group_actions(emu, run_tasks):
    seeded = emu.seed(groups=["fleet-a", "fleet-b"])
    group_a, group_b = (group["id"] for group in seeded["groups"])
    blocklist = emu.api("POST", "/wireless_blocklists", json={"name": "no-zz", "type": "country", "values": ["US"]}).json()["data"]
    for group in (group_a, group_b):
        response = emu.api("POST", "/sim_card_groups/%s/actions/set_wireless_blocklist" % group, json={"wireless_blocklist_id": blocklist["id"]})
        assert response.status_code == 202, response.text
    emu.advance(60)
    emu.clear_requests()
    run = run_tasks([info("sim_card_action_info", "of fleet-a", kind="group", sim_card_group="fleet-a"),
                     info("sim_card_action_info", "all", kind="group", status="completed", action_type="set_wireless_blocklist")], expect_rc=0)
    of_a = run.task("of fleet-a")["actions"]
    assert of_a == api_list(emu, "/sim_card_group_actions", **{"filter[sim_card_group_id]": group_a})
    assert [(a["sim_card_group_id"], a["type"], a["status"]) for a in of_a] == [(group_a, "set_wireless_blocklist", "completed")]
    assert [a["sim_card_group_id"] for a in run.task("all")["actions"]] == [group_b, group_a]


@pytest.mark.ansible_core
def test_filters_that_do_not_apply_fail_before_any_request(emu, run_playbook):
    emu.clear_requests()
    run = run_playbook([dict(info("sim_card_action_info", "bulk status", kind="bulk", status="failed"), ignore_errors=True),
                        dict(info("sim_card_action_info", "wrong type", action_type="bulk_enable_voice"), ignore_errors=True),
                        info("sim_card_connectivity_log_info", "bad last", id="6b14e151-8493-4fa1-8664-1cc4e6d14158", last=0)], expect_rc=2)
    assert run.task("bulk status")["msg"] == "status does not apply with kind=bulk (it filters on: action_type)."
    assert run.task("wrong type")["msg"].startswith("action_type with kind=sim_card must be one of enable, ")
    assert run.task("bad last")["msg"] == "last must be at least 1, got 0."
    assert emu.requests() == []


def test_connectivity_logs_newest_n(emu, run_tasks):
    sim = emu.seed(sim_cards=2)["sim_cards"][0]
    for dummy in range(270):
        emu.consume(sim["id"], 1)
    emu.clear_requests()
    run = run_tasks([info("sim_card_connectivity_log_info", "last 5", iccid=sim["iccid"], last=5),
                     info("sim_card_connectivity_log_info", "last 260", id=sim["id"], last=260),
                     info("sim_card_connectivity_log_info", "default", id=sim["id"])], expect_rc=0)
    everything = api_list(emu, "/sim_cards/%s/wireless_connectivity_logs" % sim["id"])
    assert len(everything) > 270
    assert run.task("last 5")["logs"] == everything[:5] and run.task("last 5")["sim_card_id"] == sim["id"]
    assert run.task("last 260")["logs"] == everything[:260]
    assert run.task("default")["logs"] == everything[:50]
    assert {log["log_type"] for log in everything} == {"registration", "data"}
    assert everything[-1]["state"] in ("Provisioned", "Attached")
    # Pages read: 1 for last 5, 2 for last 260, 1 for the default 50 (and the one listing of pages by the test itself).
    assert pages_read(emu, "/sim_cards/%s/wireless_connectivity_logs" % sim["id"]).count(2) == 2


def test_ota_updates(emu, run_tasks):
    sims = emu.seed(sim_cards=260, ota_updates=255)["sim_cards"]
    # the seeded updates complete one transition after the seed: compare the module's answer with a list read after
    # they have (a list read later than a run during the transition would differ in status, not in what the module did)
    deadline = time.monotonic() + 60  # under a loaded CI machine the emulator's scheduled completions come late
    while not all(update["status"] == "completed" for update in api_list(emu, "/ota_updates")):
        assert time.monotonic() < deadline, "the seeded OTA updates did not complete"
        time.sleep(0.1)
    emu.clear_requests()
    run = run_tasks([info("sim_card_ota_update_info", "all"),
                     info("sim_card_ota_update_info", "of one SIM card", iccid=sims[3]["iccid"]),
                     info("sim_card_ota_update_info", "newest 2", limit=2, type="sim_card_network_preferences")], expect_rc=0)
    everything = api_list(emu, "/ota_updates")
    assert len(everything) == 255 and run.task("all")["ota_updates"] == everything
    one = run.task("of one SIM card")["ota_updates"]
    assert [update["sim_card_id"] for update in one] == [sims[3]["id"]]
    assert run.task("newest 2")["ota_updates"] == everything[:2]
    run = run_tasks([info("sim_card_ota_update_info", "by id", update_id=one[0]["id"])], expect_rc=0)
    detail = run.task("by id")["ota_updates"][0]
    assert detail == emu.api("GET", "/ota_updates/%s" % one[0]["id"]).json()["data"]
    assert "mobile_network_operators_preferences" in detail["settings"]


def test_mobile_network_operators(emu, run_tasks):
    run = run_tasks([info("mobile_network_operator_info", "all"),
                     info("mobile_network_operator_info", "filtered", name="mobile", network_preferences_enabled=True)], expect_rc=0)
    everything = api_list(emu, "/mobile_network_operators")
    assert run.task("all")["mobile_network_operators"] == everything and len(everything) == 10
    expected = [mno for mno in everything if "mobile" in mno["name"].lower() and mno["network_preferences_enabled"]]
    assert expected and run.task("filtered")["mobile_network_operators"] == expected
    by_mcc = everything[0]
    run = run_tasks([info("mobile_network_operator_info", "by code", mcc=by_mcc["mcc"], mnc=by_mcc["mnc"])], expect_rc=0)
    assert run.task("by code")["mobile_network_operators"] == [by_mcc]


@pytest.mark.parametrize("order", ["newest_first", "oldest_first"])
def test_the_newest_whatever_order_the_api_lists_in(emu, run_tasks, order):
    """Telnyx documents no order for its history lists (tests/emulator/history.py): `limit: 1` / `last: 1` return the
    newest OTA update, action and connectivity log entry whether the API lists them newest or oldest first."""
    sims, logged = [], emu.seed(sim_cards=1)["sim_cards"][0]
    for dummy in range(3):  # three OTA updates, three actions, three connectivity log entries, a few milliseconds apart
        sim = emu.seed(sim_cards=1, ota_updates=1)["sim_cards"][0]
        act(emu, sim["id"], "disable")
        emu.consume(logged["id"], 1)
        sims.append(sim)
        time.sleep(0.02)
    emu.config(history_order=order)
    emu.clear_requests()
    run = run_tasks([info("sim_card_ota_update_info", "newest update", limit=1),
                     info("sim_card_action_info", "newest action", limit=1),
                     info("sim_card_connectivity_log_info", "newest log", id=logged["id"], last=1)], expect_rc=0)
    updates, actions = api_list(emu, "/ota_updates"), api_list(emu, "/sim_card_actions")
    logs = api_list(emu, "/sim_cards/%s/wireless_connectivity_logs" % logged["id"])
    assert [update["sim_card_id"] for update in updates] == [sim["id"] for sim in (sims if order == "oldest_first" else sims[::-1])]
    # which one is the newest (by id): its status may have moved on between the module's read and this list's, as the
    # seeded update and the disable actions complete one transition after they were made
    assert [update["id"] for update in run.task("newest update")["ota_updates"]] == [max(updates, key=lambda update: update["created_at"])["id"]]
    assert run.task("newest update")["ota_updates"][0]["sim_card_id"] == sims[-1]["id"]
    assert [action["id"] for action in run.task("newest action")["actions"]] == [max(actions, key=lambda action: action["created_at"])["id"]]
    assert run.task("newest action")["actions"][0]["sim_card_id"] == sims[-1]["id"]
    assert run.task("newest log")["logs"] == [max(logs, key=lambda log: log["start_time"])]
    # One page each: the first page tells the order (newest first: the rest is not needed; oldest first: there is no rest).
    assert all(len(pages_read(emu, path)) == 2 for path in ("/ota_updates", "/sim_card_actions"))
