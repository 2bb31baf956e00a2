# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""telnyx.wireless.esim_purchase, against the emulator: eSIMs bought as declared state.

What a user checks: how many eSIMs the group holds before and after, the purchase requests sent (the emulator's
request log: amounts, group, tags, status), that a rerun and check mode write nothing, and that lost answers,
partial answers and a typo in `count` never buy more than declared.
"""

from __future__ import annotations

import pytest

FAST = {"wait_sleep": 0.2, "wait_timeout": 30}
PURCHASE = "/v2/actions/purchase/esims"


def esim_task(name, check=False, **args):
    merged = dict(FAST)
    merged.update(args)
    task = {"name": name, "telnyx.wireless.esim_purchase": merged, "diff": True}
    if check:
        task["check_mode"] = True
    return task


def group_id(emu, name):
    return emu.seed(groups=[name])["groups"][0]["id"]


def esims(emu, gid, tag):
    """The eSIMs the API lists in the group with the tag (all pages)."""
    found, page = [], 1
    while True:
        body = emu.api("GET", "/sim_cards", params={"filter[sim_card_group_id]": gid, "filter[tags]": tag,
                                                    "page[size]": 250, "page[number]": page}).json()
        found += [sim for sim in body["data"] if sim["type"] == "esim"]
        if page >= body["meta"]["total_pages"]:
            return found
        page += 1


def purchases(emu):
    """The purchase requests sent, as their bodies."""
    return [r["body"] for r in emu.requests() if r["method"] == "POST" and r["path"] == PURCHASE]


def buy_directly(emu, gid, amount, tags):
    response = emu.api("POST", "/actions/purchase/esims", json={"amount": amount, "sim_card_group_id": gid, "tags": tags})
    assert response.status_code == 202, response.text


# ------------------------------------------------------------------------------------------- tests

def test_buys_only_the_shortfall_then_nothing(emu, run_tasks):
    gid = group_id(emu, "fleet-eu")
    other = group_id(emu, "fleet-us")
    buy_directly(emu, gid, 2, ["batch-a", "eu"])      # counted: eSIMs of the group carrying batch-a (and more)
    buy_directly(emu, gid, 1, ["batch-b"])            # not counted: another tag
    buy_directly(emu, other, 3, ["batch-a"])          # not counted: another group
    emu.seed(sim_cards=1, groups=["fleet-eu"], tags=["batch-a"])  # a physical SIM card of the group: not counted
    emu.advance(60)  # the directly bought eSIMs are registered: the test starts from settled SIM cards
    emu.clear_requests()
    args = {"sim_card_group": "fleet-eu", "tags": ["batch-a"], "count": 5}
    run = run_tasks([esim_task("check", check=True, **args), esim_task("buy", **args), esim_task("again", **args),
                     esim_task("fewer declared", sim_card_group=gid, tags=["batch-a"], count=1),
                     esim_task("check again", check=True, **args)], expect_rc=0)
    check, buy = run.task("check"), run.task("buy")
    assert (check["changed"], check["purchased"], check["count"], check["esims"], check["activation_codes"]) == (True, 3, 5, [], [])
    assert (buy["changed"], buy["purchased"], buy["count"]) == (True, 3, 5)
    assert check["diff"] == buy["diff"] == {
        "before": {"sim_card_group": "fleet-eu", "tags": ["batch-a"], "esims": 2},
        "after": {"sim_card_group": "fleet-eu", "tags": ["batch-a"], "esims": 5},
        "before_header": "eSIMs of SIM card group fleet-eu (tags batch-a) (before)",
        "after_header": "eSIMs of SIM card group fleet-eu (tags batch-a) (after)"}
    # The new eSIMs: in the group, tagged exactly as declared, registered and enabled (wait=true), each with its code.
    assert len(buy["esims"]) == 3
    for sim in buy["esims"]:
        assert (sim["type"], sim["status"]["value"], sim["sim_card_group_id"], sim["tags"]) == ("esim", "enabled", gid, ["batch-a"])
    codes = buy["activation_codes"]
    assert [code["sim_card_id"] for code in codes] == [sim["id"] for sim in buy["esims"]]
    assert [code["iccid"] for code in codes] == [sim["iccid"] for sim in buy["esims"]]
    for code in codes:
        assert code["activation_code"] == emu.api("GET", "/sim_cards/%s/activation_code" % code["sim_card_id"]).json()["data"]["activation_code"]
        assert code["activation_code"].startswith("LPA:1$")
    for name in ("again", "fewer declared", "check again"):
        result = run.task(name)
        assert (result["changed"], result["purchased"], result["esims"], result["activation_codes"]) == (False, 0, [], []), name
        assert result["diff"]["before"] == result["diff"]["after"], name
    assert run.task("again")["count"] == 5 and run.task("fewer declared")["count"] == 5
    # One purchase for the whole run, of the shortfall, with the group, tags and status in that request.
    assert purchases(emu) == [{"amount": 3, "sim_card_group_id": gid, "status": "enabled", "tags": ["batch-a"]}]
    assert [r["method"] for r in emu.requests()].count("POST") == 1
    assert len(esims(emu, gid, "batch-a")) == 5


def test_status_disabled_and_no_wait(emu, run_tasks):
    gid = group_id(emu, "fleet-eu")
    emu.config(transition_seconds=3600)
    emu.clear_requests()
    run = run_tasks([esim_task("buy", sim_card_group="fleet-eu", tags=["spares"], count=2, status="disabled", wait=False)], expect_rc=0)
    buy = run.task("buy")
    assert (buy["changed"], buy["purchased"], buy["count"]) == (True, 2, 2)
    # wait=false: as the purchase answered them, still registering; the activation codes are there from the start.
    assert [sim["status"]["value"] for sim in buy["esims"]] == ["registering", "registering"]
    assert len(buy["activation_codes"]) == 2 and all(code["activation_code"] for code in buy["activation_codes"])
    assert purchases(emu) == [{"amount": 2, "sim_card_group_id": gid, "status": "disabled", "tags": ["spares"]}]
    emu.advance(3600)
    assert sorted(sim["status"]["value"] for sim in esims(emu, gid, "spares")) == ["disabled", "disabled"]


def test_partial_purchase_fails_on_shortage_and_the_next_run_buys_the_rest(emu, run_tasks):
    gid = group_id(emu, "fleet-eu")
    emu.config(esim_inventory=2)
    emu.clear_requests()
    args = {"sim_card_group": "fleet-eu", "tags": ["batch-c"], "count": 5}
    run = run_tasks([esim_task("short", **args)], expect_rc=2)
    short = run.task("short")
    assert run.failed("short")
    assert "not enough eSIMs in stock (error 70001)" in short["msg"] and "sold 2 of the 5" in short["msg"]
    assert "only the 3 missing are bought then" in short["msg"]
    # Telnyx answered 202 (accepted) with its errors: the shortfall is the collection's finding, Telnyx's code kept as given
    assert (short["failure"]["source"], short["failure"]["reason"], short["failure"]["status"], short["failure"]["code"]) == (
        "collection", "partial_purchase", None, None)
    assert [error["code"] for error in short["failure"]["errors"]] == ["70001"]
    # The partial purchase is reported: the two bought, with their codes.
    assert (short["changed"], short["purchased"], short["count"], len(short["esims"]), len(short["activation_codes"])) == (True, 2, 2, 2, 2)
    assert len(esims(emu, gid, "batch-c")) == 2
    emu.config(esim_inventory=10)
    run = run_tasks([esim_task("rest", **args), esim_task("again", **args)], expect_rc=0)
    assert (run.task("rest")["changed"], run.task("rest")["purchased"], run.task("rest")["count"]) == (True, 3, 5)
    assert (run.task("again")["changed"], run.task("again")["purchased"]) == (False, 0)
    assert [body["amount"] for body in purchases(emu)] == [5, 3]
    assert len(esims(emu, gid, "batch-c")) == 5


def test_no_stock_at_all_fails_clearly(emu, run_tasks):
    group_id(emu, "fleet-eu")
    emu.config(esim_inventory=0)
    run = run_tasks([esim_task("none", sim_card_group="fleet-eu", tags=["batch-d"], count=1)], expect_rc=2)
    none = run.task("none")
    assert "not enough eSIMs in stock (error 70001): it sold 0 of the 1" in none["msg"]
    assert (none["changed"], none["purchased"], none["esims"]) == (False, 0, [])


def test_max_purchase_refuses_before_writing_in_check_mode_too(emu, run_tasks):
    gid = group_id(emu, "fleet-eu")
    buy_directly(emu, gid, 1, ["batch-e"])
    emu.clear_requests()
    args = {"sim_card_group": "fleet-eu", "tags": ["batch-e"], "count": 50}
    run = run_tasks([dict(esim_task("check", check=True, **args), ignore_errors=True), esim_task("typo", **args)], expect_rc=2)
    for name in ("check", "typo"):
        assert run.failed(name), name
        assert run.task(name)["msg"] == ("SIM card group fleet-eu (tags batch-e) holds 1 eSIMs and count is 50: buying the 49 missing exceeds "
                                         "max_purchase (10). Nothing was bought; raise max_purchase to at least 49 if 49 new eSIMs are intended.")
    assert emu.writes() == []
    run = run_tasks([esim_task("confirmed", max_purchase=49, **args)], expect_rc=0)
    assert run.task("confirmed")["purchased"] == 49 and len(esims(emu, gid, "batch-e")) == 50


@pytest.mark.ansible_core
def test_bad_options_fail_before_any_request(emu, run_playbook):
    emu.clear_requests()
    run = run_playbook([esim_task("bad", sim_card_group=" ", tags=[""], count=-1, max_purchase=0)], expect_rc=2)
    assert run.task("bad")["msg"] == ("sim_card_group must be a SIM card group UUID or name, not empty; tags must not hold an empty tag; "
                                      "count must be 0 or more, got -1; max_purchase must be at least 1, got 0.")
    run = run_playbook([esim_task("no group", sim_card_group="nowhere", count=1)], expect_rc=2)
    assert "No SIM card group named or with id 'nowhere'" in run.task("no group")["msg"]
    assert emu.writes() == []


def test_lost_answers_never_buy_twice(emu, run_hosts):
    """reset_after (the purchase acts, the answer is lost) on 30% of purchase POSTs, 20 runs each declaring 2 more:
    exactly the declared number exists at the end, never more."""
    gid = group_id(emu, "fleet-eu")
    emu.faults(rate=0.3, kinds=["reset_after"], seed=14, methods=["POST"], path_regex="purchase/esims")
    args = esim_task("grow", sim_card_group="fleet-eu", tags=["batch-f"])["telnyx.wireless.esim_purchase"]
    items = run_hosts("esim_purchase", {"localhost": [dict(args, count=(n + 1) * 2, http_retry_max_time=30) for n in range(20)]})["localhost"]
    assert not any(item["failed"] for item in items), items
    assert [(item["purchased"], item["count"]) for item in items] == [(2, (n + 1) * 2) for n in range(20)]
    logged = [r for r in emu.requests() if r["method"] == "POST" and r["path"] == PURCHASE]
    lost = [r for r in logged if r["fault"] == "reset_after"]
    assert len(lost) >= 3, "the fault should have hit some purchases (seeded): %d of %d" % (len(lost), len(logged))
    # Each lost purchase was found again by a re-read, never re-sent: one POST per run.
    assert len(logged) == 20
    assert len(esims(emu, gid, "batch-f")) == 40
    assert emu.state()["sims"] == 40
