# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""telnyx.wireless.sim_card_notification and sim_card_notification_info, against the emulator.

A playbook runs its tasks in order, so one run holds a whole story: a check-mode task (task-level
`check_mode: true`), the real task, the same task again, and the check-mode task again. The request
log then shows what each phase sent: zero writes in check mode, exactly the writes of the change in
the real run, none on the second run.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

NOTIFICATIONS = "/v2/sim_card_data_usage_notifications"


# ------------------------------------------------------------------------------------------- helpers

def note_task(name, check=False, **args):
    task = {"name": name, "telnyx.wireless.sim_card_notification": args, "diff": True}
    if check:
        task["check_mode"] = True
    return task


def writes(requests):
    return [(r["method"], r["path"]) for r in requests if r["method"] != "GET"]


def account_notifications(emu):
    response = emu.api("GET", "/sim_card_data_usage_notifications", params={"page[size]": 250})
    assert response.status_code == 200, response.text
    assert response.json()["meta"]["total_pages"] <= 1
    return response.json()["data"]


def thresholds(emu, sim_id=None):
    """The account's (or one SIM card's) notifications as sorted (sim_card_id, amount, unit) tuples."""
    return sorted((n["sim_card_id"], Decimal(n["threshold"]["amount"]), n["threshold"]["unit"])
                  for n in account_notifications(emu) if sim_id is None or n["sim_card_id"] == sim_id)


def add_notification(emu, sim_id, amount, unit="MB"):
    response = emu.api("POST", "/sim_card_data_usage_notifications",
                       json={"sim_card_id": sim_id, "threshold": {"amount": str(amount), "unit": unit}})
    assert response.status_code == 201, response.text
    return response.json()["data"]


def one_sim(emu):
    return emu.seed(sim_cards=1)["sim_cards"][0]


# ------------------------------------------------------------------------------------------- tests

def test_create_then_nothing_to_do_check_mode_predicts_it(emu, run_tasks):
    sim = one_sim(emu)
    add_notification(emu, sim["id"], 500)
    emu.clear_requests()
    wanted = {"amount": 2048, "unit": "MB"}
    run = run_tasks([
        note_task("check", check=True, iccid=sim["iccid"], threshold=wanted),
        note_task("create", iccid=sim["iccid"], threshold=wanted),
        # The same threshold written three other ways is the same notification.
        note_task("again", id=sim["id"], threshold={"amount": "2048.0", "unit": "MB"}),
        note_task("again as a string", iccid=sim["iccid"], threshold={"amount": "2048", "unit": "MB"}),
        note_task("check again", check=True, id=sim["id"], threshold={"amount": 2048.0, "unit": "MB"}),
    ], expect_rc=0)
    check, create = run.task("check"), run.task("create")
    assert check["changed"] is True and create["changed"] is True
    expected_diff = {"before": {"notifications": ["500 MB"]}, "after": {"notifications": ["500 MB", "2048 MB"]},
                     "before_header": "SIM card %s data usage notifications (before)" % sim["iccid"],
                     "after_header": "SIM card %s data usage notifications (after)" % sim["iccid"]}
    assert check["diff"] == expected_diff and create["diff"] == expected_diff
    assert check["notification"]["id"] is None and check["notification"]["threshold"] == {"amount": "2048.0", "unit": "MB"}
    assert create["notification"]["id"] and create["notification"]["threshold"]["unit"] == "MB"
    assert Decimal(create["notification"]["threshold"]["amount"]) == 2048
    assert [Decimal(n["threshold"]["amount"]) for n in create["notifications"]] == [500, 2048]
    assert create["removed"] == [] and check["removed"] == []
    for name in ("again", "again as a string", "check again"):
        result = run.task(name)
        assert result["changed"] is False, name
        assert result["notification"]["id"] == create["notification"]["id"], name
        assert result["diff"]["before"] == result["diff"]["after"] == {"notifications": ["500 MB", "2048 MB"]}, name
    # The whole run sent exactly one write: the real create. Each task read the SIM card and its notifications, and the
    # create read them once more (a copy another run made at the same moment would be removed).
    requests = emu.requests()
    assert writes(requests) == [("POST", NOTIFICATIONS)]
    assert sum(1 for r in requests if r["method"] == "GET" and r["path"] == NOTIFICATIONS) == 6
    assert thresholds(emu) == [(sim["id"], 500, "MB"), (sim["id"], 2048, "MB")]


