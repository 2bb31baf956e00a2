# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""telnyx.wireless.sim_card_group and sim_card_group_info, against the emulator."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from policy_helpers import (
    about,
    accepted,
    all_of,
    api_requests,
    data,
    failure_of,
    group,
    group_action,
    make_blocklist,
    make_gateway,
    make_group,
    refused,
    run_cases,
    steps,
    wait_until,
    writes_of,
)

OPTIONS = ("name", "id", "state", "data_limit", "private_wireless_gateway", "wireless_blocklist", "move_sim_cards_to_default",
           "wait", "wait_timeout", "wait_sleep", "http_retries", "http_retry_max_time")
DEFAULT_GROUP_ID = "0f3f490e-c4d3-4cf5-838a-9970f10ee259"


def cases_run(run_playbook, cases, check=False):
    return run_cases(run_playbook, "sim_card_group", OPTIONS, cases, check=check)


def projection(found):
    """What check mode must predict exactly: name, default, data limit (numerically), gateway, blocklist."""
    if not found:
        return None
    limit = found.get("data_limit") or {}
    amount = (Decimal(str(limit["amount"])), limit.get("unit")) if limit.get("amount") not in (None, "") else None
    return {"name": found.get("name"), "default": bool(found.get("default")), "data_limit": amount,
            "gateway": found.get("private_wireless_gateway_id"), "blocklist": found.get("wireless_blocklist_id")}


