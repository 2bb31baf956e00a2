# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""telnyx.wireless.sim_card `voice` (Telnyx beta), against the emulator.

Every starting state (voice on or off, SIM card enabled or disabled) to the other voice setting: check mode
predicts the change and writes nothing, the real run sends one action and waits for it, a rerun and check mode
again change nothing; the diff shows voice_enabled before and after; a lost answer never sends a second action.
"""

from __future__ import annotations

import pytest

FAST = {"wait_sleep": 0.2, "wait_timeout": 30}


def sim_task(name, check=False, loop=None, **args):
    merged = dict(FAST)
    merged.update(args)
    task = {"name": name, "telnyx.wireless.sim_card": merged, "diff": True}
    if check:
        task["check_mode"] = True
    if loop is not None:
        task["loop"] = loop
    return task


def voice_writes(emu):
    """The voice actions sent, as (SIM card id, action, body)."""
    found = []
    for request in emu.writes():
        parts = request["path"].split("/")
        if parts[-1] in ("enable_voice", "disable_voice"):
            found.append((parts[-3], parts[-1], request["body"]))
    return found


def turn_voice_on(emu, sim_id):
    assert emu.api("POST", "/sim_cards/%s/actions/enable_voice" % sim_id).status_code == 202
    emu.advance(60)
    assert emu.sim(sim_id)["voice_enabled"] is True


def test_every_starting_state_to_the_other_voice_setting(emu, run_hosts):
    sims = emu.seed(sim_cards=4, statuses=["enabled", "disabled"])["sim_cards"]
    for sim in sims[2:]:
        turn_voice_on(emu, sim["id"])
    # (voice before, status) -> voice asked: off/enabled, off/disabled -> on; on/enabled, on/disabled -> off.
    cases = [{"iccid": sim["iccid"], "voice": index < 2, "state": "present" if sim["status"] == "enabled" else "disabled"}
             for index, sim in enumerate(sims)]
    assert [(sim["status"], case["voice"]) for sim, case in zip(sims, cases)] == [
        ("enabled", True), ("disabled", True), ("enabled", False), ("disabled", False)]
    emu.clear_requests()
    # the task looping over the cases, in the module runner: check mode, the real run, the rerun, check mode again
    looped = {}
    for name, check_mode in (("check", True), ("apply", False), ("again", False), ("check again", True)):
        items = [sim_task(name, **case)["telnyx.wireless.sim_card"] for case in cases]
        looped[name] = run_hosts("sim_card", {"localhost": items}, check=check_mode, diff=True)["localhost"]
        assert not any(result["failed"] for result in looped[name]), looped[name]
    check, apply = looped["check"], looped["apply"]
    for sim, case, predicted, done in zip(sims, cases, check, apply):
        label = "%s voice %s" % (sim["status"], case["voice"])
        assert predicted["changed"] is True and done["changed"] is True, label
        assert predicted["actions"] == [], label
        assert [(a["action_type"], a["status"]["value"]) for a in done["actions"]] == [
            ("enable_voice" if case["voice"] else "disable_voice", "in-progress")], label
        assert done["sim_card"]["voice_enabled"] is case["voice"] and done["sim_card"]["status"]["value"] == sim["status"], label
        assert emu.sim(sim["id"])["voice_enabled"] is case["voice"], label
        # The diff: voice_enabled flips, nothing else moves; check mode predicted the same diff.
        before, after = done["diff"]["before"], done["diff"]["after"]
        assert (before["voice_enabled"], after["voice_enabled"]) == (not case["voice"], case["voice"]), label
        assert dict(before, voice_enabled=case["voice"]) == after, label
        assert predicted["diff"] == done["diff"], label
    for name in ("again", "check again"):
        for case, result in zip(cases, looped[name]):
            assert result["changed"] is False and result["actions"] == [], (name, case)
            assert result["diff"]["before"] == result["diff"]["after"], (name, case)
            assert result["diff"]["after"]["voice_enabled"] is case["voice"], (name, case)
    # One action per SIM card, sent by the real run only.
    assert sorted(voice_writes(emu)) == sorted((sim["id"], "enable_voice" if case["voice"] else "disable_voice", None)
                                               for sim, case in zip(sims, cases))
    assert len(emu.writes()) == 4


def test_with_a_status_change_and_a_connection(emu, run_tasks):
    sim = emu.seed(sim_cards=1, statuses=["disabled"])["sim_cards"][0]
    emu.clear_requests()
    args = {"id": sim["id"], "state": "present", "voice": True, "voice_connection_id": "1293384261075731499"}
    run = run_tasks([sim_task("check", check=True, **args), sim_task("apply", **args), sim_task("again", **args)], expect_rc=0)
    check, apply = run.task("check"), run.task("apply")
    assert [a["action_type"] for a in apply["actions"]] == ["enable", "enable_voice"]
    assert apply["actions"][1]["settings"] == {"connection_id": "1293384261075731499"}
    assert check["diff"] == apply["diff"]
    assert apply["diff"]["before"]["status"] == "disabled" and apply["diff"]["before"]["voice_enabled"] is False
    assert apply["diff"]["after"]["status"] == "enabled" and apply["diff"]["after"]["voice_enabled"] is True
    assert run.task("again")["changed"] is False
    writes = emu.writes()
    assert [w["path"].rsplit("/", 1)[-1] for w in writes] == ["enable", "enable_voice"]
    assert writes[1]["body"] == {"connection_id": "1293384261075731499"}
    # A connection_id for a SIM card that has voice already changes nothing (Telnyx does not show the connection).
    emu.clear_requests()
    run = run_tasks([sim_task("other connection", id=sim["id"], voice=True, voice_connection_id="999")], expect_rc=0)
    assert run.task("other connection")["changed"] is False and emu.writes() == []


def test_no_wait_returns_the_action_under_way(emu, run_tasks):
    sim = emu.seed(sim_cards=1)["sim_cards"][0]
    emu.config(transition_seconds=3600)
    emu.clear_requests()
    args = {"id": sim["id"], "voice": True, "wait": False}
    run = run_tasks([sim_task("check", check=True, **args), sim_task("apply", **args)], expect_rc=0)
    check, apply = run.task("check"), run.task("apply")
    assert [(a["action_type"], a["status"]["value"]) for a in apply["actions"]] == [("enable_voice", "in-progress")]
    assert check["sim_card"]["voice_enabled"] is True and apply["sim_card"]["voice_enabled"] is True
    assert check["diff"] == apply["diff"]
    assert emu.sim(sim["id"])["voice_enabled"] is False and emu.sim(sim["id"])["actions_in_progress"] is True
    emu.advance(3600)
    assert emu.sim(sim["id"])["voice_enabled"] is True
    assert len(voice_writes(emu)) == 1


def test_a_lost_answer_is_not_sent_twice(emu, run_tasks):
    sim = emu.seed(sim_cards=1)["sim_cards"][0]
    emu.faults(rate=1.0, kinds=["reset_after"], seed=1, methods=["POST"], path_regex="enable_voice")
    emu.clear_requests()
    run = run_tasks([sim_task("apply", id=sim["id"], voice=True)], expect_rc=0)
    apply = run.task("apply")
    assert apply["changed"] is True and apply["sim_card"]["voice_enabled"] is True
    sent = [r for r in emu.requests() if r["path"].endswith("/enable_voice")]
    assert [r["fault"] for r in sent] == ["reset_after"]
    assert len(voice_writes(emu)) == 1


@pytest.mark.ansible_core
def test_bad_voice_options_fail_before_any_request(emu, run_playbook):
    sim = emu.seed(sim_cards=1)["sim_cards"][0]
    emu.clear_requests()
    run = run_playbook([dict(sim_task("absent", id=sim["id"], state="absent", voice=False), ignore_errors=True),
                        sim_task("connection without voice", id=sim["id"], voice_connection_id="1")], expect_rc=2)
    assert run.task("absent")["msg"] == "voice does not apply with state=absent."
    assert run.task("connection without voice")["msg"] == "voice_connection_id needs voice=true."
    assert emu.requests() == []
