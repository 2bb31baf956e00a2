# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""telnyx.wireless.sim_card_public_ip and sim_card_public_ip_info, against the emulator.

As in test_notification.py, one playbook holds a story (check-mode task, real task, the task again,
check mode again) and the request log shows what each phase sent.
"""

from __future__ import annotations

import pytest

FAST = {"wait_sleep": 0.2, "wait_timeout": 30}
REGIONS = "/v2/wireless/regions"


# ------------------------------------------------------------------------------------------- helpers

def ip_task(name, check=False, **args):
    merged = dict(FAST)
    merged.update(args)
    task = {"name": name, "telnyx.wireless.sim_card_public_ip": merged, "diff": True}
    if check:
        task["check_mode"] = True
    return task


def write_steps(requests):
    """Writes as (action, region_code query): ("set_public_ip", "dc2"), ("remove_public_ip", None)."""
    steps = []
    for request in requests:
        if request["method"] != "GET":
            region = (request.get("query") or {}).get("region_code")
            steps.append((request["path"].rsplit("/", 1)[-1], region[0] if region else None))
    return steps


def public_ip(emu, sim_id):
    response = emu.api("GET", "/sim_cards/%s/public_ip" % sim_id)
    if response.status_code == 404:
        return None
    assert response.status_code == 200, response.text
    return response.json()["data"]


def give_public_ip(emu, sim_id, region="dc2", ip="198.51.100.7"):
    emu.force(sim_id, public_ip={"ip": ip, "region_code": region})


def one_sim(emu):
    return emu.seed(sim_cards=1)["sim_cards"][0]


def visible(public_ip_object):
    """What the diff shows of a public IP (timestamps and record_type are hidden)."""
    return dict((k, public_ip_object[k]) for k in ("sim_card_id", "ip", "region_code", "type"))


# ------------------------------------------------------------------------------------------- tests

def test_set_waits_for_the_address_then_nothing_to_do(emu, run_tasks):
    sim = one_sim(emu)
    emu.clear_requests()
    args = {"iccid": sim["iccid"], "region_code": "ch1"}
    run = run_tasks([ip_task("check", check=True, **args), ip_task("set", **args), ip_task("again", id=sim["id"], region_code="ch1"),
                     ip_task("any region will do", id=sim["id"]), ip_task("check again", check=True, **args)], expect_rc=0)
    check, done = run.task("check"), run.task("set")
    assert check["changed"] is True and done["changed"] is True
    assert check["public_ip"]["ip"] is None and check["public_ip"]["region_code"] == "ch1" and check["actions"] == []
    assert done["public_ip"]["ip"] and done["public_ip"]["region_code"] == "ch1" and done["public_ip"]["type"] == "ipv4"
    assert [(a["action_type"], a["status"]["value"]) for a in done["actions"]] == [("set_public_ip", "completed")]
    header = {"before_header": "SIM card %s public IP (before)" % sim["iccid"], "after_header": "SIM card %s public IP (after)" % sim["iccid"]}
    assert done["diff"] == dict(header, before={}, after=visible(done["public_ip"]))
    # Check mode predicted the same diff, but for the address, which Telnyx picks when it provisions it.
    assert check["diff"] == dict(header, before={}, after=dict(visible(done["public_ip"]), ip=None))
    for name in ("again", "any region will do", "check again"):
        result = run.task(name)
        assert result["changed"] is False, name
        assert result["public_ip"] == done["public_ip"], name
        assert result["diff"]["before"] == result["diff"]["after"] == visible(done["public_ip"]), name
    requests = emu.requests()
    assert write_steps(requests) == [("set_public_ip", "ch1")]
    # The regions were read before the change was predicted and before it was made; never when nothing was to change.
    assert sum(1 for r in requests if r["path"] == REGIONS) == 2
    assert public_ip(emu, sim["id"])["ip"] == done["public_ip"]["ip"]


def test_another_region_means_a_new_address(emu, run_tasks):
    sim = one_sim(emu)
    give_public_ip(emu, sim["id"], "dc2", "198.51.100.7")
    emu.clear_requests()
    args = {"id": sim["id"], "region_code": "am1", "allow_address_change": True}  # test_safe_change_runs.py: refused without it
    run = run_tasks([ip_task("check", check=True, **args), ip_task("move", **args), ip_task("again", **args)], expect_rc=0)
    check, move = run.task("check"), run.task("move")
    before = {"sim_card_id": sim["id"], "ip": "198.51.100.7", "region_code": "dc2", "type": "ipv4"}
    assert check["changed"] is True and move["changed"] is True
    assert check["diff"]["before"] == move["diff"]["before"] == before
    assert check["diff"]["after"] == dict(before, ip=None, region_code="am1")
    assert move["diff"]["after"] == dict(before, ip=move["public_ip"]["ip"], region_code="am1")
    assert move["public_ip"]["ip"] not in (None, "198.51.100.7")
    assert [a["action_type"] for a in move["actions"]] == ["remove_public_ip", "set_public_ip"]
    assert run.task("again")["changed"] is False
    assert write_steps(emu.requests()) == [("remove_public_ip", None), ("set_public_ip", "am1")]
    assert public_ip(emu, sim["id"])["region_code"] == "am1"


def test_absent_releases_the_address(emu, run_tasks):
    sim = one_sim(emu)
    give_public_ip(emu, sim["id"])
    emu.clear_requests()
    args = {"iccid": sim["iccid"], "state": "absent"}
    run = run_tasks([ip_task("check", check=True, **args), ip_task("release", **args), ip_task("again", **args),
                     ip_task("check again", check=True, **args)], expect_rc=0)
    before = {"sim_card_id": sim["id"], "ip": "198.51.100.7", "region_code": "dc2", "type": "ipv4"}
    for name in ("check", "release"):
        result = run.task(name)
        assert result["changed"] is True, name
        assert result["public_ip"] is None
        assert dict((k, result["diff"][k]) for k in ("before", "after")) == {"before": before, "after": {}}, name
    assert [a["action_type"] for a in run.task("release")["actions"]] == ["remove_public_ip"]
    for name in ("again", "check again"):
        assert run.task(name)["changed"] is False and run.task(name)["public_ip"] is None
    requests = emu.requests()
    assert write_steps(requests) == [("remove_public_ip", None)]
    assert not [r for r in requests if r["path"] == REGIONS]
    assert public_ip(emu, sim["id"]) is None


def test_without_waiting_then_waiting_for_what_is_under_way(emu, run_tasks):
    sim = one_sim(emu)
    emu.config(transition_seconds=10.0)  # long enough (even on a loaded machine) that the address is still being provisioned when the next tasks start
    emu.clear_requests()
    run = run_tasks([
        ip_task("set, no wait", id=sim["id"], wait=False),
        {"name": "read", "telnyx.wireless.sim_card_public_ip_info": {"id": sim["id"]}},
        ip_task("wait for it", id=sim["id"]),
        ip_task("release, no wait", id=sim["id"], state="absent", wait=False),
    ], expect_rc=0)
    quick, read, waited = run.task("set, no wait"), run.task("read"), run.task("wait for it")
    assert quick["changed"] is True and quick["public_ip"]["ip"] is None
    assert quick["public_ip"]["region_code"] == "dc2"  # the API's default region when none is asked for
    assert [(a["action_type"], a["status"]["value"]) for a in quick["actions"]] == [("set_public_ip", "in-progress")]
    assert read["public_ip"]["ip"] is None
    assert waited["changed"] is False and waited["public_ip"]["ip"]
    released = run.task("release, no wait")
    assert released["changed"] is True and released["public_ip"] is None
    assert [(a["action_type"], a["status"]["value"]) for a in released["actions"]] == [("remove_public_ip", "in-progress")]
    assert write_steps(emu.requests()) == [("set_public_ip", None), ("remove_public_ip", None)]


def test_release_while_the_address_is_provisioned_waits_for_it(emu, run_tasks):
    sim = one_sim(emu)
    emu.config(transition_seconds=3.0)
    emu.clear_requests()
    # The address is still being provisioned when the release starts: the SIM card is busy until then, so the
    # module waits for the address before it asks for the release (else the API refuses it).
    run = run_tasks([ip_task("set, no wait", id=sim["id"], wait=False), ip_task("release", id=sim["id"], state="absent")], expect_rc=0)
    assert run.task("release")["changed"] is True
    assert write_steps(emu.requests()) == [("set_public_ip", None), ("remove_public_ip", None)]
    assert all(r["status"] == 202 for r in emu.requests() if r["method"] == "POST")
    assert public_ip(emu, sim["id"]) is None


def test_unknown_region_fails_before_any_write_with_the_valid_codes(emu, run_tasks):
    sim = one_sim(emu)
    emu.clear_requests()
    run = run_tasks([
        dict(ip_task("check", check=True, id=sim["id"], region_code="xx9"), ignore_errors=True),
        dict(ip_task("real", id=sim["id"], region_code="xx9"), ignore_errors=True),
    ], expect_rc=0)
    for name in ("check", "real"):
        assert run.failed(name), name
        assert run.task(name)["msg"] == "region_code 'xx9' is not a region that offers public IPs; use one of: am1, ch1, dc2."
    requests = emu.requests()
    assert write_steps(requests) == []
    assert [r["query"].get("product") for r in requests if r["path"] == REGIONS] == [["public_ips"], ["public_ips"]]


@pytest.mark.ansible_core
def test_bad_input_fails_before_any_request(emu, run_playbook):
    sim = one_sim(emu)
    emu.clear_requests()
    cases = {
        "bad iccid": ({"iccid": "12345"}, "iccid must be the 19 or 20 digits"),
        "bad id": ({"id": "not-a-uuid"}, "id must be a SIM card UUID"),
        "bad region": ({"id": sim["id"], "region_code": "dc 2"}, "region_code must be a region code such as dc2, got 'dc 2'"),
        "no sim card": ({"region_code": "dc2"}, "one of the following is required: id, iccid"),
        "bad state": ({"id": sim["id"], "state": "enabled"}, "value of state must be one of: present, absent"),
    }
    run = run_playbook([dict(ip_task(name, **args), ignore_errors=True) for name, (args, dummy) in cases.items()]
                       + [dict({"name": "info without sim", "telnyx.wireless.sim_card_public_ip_info": {}}, ignore_errors=True)], expect_rc=0)
    for name, (dummy, message) in cases.items():
        assert run.failed(name), name
        assert message in run.task(name)["msg"], (name, run.task(name)["msg"])
    assert run.failed("info without sim")
    assert emu.requests() == []


def test_info_reads_the_address_and_the_regions(emu, run_tasks):
    with_ip, without_ip = emu.seed(sim_cards=2)["sim_cards"]
    give_public_ip(emu, with_ip["id"], "ch1", "198.51.100.9")
    emu.clear_requests()
    run = run_tasks([
        {"name": "with", "telnyx.wireless.sim_card_public_ip_info": {"iccid": with_ip["iccid"], "regions": True}},
        {"name": "without", "telnyx.wireless.sim_card_public_ip_info": {"id": without_ip["id"]}, "check_mode": True},
    ], expect_rc=0)
    found = run.task("with")
    assert found["changed"] is False
    assert visible(found["public_ip"]) == {"sim_card_id": with_ip["id"], "ip": "198.51.100.9", "region_code": "ch1", "type": "ipv4"}
    assert found["region_codes"] == ["am1", "ch1", "dc2"]
    assert run.task("without")["public_ip"] is None and "region_codes" not in run.task("without")
    assert write_steps(emu.requests()) == []


def test_a_lost_answer_to_set_public_ip_is_not_paid_twice(emu, run_tasks):
    """Every set_public_ip acts, then loses its answer: the module re-reads, adopts the action, and sends it once."""
    sim = one_sim(emu)
    emu.config(transition_seconds=2.0)  # the action is still under way when the module re-reads: it adopts that action
    emu.clear_requests()
    emu.faults(rate=1.0, kinds=["reset_after"], methods=["POST"], path_regex="set_public_ip")
    run = run_tasks([ip_task("set", id=sim["id"], region_code="dc2")], expect_rc=0)
    emu.clear_faults()
    result = run.task("set")
    assert result["changed"] is True and result["public_ip"]["ip"]
    posts = [r for r in emu.requests() if r["method"] == "POST"]
    assert [(r["path"].rsplit("/", 1)[-1], r["fault"]) for r in posts] == [("set_public_ip", "reset_after")]
    assert [a["action_type"] for a in result["actions"]] == ["set_public_ip"]


def test_a_set_public_ip_that_did_not_act_is_sent_again(emu, run_tasks):
    sim = one_sim(emu)
    emu.clear_requests()
    emu.faults(rate=0.5, kinds=["reset"], methods=["POST"], path_regex="set_public_ip", seed=3)
    run = run_tasks([ip_task("set", id=sim["id"], http_retries=10)], expect_rc=0)
    emu.clear_faults()
    assert run.task("set")["changed"] is True and run.task("set")["public_ip"]["ip"]
    posts = [r for r in emu.requests() if r["method"] == "POST"]
    assert posts[0]["fault"] == "reset" and posts[-1]["fault"] is None and posts[-1]["status"] == 202
    assert all(r["fault"] == "reset" for r in posts[:-1])


def test_a_lost_answer_to_remove_public_ip_is_followed_by_a_reread(emu, run_tasks):
    sim = one_sim(emu)
    give_public_ip(emu, sim["id"])
    emu.clear_requests()
    emu.faults(rate=1.0, kinds=["reset_after"], methods=["POST"], path_regex="remove_public_ip")
    run = run_tasks([ip_task("release", id=sim["id"], state="absent")], expect_rc=0)
    emu.clear_faults()
    result = run.task("release")
    assert result["changed"] is True and result["public_ip"] is None
    assert [a["action_type"] for a in result["actions"]] == ["remove_public_ip"]
    assert [(r["path"].rsplit("/", 1)[-1], r["fault"]) for r in emu.requests() if r["method"] == "POST"] == [("remove_public_ip", "reset_after")]
    assert public_ip(emu, sim["id"]) is None
