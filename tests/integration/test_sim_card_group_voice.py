# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""telnyx.wireless.sim_card_group `voice` (Telnyx beta): voice for every SIM card of a group through Telnyx's bulk
voice actions, run by ansible-playbook against the emulator.

Every starting state (all off, mixed, all on, an empty group, a group this run creates): check mode predicts exactly
and writes nothing, the real run sends the bulk action once per group that needs it and waits for it, a rerun changes
nothing and only reads; the diff shows voice counts. A lost answer never sends the bulk action twice; SIM cards whose
action fails are named, with Telnyx's reason, after the others converged. Requests are read from the emulator's log.
"""

from __future__ import annotations

import pytest
from policy_helpers import api_requests, data, make_group, run_cases, writes_of

OPTIONS = ("name", "id", "state", "voice", "voice_connection_id", "wait", "wait_timeout", "wait_sleep")
FAST = {"wait_sleep": 0.2, "wait_timeout": 60}
BULK = "/v2/sim_cards/actions/bulk_%s_voice"


def cases_run(run_playbook, cases, check=False):
    return run_cases(run_playbook, "sim_card_group", OPTIONS, cases, check=check)


def group_task(title, check=False, ignore_errors=False, **args):
    task = {"name": title, "telnyx.wireless.sim_card_group": dict(FAST, **args), "diff": True}
    if check:
        task["check_mode"] = True
    if ignore_errors:
        task["ignore_errors"] = True
    return task


def seed_group(emu, name, voice_flags):
    """A group named `name` holding one SIM card per flag, with voice on where the flag is true. Returns (group, SIM cards)."""
    if not voice_flags:
        return make_group(emu, name), []
    seeded = emu.seed(sim_cards=len(voice_flags), groups=[name])
    sims = seeded["sim_cards"]
    for sim, on in zip(sims, voice_flags):
        if on:
            assert emu.api("POST", "/sim_cards/%s/actions/enable_voice" % sim["id"]).status_code == 202
    emu.advance(60)
    assert [emu.sim(sim["id"])["voice_enabled"] for sim in sims] == [bool(on) for on in voice_flags]
    return seeded["groups"][0], sims


def voice_now(emu, sims):
    return [emu.sim(sim["id"])["voice_enabled"] for sim in sims]


def bulk_posts(requests, group_id=None):
    """The bulk voice POSTs (of one group), as (enable|disable, body)."""
    found = []
    for request in writes_of(requests):
        for kind in ("enable", "disable"):
            if request["path"] == BULK % kind and (group_id is None or (request["body"] or {}).get("sim_card_group_id") == group_id):
                found.append((kind, request["body"]))
    return found


def counts(enabled, disabled):
    return {"enabled": enabled, "disabled": disabled}


def test_every_starting_state(emu, run_tasks):
    """From every starting state: check mode predicts exactly (0 writes), the real run sends one bulk action per group
    with a SIM card to change and converges, the diff shows the counts, a rerun changes nothing and only reads."""
    layouts = {
        "all_off_on": [False, False, False],
        "mixed_on": [True, False, True, False, False],
        "all_on_on": [True, True],
        "empty_on": [],
        "mixed_off": [True, False, True],
        "all_off_off": [False, False],
    }
    seeded = dict((host, seed_group(emu, host.replace("_", "-"), flags)) for host, flags in layouts.items())
    cases = dict((host, {"name": host.replace("_", "-"), "voice": host.endswith("_on")}) for host in layouts)
    cases["new_on"] = {"name": "new-on", "voice": True}  # a group this run creates: it holds no SIM card
    wanted = dict((host, case["voice"]) for host, case in cases.items())
    changing = dict((host, sorted(sim["iccid"] for sim, on in zip(sims, layouts[host]) if on != wanted[host]))
                    for host, (dummy, sims) in seeded.items())
    changing["new_on"] = []

    emu.clear_requests()
    check = cases_run(run_tasks, cases, check=True)
    requests = api_requests(emu)
    assert writes_of(requests) == []
    # a read of the group by name each, and one page of its SIM cards for each group that exists
    assert len(requests) == len(cases) + len(seeded), [(r["method"], r["path"], r["query"]) for r in requests]

    emu.clear_requests()
    real = cases_run(run_tasks, cases)
    requests = api_requests(emu)
    for host in cases:
        result, predicted = real[host], check[host]
        flags = layouts.get(host, [])
        before = counts(sum(flags), len(flags) - sum(flags))
        after = counts(len(flags), 0) if wanted[host] else counts(0, len(flags))
        assert not result["failed"], (host, result.get("msg"))
        assert result["changed"] is (bool(changing[host]) or host == "new_on"), host
        assert predicted["changed"] is result["changed"], host
        for name, report in (("check", predicted), ("real", result)):
            voice = report["voice"]
            assert (voice["sim_cards"], voice["before"], voice["after"]) == (len(flags), before, after), (host, name)
            assert voice["changed_iccids"] == changing[host] and voice["failed"] == [], (host, name)
        assert predicted["voice"]["bulk_action"] is None, host
        # the diff: voice counts before and after, as check mode predicted
        if host == "new_on":
            assert result["diff"]["before"] == {} and result["diff"]["after"]["voice"] == counts(0, 0)
        else:
            assert (result["diff"]["before"]["voice"], result["diff"]["after"]["voice"]) == (before, after), host
            assert predicted["diff"] == result["diff"], host
        if host in seeded:
            group, sims = seeded[host]
            assert voice_now(emu, sims) == [wanted[host]] * len(sims), host
            posts = bulk_posts(requests, group["id"])
            if changing[host]:
                kind = "enable" if wanted[host] else "disable"
                assert posts == [(kind, {"sim_card_group_id": group["id"]})], host
                bulk = result["voice"]["bulk_action"]
                assert (bulk["action_type"], bulk["settings"]) == ("bulk_%s_voice" % kind, {"sim_card_group_id": group["id"]}), host
                assert bulk["sim_card_actions_summary"] == [{"count": len(sims), "status": "completed"}], host
            else:
                assert posts == [] and result["voice"]["bulk_action"] is None, host
    # one bulk action per group that needed one; nothing else written but the new group
    assert len(bulk_posts(requests)) == 3
    assert [(r["method"], r["path"]) for r in writes_of(requests) if "/actions/bulk_" not in r["path"]] == [("POST", "/v2/sim_card_groups")]
    assert emu.state()["bulk_actions"] == 3

    emu.clear_requests()
    again = cases_run(run_tasks, cases)
    requests = api_requests(emu)
    assert writes_of(requests) == []
    assert dict((host, r["changed"]) for host, r in again.items()) == dict((host, False) for host in cases)
    assert all(r["voice"]["changed_iccids"] == [] and r["voice"]["bulk_action"] is None for r in again.values())
    assert len(requests) == 2 * len(cases), [(r["method"], r["path"], r["query"]) for r in requests]


def test_the_real_run_requests_in_order(emu, run_tasks):
    """The requests of a real run that changes a mixed group, of its rerun, and the diff as an approver reads it."""
    group, sims = seed_group(emu, "fleet", [True, False, False, True, False])
    emu.clear_requests()
    run = run_tasks([group_task("check", check=True, name="fleet", voice=True), group_task("apply", name="fleet", voice=True),
                     group_task("again", name="fleet", voice=True)], expect_rc=0)
    check, apply, again = run.task("check"), run.task("apply"), run.task("again")
    assert check["changed"] is True and apply["changed"] is True and again["changed"] is False
    assert check["diff"] == apply["diff"]
    assert apply["diff"]["before_header"] == "SIM card group fleet (before)"
    assert apply["diff"]["before"]["voice"] == counts(2, 3) and apply["diff"]["after"]["voice"] == counts(5, 0)
    assert dict(apply["diff"]["before"], voice=None) == dict(apply["diff"]["after"], voice=None)  # nothing else moves
    assert apply["voice"]["changed_iccids"] == sorted(sims[i]["iccid"] for i in (1, 2, 4))
    requests = [(r["method"], r["path"], r["query"]) for r in api_requests(emu)]
    group_read = ("GET", "/v2/sim_card_groups", {"filter[name]": ["fleet"], "page[number]": ["1"], "page[size]": ["250"]})
    sims_read = ("GET", "/v2/sim_cards", {"filter[sim_card_group_id]": [group["id"]], "page[number]": ["1"], "page[size]": ["250"]})
    bulk_id = apply["voice"]["bulk_action"]["id"]
    polls = [r for r in requests if r[:2] == ("GET", "/v2/bulk_sim_card_actions/" + bulk_id)]
    assert requests[:2] == [group_read, sims_read]  # check mode: two reads
    assert requests[2:6] == [group_read, sims_read,
                             ("GET", "/v2/bulk_sim_card_actions", {"filter[action_type]": ["bulk_enable_voice"], "page[number]": ["1"],
                                                                   "page[size]": ["250"]}),
                             ("POST", BULK % "enable", {})]
    assert requests[6:6 + len(polls)] == polls and len(polls) >= 1  # the wait: the bulk action only
    assert requests[6 + len(polls):] == [group_read, sims_read]  # the rerun: two reads
    assert emu.requests()[5]["body"] == {"sim_card_group_id": group["id"]}


def test_a_group_larger_than_a_page(emu, run_tasks):
    """The SIM card list is read page by page; the diff stays two counts however many SIM cards the group holds."""
    seeded = emu.seed(sim_cards=260, groups=["big"])
    group, sims = seeded["groups"][0], seeded["sim_cards"]
    emu.clear_requests()
    run = run_tasks([group_task("check", check=True, name="big", voice=True), group_task("apply", name="big", voice=True)], expect_rc=0)
    check, apply = run.task("check"), run.task("apply")
    assert check["diff"] == apply["diff"]
    assert (apply["diff"]["before"]["voice"], apply["diff"]["after"]["voice"]) == (counts(0, 260), counts(260, 0))
    assert len(apply["voice"]["changed_iccids"]) == 260 and apply["voice"]["sim_cards"] == 260
    pages = [r["query"]["page[number]"] for r in api_requests(emu) if r["path"] == "/v2/sim_cards"]
    assert pages == [["1"], ["2"], ["1"], ["2"]]
    assert len(bulk_posts(api_requests(emu), group["id"])) == 1
    assert all(data(emu.api("GET", "/sim_cards/%s" % sim["id"]))["voice_enabled"] for sim in sims[::37])


def test_a_connection_is_sent_and_a_group_with_voice_on_is_not_changed_for_another(emu, run_tasks):
    group, sims = seed_group(emu, "voice-line", [False, True])
    emu.clear_requests()
    args = {"name": "voice-line", "voice": True, "voice_connection_id": "1293384261075731499"}
    run = run_tasks([group_task("apply", **args), group_task("other connection", name="voice-line", voice=True, voice_connection_id="999")],
                    expect_rc=0)
    assert run.task("apply")["changed"] is True
    assert run.task("apply")["voice"]["bulk_action"]["settings"] == {"sim_card_group_id": group["id"], "connection_id": "1293384261075731499"}
    assert run.task("other connection")["changed"] is False
    assert bulk_posts(api_requests(emu)) == [("enable", {"sim_card_group_id": group["id"], "connection_id": "1293384261075731499"})]
    assert voice_now(emu, sims) == [True, True]


def test_a_lost_answer_is_not_sent_twice(emu, run_tasks):
    """The bulk POST acts, then the connection drops before the answer: the re-read finds the bulk action this run made
    (it was not among the newest listed just before) and adopts it; the POST is never sent again."""
    group, sims = seed_group(emu, "lossy", [False, True, False])
    emu.faults(rate=1.0, kinds=["reset_after"], seed=1, methods=["POST"], path_regex="bulk_enable_voice")
    emu.clear_requests()
    run = run_tasks([group_task("apply", name="lossy", voice=True)], expect_rc=0)
    apply = run.task("apply")
    assert apply["changed"] is True and apply["voice"]["after"] == counts(3, 0)
    sent = [r for r in emu.requests() if r["path"] == BULK % "enable"]
    assert [r["fault"] for r in sent] == ["reset_after"]
    # the newest bulk actions listed once before the POST, once after it (the re-read that adopted it)
    around = [(r["method"], r["path"]) for r in api_requests(emu) if r["path"] in ("/v2/bulk_sim_card_actions", BULK % "enable")]
    assert around == [("GET", "/v2/bulk_sim_card_actions"), ("POST", BULK % "enable"), ("GET", "/v2/bulk_sim_card_actions")]
    assert emu.state()["bulk_actions"] == 1
    made = data(emu.api("GET", "/bulk_sim_card_actions"))
    assert [bulk["id"] for bulk in made] == [apply["voice"]["bulk_action"]["id"]]
    assert apply["voice"]["bulk_action"]["sim_card_actions_summary"] == [{"count": 3, "status": "completed"}]
    assert voice_now(emu, sims) == [True, True, True]


def test_an_answer_still_in_flight_is_waited_for_not_sent_again(emu, run_tasks):
    """The bulk POST takes longer than http_timeout (it may still land): it is never re-sent; the re-reads find it once
    it landed, and the run converges."""
    group, sims = seed_group(emu, "slow", [False, False])
    emu.faults(rate=1.0, kinds=["slow"], slow_seconds=2, seed=1, methods=["POST"], path_regex="bulk_enable_voice")
    emu.clear_requests()
    run = run_tasks([group_task("apply", name="slow", voice=True, http_timeout=0.5)], expect_rc=0)
    apply = run.task("apply")
    assert apply["changed"] is True and apply["voice"]["after"] == counts(2, 0)
    sent = [r for r in emu.requests() if r["path"] == BULK % "enable"]
    assert [(r["fault"], r["status"]) for r in sent] == [("slow", 202)]  # answered after the client stopped listening
    rereads = [r for r in api_requests(emu) if r["path"] == "/v2/bulk_sim_card_actions" and r["time"] > sent[0]["time"]]
    assert len(rereads) >= 2, "the re-reads did not wait for the attempt in flight to land"
    assert emu.state()["bulk_actions"] == 1
    assert voice_now(emu, sims) == [True, True]


def test_a_partial_failure_names_exactly_the_failing_sim_card(emu, run_tasks):
    """One SIM card's action of the bulk fails: the others converge, the task fails naming that SIM card (ICCID) with
    Telnyx's reason, reports changed (the bulk action was accepted); a rerun sends the bulk action again and converges."""
    group, sims = seed_group(emu, "partial", [False, False, True, False])
    reason = "No mobile phone number available."
    emu.fail_next("sim_card_action", type="enable_voice", id=sims[1]["id"], reason=reason)
    emu.clear_requests()
    run = run_tasks([group_task("apply", ignore_errors=True, name="partial", voice=True)], expect_rc=0)
    apply = run.task("apply")
    assert run.failed("apply") and apply["changed"] is True
    bulk_id = apply["voice"]["bulk_action"]["id"]
    action = data(emu.api("GET", "/sim_card_actions", params={"filter[bulk_sim_card_action_id]": bulk_id, "filter[status]": "failed"}))[0]
    assert action["sim_card_id"] == sims[1]["id"]
    assert apply["msg"] == (
        "Bulk action %s (bulk_enable_voice) on SIM card group 'partial' (%s): 1 SIM card(s) did not take it. "
        "Telnyx did not complete the enable_voice action on SIM card %s. Action %s ended failed: No mobile phone number available. "
        "3 of the group's 4 SIM cards now have voice on. Already applied before this failure: POST /sim_cards/actions/bulk_enable_voice."
        % (bulk_id, group["id"], sims[1]["iccid"], action["id"]))
    failed = [{"iccid": sims[1]["iccid"], "sim_card_id": sims[1]["id"], "action_id": action["id"], "status": "failed", "reason": reason}]
    assert apply["failure"]["sim_cards"] == failed and apply["voice"]["failed"] == failed
    assert (apply["failure"]["source"], apply["failure"]["reason"], apply["failure"]["status"]) == ("collection", "action_failed", None)
    assert apply["applied"] == ["POST /sim_cards/actions/bulk_enable_voice"]
    assert apply["voice"]["after"] == counts(3, 1)
    assert apply["voice"]["changed_iccids"] == sorted(sims[i]["iccid"] for i in (0, 3))
    assert apply["voice"]["bulk_action"]["sim_card_actions_summary"] == [{"count": 3, "status": "completed"}, {"count": 1, "status": "failed"}]
    assert voice_now(emu, sims) == [True, False, True, True]
    assert len(bulk_posts(api_requests(emu))) == 1
    # the rerun: the bulk action again (it reaches every SIM card), and only the one left changes
    emu.clear_requests()
    run = run_tasks([group_task("again", name="partial", voice=True)], expect_rc=0)
    assert run.task("again")["changed"] is True and run.task("again")["voice"]["changed_iccids"] == [sims[1]["iccid"]]
    assert voice_now(emu, sims) == [True] * 4
    assert len(bulk_posts(api_requests(emu))) == 1