def test_exclusive_declares_the_whole_set_and_removes_duplicates(emu, run_tasks):
    sim, other = emu.seed(sim_cards=2)["sim_cards"]
    for amount, unit in ((500, "MB"), (1, "GB"), (2048, "MB"), (1, "GB")):
        add_notification(emu, sim["id"], amount, unit)
    kept_elsewhere = add_notification(emu, other["id"], 500)
    emu.clear_requests()
    args = {"id": sim["id"], "threshold": {"amount": "1.0", "unit": "GB"}, "exclusive": True}
    # The dry run an approver reads (ansible-playbook --check --diff), then the real run and a second one.
    check = run_tasks([note_task("declare", **args)], check=True, diff=True, expect_rc=0).task("declare")
    assert emu.writes() == []
    run = run_tasks([note_task("declare", **args), note_task("again", **args)], diff=True, expect_rc=0)
    declare, again = run.task("declare"), run.task("again")
    expected_diff = {"before": {"notifications": ["500 MB", "2048 MB", "1 GB", "1 GB"]}, "after": {"notifications": ["1 GB"]}}
    for result in (check, declare):
        assert result["changed"] is True
        assert dict((k, result["diff"][k]) for k in ("before", "after")) == expected_diff
        assert sorted(threshold_key(n) for n in result["removed"]) == [("1", "GB"), ("2048", "MB"), ("500", "MB")]
        assert [threshold_key(n) for n in result["notifications"]] == [("1", "GB")]
    # Check mode kept the very notification the real run kept, and removed the same ones.
    assert check["notification"]["id"] == declare["notification"]["id"]
    assert sorted(n["id"] for n in check["removed"]) == sorted(n["id"] for n in declare["removed"])
    assert again["changed"] is False and again["removed"] == []
    requests = emu.requests()
    assert writes(requests) == [("DELETE", "%s/%s" % (NOTIFICATIONS, n["id"])) for n in declare["removed"]]
    assert thresholds(emu) == sorted([(sim["id"], 1, "GB"), (other["id"], 500, "MB")])
    assert kept_elsewhere["id"] in [n["id"] for n in account_notifications(emu)]


def threshold_key(notification):
    amount = Decimal(notification["threshold"]["amount"])
    return (str(amount.to_integral_value()) if amount == amount.to_integral_value() else str(amount), notification["threshold"]["unit"])


def test_change_a_threshold_in_place_by_notification_id(emu, run_tasks):
    sim = one_sim(emu)
    moved = add_notification(emu, sim["id"], 500)
    taken = add_notification(emu, sim["id"], 4, "GB")
    emu.clear_requests()
    new = {"amount": 750, "unit": "MB"}
    run = run_tasks([
        note_task("check", check=True, notification_id=moved["id"], threshold=new),
        note_task("move", notification_id=moved["id"], threshold=new),
        note_task("again", notification_id=moved["id"], iccid=sim["iccid"], threshold=new),
        # Moving it onto the threshold another notification has would make two: refused, nothing sent.
        dict(note_task("clash", id=sim["id"], notification_id=moved["id"], threshold={"amount": 4, "unit": "GB"}), ignore_errors=True),
    ], expect_rc=0)
    check, move, again, clash = run.task("check"), run.task("move"), run.task("again"), run.task("clash")
    for result in (check, move):
        assert result["changed"] is True
        assert result["diff"]["before"] == {"notifications": ["500 MB", "4 GB"]}
        assert result["diff"]["after"] == {"notifications": ["750 MB", "4 GB"]}
        assert result["notification"]["id"] == moved["id"]
        assert Decimal(result["notification"]["threshold"]["amount"]) == 750
    assert again["changed"] is False
    assert run.failed("clash")
    assert clash["msg"] == ("SIM card %s already has a notification at 4 GB (id %s): changing notification %s to that threshold would "
                            "make two. Remove one of them, or set exclusive=true." % (sim["iccid"], taken["id"], moved["id"]))
    assert writes(emu.requests()) == [("PATCH", "%s/%s" % (NOTIFICATIONS, moved["id"]))]
    assert thresholds(emu) == sorted([(sim["id"], 750, "MB"), (sim["id"], 4, "GB")])
    assert sorted(n["id"] for n in account_notifications(emu)) == sorted([moved["id"], taken["id"]])


