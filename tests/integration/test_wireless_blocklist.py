# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""telnyx.wireless.wireless_blocklist and wireless_blocklist_info, against the emulator."""

from __future__ import annotations

from policy_helpers import (
    about,
    accepted,
    all_of,
    api_requests,
    failure_of,
    group_action,
    make_blocklist,
    make_group,
    refused,
    run_cases,
    steps,
    writes_of,
)

OPTIONS = ("name", "type", "values", "state", "http_retries", "http_retry_max_time")


def cases_run(run_playbook, cases, check=False):
    return run_cases(run_playbook, "wireless_blocklist", OPTIONS, cases, check=check, wait_options=False)


def blocklist(emu, blocklist_id):
    response = emu.api("GET", "/wireless_blocklists/%s" % blocklist_id)
    return response.json()["data"] if response.status_code == 200 else None


def projection(found):
    return {"name": found["name"], "type": found["type"], "values": sorted(found["values"])} if found else None


def test_every_starting_state(emu, run_tasks):
    make_blocklist(emu, "same", values=("CA", "MX"))
    change = make_blocklist(emu, "change", values=("CA",))
    doomed = make_blocklist(emu, "doomed")
    used = make_blocklist(emu, "used")
    group = make_group(emu, "meters")
    group_action(emu, group["id"], "set_wireless_blocklist", wireless_blocklist_id=used["id"])
    cases = {
        "new_present": {"name": "new", "type": "plmn", "values": ["310410", "311480"]},
        "new_absent": {"name": "never-there", "state": "absent"},
        "same_present": {"name": "same", "type": "country", "values": ["MX", "CA", "CA"]},
        "same_values_untouched": {"name": "same"},
        "change_values": {"name": "change", "values": ["US", "MX"]},
        "same_absent": {"name": "doomed", "state": "absent"},
        "in_use_absent": {"name": "used", "state": "absent"},
        "type_change": {"name": "same", "type": "mcc", "values": ["310"]},
        # (names with letters beyond a-f: `about` matches names as substrings, and a UUID may hold "bad")
        "unknown_value": {"name": "unknown-zz", "type": "country", "values": ["US", "ZZ"]},
        "create_without_type": {"name": "typeless", "values": ["US"]},
    }
    expected = {"new_present": ["POST wireless_blocklists"], "new_absent": [], "same_present": [], "same_values_untouched": [],
                "change_values": ["PATCH wireless_blocklists"], "same_absent": ["DELETE wireless_blocklists"], "in_use_absent": [],
                "type_change": [], "unknown_value": [], "create_without_type": []}
    failing = {"in_use_absent": "meters", "type_change": "type", "unknown_value": "'ZZ'", "create_without_type": "type"}
    reasons = {"in_use_absent": "in_use", "type_change": "cannot_change_in_place", "unknown_value": "invalid_blocklist_value",
               "create_without_type": "missing_create_option"}
    emu.clear_requests()
    check = cases_run(run_tasks, cases, check=True)
    assert writes_of(api_requests(emu)) == []
    emu.clear_requests()
    real = cases_run(run_tasks, cases)
    requests = api_requests(emu)
    for host, case in cases.items():
        result, predicted = real[host], check[host]
        assert result["failed"] is (host in failing), (host, result.get("msg"))
        assert predicted["failed"] is result["failed"], host
        assert steps(about(requests, case["name"], {"change_values": change["id"], "same_absent": doomed["id"]}.get(host))) == expected[host], host
        if result["failed"]:
            assert failing[host] in result["msg"] and failing[host] in predicted["msg"], (host, result["msg"])
            assert failure_of(result) == failure_of(predicted) == refused(reasons[host]), host
            continue
        assert result["changed"] is bool(expected[host]) is predicted["changed"], host
        assert projection(predicted["wireless_blocklist"]) == projection(result["wireless_blocklist"]), host
        after = dict(result["diff"]["after"])
        if host == "new_present":
            after["id"] = None
        assert predicted["diff"] == dict(result["diff"], after=after), host
    assert "values" in real["unknown_value"]["msg"] and "'US'" not in real["unknown_value"]["msg"]
    assert group["id"] in real["in_use_absent"]["msg"]
    assert sorted(blocklist(emu, change["id"])["values"]) == ["MX", "US"]
    assert real["change_values"]["diff"]["before"]["values"] == ["CA"] and real["change_values"]["diff"]["after"]["values"] == ["MX", "US"]
    assert blocklist(emu, doomed["id"]) is None and blocklist(emu, used["id"]) is not None
    # the accepted values were read only where a value was about to be written
    catalogue = [r for r in requests if r["path"] == "/v2/wireless_blocklist_values"]
    assert sorted(r["query"]["type"][0] for r in catalogue) == ["country", "country", "plmn"]

    rerun = dict((host, case) for host, case in cases.items() if host not in failing)
    emu.clear_requests()
    again = cases_run(run_tasks, rerun)
    requests = api_requests(emu)
    assert writes_of(requests) == [] and not any(r["changed"] for r in again.values())
    assert len(requests) == len(rerun)


def test_creates_survive_faults_without_duplicates(emu, run_tasks):
    retry = {"http_retries": 15, "http_retry_max_time": 120}
    cases = dict(("bl%02d" % n, dict(retry, name="bl-%02d" % n, type="mcc", values=["310", "311"])) for n in range(10))
    emu.faults(rate=0.2, kinds=["429", "503", "reset", "reset_after"], methods=["POST"], seed=20261130, retry_after=0)
    emu.clear_requests()
    results = cases_run(run_tasks, cases)
    emu.clear_faults()
    assert [r for r in api_requests(emu) if r["fault"]], "the faults did not happen"
    assert all(not r["failed"] and r["changed"] for r in results.values()), results
    assert sorted(b["name"] for b in all_of(emu, "/wireless_blocklists")) == sorted(case["name"] for case in cases.values())
    emu.clear_requests()
    assert not any(r["changed"] for r in cases_run(run_tasks, cases).values())
    assert writes_of(accepted(api_requests(emu))) == []


def test_info(emu, run_tasks):
    made = make_blocklist(emu, "countries")
    make_blocklist(emu, "networks", values=("310410",), blocklist_type="plmn")
    run = run_tasks([
        {"name": "all", "telnyx.wireless.wireless_blocklist_info": {}},
        {"name": "plmn", "telnyx.wireless.wireless_blocklist_info": {"type": "plmn"}},
        {"name": "by id", "telnyx.wireless.wireless_blocklist_info": {"id": made["id"]}},
    ], check=True)
    assert run.rc == 0, run
    assert sorted(b["name"] for b in run.task("all")["wireless_blocklists"]) == ["countries", "networks"]
    assert [b["name"] for b in run.task("plmn")["wireless_blocklists"]] == ["networks"]
    assert run.task("by id")["wireless_blocklists"][0]["values"] == ["CA", "MX"]
