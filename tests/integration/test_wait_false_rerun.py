# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A rerun while an earlier run's wait=false action is still in flight: every step is planned on the SIM card as it
is once it has settled, so the rerun sends nothing twice and reports what it really changed (nothing).

Transitions take an hour in these tests; the rerun finds the action in flight and waits; the test then moves the
emulator's clock on (no sleeping) so that the action completes while the rerun waits.
"""

from __future__ import annotations

import threading
import time

import pytest

FAST = {"wait_sleep": 0.2, "wait_timeout": 300}
CONNECTION = "1293384261075731499"
#: step kind -> (how the SIM card starts, the declaration)
KINDS = {
    "status": ("enabled", {"state": "disabled"}),
    "voice": ("enabled", {"voice": True, "voice_connection_id": CONNECTION}),
    "public_ip": ("enabled", {"public_ip": {"region_code": "dc2"}}),
    "notifications": ("enabled", {"notifications": [{"amount": 1, "unit": "GB"}], "public_ip": {"region_code": "dc2"}}),
}
#: what sim_card itself declares (public IPs and notifications have their own modules; the fleet declares them with the rest)
SIM_CARD_KINDS = ("status", "voice")


def sim_card_task(sim, declared, wait):
    return {"name": "task", "telnyx.wireless.sim_card": dict(FAST, id=sim["id"], wait=wait, **declared)}


def fleet_task(sim, declared, wait):
    return {"name": "task", "telnyx.wireless.sim_card_fleet": dict(FAST, wait=wait, sim_cards=[dict(declared, id=sim["id"])])}


def writes(emu):
    return [(r["method"], r["path"]) for r in emu.requests() if r["method"] != "GET" and r["path"].startswith("/v2/")]


def rerun_while_in_flight(emu, run_playbook, task, reads_before_waiting):
    """Run `task` (wait=true) while the action is in flight; once it has read `reads_before_waiting` times (it is
    waiting), complete the action by moving the clock on. The rerun's result."""
    emu.clear_requests()
    outcome = {}
    thread = threading.Thread(target=lambda: outcome.update(run=run_playbook([task], diff=True)))
    thread.start()
    deadline = time.monotonic() + 300
    while thread.is_alive() and time.monotonic() < deadline:
        if len([r for r in emu.requests() if r["method"] == "GET" and r["path"].startswith("/v2/")]) >= reads_before_waiting:
            break
        time.sleep(0.1)
    emu.advance(7200)
    thread.join(300)
    run = outcome["run"]
    assert run.rc == 0, repr(run)
    return run.task("task")


@pytest.mark.parametrize("kind,path", [(kind, "sim_card") for kind in SIM_CARD_KINDS] + [(kind, "sim_card_fleet") for kind in sorted(KINDS)])
def test_a_rerun_while_a_wait_false_action_is_in_flight_sends_nothing_twice(emu, run_tasks, kind, path):
    start, declared = KINDS[kind]
    sim = emu.seed(sim_cards=1, groups=["meters"], statuses=[start])["sim_cards"][0]
    emu.config(transition_seconds=3600)
    make = sim_card_task if path == "sim_card" else fleet_task
    emu.clear_requests()
    first = run_tasks([make(sim, declared, False)], expect_rc=0).task("task")
    assert first["changed"] is True
    sent = writes(emu)
    assert sent, "the wait=false run sent nothing"
    # sim_card: its read, then a poll; the fleet: the groups, the list, then a poll of the SIM card
    result = rerun_while_in_flight(emu, run_tasks, make(sim, declared, True), 2 if path == "sim_card" else 3)
    assert writes(emu) == [], "the rerun sent again what the first run had sent"
    assert result["changed"] is False, result
    if path == "sim_card_fleet":
        assert result["sim_cards"] == [] and result["summary"]["changed"] == 0 and result["summary"]["unchanged"] == 1
    after = emu.sim(sim["id"])
    if kind == "status":
        assert after["status"]["value"] == "disabled"
    if kind == "voice":
        assert after["voice_enabled"] is True
    if kind == "notifications":
        found = emu.api("GET", "/sim_card_data_usage_notifications", params={"filter[sim_card_id]": sim["id"]}).json()["data"]
        assert len(found) == 1
