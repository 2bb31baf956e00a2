# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Soak: a 30-SIM fleet converges under 20% faults of every kind, then reruns with nothing to do.

Each SIM card is one host, as the sim_fleet role runs a fleet kept in the inventory (AWX): one sim_card_fleet task of
one entry per host, 10 hosts at once, in the module runner (the collection's own Python against the emulator; the role
per host is tested by test_sim_card_fleet.py's AWX slices).

Every kind the emulator injects fires: 429, 500, 503, a reset before acting, a reset after acting, and answers slower
than http_timeout (the request is applied after the client stopped waiting). The run must end with 0 failed tasks, 0
duplicate notifications, every action applied exactly once (the emulator's request log), and the state the fleet
declares (the API); the rerun without faults must report changed=0 and send no write.
"""

from __future__ import annotations

import time
from collections import Counter

SIMS = 30
FAULT_KINDS = ["429", "500", "503", "reset", "reset_after", "slow"]
HTTP_TIMEOUT = 0.5
SLOW_SECONDS = 0.8  # longer than http_timeout: the answer is lost while the request is still being applied
NOTIFICATIONS = [{"amount": 100, "unit": "MB"}, {"amount": 1, "unit": "GB"}]
STATES = ["present", "disabled", "standby"]


def fleet_for(sims, groups):
    """One entry per SIM card: status, tags, group, limit, two notifications; a public IP on every fifth one."""
    fleet = {}
    for number, sim in enumerate(sims):
        entry = {"id": sim["id"], "state": STATES[number % 3], "tags": ["soak", "batch%d" % (number % 4)],
                 "sim_card_group": groups[number % 2]["name"], "data_limit": {"amount": 500 + number, "unit": "MB"},
                 "notifications": NOTIFICATIONS}
        if number % 5 == 0 and entry["state"] == "present":
            entry["public_ip"] = {"state": "present"}
        fleet["sim%02d" % number] = [entry]
    return fleet


def hosts(fleet):
    """{host: sim_card_fleet arguments}: the host's entries, with the options the sim_fleet role passes by default."""
    return dict((host, {"sim_cards": entries, "http_timeout": HTTP_TIMEOUT, "http_retries": 10, "wait_sleep": 0.2,
                        "max_deletions": 1, "wait_timeout": 300}) for host, entries in fleet.items())


def outcomes(results):
    """How many hosts changed and how many failed (a play recap's two counts)."""
    return Counter(changed=sum(1 for r in results.values() if r["changed"]), failed=sum(1 for r in results.values() if r["failed"]))


def acted(request):
    """Whether the emulator applied a logged request: it answered 2xx (a slow answer too), or reset after acting."""
    return request["fault"] == "reset_after" or (request["status"] is not None and 200 <= request["status"] < 300)


def test_a_fleet_converges_under_faults_of_every_kind_and_the_rerun_changes_nothing(emu, run_hosts):
    seeded = emu.seed(sim_cards=SIMS, groups=["meters", "trackers"], statuses=["enabled", "disabled", "standby", "enabled"])
    sims, groups = seeded["sim_cards"], seeded["groups"]
    fleet = fleet_for(sims, groups)
    emu.clear_requests()
    emu.faults(rate=0.2, kinds=FAULT_KINDS, seed=17, retry_after=0.2, slow_seconds=SLOW_SECONDS)
    started = time.monotonic()
    run = run_hosts("sim_card_fleet", hosts(fleet), forks=10)
    seconds = time.monotonic() - started
    emu.clear_faults()
    time.sleep(SLOW_SECONDS)  # let any request the client stopped waiting for finish, so the log is complete
    log = emu.requests()

    assert outcomes(run)["failed"] == 0, [r for r in run.values() if r["failed"]]
    assert outcomes(run)["changed"] == SIMS
    fired = Counter(r["fault"] for r in log if r["fault"])
    assert set(fired) == set(FAULT_KINDS), "not every fault kind fired: %r" % fired
    assert sum(fired.values()) >= 0.1 * len(log), fired

    # Every action (status, public IP) applied exactly once per SIM card, every notification created exactly once.
    # (a bulk_set_public_ips request acts on each SIM card it names: counted per SIM card)
    actions = Counter()
    for r in log:
        if r["method"] == "POST" and "/actions/" in r["path"] and acted(r):
            if r["path"].endswith("/bulk_set_public_ips"):
                actions.update("bulk_set_public_ips %s" % sim_id for sim_id in r["body"]["sim_card_ids"])
            else:
                actions[r["path"]] += 1
    assert actions and max(actions.values()) == 1, [path for path, count in actions.items() if count > 1]
    creates = [r for r in log if r["method"] == "POST" and r["path"].endswith("/sim_card_data_usage_notifications") and acted(r)]
    assert len(creates) == SIMS * len(NOTIFICATIONS)

    # The API holds what the fleet declares: no duplicates, nothing missing.
    by_id = dict((entry[0]["id"], entry[0]) for entry in fleet.values())
    target = {"present": "enabled", "disabled": "disabled", "standby": "standby"}
    notifications = emu.api("GET", "/sim_card_data_usage_notifications", params={"page[size]": 250}).json()["data"]
    held = Counter(n["sim_card_id"] for n in notifications)
    assert held == Counter(dict((sim_id, 2) for sim_id in by_id))
    for sim_id, entry in by_id.items():
        card = emu.sim(sim_id)
        assert card["status"]["value"] == target[entry["state"]], (entry, card["status"])
        assert sorted(card["tags"]) == sorted(entry["tags"])
        assert float(card["data_limit"]["amount"]) == entry["data_limit"]["amount"]
        if "public_ip" in entry:
            ip = emu.api("GET", "/sim_cards/%s/public_ip" % sim_id)
            assert ip.status_code == 200 and (ip.json().get("data") or {}).get("ip"), ip.text
    assert len([entry for entry in by_id.values() if "public_ip" in entry]) >= 2

    # The rerun without faults: nothing to do, nothing written.
    emu.clear_requests()
    rerun = run_hosts("sim_card_fleet", hosts(fleet), forks=10)
    assert outcomes(rerun) == Counter(changed=0, failed=0), [r for r in rerun.values() if r["changed"] or r["failed"]]
    assert [r for r in emu.requests() if r["method"] != "GET"] == []
    print("soak: %d SIM cards, %d requests, faults %s, %.1f s" % (SIMS, len(log), dict(fired), seconds))