def test_absent_by_threshold_and_by_id(emu, run_tasks):
    sim = one_sim(emu)
    first = add_notification(emu, sim["id"], 1024)
    add_notification(emu, sim["id"], "1024.0")  # a duplicate made outside the collection
    by_id = add_notification(emu, sim["id"], 3, "GB")
    kept = add_notification(emu, sim["id"], 2, "GB")
    emu.clear_requests()
    by_threshold = {"iccid": sim["iccid"], "threshold": {"amount": "1024", "unit": "MB"}, "state": "absent"}
    run = run_tasks([
        note_task("check", check=True, **by_threshold),
        note_task("remove", **by_threshold),
        note_task("again", **by_threshold),
        note_task("remove by id", notification_id=by_id["id"], state="absent"),
        note_task("by id again", notification_id=by_id["id"], state="absent"),
    ], expect_rc=0)
    check, remove = run.task("check"), run.task("remove")
    for result in (check, remove):
        assert result["changed"] is True
        assert result["diff"]["before"] == {"notifications": ["1024 MB", "1024 MB", "2 GB", "3 GB"]}
        assert result["diff"]["after"] == {"notifications": ["2 GB", "3 GB"]}
        assert result["notification"] is None
        assert len(result["removed"]) == 2 and first["id"] in [n["id"] for n in result["removed"]]
    assert run.task("again")["changed"] is False
    removed_by_id = run.task("remove by id")
    assert removed_by_id["changed"] is True and [n["id"] for n in removed_by_id["removed"]] == [by_id["id"]]
    assert removed_by_id["diff"]["after"] == {"notifications": ["2 GB"]}
    assert run.task("by id again")["changed"] is False
    assert len([w for w in writes(emu.requests()) if w[0] == "DELETE"]) == 3
    assert len(writes(emu.requests())) == 3
    assert [n["id"] for n in account_notifications(emu)] == [kept["id"]]


@pytest.mark.ansible_core
def test_bad_input_fails_before_any_request(emu, run_playbook):
    sim = one_sim(emu)
    emu.clear_requests()
    cases = {
        "bad iccid": ({"iccid": "8931-bad", "threshold": {"amount": 1, "unit": "GB"}}, "iccid must be the 19 or 20 digits"),
        "bad amount": ({"id": sim["id"], "threshold": {"amount": "lots", "unit": "GB"}}, "threshold.amount must be a number"),
        "zero amount": ({"id": sim["id"], "threshold": {"amount": 0, "unit": "GB"}}, "threshold.amount must be more than 0"),
        "bad unit": ({"id": sim["id"], "threshold": {"amount": 1, "unit": "TB"}}, "unit must be one of: MB, GB, got: TB"),
        "no threshold": ({"id": sim["id"]}, "threshold"),
        "absent needs a target": ({"id": sim["id"], "state": "absent"}, "threshold, thresholds, notification_id"),
        "exclusive with absent": ({"id": sim["id"], "threshold": {"amount": 1, "unit": "GB"}, "state": "absent", "exclusive": True},
                                  "exclusive applies only to state=present"),
        "bad notification id": ({"notification_id": "42", "threshold": {"amount": 1, "unit": "GB"}}, "notification_id must be"),
        "id and iccid": ({"id": sim["id"], "iccid": sim["iccid"], "threshold": {"amount": 1, "unit": "GB"}}, "mutually exclusive"),
    }
    run = run_playbook([dict(note_task(name, **args), ignore_errors=True) for name, (args, dummy) in cases.items()], expect_rc=0)
    for name, (dummy, message) in cases.items():
        result = run.task(name)
        assert run.failed(name), (name, result)
        assert message in result["msg"], (name, result["msg"])
    assert emu.requests() == []


