# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""telnyx.wireless.sim_card_info, against the emulator."""

from __future__ import annotations


def info_task(name, **args):
    return {"name": name, "telnyx.wireless.sim_card_info": args}


def task(run, name):
    found = [entry for entry in run.results if entry["name"] == name]
    assert found, repr(run)
    result = dict(found[-1]["result"])
    result["failed"] = found[-1]["outcome"] == "failed"
    return result


def api_requests(emu):
    return [r for r in emu.requests() if r["path"].startswith("/v2/")]


def iccids(result):
    return sorted(sim["iccid"] for sim in result["sim_cards"])


def test_one_sim_card_by_id_or_iccid_costs_one_request(emu, run_tasks):
    sims = emu.seed(sim_cards=3, groups=["fleet"])["sim_cards"]
    target = sims[1]
    tasks = [
        info_task("by id", id=target["id"]),
        info_task("by iccid", iccid=target["iccid"]),
        info_task("not there", id="6b14e151-8493-4fa1-8664-1cc4e6d14158"),
    ]
    for check in (False, True):  # read-only: the same in check mode
        emu.clear_requests()
        run = run_tasks(tasks, check=check, expect_rc=0)
        requests = api_requests(emu)
        assert len(requests) == 3 and all(r["method"] == "GET" for r in requests)
        for name in ("by id", "by iccid"):
            result = task(run, name)
            assert result["changed"] is False
            assert [sim["id"] for sim in result["sim_cards"]] == [target["id"]]
            assert result["sim_cards"][0]["status"]["value"] == "enabled"
            assert result["sim_cards"][0]["sim_card_group_id"] == target["sim_card_group_id"]
        assert task(run, "not there")["sim_cards"] == []


def test_filters(emu, run_tasks):
    """Tags (all of them), statuses (any), group by name or id, ICCID prefix, and combinations."""
    seeded = emu.seed(sim_cards=12, groups=["north", "south"], tags=["eu", "sensor"], statuses=["enabled", "disabled", "standby"])
    groups = dict((g["name"], g["id"]) for g in seeded["groups"])
    sims = seeded["sim_cards"]
    emu.force(sims[0]["id"], status="enabling", actions_in_progress=True)
    everything = emu.api("GET", "/sim_cards", params={"page[size]": 250}).json()["data"]
    prefix = sims[0]["iccid"][:18]

    def expected(tags=(), statuses=(), group=None, iccid_prefix=""):
        return sorted(sim["iccid"] for sim in everything
                      if set(tags) <= set(sim["tags"]) and (not statuses or sim["status"]["value"] in statuses)
                      and (group is None or sim["sim_card_group_id"] == groups[group]) and sim["iccid"].startswith(iccid_prefix))

    queries = {
        "all": ({}, expected()),
        "tag eu": ({"tags": ["eu"]}, expected(tags=["eu"])),
        "tags eu and sensor": ({"tags": ["sensor", "eu"]}, expected(tags=["eu", "sensor"])),
        "disabled or standby": ({"status": ["disabled", "standby"]}, expected(statuses=["disabled", "standby"])),
        "enabling": ({"status": ["enabling"]}, [sims[0]["iccid"]]),
        "group by name": ({"sim_card_group": "south"}, expected(group="south")),
        "group by id": ({"sim_card_group": groups["north"]}, expected(group="north")),
        "prefix": ({"iccid_prefix": prefix}, expected(iccid_prefix=prefix)),
        "combined": ({"sim_card_group": "north", "tags": ["sensor"], "status": ["enabled", "disabled"]},
                     expected(tags=["sensor"], statuses=["enabled", "disabled"], group="north")),
    }
    assert 0 < len(queries["prefix"][1]) < 12 and queries["combined"][1] and queries["tag eu"][1] != queries["all"][1]
    tasks = [info_task(name, **args) for name, (args, dummy) in queries.items()]
    tasks.append(dict(info_task("unknown group", sim_card_group="nowhere"), ignore_errors=True))
    # a UUID no group has is no group either (find_group, the rule of every path): not an empty answer
    tasks.append(dict(info_task("unknown group id", sim_card_group="00000000-0000-4000-8000-000000000000"), ignore_errors=True))
    tasks.append(dict(info_task("bad prefix", iccid_prefix="89x"), ignore_errors=True))
    tasks.append(dict(info_task("id with a filter", id=sims[0]["id"], tags=["eu"]), ignore_errors=True))
    run = run_tasks(tasks, check=True)
    for name, (dummy, wanted) in queries.items():
        assert iccids(task(run, name)) == wanted, name
    assert len(task(run, "all")["sim_cards"]) == 12
    assert task(run, "unknown group")["failed"] and "nowhere" in task(run, "unknown group")["msg"]
    for name in ("unknown group", "unknown group id"):
        assert task(run, name)["failed"] and task(run, name)["failure"]["reason"] == "group_not_found", name
    assert task(run, "bad prefix")["failed"] and "iccid_prefix" in task(run, "bad prefix")["msg"]
    assert task(run, "id with a filter")["failed"] and "id|tags" in task(run, "id with a filter")["msg"]
    # the API did the filtering it can: tags and status travel as filters
    requests = api_requests(emu)
    assert any(r["query"].get("filter[tags]") == ["eu,sensor"] for r in requests)
    assert any(r["query"].get("filter[status]") == ["disabled,standby"] for r in requests)
    assert any(r["query"].get("filter[sim_card_group_id]") == [groups["south"]] for r in requests)


def test_extras_cost_requests_only_when_asked_for(emu, run_tasks):
    seeded = emu.seed(sim_cards=2, esims=1, groups=["fleet"])
    physical, other, esim = seeded["sim_cards"]
    emu.force(physical["id"], public_ip="198.51.100.7")
    base = {"sim_card_group": seeded["groups"][0]["id"]}
    tasks = [
        info_task("plain", **base),
        info_task("public ip", include_public_ip=True, **base),
        info_task("device", include_device_details=True, **base),
        info_task("activation", include_activation_code=True, **base),
    ]
    emu.clear_requests()
    run = run_tasks(tasks, expect_rc=0)
    requests = api_requests(emu)

    def count(suffix):
        return len([r for r in requests if r["path"].endswith(suffix)])

    assert len([r for r in requests if r["path"] == "/v2/sim_cards"]) == 4  # one list per task
    assert count(seeded["groups"][0]["id"]) == 4  # the group named by UUID, read once per task (find_group)
    assert count("/public_ip") == 3 and count("/device_details") == 3
    assert count("/activation_code") == 1  # eSIMs only
    assert len(requests) == 4 + 4 + 3 + 3 + 1

    plain = task(run, "plain")["sim_cards"]
    assert all("public_ip" not in sim and "device_details" not in sim and "activation_code" not in sim for sim in plain)
    by_id = dict((sim["id"], sim) for sim in task(run, "public ip")["sim_cards"])
    assert by_id[physical["id"]]["public_ip"]["ip"] == "198.51.100.7"
    assert by_id[other["id"]]["public_ip"] is None
    devices = dict((sim["id"], sim["device_details"]) for sim in task(run, "device")["sim_cards"])
    assert all(device and device["imei"] for device in devices.values())
    codes = dict((sim["id"], sim["activation_code"]) for sim in task(run, "activation")["sim_cards"])
    assert codes[physical["id"]] is None and codes[other["id"]] is None
    assert codes[esim["id"]].startswith("LPA:1$")
