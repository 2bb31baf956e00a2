# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""telnyx.wireless.private_wireless_gateway and private_wireless_gateway_info, against the emulator."""

from __future__ import annotations

import threading

import pytest
from policy_helpers import (
    NETWORK,
    OTHER_NETWORK,
    about,
    accepted,
    all_of,
    api_requests,
    data,
    failure_of,
    group_action,
    make_gateway,
    make_group,
    refused,
    run_cases,
    steps,
    writes_of,
)

OPTIONS = ("name", "network_id", "region_code", "address_mode", "replace", "state", "wait", "wait_timeout", "wait_sleep",
           "http_retries", "http_retry_max_time")


def cases_run(run_playbook, cases, check=False):
    return run_cases(run_playbook, "private_wireless_gateway", OPTIONS, cases, check=check)


def gateway(emu, gateway_id):
    response = emu.api("GET", "/private_wireless_gateways/%s" % gateway_id)
    return response.json()["data"] if response.status_code == 200 else None


def projection(found):
    if not found:
        return None
    return {"name": found["name"], "network_id": found["network_id"], "region_code": found["region_code"], "status": found["status"]["value"]}


def test_every_starting_state(emu, run_tasks):
    same = make_gateway(emu, "same")
    doomed = make_gateway(emu, "doomed")
    moving = make_gateway(emu, "moving")
    stuck = make_gateway(emu, "stuck")
    used = make_gateway(emu, "used")
    group = make_group(emu, "meters")
    group_action(emu, group["id"], "set_private_wireless_gateway", private_wireless_gateway_id=used["id"])
    declared = {"network_id": NETWORK, "region_code": "ashburn-va"}
    cases = {
        "new_present": dict(declared, name="new"),
        "new_absent": {"name": "never-there", "state": "absent"},
        "same_present": dict(declared, name="same"),
        "same_present_fewer_options": {"name": "same"},
        "same_absent": {"name": "doomed", "state": "absent"},
        "replace": {"name": "moving", "network_id": OTHER_NETWORK, "region_code": "ashburn-va", "replace": True},
        "conflict": {"name": "stuck", "network_id": OTHER_NETWORK},
        "in_use_absent": {"name": "used", "state": "absent"},
    }
    expected = {
        "new_present": ["POST private_wireless_gateways"], "new_absent": [], "same_present": [], "same_present_fewer_options": [],
        "same_absent": ["DELETE private_wireless_gateways"], "replace": ["DELETE private_wireless_gateways", "POST private_wireless_gateways"],
        "conflict": [], "in_use_absent": [],
    }
    failing = ("conflict", "in_use_absent")
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
        assert steps(about(requests, case["name"], {"same_absent": doomed["id"], "replace": moving["id"]}.get(host))) == expected[host], host
        if result["failed"]:
            reason = {"conflict": "cannot_change_in_place", "in_use_absent": "in_use"}[host]
            assert failure_of(result) == failure_of(predicted) == refused(reason), host
            continue
        assert result["changed"] is bool(expected[host]), host
        assert predicted["changed"] is result["changed"], host
        assert projection(predicted["private_wireless_gateway"]) == projection(result["private_wireless_gateway"]), host
        after = dict(result["diff"]["after"])
        if host in ("new_present", "replace"):
            assert predicted["diff"]["after"]["id"] is None
            after["id"] = None
        assert predicted["diff"]["before"] == result["diff"]["before"], host
        assert predicted["diff"]["after"] == after, host

    created = real["new_present"]["private_wireless_gateway"]
    assert created["status"]["value"] == "provisioned" and gateway(emu, created["id"])["status"]["value"] == "provisioned"
    assert real["new_present"]["diff"] == {
        "before": {}, "after": {"id": created["id"], "name": "new", "network_id": NETWORK, "region_code": "ashburn-va", "address_mode": "dynamic",
                                "status": "provisioned"},
        "before_header": "private wireless gateway new (before)", "after_header": "private wireless gateway new (after)"}
    assert gateway(emu, doomed["id"]) is None and real["same_absent"]["diff"]["after"] == {}
    assert real["replace"]["replaced"] is True and gateway(emu, moving["id"]) is None
    assert real["replace"]["private_wireless_gateway"]["network_id"] == OTHER_NETWORK
    assert real["replace"]["diff"]["before"]["network_id"] == NETWORK and real["replace"]["diff"]["after"]["network_id"] == OTHER_NETWORK
    conflict = real["conflict"]["msg"]
    assert "network_id" in conflict and "replace=true" in conflict and stuck["id"] in conflict
    assert "meters" in real["in_use_absent"]["msg"] and group["id"] in real["in_use_absent"]["msg"]
    assert gateway(emu, used["id"]) is not None and gateway(emu, stuck["id"])["network_id"] == NETWORK
    assert real["same_present"]["diff"]["before"] == real["same_present"]["diff"]["after"]
    assert same["id"] == real["same_present"]["private_wireless_gateway"]["id"]

    rerun = dict((host, case) for host, case in cases.items() if host not in failing)
    emu.clear_requests()
    again = cases_run(run_tasks, rerun)
    requests = api_requests(emu)
    assert writes_of(requests) == [] and not any(r["changed"] for r in again.values())
    assert len(requests) == len(rerun)  # one list page each