def test_unknown_sim_card_and_notification_fail_clearly(emu, run_tasks):
    sim = one_sim(emu)
    run = run_tasks([
        dict(note_task("unknown sim", iccid="8900000000000000001", threshold={"amount": 1, "unit": "GB"}), ignore_errors=True),
        dict(note_task("unknown notification", notification_id="79228acc-3f08-4e70-ac68-cb5aae8b537a",
                       threshold={"amount": 1, "unit": "GB"}), ignore_errors=True),
        dict(note_task("not this sim's", id=sim["id"], notification_id="79228acc-3f08-4e70-ac68-cb5aae8b537a",
                       threshold={"amount": 1, "unit": "GB"}), ignore_errors=True),
    ], expect_rc=0)
    assert run.task("unknown sim")["msg"] == "No SIM card with ICCID 8900000000000000001 is on this Telnyx account."
    assert run.task("unknown notification")["msg"].startswith(
        "No data usage notification with id 79228acc-3f08-4e70-ac68-cb5aae8b537a is on this Telnyx account: check notification_id")
    assert run.task("not this sim's")["msg"].startswith(
        "SIM card %s has no data usage notification with id 79228acc-3f08-4e70-ac68-cb5aae8b537a" % sim["iccid"])
    assert writes(emu.requests()) == []


def test_info_per_sim_card_and_for_the_account(emu, run_tasks):
    first, second = emu.seed(sim_cards=2)["sim_cards"]
    add_notification(emu, first["id"], 2, "GB")
    add_notification(emu, first["id"], 100)
    add_notification(emu, second["id"], 300)
    emu.clear_requests()
    run = run_tasks([
        {"name": "one", "telnyx.wireless.sim_card_notification_info": {"iccid": first["iccid"]}},
        {"name": "all", "telnyx.wireless.sim_card_notification_info": {}},
        {"name": "none", "telnyx.wireless.sim_card_notification_info": {"id": second["id"]}, "check_mode": True},
    ], expect_rc=0)
    one = run.task("one")
    assert one["changed"] is False
    assert [(n["sim_card_id"], threshold_key(n)) for n in one["notifications"]] == [(first["id"], ("100", "MB")), (first["id"], ("2", "GB"))]
    assert sorted(n["id"] for n in run.task("all")["notifications"]) == sorted(n["id"] for n in account_notifications(emu))
    assert [threshold_key(n) for n in run.task("none")["notifications"]] == [("300", "MB")]
    assert writes(emu.requests()) == []


def test_dropped_connections_after_the_server_acted_never_duplicate_nor_lose_a_notification(emu, run_hosts):
    """50 creates (10 SIM cards x 5 thresholds) while 30% of POSTs act, then lose their answer.

    One host per SIM card, ten at once, each host declaring the five thresholds in turn (the module runner, as
    ansible-playbook with ten forks and a loop would): the creates of different SIM cards overlap in time, as in a real
    fleet run.
    """
    sims = emu.seed(sim_cards=10)["sim_cards"]
    hosts = dict(("sim%d" % n, sim) for n, sim in enumerate(sims))
    declared = [{"amount": 100, "unit": "MB"}, {"amount": 250, "unit": "MB"}, {"amount": 500, "unit": "MB"},
                {"amount": 1, "unit": "GB"}, {"amount": 2, "unit": "GB"}]
    emu.clear_requests()
    emu.faults(rate=0.3, kinds=["reset_after"], methods=["POST"], seed=5)
    found = run_hosts("sim_card_notification", dict(
        (host, [{"id": sim["id"], "threshold": threshold, "http_retries": 10} for threshold in declared]) for host, sim in hosts.items()))
    emu.clear_faults()
    results = [result for host in sorted(found) for result in found[host]]
    assert not any(r["failed"] for r in results), results
    assert len(results) == 50 and all(r["changed"] for r in results)
    assert thresholds(emu) == sorted((sim["id"], Decimal(t["amount"]), t["unit"]) for sim in sims for t in declared)
    posts = [r for r in emu.requests() if r["method"] == "POST"]
    faulted = [r for r in posts if r["fault"] == "reset_after"]
    assert len(faulted) >= 5, "the faults did not fire: the test would prove nothing"
    # Every POST acted (reset_after acts, then drops), and none was re-sent: a re-read found each lost create.
    assert len(posts) == 50
    # Each task reported the very notification the account holds.
    assert sorted(r["notification"]["id"] for r in results) == sorted(n["id"] for n in account_notifications(emu))