def test_every_starting_state(emu, run_tasks):
    """Each declared group from each starting state: check mode predicts (0 writes), the real run converges with the
    expected writes, the diff says it, a rerun changes nothing and costs one read (plus one list page per name)."""
    gw1, gw2 = make_gateway(emu, "gw-one"), make_gateway(emu, "gw-two")
    bl1, bl2 = make_blocklist(emu, "bl-one"), make_blocklist(emu, "bl-two", values=("US",))
    plain = make_group(emu, "plain")
    full = {}
    for name in ("full-same", "full-change", "full-remove"):
        full[name] = make_group(emu, name, {"amount": "10", "unit": "GB"})
        group_action(emu, full[name]["id"], "set_private_wireless_gateway", private_wireless_gateway_id=gw1["id"])
        group_action(emu, full[name]["id"], "set_wireless_blocklist", wireless_blocklist_id=bl1["id"])
    rename = make_group(emu, "old-name")
    doomed = make_group(emu, "doomed")
    policy = {"data_limit": {"amount": 10, "unit": "GB"}, "private_wireless_gateway": "gw-one", "wireless_blocklist": "bl-one"}
    cases = {
        "new_full": dict(policy, name="new-full"),
        "new_plain": {"name": "new-plain"},
        "new_absent": {"name": "never-there", "state": "absent"},
        "plain_full": dict(policy, name="plain"),
        "full_same": {"id": full["full-same"]["id"], "data_limit": {"amount": "10.00", "unit": "GB"},
                      "private_wireless_gateway": gw1["id"], "wireless_blocklist": bl1["id"]},
        "full_change": {"name": "full-change", "data_limit": {"amount": 20480, "unit": "MB"}, "private_wireless_gateway": "gw-two",
                        "wireless_blocklist": bl2["id"]},
        "full_remove": {"name": "full-remove", "data_limit": {}, "private_wireless_gateway": "", "wireless_blocklist": ""},
        "rename": {"id": rename["id"], "name": "new-name"},
        "plain_absent": {"name": "doomed", "state": "absent"},
    }
    expected_steps = {
        "new_full": ["POST sim_card_groups", "set_private_wireless_gateway", "set_wireless_blocklist"],
        "new_plain": ["POST sim_card_groups"],
        "new_absent": [],
        "plain_full": ["PATCH sim_card_groups", "set_private_wireless_gateway", "set_wireless_blocklist"],
        "full_same": [],
        "full_change": ["PATCH sim_card_groups", "set_private_wireless_gateway", "set_wireless_blocklist"],
        "full_remove": ["PATCH sim_card_groups", "remove_private_wireless_gateway", "remove_wireless_blocklist"],
        "rename": ["PATCH sim_card_groups"],
        "plain_absent": ["DELETE sim_card_groups"],
    }
    ids = {"plain_full": plain["id"], "full_same": full["full-same"]["id"], "full_change": full["full-change"]["id"],
           "full_remove": full["full-remove"]["id"], "rename": rename["id"], "plain_absent": doomed["id"]}

    emu.clear_requests()
    check = cases_run(run_tasks, cases, check=True)
    assert writes_of(api_requests(emu)) == []

    emu.clear_requests()
    real = cases_run(run_tasks, cases)
    requests = api_requests(emu)
    for host, case in cases.items():
        result, predicted = real[host], check[host]
        assert not result["failed"], (host, result.get("msg"))
        assert result["changed"] is bool(expected_steps[host]), host
        assert predicted["changed"] is result["changed"], host
        assert projection(predicted["sim_card_group"]) == projection(result["sim_card_group"]), host
        after = dict(result["diff"]["after"])
        if host.startswith("new_") and after:
            assert predicted["diff"]["after"]["id"] is None
            after["id"] = None
        assert predicted["diff"]["before"] == result["diff"]["before"], host
        assert predicted["diff"]["after"] == after, host
        group_id = ids.get(host) or (result["sim_card_group"] or {}).get("id")
        mine = about(requests, group_id, case.get("name") if host.startswith("new_") else None)
        assert steps(mine) == expected_steps[host], (host, steps(mine))
        assert [a["type"] for a in result["actions"]] == [s for s in expected_steps[host] if "wireless" in s], host
        now = group(emu, group_id) if group_id else None
        if case.get("state") == "absent":
            assert now is None and result["sim_card_group"] is None
        else:
            assert projection(now) == projection(result["sim_card_group"]), host

    assert group(emu, ids["full_change"])["private_wireless_gateway_id"] == gw2["id"]
    assert group(emu, ids["full_change"])["wireless_blocklist_id"] == bl2["id"]
    assert group(emu, ids["full_remove"])["data_limit"] == {}
    assert group(emu, ids["rename"])["name"] == "new-name"

    # the diff, as a person approving the change reads it
    change = real["full_change"]["diff"]
    assert change["before"] == {"id": ids["full_change"], "name": "full-change", "default": False, "data_limit": {"amount": "10.0", "unit": "GB"},
                                "private_wireless_gateway_id": gw1["id"], "private_wireless_gateway_name": "gw-one",
                                "wireless_blocklist_id": bl1["id"], "wireless_blocklist_name": "bl-one"}
    assert change["after"] == {"id": ids["full_change"], "name": "full-change", "default": False, "data_limit": {"amount": "20480.0", "unit": "MB"},
                               "private_wireless_gateway_id": gw2["id"], "private_wireless_gateway_name": "gw-two",
                               "wireless_blocklist_id": bl2["id"], "wireless_blocklist_name": "bl-two"}
    assert change["before_header"] == "SIM card group full-change (before)"
    assert real["new_plain"]["diff"]["before"] == {}
    assert real["plain_absent"]["diff"]["after"] == {} and real["plain_absent"]["diff"]["before"]["name"] == "doomed"
    assert real["full_remove"]["diff"]["after"]["data_limit"] is None
    assert real["full_remove"]["diff"]["after"]["private_wireless_gateway_id"] is None
    assert "consumed_data" in real["new_full"]["sim_card_group"]

    # the rerun: nothing changes, nothing is written; one read per group, one list page per reference by name
    rerun = dict(cases)
    rerun["rename"] = {"id": rename["id"], "name": "new-name"}
    emu.clear_requests()
    again = cases_run(run_tasks, rerun)
    requests = api_requests(emu)
    assert writes_of(requests) == []
    assert dict((host, r["changed"]) for host, r in again.items()) == dict((host, False) for host in rerun)
    by_name = sum(1 for case in rerun.values() for option in ("private_wireless_gateway", "wireless_blocklist")
                  if case.get(option) and case[option] not in (gw1["id"], gw2["id"], bl1["id"], bl2["id"]))
    assert len(requests) == len(rerun) + by_name, [(r["method"], r["path"], r["query"]) for r in requests]


class CompleteOnceSeen:
    """Telnyx completing the actions under way, once the module has looked for them on every group of `group_ids`
    (a request to `path` filtered by the group): from then on the emulator's clock is moved on every 0.3 s, so every
    pending action completes."""

    def __init__(self, emu, path, group_ids):
        self.emu, self.path, self.group_ids = emu, path, group_ids
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.watch, daemon=True)

    def watch(self):
        while not self.stop.wait(0.3):
            seen = set(group_id for r in self.emu.requests() if r["path"] == self.path
                       for group_id in (r.get("query") or {}).get("filter[sim_card_group_id]", []))
            if seen >= set(self.group_ids):
                self.emu.advance(3600)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(10)