class ProvisionOnceSeen:
    """Telnyx finishing a gateway's provisioning once the module has read it (GET .../{id}): the emulator's clock moves on."""

    def __init__(self, emu, gateway_id):
        self.emu, self.gateway_id = emu, gateway_id
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.watch, daemon=True)

    def watch(self):
        while not self.stop.wait(0.3):
            if any(r["path"].endswith(self.gateway_id) for r in self.emu.requests()):
                self.emu.advance(3600)
                return

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(10)


def test_a_gateway_still_provisioning_is_waited_for_never_created_twice(emu, run_tasks):
    emu.config(transition_seconds=3600)
    provisioning = make_gateway(emu, "slow", provisioned=False)
    assert provisioning["status"]["value"] == "provisioning"
    cases = {"slow": {"name": "slow", "network_id": NETWORK}}
    emu.clear_requests()
    with ProvisionOnceSeen(emu, provisioning["id"]):
        result = cases_run(run_tasks, cases)["slow"]
    requests = api_requests(emu)
    assert writes_of(requests) == []
    assert result["changed"] is False and result["private_wireless_gateway"]["status"]["value"] == "provisioned"
    assert len([r for r in requests if r["path"].endswith(provisioning["id"])]) >= 1  # it polled the gateway
    assert len([g for g in all_of(emu, "/private_wireless_gateways") if g["name"] == "slow"]) == 1


def test_wait_false_returns_while_provisioning(emu, run_tasks):
    emu.config(transition_seconds=3600)
    cases = {"quick": {"name": "quick", "network_id": NETWORK, "region_code": "ashburn-va", "wait": False}}
    check = cases_run(run_tasks, cases, check=True)["quick"]
    real = cases_run(run_tasks, cases)["quick"]
    assert check["changed"] and real["changed"]
    assert projection(check["private_wireless_gateway"]) == projection(real["private_wireless_gateway"])
    assert real["private_wireless_gateway"]["status"]["value"] == "provisioning"
    again = cases_run(run_tasks, cases)["quick"]
    assert again["changed"] is False


@pytest.mark.ansible_core
def test_bad_input_fails_before_any_write(emu, run_playbook):
    bad = {
        "network_not_uuid": ({"name": "x", "network_id": "net-1"}, "network_id"),
        "create_without_network": ({"name": "x"}, "network_id"),
        "empty_name": ({"name": " "}, "name"),
        "absent_with_network": ({"name": "x", "state": "absent", "network_id": NETWORK}, "network_id"),
        "address_mode": ({"name": "x", "network_id": NETWORK, "address_mode": "sticky"}, "address_mode"),
    }
    emu.clear_requests()
    results = cases_run(run_playbook, dict((host, case) for host, (case, dummy) in bad.items()))
    assert writes_of(api_requests(emu)) == []
    for host, (dummy, option) in bad.items():
        assert results[host]["failed"] and option in results[host]["msg"], (host, results[host]["msg"])
        reason = "missing_create_option" if host == "create_without_network" else "invalid_input"
        assert failure_of(results[host]) == refused(reason), host


