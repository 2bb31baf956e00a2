# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""telnyx.wireless.sim_card_fleet: public IPs, data usage notifications and voice of many SIM cards in one task.

What a user checks: each SIM card's public IP, notifications and voice before and after (read from the emulator),
check mode predicting the real run with 0 writes, the rerun writing nothing, and the requests sent (the emulator's
request log): public IPs in Telnyx's default region set by one bulk_set_public_ips request, every other action once.
"""

from __future__ import annotations

import collections

import pytest
from test_sim_card_fleet import FLEET_TASK, actions_per_sim, all_sims, api_requests, comparable, fleet_task, writes

MB500 = {"amount": 500, "unit": "MB"}
GB1 = {"amount": 1, "unit": "GB"}
GB2 = {"amount": 2, "unit": "GB"}
CONNECTION = "1293384261075731499"


def turn_voice_on(emu, sim_id):
    assert emu.api("POST", "/sim_cards/%s/actions/enable_voice" % sim_id).status_code == 202
    emu.advance(60)
    assert emu.sim(sim_id)["voice_enabled"] is True


def add_notification(emu, sim_id, threshold):
    body = {"sim_card_id": sim_id, "threshold": {"amount": str(threshold["amount"]), "unit": threshold["unit"]}}
    assert emu.api("POST", "/sim_card_data_usage_notifications", json=body).status_code in (200, 201)


def public_ip(emu, sim_id):
    answer = emu.api("GET", "/sim_cards/%s/public_ip" % sim_id)
    return answer.json().get("data") if answer.status_code == 200 else None


def thresholds(emu, sim_id):
    answer = emu.api("GET", "/sim_card_data_usage_notifications", params={"filter[sim_card_id]": sim_id, "page[size]": 250}).json()
    return sorted("%g %s" % (float(n["threshold"]["amount"]), n["threshold"]["unit"]) for n in answer["data"])


def posts(emu, suffix):
    return [r for r in writes(emu) if r["method"] == "POST" and r["path"].endswith(suffix)]


def same_as_predicted(result):
    """A per-SIM result as check mode can know it: a public IP set without a region is predicted in Telnyx's default
    region (dc2 on the emulator), and the notifications' ids and the public IP's address are not known yet."""
    picked = comparable(result)
    if picked["after"].get("public_ip") == "default region":
        picked["after"]["public_ip"] = "dc2"
    return picked


@pytest.mark.ansible_core
def test_public_ips_notifications_and_voice_of_a_fleet_in_one_task(emu, run_playbook):
    seeded = emu.seed(sim_cards=30, groups=["meters"], registration_codes=3)
    sims = seeded["sim_cards"]
    codes = seeded["registration_codes"]
    for number, sim in enumerate(sims[0:5]):
        emu.force(sim["id"], public_ip={"ip": "198.18.9.%d" % (number + 1), "region_code": "dc2"})
    for number, sim in enumerate(sims[5:7]):
        emu.force(sim["id"], public_ip={"ip": "198.18.10.%d" % (number + 1), "region_code": "ch1"})
    for sim in sims[8:10]:
        add_notification(emu, sim["id"], MB500)
        add_notification(emu, sim["id"], GB2)
    turn_voice_on(emu, sims[10]["id"])

    fleet = []
    fleet += [{"iccid": sim["iccid"], "public_ip": {}} for sim in sims[0:3]]                              # have one: no change
    fleet += [{"iccid": sim["iccid"], "public_ip": {"state": "absent"}} for sim in sims[3:5]]             # released
    fleet += [{"iccid": sim["iccid"], "public_ip": {"region_code": "dc2", "allow_address_change": True}} for sim in sims[5:7]]  # moved
    fleet.append({"iccid": sims[8]["iccid"], "notifications": [MB500, GB1], "notifications_exclusive": True})  # +1 GB, -2 GB
    fleet.append({"iccid": sims[9]["iccid"], "notifications": [MB500]})                                   # has it: no change
    fleet.append({"iccid": sims[10]["iccid"], "voice": False})                                            # voice off
    for number, sim in enumerate(sims[11:23]):                                                           # 12 in bulk
        entry = {"iccid": sim["iccid"], "public_ip": {}}
        if number < 4:
            entry["notifications"] = [{"amount": 100, "unit": "MB"}]
        elif number < 8:
            entry.update(voice=True, voice_connection_id=CONNECTION)
        fleet.append(entry)
    fleet += [{"iccid": sim["iccid"], "tags": ["plain"]} for sim in sims[23:30]]                         # nothing else named
    fleet += [{"iccid": code["iccid"], "registration_code": code["registration_code"], "state": "present", "sim_card_group": "meters",
               "public_ip": {}, "notifications": [GB1], "voice": True} for code in codes]
    task = fleet_task(sim_cards=fleet)

    emu.clear_requests()
    check = run_playbook([task], check=True, diff=True, expect_rc=0)
    predicted = check.task(FLEET_TASK)
    assert writes(emu) == [], "check mode wrote"
    summary = predicted["summary"]
    # the 3 SIM cards registered with a public IP, a notification and voice count as changing them: the approver sees them
    assert (summary["public_ip"], summary["notifications"], summary["voice_enabled"], summary["registered"]) == (2 + 2 + 12 + 3, 1 + 4 + 3, 1 + 4 + 3, 3)
    assert (summary["tags"], summary["sim_card_group_id"], summary["authorized_imeis"], summary["data_limit"]) == (7, 3, 0, 0)
    assert summary["changed"] == 2 + 2 + 1 + 1 + 12 + 7 + 3 and summary["failed"] == 0
    assert "public IP 19, notifications 8, voice 8" in check.stdout
    for code in codes:  # a registered SIM card's line names what its entry declares, no empty tags, data limit or IMEIs
        assert "%s: register as enabled in group meters, public IP default region, notifications [1 GB], voice on\n" % code["iccid"] in check.stdout
    assert "public IP dc2 -> none" in check.stdout and "public IP ch1 -> dc2" in check.stdout and "voice on -> off" in check.stdout

    emu.clear_requests()
    real = run_playbook([task], diff=True, expect_rc=0)
    done = real.task(FLEET_TASK)
    assert [same_as_predicted(r) for r in done["sim_cards"]] == [same_as_predicted(r) for r in predicted["sim_cards"]]
    assert done["summary"] == summary

    after = all_sims(emu)
    for sim in sims[0:3]:
        assert public_ip(emu, sim["id"])["ip"] == emu_force_ip(sims, sim)
    for sim in sims[3:5]:
        assert public_ip(emu, sim["id"]) is None
    for sim in sims[5:7] + sims[11:23]:
        found = public_ip(emu, sim["id"])
        assert found["region_code"] == "dc2" and found["ip"] and not found["ip"].startswith("198.18.10."), sim["iccid"]
    for code in codes:
        sim = after[code["iccid"]]
        assert sim["status"]["value"] == "enabled" and sim["voice_enabled"] is True
        assert public_ip(emu, sim["id"])["ip"] and thresholds(emu, sim["id"]) == ["1 GB"]
    assert thresholds(emu, sims[8]["id"]) == ["1 GB", "500 MB"]
    assert thresholds(emu, sims[9]["id"]) == ["2 GB", "500 MB"]
    assert [thresholds(emu, sim["id"]) for sim in sims[11:15]] == [["100 MB"]] * 4
    assert after[sims[10]["iccid"]]["voice_enabled"] is False
    assert [after[sim["iccid"]]["voice_enabled"] for sim in sims[15:19]] == [True] * 4
    assert [after[sim["iccid"]]["tags"] for sim in sims[23:30]] == [["plain"]] * 7
    # what an entry does not name stays as it was: entries naming only tags got no public IP, notification or voice;
    # entries naming only a public IP kept their notifications, voice, status and tags
    for sim in sims[23:30]:
        assert public_ip(emu, sim["id"]) is None and thresholds(emu, sim["id"]) == [] and after[sim["iccid"]]["voice_enabled"] is False
    for sim in sims[0:7] + sims[19:23]:
        assert thresholds(emu, sim["id"]) == [] and after[sim["iccid"]]["voice_enabled"] is False, sim["iccid"]
        assert after[sim["iccid"]]["status"]["value"] == sim["status"] and after[sim["iccid"]]["tags"] == sim["tags"], sim["iccid"]
    assert public_ip(emu, sims[8]["id"]) is None and after[sims[10]["iccid"]]["tags"] == sims[10]["tags"]
    # the per-SIM results carry the addresses Telnyx assigned
    by_iccid = dict((r["iccid"], r) for r in done["sim_cards"])
    assert by_iccid[sims[11]["iccid"]]["public_ip"]["ip"] == public_ip(emu, sims[11]["id"])["ip"]

    # the requests: one bulk for the 15 public IPs in the default region, the region moves one by one, every action once
    bulk = posts(emu, "/sim_cards/actions/bulk_set_public_ips")
    assert len(bulk) == 1 and len(bulk[0]["body"]["sim_card_ids"]) == 12 + 3
    assert len(posts(emu, "/actions/set_public_ip")) == 2 and len(posts(emu, "/actions/remove_public_ip")) == 4
    assert len(posts(emu, "/actions/enable_voice")) == 4 + 3 and len(posts(emu, "/actions/disable_voice")) == 1
    bodies = dict((r["path"].split("/")[-3], r["body"]) for r in posts(emu, "/actions/enable_voice"))
    assert [bodies[sim["id"]] for sim in sims[15:19]] == [{"connection_id": CONNECTION}] * 4
    assert [bodies[after[code["iccid"]]["id"]] for code in codes] == [None] * 3
    assert len(posts(emu, "/sim_card_data_usage_notifications")) == 1 + 4 + 3
    assert len([r for r in writes(emu) if r["method"] == "DELETE"]) == 1
    assert max(actions_per_sim(emu).values()) == 1

    emu.clear_requests()
    again = run_playbook([task], diff=True, expect_rc=0)
    assert again.task(FLEET_TASK)["changed"] is False
    assert writes(emu) == []
    reads = collections.Counter(r["path"] if not r["path"].endswith("/public_ip") else "public_ip" for r in api_requests(emu))
    # the list, the groups, one public IP read per SIM card that names one (no list of them exists), one notification list
    assert reads == {"/v2/sim_cards": 1, "/v2/sim_card_groups": 1, "public_ip": 3 + 2 + 2 + 12 + 3, "/v2/sim_card_data_usage_notifications": 1}


def emu_force_ip(sims, sim):
    return "198.18.9.%d" % (sims.index(sim) + 1)


def test_faults_never_buy_a_public_ip_twice_nor_duplicate_a_notification_or_action(emu, run_tasks):
    sims = emu.seed(sim_cards=40)["sim_cards"]
    fleet = [{"iccid": sim["iccid"], "public_ip": {}, "notifications": [MB500], "voice": True} for sim in sims]
    emu.faults(rate=0.2, kinds=["429", "503", "reset", "reset_after"], seed=29, retry_after=0.1)
    emu.clear_requests()
    run = run_tasks([fleet_task(sim_cards=fleet, http_retries=10)], expect_rc=0)
    emu.clear_faults()
    assert sum(1 for r in emu.requests() if r["fault"]) > 10, "the faults did not happen"
    assert run.task(FLEET_TASK)["summary"]["failed"] == 0
    for sim in sims:
        assert public_ip(emu, sim["id"])["ip"], sim["iccid"]
        assert thresholds(emu, sim["id"]) == ["500 MB"], sim["iccid"]
        assert emu.sim(sim["id"])["voice_enabled"] is True
    bulks = emu.api("GET", "/bulk_sim_card_actions", params={"page[size]": 250}).json()["data"]
    assert len(bulks) == 1, "a bulk_set_public_ips was sent twice"
    assert max(actions_per_sim(emu).values()) == 1
    emu.clear_requests()
    rerun = run_tasks([fleet_task(sim_cards=fleet)], expect_rc=0)
    assert rerun.task(FLEET_TASK)["changed"] is False and writes(emu) == []


def test_sim_cards_whose_public_ip_or_voice_cannot_converge_fail_by_name_and_the_others_converge(emu, run_tasks):
    sims = emu.seed(sim_cards=8)["sim_cards"]
    emu.force(sims[0]["id"], public_ip={"ip": "198.18.11.1", "region_code": "ch1"})
    emu.fail_next("sim_card_action", type="enable_voice", id=sims[1]["id"], reason="No Mobile Voice connection on the account.")
    emu.fail_next("sim_card_action", type="set_public_ip", id=sims[2]["id"], reason="Insufficient funds.")
    fleet = [
        {"iccid": sims[0]["iccid"], "public_ip": {"region_code": "dc2"}, "tags": ["x"]},   # would move its address: refused
        {"iccid": sims[1]["iccid"], "voice": True},                                       # the action fails
        {"iccid": sims[2]["iccid"], "public_ip": {}},                                     # the bulk's action for it fails
        {"iccid": sims[3]["iccid"], "public_ip": {"region_code": "xx9"}},                 # no such region
    ] + [{"iccid": sim["iccid"], "public_ip": {}, "voice": True} for sim in sims[4:]]
    task = dict(fleet_task(sim_cards=fleet), ignore_errors=True)

    emu.clear_requests()
    check = run_tasks([task], check=True)
    assert check.failed(FLEET_TASK) and writes(emu) == []
    predicted = check.task(FLEET_TASK)
    assert sorted(item["iccid"] for item in predicted["failed_sim_cards"]) == sorted([sims[0]["iccid"], sims[3]["iccid"]])
    assert "198.18.11.1" in predicted["msg"] and "allow_address_change" in predicted["msg"] and "xx9" in predicted["msg"]

    real = run_tasks([task])
    assert real.failed(FLEET_TASK)
    result = real.task(FLEET_TASK)
    assert sorted(item["iccid"] for item in result["failed_sim_cards"]) == sorted(sim["iccid"] for sim in sims[0:4])
    assert "No Mobile Voice connection" in result["msg"] and "Insufficient funds" in result["msg"]
    assert result["changed"] is True
    assert emu.sim(sims[0]["id"])["tags"] != ["x"] and public_ip(emu, sims[0]["id"])["ip"] == "198.18.11.1"
    assert emu.sim(sims[1]["id"])["voice_enabled"] is False and public_ip(emu, sims[2]["id"]) is None
    assert public_ip(emu, sims[3]["id"]) is None
    for sim in sims[4:]:
        assert public_ip(emu, sim["id"])["ip"] and emu.sim(sim["id"])["voice_enabled"] is True
    failures = dict((item["iccid"], item) for item in result["sim_cards"] if item["failed"])
    assert failures[sims[0]["iccid"]]["failure"]["reason"] == "address_change"
    assert failures[sims[1]["iccid"]]["failure"]["reason"] == "action_failed"
    assert failures[sims[3]["iccid"]]["failure"]["reason"] == "unknown_region"