def test_an_action_under_way_is_waited_for_never_sent_twice(emu, run_tasks):
    """A gateway or blocklist action already under way towards what the task asks is adopted and waited for (no second
    POST); one under way towards something else is waited out, then the task's action is sent."""
    gateway = make_gateway(emu, "gw")
    blocklist, other = make_blocklist(emu, "bl"), make_blocklist(emu, "bl-other", values=("US",))
    towards, away = make_group(emu, "towards"), make_group(emu, "away")
    group_action(emu, away["id"], "set_wireless_blocklist", wireless_blocklist_id=other["id"])
    emu.config(transition_seconds=3600)  # under way until the module has seen it (then the clock is moved on)
    group_action(emu, towards["id"], "set_private_wireless_gateway", wait=False, private_wireless_gateway_id=gateway["id"])
    removing = group_action(emu, away["id"], "remove_wireless_blocklist", wait=False)
    emu.clear_requests()
    with CompleteOnceSeen(emu, "/v2/sim_card_group_actions", [towards["id"], away["id"]]):
        results = cases_run(run_tasks, {"towards": {"name": "towards", "private_wireless_gateway": "gw"},
                                        "away": {"name": "away", "wireless_blocklist": "bl"}})
    requests = api_requests(emu)
    assert [r["path"].rsplit("/", 1)[-1] for r in writes_of(requests)] == ["set_wireless_blocklist"]
    assert results["towards"]["changed"] is False
    assert [a["type"] for a in results["towards"]["actions"]] == ["set_private_wireless_gateway"]
    assert results["towards"]["sim_card_group"]["private_wireless_gateway_id"] == gateway["id"]
    assert results["away"]["changed"] is True
    assert results["away"]["sim_card_group"]["wireless_blocklist_id"] == blocklist["id"]
    post = next(i for i, r in enumerate(requests) if r["method"] == "POST")
    assert [r for r in requests[:post] if r["path"].endswith(removing["id"])], "it did not wait for the action under way first"


def test_wait_false_returns_once_the_last_action_is_accepted(emu, run_tasks):
    gateway = make_gateway(emu, "gw")
    blocklist = make_blocklist(emu, "bl")
    make_group(emu, "g")
    cases = {"g": {"name": "g", "private_wireless_gateway": "gw", "wireless_blocklist": "bl", "wait": False}}
    emu.config(transition_seconds=1.5)
    check = cases_run(run_tasks, cases, check=True)["g"]
    real = cases_run(run_tasks, cases)["g"]
    assert check["changed"] and real["changed"]
    # the gateway action had to complete before the blocklist action could start; the blocklist one is under way
    assert [(a["type"], a["status"]) for a in real["actions"]] == [
        ("set_private_wireless_gateway", "completed"), ("set_wireless_blocklist", "in-progress")]
    assert projection(check["sim_card_group"]) == projection(real["sim_card_group"])
    assert real["sim_card_group"]["private_wireless_gateway_id"] == gateway["id"]
    assert real["sim_card_group"]["wireless_blocklist_id"] is None
    wait_until(lambda: group(emu, real["sim_card_group"]["id"])["wireless_blocklist_id"] == blocklist["id"])


def test_deleting_a_group_that_holds_sim_cards_under_both_behaviours(emu, run_tasks):
    """Without move_sim_cards_to_default: fails before writing. With it: the group is gone and its SIM cards are in the
    default group, whether Telnyx refuses (70005, the module moves them) or moves them itself."""
    for behaviour, expected in (("reject", ["DELETE", "PATCH", "PATCH", "PATCH", "DELETE"]), ("move_to_default", ["DELETE"])):
        emu.reset()
        emu.config(transition_seconds=0.3, group_delete_with_sims=behaviour)
        seeded = emu.seed(sim_cards=3, groups=["full"])
        group_id = seeded["groups"][0]["id"]
        emu.clear_requests()
        kept = cases_run(run_tasks, {"keep": {"name": "full", "state": "absent"}})["keep"]
        assert kept["failed"] and "3 SIM card" in kept["msg"] and "move_sim_cards_to_default" in kept["msg"]
        assert failure_of(kept) == refused("group_not_empty")
        assert writes_of(api_requests(emu)) == []
        cases = {"move": {"name": "full", "state": "absent", "move_sim_cards_to_default": True}}
        check = cases_run(run_tasks, cases, check=True)["move"]
        assert writes_of(api_requests(emu)) == []
        emu.clear_requests()
        real = cases_run(run_tasks, cases)["move"]
        assert check["changed"] is real["changed"] is True, real
        assert check["moved_sim_cards"] == real["moved_sim_cards"] == 3
        assert [r["method"] for r in writes_of(api_requests(emu))] == expected, behaviour
        assert group(emu, group_id) is None
        for sim in seeded["sim_cards"]:
            assert emu.sim(sim["id"])["sim_card_group_id"] == DEFAULT_GROUP_ID
        assert cases_run(run_tasks, cases)["move"]["changed"] is False