def test_no_wait_returns_the_bulk_action_accepted(emu, run_tasks):
    group, sims = seed_group(emu, "later", [True, True, False])
    emu.config(transition_seconds=3600)
    emu.clear_requests()
    args = {"name": "later", "voice": False, "wait": False}
    run = run_tasks([group_task("check", check=True, **args), group_task("apply", **args)], expect_rc=0)
    check, apply = run.task("check"), run.task("apply")
    assert check["diff"] == apply["diff"] and apply["voice"]["after"] == counts(0, 3) == check["voice"]["after"]
    assert apply["voice"]["bulk_action"]["action_type"] == "bulk_disable_voice"
    assert "sim_card_actions_summary" not in apply["voice"]["bulk_action"]  # the POST's answer; not polled
    assert [r["method"] for r in api_requests(emu)].count("POST") == 1
    assert not [r for r in api_requests(emu) if r["path"].startswith("/v2/bulk_sim_card_actions/")]
    assert voice_now(emu, sims) == [True, True, False]
    emu.advance(3600)
    assert voice_now(emu, sims) == [False, False, False]


@pytest.mark.ansible_core
def test_bad_voice_options_fail_before_any_request(emu, run_playbook):
    emu.seed(sim_cards=1, groups=["opts"])
    emu.clear_requests()
    run = run_playbook([group_task("absent", ignore_errors=True, name="opts", state="absent", voice=False),
                        group_task("connection without voice", ignore_errors=True, name="opts", voice_connection_id="1"),
                        group_task("connection with voice off", name="opts", voice=False, voice_connection_id="1")], expect_rc=2)
    assert run.task("absent")["msg"] == "voice does not apply with state=absent."
    assert run.task("connection without voice")["msg"] == "voice_connection_id needs voice=true."
    assert run.task("connection with voice off")["msg"] == "voice_connection_id needs voice=true."
    assert emu.requests() == []
