# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Two runs at once (AWX `allow_simultaneous`, two job templates on one SIM card): two runs of the same tasks started
together (in the module runner: two module processes at a time, each run's tasks in order), each declaring the same
thing. What each create two runs can race leaves behind (docs/decisions.md, "Two runs at once").
"""

from __future__ import annotations

from conftest import runner_task

NOTIFICATIONS = "/v2/sim_card_data_usage_notifications"
REPETITIONS = 20
#: Each notification create is held this long by the emulator before it acts, so that both runs read "no notification
#: at 2 GB" before either create lands: the interleaving that made two notifications.
CREATE_HELD_SECONDS = 3


def start_together(module_runner, tasks):
    """Two runs of the same tasks started at once, each in order (as two ansible-playbook processes on one play would),
    in the module runner. Returns [(rc, results)] per run, results as run_playbook records them."""
    plans = [runner_task(task) for task in tasks]
    for dummy, dummy, ignore_errors, check, diff in plans:
        assert not ignore_errors and check is None and diff is None
    found = module_runner.run_hosts(dict(("run%d" % number, [(module, args) for module, args, dummy, dummy, dummy in plans])
                                         for number in range(2)), forks=2)
    runs = []
    for number in range(2):
        results = [{"name": task["name"], "outcome": "failed" if result["failed"] else "ok", "result": result}
                   for task, result in zip(tasks, found["run%d" % number])]
        runs.append((2 if any(entry["outcome"] == "failed" for entry in results) else 0, results))
    return runs


def notifications_of(emu, sim_id):
    response = emu.api("GET", "/sim_card_data_usage_notifications", params={"filter[sim_card_id]": sim_id, "page[size]": 250})
    assert response.status_code == 200, response.text
    return response.json()["data"]


def test_two_runs_declaring_one_threshold_leave_one_notification(emu, run_hosts):
    """20 times: two runs started together declare 2 GB on a fresh SIM card; both create, and exactly one stays.

    The 20 repetitions are 20 pairs of runs at once (one SIM card each), all 40 started together: every create is held,
    so each pair races on its SIM card (both read "no notification at 2 GB" before either create lands, checked per SIM
    card). Both runs keep the same notification (the oldest) and report it; each removed at most the other's copy.
    """
    sims = emu.seed(sim_cards=REPETITIONS)["sim_cards"]
    emu.faults(rate=1.0, kinds=["slow"], methods=["POST"], path_regex="^/v2/sim_card_data_usage_notifications$",
               slow_seconds=CREATE_HELD_SECONDS)
    emu.clear_requests()
    found = run_hosts("sim_card_notification", dict(("%d-%d" % (number, run), {"id": sim["id"], "threshold": {"amount": 2, "unit": "GB"}})
                                                    for number, sim in enumerate(sims) for run in range(2)))
    assert not any(result["failed"] for result in found.values()), found
    requests = emu.requests()
    for number, sim in enumerate(sims):
        creates = [r for r in requests if r["method"] == "POST" and r["path"] == NOTIFICATIONS and r["body"]["sim_card_id"] == sim["id"]]
        assert len(creates) == 2, "repetition %d: the runs did not race (one read after the other's create)" % number
        left = notifications_of(emu, sim["id"])
        assert len(left) == 1, "repetition %d: %r" % (number, left)
        results = [found["%d-%d" % (number, run)] for run in range(2)]
        assert [result["notification"]["id"] for result in results] == [left[0]["id"]] * 2
        assert all(result["changed"] is True for result in results)
        assert [[n["id"] for n in result["notifications"]] for result in results] == [[left[0]["id"]]] * 2
        removed = [n["id"] for result in results for n in result["removed"]]
        mine = set("%s/%s" % (NOTIFICATIONS, n["id"]) for result in results for n in result["removed"])
        deletes = [r for r in requests if r["method"] == "DELETE" and r["path"] in mine]
        # The newer copy was removed by one run, or by both (the second DELETE then finds it gone: 404).
        assert len(set(removed)) == 1 and left[0]["id"] not in removed, number
        assert set(r["path"] for r in deletes) == {"%s/%s" % (NOTIFICATIONS, removed[0])}


def test_two_fleet_runs_declaring_one_threshold_leave_one_notification(emu, module_runner):
    """The same through sim_card_fleet (its notification step keeps the oldest copy too): two fleet runs started
    together, each declaring 2 GB on the same 3 SIM cards, race on each of them: one notification each."""
    sims = emu.seed(sim_cards=3)["sim_cards"]
    emu.faults(rate=1.0, kinds=["slow"], methods=["POST"], path_regex="^/v2/sim_card_data_usage_notifications$",
               slow_seconds=CREATE_HELD_SECONDS)
    emu.clear_requests()
    task = {"name": "fleet", "telnyx.wireless.sim_card_fleet": {
        "sim_cards": [{"id": sim["id"], "notifications": [{"amount": 2, "unit": "GB"}]} for sim in sims]}}
    runs = start_together(module_runner, [task])
    for rc, results in runs:
        assert rc == 0, results
    requests = emu.requests()
    for number, sim in enumerate(sims):
        creates = [r for r in requests if r["method"] == "POST" and r["path"] == NOTIFICATIONS and r["body"]["sim_card_id"] == sim["id"]]
        assert len(creates) == 2, "SIM card %d: the runs did not race" % number
        left = notifications_of(emu, sim["id"])
        assert len(left) == 1, "SIM card %d: %r" % (number, left)
    kept = set("%s/%s" % (NOTIFICATIONS, notifications_of(emu, sim["id"])[0]["id"]) for sim in sims)
    deletes = [r for r in requests if r["method"] == "DELETE"]
    # the newer copy of each was removed (by one run or both), never the oldest that stays
    assert len(set(r["path"] for r in deletes)) == 3 and not kept & set(r["path"] for r in deletes)


def test_two_runs_creating_one_group_and_one_blocklist_leave_two_that_the_next_run_refuses(emu, module_runner, run_tasks):
    """Groups, blocklists and gateways are found by name, and Telnyx lets two share a name: two runs that both read
    "no group named meters" both create one. The collection does not delete either (it cannot tell which one SIM cards,
    group actions or another tool already use); the next run that names it fails before writing, naming both ids, and
    the group that should not be is removed by id (docs/decisions.md, "Two runs at once")."""
    emu.faults(rate=1.0, kinds=["slow"], methods=["POST"], path_regex="^/v2/(sim_card_groups|wireless_blocklists)$",
               slow_seconds=CREATE_HELD_SECONDS)
    tasks = [{"name": "group", "telnyx.wireless.sim_card_group": {"name": "meters"}},
             {"name": "blocklist", "telnyx.wireless.wireless_blocklist": {"name": "sanctions", "type": "country", "values": ["US"]}}]
    runs = start_together(module_runner, tasks)
    assert [rc for rc, dummy in runs] == [0, 0], runs
    groups = [g for g in emu.api("GET", "/sim_card_groups", params={"filter[name]": "meters"}).json()["data"] if g["name"] == "meters"]
    blocklists = [b for b in emu.api("GET", "/wireless_blocklists").json()["data"] if b["name"] == "sanctions"]
    assert (len(groups), len(blocklists)) == (2, 2), "the runs did not race (one read after the other's create)"
    emu.clear_faults()
    emu.clear_requests()
    run = run_tasks([dict(task, ignore_errors=True) for task in tasks], expect_rc=0)
    for name, twins in (("group", groups), ("blocklist", blocklists)):
        assert run.failed(name) and all(twin["id"] in run.task(name)["msg"] for twin in twins), run.task(name)
    assert [r for r in emu.requests() if r["method"] != "GET"] == []
    newer = max(groups, key=lambda group: (group["created_at"], group["id"]))
    run = run_tasks([{"name": "remove the newer", "telnyx.wireless.sim_card_group": {"id": newer["id"], "state": "absent"}},
                     {"name": "group", "telnyx.wireless.sim_card_group": {"name": "meters"}}], expect_rc=0)
    assert run.task("remove the newer")["changed"] is True and run.task("group")["changed"] is False


def test_two_runs_buying_one_shortfall_of_esims_buy_it_twice(emu, module_runner):
    """eSIM purchase counts the group's eSIMs, then buys the shortfall: two runs at once both count 0 and both buy.
    The collection cannot undo it (a bought eSIM is paid for; deleting one is not a refund), so the docs say not to run
    two purchases for one group at once, and `max_purchase` bounds what each run can buy (docs/decisions.md)."""
    emu.seed(groups=["fleet-eu"])
    emu.faults(rate=1.0, kinds=["slow"], methods=["POST"], path_regex="^/v2/actions/purchase/esims$", slow_seconds=CREATE_HELD_SECONDS)
    task = {"name": "buy", "telnyx.wireless.esim_purchase": {"sim_card_group": "fleet-eu", "tags": ["batch-a"], "count": 2,
                                                             "max_purchase": 2, "wait": False}}
    runs = start_together(module_runner, [task])
    assert [rc for rc, dummy in runs] == [0, 0], runs
    purchases = [r["body"] for r in emu.requests() if r["method"] == "POST" and r["path"] == "/v2/actions/purchase/esims"]
    assert [body["amount"] for body in purchases] == [2, 2]
    group = emu.api("GET", "/sim_card_groups", params={"filter[name]": "fleet-eu"}).json()["data"][0]
    bought = emu.api("GET", "/sim_cards", params={"filter[sim_card_group_id]": group["id"], "page[size]": 250}).json()["data"]
    assert len([sim for sim in bought if sim["type"] == "esim"]) == 4