@pytest.mark.ansible_core
def test_bad_input_fails_with_a_sentence_naming_the_option(emu, run_playbook):
    make_group(emu, "twin")
    make_group(emu, "twin")
    make_group(emu, "g")
    uuid = "47a1c2b0-cc7b-4ab1-bb98-b33fb0fc61b9"
    bad = {
        "unknown_gateway": ({"name": "g", "private_wireless_gateway": "no-such-gw"}, "private_wireless_gateway"),
        "unknown_blocklist": ({"name": "g", "wireless_blocklist": "no-such-bl"}, "wireless_blocklist"),
        "unit": ({"name": "g", "data_limit": {"amount": 1, "unit": "TB"}}, "unit"),
        "amount_only": ({"name": "g", "data_limit": {"amount": 1}}, "data_limit.unit"),
        "amount": ({"name": "g", "data_limit": {"amount": "lots", "unit": "GB"}}, "data_limit.amount"),
        "default_group": ({"id": DEFAULT_GROUP_ID, "state": "absent"}, "state=absent"),
        "default_by_name": ({"name": "Default", "state": "absent"}, "default group"),
        "twin": ({"name": "twin", "data_limit": {"amount": 1, "unit": "GB"}}, "name"),
        "id_not_uuid": ({"id": "group-1"}, "id"),
        "unknown_id": ({"id": uuid, "data_limit": {"amount": 1, "unit": "GB"}}, "id"),
        "neither": ({"state": "present"}, "name, id"),
        "absent_with_limit": ({"name": "g", "state": "absent", "data_limit": {"amount": 1, "unit": "GB"}}, "data_limit"),
    }
    default_name = group(emu, DEFAULT_GROUP_ID)["name"]
    bad["default_by_name"][0]["name"] = default_name
    emu.clear_requests()
    results = cases_run(run_playbook, dict((host, case) for host, (case, dummy) in bad.items()))
    assert writes_of(api_requests(emu)) == []
    for host, (dummy, option) in bad.items():
        assert results[host]["failed"], host
        assert option in results[host]["msg"], (host, results[host]["msg"])
    twins = [g["id"] for g in all_of(emu, "/sim_card_groups") if g["name"] == "twin"]
    assert all(twin in results["twin"]["msg"] for twin in twins)
    assert "70006" in results["default_group"]["msg"]
    # failure.reason of each refusal (the argument spec's own, "neither", too)
    reasons = {"unknown_gateway": "gateway_not_found", "unknown_blocklist": "blocklist_not_found", "unit": "invalid_input",
               "amount_only": "invalid_input", "amount": "invalid_input", "default_group": "default_group", "default_by_name": "default_group",
               "twin": "ambiguous_group", "id_not_uuid": "invalid_input", "unknown_id": "group_not_found", "neither": "invalid_input",
               "absent_with_limit": "invalid_input"}
    assert sorted(reasons) == sorted(bad)
    assert dict((host, failure_of(results[host])) for host in reasons) == dict((host, refused(reason)) for host, reason in reasons.items())