def test_creates_survive_faults_without_duplicates(emu, run_tasks):
    """20% of POSTs answered 429 / 503 / dropped before acting / dropped after acting: 10 gateways, no duplicate."""
    retry = {"http_retries": 15, "http_retry_max_time": 120}
    cases = dict(("gw%02d" % n, dict(retry, name="gw-%02d" % n, network_id=NETWORK, region_code="ashburn-va")) for n in range(10))
    emu.faults(rate=0.2, kinds=["429", "503", "reset", "reset_after"], methods=["POST"], seed=20261130, retry_after=0)
    emu.clear_requests()
    results = cases_run(run_tasks, cases)
    emu.clear_faults()
    requests = api_requests(emu)
    assert [r for r in requests if r["fault"]], "the faults did not happen"
    assert all(not r["failed"] and r["changed"] for r in results.values()), results
    names = sorted(g["name"] for g in all_of(emu, "/private_wireless_gateways"))
    assert names == sorted(case["name"] for case in cases.values())
    assert all(g["status"]["value"] == "provisioned" for g in all_of(emu, "/private_wireless_gateways"))
    emu.faults(rate=0.2, kinds=["429", "503", "reset", "reset_after"], methods=["POST"], seed=20261201, retry_after=0)
    emu.clear_requests()
    again = cases_run(run_tasks, cases)
    assert not any(r["changed"] for r in again.values())
    assert writes_of(accepted(api_requests(emu))) == []


def test_info(emu, run_tasks):
    made = make_gateway(emu, "gw-a")
    make_gateway(emu, "gw-b")
    run = run_tasks([
        {"name": "all", "telnyx.wireless.private_wireless_gateway_info": {}},
        {"name": "by name", "telnyx.wireless.private_wireless_gateway_info": {"name": "gw-a"}},
        {"name": "by id", "telnyx.wireless.private_wireless_gateway_info": {"id": made["id"]}},
    ], check=True)
    assert run.rc == 0, run
    assert sorted(g["name"] for g in run.task("all")["private_wireless_gateways"]) == ["gw-a", "gw-b"]
    assert [g["id"] for g in run.task("by name")["private_wireless_gateways"]] == [made["id"]]
    assert run.task("by id")["private_wireless_gateways"][0] == data(emu.api("GET", "/private_wireless_gateways/%s" % made["id"]))


def test_failed_provisioning_fails_clearly_and_replace_recreates(emu, run_tasks):
    """Telnyx reports the gateway's provisioning failed: the create fails with Telnyx's reason; a later run fails before
    writing (a group cannot use it either) until replace=true recreates it."""
    emu.fail_next("private_wireless_gateway", id="flaky", reason="no capacity in region", code="10007")
    make_group(emu, "meters")
    cases = {"flaky": {"name": "flaky", "network_id": NETWORK, "region_code": "ashburn-va"}}
    first = cases_run(run_tasks, cases)["flaky"]
    assert first["failed"] and "no capacity in region" in first["msg"] and "failed" in first["msg"], first
    emu.clear_requests()
    again = cases_run(run_tasks, cases)["flaky"]
    grouped = run_cases(run_tasks, "sim_card_group", ("name", "private_wireless_gateway"), {"meters": {"name": "meters",
                                                                                                       "private_wireless_gateway": "flaky"}})
    assert again["failed"] and "replace=true" in again["msg"] and "no capacity in region" in again["msg"]
    assert grouped["meters"]["failed"] and "private_wireless_gateway" in grouped["meters"]["msg"]
    # the gateway's own error code is kept as failure.error_code, never as a Telnyx answer's code
    assert failure_of(first) == failure_of(again) == failure_of(grouped["meters"]) == refused("provisioning_failed")
    assert first["failure"]["error_code"] == again["failure"]["error_code"] == grouped["meters"]["failure"]["error_code"] == "10007"
    assert writes_of(api_requests(emu)) == []
    replaced = cases_run(run_tasks, {"flaky": dict(cases["flaky"], replace=True)})["flaky"]
    assert replaced["changed"] and replaced["replaced"] and replaced["private_wireless_gateway"]["status"]["value"] == "provisioned"
    assert [g["status"]["value"] for g in all_of(emu, "/private_wireless_gateways")] == ["provisioned"]