def test_dropped_connections_before_and_after_acting_and_refusals(emu, run_hosts):
    """A lost create that did not act is sent again; one that did is adopted; a 503 refusal is retried."""
    sims = emu.seed(sim_cards=2)["sim_cards"]
    declared = [{"amount": a, "unit": "MB"} for a in (100, 200, 300, 400, 500)]
    emu.clear_requests()
    emu.faults(rate=0.5, kinds=["reset", "reset_after", "503"], methods=["POST"], seed=1)
    results = run_hosts("sim_card_notification", {"localhost": [
        {"id": sim["id"], "threshold": threshold, "http_retries": 12} for sim in sims for threshold in declared]})["localhost"]
    emu.clear_faults()
    assert all(r["changed"] and not r["failed"] for r in results), results
    assert thresholds(emu) == sorted((sim["id"], Decimal(t["amount"]), "MB") for sim in sims for t in declared)
    posts = [r for r in emu.requests() if r["method"] == "POST"]
    assert {"reset", "reset_after", "503"} <= set(r["fault"] for r in posts)
    # The POSTs that acted (answered 201, or acted then dropped) are exactly the ten creates.
    assert len([r for r in posts if r["status"] == 201 or r["fault"] == "reset_after"]) == 10


def test_thresholds_declare_a_set_of_several_with_exclusive(emu, run_tasks):
    sim = one_sim(emu)
    for amount, unit in ((500, "MB"), (2048, "MB"), (2048, "MB"), (5, "GB")):
        add_notification(emu, sim["id"], amount, unit)
    emu.clear_requests()
    args = {"iccid": sim["iccid"], "thresholds": [{"amount": 500, "unit": "MB"}, {"amount": "1", "unit": "GB"}, {"amount": "2048.0", "unit": "MB"}],
            "exclusive": True}
    check = run_tasks([note_task("declare", **args)], check=True, diff=True, expect_rc=0).task("declare")
    assert emu.writes() == []
    run = run_tasks([note_task("declare", **args), note_task("again", **args)], diff=True, expect_rc=0)
    declare, again = run.task("declare"), run.task("again")
    expected = {"before": {"notifications": ["500 MB", "2048 MB", "2048 MB", "5 GB"]}, "after": {"notifications": ["500 MB", "2048 MB", "1 GB"]}}
    for result in (check, declare):
        assert result["changed"] is True
        assert dict((k, result["diff"][k]) for k in ("before", "after")) == expected
        assert sorted(threshold_key(n) for n in result["removed"]) == [("2048", "MB"), ("5", "GB")]
        assert result["notification"] is None
    assert sorted(n["id"] for n in check["removed"]) == sorted(n["id"] for n in declare["removed"])
    assert again["changed"] is False and again["removed"] == []
    # Two removals (the extra 2048 MB copy and 5 GB), then one create (1 GB); nothing on the second run.
    assert [m for m, dummy in writes(emu.requests())] == ["DELETE", "DELETE", "POST"]
    assert thresholds(emu, sim["id"]) == [(sim["id"], 1, "GB"), (sim["id"], 500, "MB"), (sim["id"], 2048, "MB")]


def test_thresholds_absent_and_duplicates_rejected_before_any_request(emu, run_tasks):
    sim = one_sim(emu)
    for amount, unit in ((500, "MB"), (1, "GB"), (3, "GB")):
        add_notification(emu, sim["id"], amount, unit)
    emu.clear_requests()
    run = run_tasks([
        dict(note_task("twice", id=sim["id"], thresholds=[{"amount": 1, "unit": "GB"}, {"amount": "1.0", "unit": "GB"}]), ignore_errors=True),
    ])
    assert run.failed("twice")
    assert "thresholds[2] (1 GB) is given twice" in run.task("twice")["msg"]
    assert emu.requests() == []
    run = run_tasks([note_task("remove", id=sim["id"], state="absent", thresholds=[{"amount": 500, "unit": "MB"}, {"amount": 3, "unit": "GB"}])],
                    diff=True, expect_rc=0)
    assert run.task("remove")["diff"]["after"] == {"notifications": ["1 GB"]}
    assert thresholds(emu, sim["id"]) == [(sim["id"], 1, "GB")]