def test_creates_and_group_actions_survive_faults_without_duplicates(emu, run_tasks):
    """20% of POSTs answered 429 / 503 / dropped before acting (reset) / dropped after acting (reset_after): 30 groups, each
    with a gateway and a blocklist (60 group actions), end exactly as declared - no duplicate group, no action twice."""
    make_gateway(emu, "gw")
    make_blocklist(emu, "bl")
    retry = {"http_retries": 15, "http_retry_max_time": 120}
    cases = dict(("g%02d" % n, dict(retry, name="fleet-%02d" % n, data_limit={"amount": n + 1, "unit": "GB"},
                                    private_wireless_gateway="gw", wireless_blocklist="bl")) for n in range(30))
    emu.faults(rate=0.2, kinds=["429", "503", "reset", "reset_after"], methods=["POST"], seed=20261130, retry_after=0)
    emu.clear_requests()
    results = cases_run(run_tasks, cases)
    emu.clear_faults()
    requests = api_requests(emu)
    assert len([r for r in requests if r["fault"]]) >= 10, "the faults did not happen"
    assert any(r["fault"] == "reset_after" for r in requests)
    for host, result in results.items():
        assert not result["failed"], (host, result.get("msg"))
        assert result["changed"], host
    groups = [g for g in all_of(emu, "/sim_card_groups") if g["name"].startswith("fleet-")]
    assert sorted(g["name"] for g in groups) == sorted(case["name"] for case in cases.values())  # no duplicates
    actions = all_of(emu, "/sim_card_group_actions")
    for found in groups:
        mine = [a for a in actions if a["sim_card_group_id"] == found["id"]]
        assert sorted(a["type"] for a in mine) == ["set_private_wireless_gateway", "set_wireless_blocklist"], found["name"]
        assert found["private_wireless_gateway_id"] and found["wireless_blocklist_id"]
        assert Decimal(found["data_limit"]["amount"]) == int(found["name"][-2:]) + 1
    emu.faults(rate=0.2, kinds=["429", "503", "reset", "reset_after"], methods=["POST"], seed=20261201, retry_after=0)
    emu.clear_requests()
    again = cases_run(run_tasks, cases)
    assert not any(result["changed"] for result in again.values())
    assert writes_of(accepted(api_requests(emu))) == []


def test_info(emu, run_tasks):
    gateway = make_gateway(emu, "gw")
    made = make_group(emu, "meters", {"amount": "5", "unit": "GB"})
    group_action(emu, made["id"], "set_private_wireless_gateway", private_wireless_gateway_id=gateway["id"])
    emu.seed(sim_cards=2, groups=["meters"])
    run = run_tasks([
        {"name": "all", "telnyx.wireless.sim_card_group_info": {}, "register": "all"},
        {"name": "by name", "telnyx.wireless.sim_card_group_info": {"name": "meters"}},
        {"name": "by id", "telnyx.wireless.sim_card_group_info": {"id": made["id"]}},
    ], check=True)
    assert run.rc == 0, run
    names = sorted(g["name"] for g in run.task("all")["sim_card_groups"])
    assert names == sorted(g["name"] for g in all_of(emu, "/sim_card_groups"))
    by_name = run.task("by name")["sim_card_groups"]
    assert [g["id"] for g in by_name] == [made["id"]] and by_name[0]["sim_card_count"] == 2
    assert run.task("by id")["sim_card_groups"][0]["private_wireless_gateway_id"] == gateway["id"]
    assert data(emu.api("GET", "/sim_card_groups/%s" % made["id"]))["data_limit"] == {"amount": "5.0", "unit": "GB"}


def test_a_failed_group_action_fails_the_task_naming_it(emu, run_tasks):
    """Telnyx reports the blocklist action failed: the task fails naming the action, the group keeps its blocklist as it
    was, and a later run sends the action again (once) and converges."""
    make_blocklist(emu, "bl")
    target = make_group(emu, "g")
    emu.fail_next("sim_card_group_action", type="set_wireless_blocklist", id=target["id"], reason="operator refused")
    cases = {"g": {"name": "g", "wireless_blocklist": "bl", "data_limit": {"amount": 1, "unit": "GB"}}}
    emu.clear_requests()
    failed = cases_run(run_tasks, cases)["g"]
    assert failed["failed"], failed
    action = all_of(emu, "/sim_card_group_actions")[0]
    assert action["status"] == "failed"
    assert "set_wireless_blocklist" in failed["msg"] and action["id"] in failed["msg"] and "failed" in failed["msg"], failed["msg"]
    assert group(emu, target["id"])["wireless_blocklist_id"] is None
    assert group(emu, target["id"])["data_limit"] == {"amount": "1.0", "unit": "GB"}  # the PATCH before it stands
    emu.clear_requests()
    again = cases_run(run_tasks, cases)["g"]
    assert again["changed"] and not again["failed"]
    assert steps(api_requests(emu)) == ["set_wireless_blocklist"]
    assert group(emu, target["id"])["wireless_blocklist_id"] is not None
