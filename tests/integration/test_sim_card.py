# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""telnyx.wireless.sim_card, against the emulator.

Many tests run one play over several inventory hosts at once (one host per SIM card, all on the local
connection), so that a whole matrix of cases costs one ansible-playbook run per phase (check, real, rerun)
and SIM cards put into a transition just before a run are still in it when their task starts.
"""

from __future__ import annotations

import threading
import time
from decimal import Decimal

import pytest

FAST = {"wait_sleep": 0.2, "wait_timeout": 60}
OPTIONS = ("id", "iccid", "state", "registration_code", "report_lost", "tags", "purge_tags", "data_limit", "sim_card_group",
           "authorized_imeis", "wait", "wait_timeout", "wait_sleep", "http_retries", "http_retry_max_time")
TARGETS = ("present", "disabled", "standby", "absent")
TARGET_STATUS = {"present": "enabled", "disabled": "disabled", "standby": "standby"}
IMEI = "864524030000017"


# ------------------------------------------------------------------------------------------- helpers

def sim_task(name, **args):
    """A sim_card task on localhost."""
    merged = dict(FAST)
    merged.update(args)
    return {"name": name, "telnyx.wireless.sim_card": merged}


def run_cases(run_playbook, cases, check=False, diff=True, name="sim card"):
    """One sim_card task per case, each case on its own inventory host, all in parallel.

    cases: {host: {option: value}}. Returns {host: result}. run_playbook: that fixture (one ansible-playbook run, a host
    per case) or run_tasks (the module runner: a module process per case, all at once).
    """
    if hasattr(run_playbook, "hosts"):
        results = run_playbook.hosts("sim_card", dict((host, dict((option, value) for option, value in dict(FAST, **case).items() if option in OPTIONS))
                                                      for host, case in cases.items()), check=check, diff=diff)
        assert sorted(results) == sorted(cases), results
        return results
    args = dict((option, "{{ cases[inventory_hostname].%s | default(omit) }}" % option) for option in OPTIONS)
    play = {"name": "cases", "hosts": "all:!localhost", "gather_facts": False,
            "tasks": [{"name": name, "telnyx.wireless.sim_card": args}]}
    payload = dict((host, dict(FAST, **case)) for host, case in cases.items())
    run = run_playbook(plays=[play], check=check, diff=diff, extra_vars={"cases": payload},
                       args=("-i", ",".join(sorted(cases)) + ",", "-f", str(len(cases))))
    results = dict((entry["host"], outcome(entry)) for entry in run.results if entry["name"] == name)
    assert sorted(results) == sorted(cases), repr(run)
    return results


def outcome(entry):
    """A recorded task result, with `failed` set from how the task ended."""
    result = dict(entry["result"])
    result["failed"] = entry["outcome"] == "failed"
    return result


def task(run, name):
    """The result of the task called `name` on localhost (with `failed`)."""
    found = [entry for entry in run.results if entry["name"] == name]
    assert found, repr(run)
    return outcome(found[-1])


def api_requests(emu):
    return [r for r in emu.requests() if r["path"].startswith("/v2/")]


def writes_of(requests):
    return [r for r in requests if r["method"] != "GET"]


def mine(requests, sim_id=None, iccid=None, code=None):
    """The requests that concern one SIM card: its id in the path, its ICCID as the filter, its code in a registration."""
    found = []
    for request in requests:
        path, query, body = request["path"], request.get("query") or {}, request.get("body") or {}
        if sim_id and sim_id in path:
            found.append(request)
        elif sim_id and sim_id in (query.get("filter[sim_card_id]") or []):
            found.append(request)
        elif iccid and iccid in (query.get("filter[iccid]") or []):
            found.append(request)
        elif code and isinstance(body, dict) and code in (body.get("registration_codes") or []):
            found.append(request)
    return found


def write_steps(requests):
    """Write requests as short names: PATCH, DELETE, register, enable, disable, set_standby."""
    steps = []
    for request in writes_of(requests):
        if request["method"] == "POST" and request["path"].endswith("/actions/register/sim_cards"):
            steps.append("register")
        elif request["method"] == "POST":
            steps.append(request["path"].rsplit("/", 1)[-1])
        else:
            steps.append(request["method"])
    return steps


def accepted(requests):
    """Requests the emulator answered with a 2xx (faulted ones were not acted on, except reset_after)."""
    return [r for r in requests if r.get("status") and 200 <= r["status"] < 300]


def projection(sim):
    """What check mode must predict exactly: status, tags, group, data limit, authorized IMEIs."""
    if not sim:
        return None
    limit = sim.get("data_limit") or {}
    amount = (Decimal(str(limit["amount"])), limit.get("unit")) if limit.get("amount") not in (None, "") else None
    return {"status": sim["status"]["value"], "tags": sorted(sim.get("tags") or []), "group": sim.get("sim_card_group_id"),
            "data_limit": amount, "imeis": sorted(sim.get("authorized_imeis") or [])}


class finish_when_seen:  # pylint: disable=invalid-name
    """Finish forced transitions once the module has read the SIM card (and shown it waits).

    A SIM card forced into a transitional status (status enabling, an action in progress) stays in it until
    this finishes it: a background thread watches the request log and, once a SIM card has been read by the
    module, `delay` seconds later moves it to its final status, as Telnyx would when the action completes.
    This makes "the module found the SIM card in a transition" certain, whatever the machine's speed.
    items: [({"id": ..., "iccid": ...}, final status, or a callable(emu, sim) that finishes it)].
    """

    def __init__(self, emu, items, delay=0.5):
        self.emu = emu
        self.pending = [(dict(sim), final) for sim, final in items]
        self.delay = delay
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.watch, daemon=True)
        self.errors = []

    def watch(self):
        seen = {}
        try:
            while self.pending and not self.stop.is_set():
                requests = api_requests(self.emu)
                for sim, final in list(self.pending):
                    if sim["id"] not in seen and mine(requests, sim_id=sim["id"], iccid=sim["iccid"]):
                        seen[sim["id"]] = time.time()
                    if sim["id"] in seen and time.time() - seen[sim["id"]] >= self.delay:
                        if callable(final):
                            final(self.emu, sim)
                        else:
                            self.emu.force(sim["id"], status=final, actions_in_progress=False)
                        self.pending.remove((sim, final))
                self.stop.wait(0.1)
        except Exception as exc:  # pylint: disable=broad-except
            self.errors.append(exc)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(10)
        assert not self.errors, self.errors
        if exc[0] is None:
            assert not self.pending, "these SIM cards were never read: %r" % self.pending


def delete_and_wait(emu, sim_id):
    assert emu.api("DELETE", "/sim_cards/%s" % sim_id).status_code == 200
    deadline = time.time() + 10
    while emu.sim(sim_id) is not None:
        assert time.time() < deadline, "the emulator did not finish deleting %s" % sim_id
        time.sleep(0.1)


def group_ids(seeded):
    return dict((group["name"], group["id"]) for group in seeded["groups"])


# ------------------------------------------------------------------------------------------- the matrix

# The transition each case starts from, chosen so that it leads away from the target (the first run must
# act after waiting for it): target -> (transitional status, the status it ends in).
TRANSITION_FOR = {
    "present": ("disabling", "disabled"),       # then enable
    "disabled": ("enabling", "enabled"),        # then disable
    "standby": ("disabling", "disabled"),       # then enable, set_standby
    "absent": ("setting_standby", "standby"),   # then delete
}
# The writes each first run sends for one SIM card, in order.
EXPECTED_STEPS = {
    ("enabled", "present"): ["PATCH"],
    ("enabled", "disabled"): ["PATCH", "disable"],
    ("enabled", "standby"): ["PATCH", "set_standby"],
    ("disabled", "present"): ["PATCH", "enable"],
    ("disabled", "disabled"): ["PATCH"],
    ("disabled", "standby"): ["PATCH", "enable", "set_standby"],
    ("standby", "present"): ["PATCH", "enable"],
    ("standby", "disabled"): ["PATCH", "enable", "disable"],
    ("standby", "standby"): ["PATCH"],
    ("transition", "present"): ["PATCH", "enable"],
    ("transition", "disabled"): ["PATCH", "disable"],
    ("transition", "standby"): ["PATCH", "enable", "set_standby"],
}
for _start in ("enabled", "disabled", "standby", "transition"):
    EXPECTED_STEPS[(_start, "absent")] = ["DELETE"]
for _start in ("unregistered", "deleted"):
    for _target in ("present", "disabled", "standby"):
        # the code validated first; group, tags and status in the registration; data_limit and IMEIs by PATCH once it is registered
        EXPECTED_STEPS[(_start, _target)] = ["validate_registration_codes", "register", "PATCH"]
    EXPECTED_STEPS[(_start, "absent")] = []


def test_every_target_from_every_status(emu, run_tasks):
    """Each target state from each starting status: check mode predicts, the real run converges, a rerun changes nothing."""
    seeded = emu.seed(sim_cards=20, groups=["fleet-a"], statuses=["enabled"] * 4 + ["disabled"] * 4 + ["standby"] * 4 + ["enabled"] * 8,
                      registration_codes=4)
    emu.api("POST", "/sim_card_groups", json={"name": "fleet-b"})
    groups = dict((g["name"], g["id"]) for g in emu.api("GET", "/sim_card_groups").json()["data"])
    sims = iter(seeded["sim_cards"])
    codes = iter(seeded["registration_codes"])
    cases, info = {}, {}
    for start in ("enabled", "disabled", "standby", "transition", "unregistered", "deleted"):
        for number, target in enumerate(TARGETS):
            host = "%s_to_%s" % (start, target)
            case = {"state": target}
            if start in ("unregistered", "deleted"):
                if start == "unregistered":
                    card = next(codes)
                else:
                    sim = next(sims)
                    delete_and_wait(emu, sim["id"])
                    card = emu.registration_codes(iccid=sim["iccid"])[0]
                case.update(iccid=card["iccid"], registration_code=card["registration_code"])
                info[host] = {"id": None, "iccid": card["iccid"], "code": card["registration_code"]}
            else:
                sim = next(sims)
                assert start == "transition" or sim["status"] == start
                # named by id for half the cases, by ICCID for the other half
                case.update({"id": sim["id"]} if number % 2 else {"iccid": sim["iccid"]})
                info[host] = {"id": sim["id"], "iccid": sim["iccid"], "code": None}
            if target != "absent":
                case.update(tags=["fleet", start], data_limit={"amount": 512 if number % 2 else 1, "unit": "MB" if number % 2 else "GB"},
                            sim_card_group="fleet-b" if number % 2 else groups["fleet-b"], authorized_imeis=[IMEI])
            cases[host] = case

    transitions = []
    for target in TARGETS:
        transitions.append((info["transition_to_%s" % target], TRANSITION_FOR[target][1]))

    def arrange_transitions():
        for target in TARGETS:
            emu.force(info["transition_to_%s" % target]["id"], status=TRANSITION_FOR[target][0], actions_in_progress=True)

    # 1. check mode: predicts, writes nothing (it validates the registration codes: the read-only client's one exception)
    arrange_transitions()
    emu.clear_requests()
    with finish_when_seen(emu, transitions):
        check = run_cases(run_tasks, cases, check=True)
    assert write_steps(api_requests(emu)) == ["validate_registration_codes"] * 6

    # 2. the real run
    arrange_transitions()
    emu.clear_requests()
    with finish_when_seen(emu, transitions):
        real = run_cases(run_tasks, cases)
    requests = api_requests(emu)

    for host in cases:
        start, target = host.split("_to_")
        predicted, result = check[host], real[host]
        assert not result.get("failed"), (host, result)
        assert result["changed"] is (target != "absent" or start not in ("unregistered", "deleted")), host
        assert predicted["changed"] is result["changed"], host
        assert projection(predicted["sim_card"]) == projection(result["sim_card"]), host
        # the diff check mode shows is the diff of the real run (a SIM card to be registered has no id yet)
        real_after = dict(result["diff"]["after"])
        if start in ("unregistered", "deleted") and target != "absent":
            assert "id" not in predicted["diff"]["after"]
            real_after.pop("id")
        assert predicted["diff"]["before"] == result["diff"]["before"], host
        assert predicted["diff"]["after"] == real_after, host

        sim_id = info[host]["id"] or (result["sim_card"] or {}).get("id")
        steps = write_steps(mine(requests, sim_id=sim_id, iccid=info[host]["iccid"], code=info[host]["code"]))
        assert steps == EXPECTED_STEPS[(start, target)], (host, steps)
        actions = [action["action_type"] for action in result["actions"]]
        assert actions == [step for step in steps if step in ("enable", "disable", "set_standby")], host
        if start == "transition":
            # it saw the transition under way and waited for it: more than one read before its first write
            mine_requests = mine(requests, sim_id=sim_id, iccid=info[host]["iccid"])
            first_write = next(i for i, r in enumerate(mine_requests) if r["method"] != "GET")
            assert first_write >= 2, (host, mine_requests)

        # the emulator agrees
        now = emu.sim(sim_id) if sim_id else None
        if target == "absent":
            assert now is None and result["sim_card"] is None, host
            assert result["diff"]["after"] == {}, host
        else:
            assert now["status"]["value"] == TARGET_STATUS[target], host
            assert projection(now) == projection(result["sim_card"]), host
            assert sorted(now["tags"]) == sorted(["fleet", start])
            assert now["sim_card_group_id"] == groups["fleet-b"]
            assert now["authorized_imeis"] == [IMEI]
            assert result["diff"]["after"]["status"] == TARGET_STATUS[target]
            assert result["diff"]["after"]["sim_card_group_name"] == "fleet-b"

    # the diff's content, for a person approving the change
    standby = real["disabled_to_standby"]["diff"]
    assert standby["before"] == {
        "id": info["disabled_to_standby"]["id"], "iccid": info["disabled_to_standby"]["iccid"], "status": "disabled", "tags": [],
        "sim_card_group_id": groups["fleet-a"], "sim_card_group_name": "fleet-a", "data_limit": None, "authorized_imeis": []}
    assert standby["after"] == {
        "id": info["disabled_to_standby"]["id"], "iccid": info["disabled_to_standby"]["iccid"], "status": "standby",
        "tags": ["disabled", "fleet"], "sim_card_group_id": groups["fleet-b"], "sim_card_group_name": "fleet-b",
        "data_limit": {"amount": "1.0", "unit": "GB"}, "authorized_imeis": [IMEI]}
    assert standby["before_header"] == "SIM card %s (before)" % info["disabled_to_standby"]["iccid"]
    registered = real["unregistered_to_present"]["diff"]
    assert registered["before"] == {}
    assert registered["after"]["status"] == "enabled" and registered["after"]["iccid"] == info["unregistered_to_present"]["iccid"]
    deleted = real["enabled_to_absent"]["diff"]
    assert deleted["after"] == {} and deleted["before"]["status"] == "enabled"
    assert real["unregistered_to_absent"]["diff"] == {"before": {}, "after": {}, "before_header": "SIM card %s (before)" % (
        info["unregistered_to_absent"]["iccid"]), "after_header": "SIM card %s (after)" % info["unregistered_to_absent"]["iccid"]}

    # 3. the same play again: nothing changes, nothing is written, one request per SIM card (and one per group named by
    # name: always looked up, as a name two groups share must fail)
    for host in cases:
        if cases[host].get("registration_code") and cases[host]["state"] != "absent":
            assert real[host]["sim_card"]["iccid"] == cases[host]["iccid"]
    emu.clear_requests()
    again = run_cases(run_tasks, cases)
    requests = api_requests(emu)
    assert writes_of(requests) == []
    assert dict((host, result["changed"]) for host, result in again.items()) == dict((host, False) for host in cases)
    by_name = [host for host, case in cases.items() if case.get("sim_card_group") == "fleet-b"]
    assert len(by_name) == 6
    assert len(requests) == len(cases) + len(by_name), [(r["method"], r["path"], r["query"]) for r in requests]
    assert [r["query"].get("filter[name]") for r in requests if r["path"] == "/v2/sim_card_groups"] == [["fleet-b"]] * len(by_name)
    for host in cases:
        assert len(mine(requests, sim_id=info[host]["id"], iccid=info[host]["iccid"])) == 1, host


# ------------------------------------------------------------------------------------------- transitions under way

def finish_deletion(emu, sim):
    """Telnyx completing a pending deletion: the SIM card leaves the account."""
    emu.force(sim["id"], actions_in_progress=False)
    assert emu.api("DELETE", "/sim_cards/%s" % sim["id"]).status_code == 200


def test_a_transition_towards_the_target_is_awaited_not_repeated(emu, run_tasks):
    """enabling -> present, setting_standby -> standby, registering -> present, a deletion under way -> absent:
    the SIM card is already converging; the module waits for it, sends no action, and reports no change.
    With wait=false it returns at once, with the SIM card as it found it."""
    seeded = emu.seed(sim_cards=5, groups=["fleet"])
    sims = seeded["sim_cards"]
    arrangement = {  # host: (SIM card, forced status, what finishes it, state, wait)
        "enabling": (sims[0], "enabling", "enabled", "present", True),
        "setting_standby": (sims[1], "setting_standby", "standby", "standby", True),
        "registering": (sims[2], "registering", "enabled", "present", True),
        "deleting": (sims[3], "disabling", finish_deletion, "absent", True),
        "enabling_nowait": (sims[4], "enabling", "enabled", "present", False),
    }
    cases = dict((host, {"iccid": sim["iccid"], "state": state, "wait": wait}) for host, (sim, dummy, dummy, state, wait) in arrangement.items())

    def arrange():
        for sim, status, dummy, dummy, dummy in arrangement.values():
            if emu.sim(sim["id"]) is None:  # deleted by the previous phase: register the card again
                card = emu.registration_codes(iccid=sim["iccid"])[0]
                answer = emu.api("POST", "/actions/register/sim_cards", json={"registration_codes": [card["registration_code"]]}).json()
                sim["id"] = answer["data"][0]["id"]
                time.sleep(0.5)
            emu.force(sim["id"], status=status, actions_in_progress=True)
        emu.clear_requests()
        return [(sim, final) for sim, dummy, final, dummy, dummy in arrangement.values()]

    for check in (True, False):
        with finish_when_seen(emu, arrange()):
            results = run_cases(run_tasks, cases, check=check)
        requests = api_requests(emu)
        deletes = [r for r in requests if r["method"] == "DELETE"]
        assert len(deletes) == 1  # the one finish_deletion sent, as Telnyx finishing the deletion
        assert [r for r in writes_of(requests) if r not in deletes] == [], "check=%s" % check
        for host, result in results.items():
            sim = arrangement[host][0]
            assert result["changed"] is False, (host, result)
            assert result["actions"] == []
            reads = mine(requests, sim_id=sim["id"], iccid=sim["iccid"])
            if cases[host]["wait"]:
                assert len([r for r in reads if r["method"] == "GET"]) >= 2, host  # it waited
            else:
                assert len(reads) == 1, host  # returned at once
        assert results["enabling"]["sim_card"]["status"]["value"] == "enabled"
        assert results["setting_standby"]["sim_card"]["status"]["value"] == "standby"
        assert results["registering"]["sim_card"]["status"]["value"] == "enabled"
        assert results["deleting"]["sim_card"] is None
        assert results["enabling_nowait"]["sim_card"]["status"]["value"] == "enabling"
        assert results["enabling"]["diff"]["before"] == results["enabling"]["diff"]["after"]
    assert emu.sim(arrangement["deleting"][0]["id"]) is None


def test_wait_false_returns_with_the_action_started(emu, run_tasks):
    """wait=false: back as soon as the last action is accepted; check mode predicts the transitional status; a later
    run with wait=true waits for it and changes nothing."""
    seeded = emu.seed(sim_cards=2, groups=["fleet"], statuses=["disabled", "standby"])
    disabled, standby = seeded["sim_cards"]
    cases = {"one_step": {"id": disabled["id"], "state": "present", "wait": False},
             "two_steps": {"id": standby["id"], "state": "disabled", "wait": False}}
    emu.clear_requests()
    check = run_cases(run_tasks, cases, check=True)
    assert writes_of(api_requests(emu)) == []
    emu.config(transition_seconds=1.5)  # long enough to be seen under way, short enough to wait for
    real = run_cases(run_tasks, cases)
    assert real["one_step"]["changed"] and check["one_step"]["changed"]
    assert real["one_step"]["sim_card"]["status"]["value"] == check["one_step"]["sim_card"]["status"]["value"] == "enabling"
    assert [(a["action_type"], a["status"]["value"]) for a in real["one_step"]["actions"]] == [("enable", "in-progress")]
    # two steps: the first (enable) must complete before disable can start; it returns once disable is accepted
    assert real["two_steps"]["sim_card"]["status"]["value"] == check["two_steps"]["sim_card"]["status"]["value"] == "disabling"
    assert [a["action_type"] for a in real["two_steps"]["actions"]] == ["enable", "disable"]
    assert real["one_step"]["diff"]["after"]["status"] == check["one_step"]["diff"]["after"]["status"] == "enabling"

    emu.clear_requests()
    again = run_cases(run_tasks, dict((host, dict(case, wait=True)) for host, case in cases.items()))
    assert writes_of(api_requests(emu)) == []
    assert again["one_step"]["changed"] is False and again["one_step"]["sim_card"]["status"]["value"] == "enabled"
    assert again["two_steps"]["changed"] is False and again["two_steps"]["sim_card"]["status"]["value"] == "disabled"


def test_a_timeout_names_the_last_status_and_the_action(emu, run_tasks):
    sim = emu.seed(sim_cards=1, groups=["fleet"], statuses=["disabled"])["sim_cards"][0]
    emu.config(transition_seconds=30)
    run = run_tasks([sim_task("enable", id=sim["id"], state="present", wait_timeout=1)])
    result = task(run, "enable")
    assert result.get("failed") and run.rc != 0, result
    action = emu.api("GET", "/sim_card_actions", params={"filter[sim_card_id]": sim["id"]}).json()["data"][0]
    assert "status enabling" in result["msg"], result["msg"]
    assert action["id"] in result["msg"], result["msg"]
    assert "wait_timeout" in result["msg"]
    assert [r["path"].rsplit("/", 1)[-1] for r in emu.writes()] == ["enable"]


# ------------------------------------------------------------------------------------------- bad input

@pytest.mark.ansible_core
def test_bad_input_fails_before_any_request(emu, run_playbook):
    """Input errors fail with a sentence naming the option, before any request. A SIM card that is not on the
    account and has no registration_code needs the one lookup that finds it missing, and writes nothing."""
    card = emu.seed(registration_codes=1)["registration_codes"][0]
    uuid = "6b14e151-8493-4fa1-8664-1cc4e6d14158"
    bad = [
        ("short iccid", {"iccid": "8988303000000"}, "iccid"),
        ("letters in iccid", {"iccid": "8988303000000000001X"}, "iccid"),
        ("id not a uuid", {"id": "sim-42"}, "id"),
        ("unit", {"id": uuid, "data_limit": {"amount": 1, "unit": "TB"}}, "unit"),
        ("amount", {"id": uuid, "data_limit": {"amount": "lots", "unit": "GB"}}, "data_limit.amount"),
        ("id and iccid", {"id": uuid, "iccid": card["iccid"]}, "id|iccid"),
        ("neither", {"state": "present"}, "id, iccid"),
        ("imei", {"id": uuid, "authorized_imeis": ["12345"]}, "authorized_imeis"),
        ("code without iccid", {"id": uuid, "registration_code": "0123456789"}, "registration_code"),
        ("report_lost", {"id": uuid, "state": "present", "report_lost": True}, "report_lost"),
    ]
    cases = dict((name.replace(" ", "_"), args) for name, args, dummy in bad)
    cases["unknown_iccid_no_code"] = {"iccid": card["iccid"], "state": "present"}
    emu.clear_requests()
    results = run_cases(run_playbook, cases)
    for name, dummy, option in bad:
        result = results[name.replace(" ", "_")]
        assert result["failed"], name
        assert option in result["msg"], (name, result["msg"])
    unknown = results["unknown_iccid_no_code"]
    assert unknown["failed"] and "registration_code" in unknown["msg"] and card["iccid"] in unknown["msg"]
    # the whole playbook sent exactly one request: the lookup that found the ICCID missing
    requests = api_requests(emu)
    assert [(r["method"], r["path"], r["query"].get("filter[iccid]")) for r in requests] == [("GET", "/v2/sim_cards", [card["iccid"]])]
    assert emu.registration_codes(iccid=card["iccid"])  # still unregistered


# ------------------------------------------------------------------------------------------- faults

def test_transitions_converge_through_rate_limits_and_outages(emu, run_tasks):
    """20% of requests fail with 429 or 503: every SIM card still converges, and no action is sent twice."""
    seeded = emu.seed(sim_cards=5, groups=["fleet"], statuses=["disabled", "standby", "enabled", "disabled", "enabled"], registration_codes=1)
    sims = seeded["sim_cards"]
    card = seeded["registration_codes"][0]
    retry = {"http_retries": 15, "http_retry_max_time": 60}
    cases = {
        "disabled_to_standby": dict(retry, id=sims[0]["id"], state="standby", tags=["x"]),
        "standby_to_disabled": dict(retry, iccid=sims[1]["iccid"], state="disabled"),
        "enabled_to_disabled": dict(retry, id=sims[2]["id"], state="disabled"),
        "disabled_to_present": dict(retry, iccid=sims[3]["iccid"], state="present", data_limit={"amount": 5, "unit": "GB"}),
        "enabled_to_absent": dict(retry, id=sims[4]["id"], state="absent"),
        "registration": dict(retry, iccid=card["iccid"], registration_code=card["registration_code"], state="standby", sim_card_group="fleet"),
    }
    intended = {  # host: (SIM card id or None, accepted action POSTs expected, final status)
        "disabled_to_standby": (sims[0]["id"], ["enable", "set_standby"], "standby"),
        "standby_to_disabled": (sims[1]["id"], ["enable", "disable"], "disabled"),
        "enabled_to_disabled": (sims[2]["id"], ["disable"], "disabled"),
        "disabled_to_present": (sims[3]["id"], ["enable"], "enabled"),
        "enabled_to_absent": (sims[4]["id"], [], None),
    }
    emu.faults(rate=0.2, kinds=["429", "503"], seed=20261127, retry_after=0)
    emu.clear_requests()
    results = run_cases(run_tasks, cases)
    emu.clear_faults()  # for the test's own reads
    requests = api_requests(emu)
    assert len([r for r in requests if r["fault"]]) >= 5, "the faults did not happen"
    for host, result in results.items():
        assert not result.get("failed"), (host, result.get("msg"))
        assert result["changed"], host
    for host, (sim_id, actions, final) in intended.items():
        posts = [r["path"].rsplit("/", 1)[-1] for r in accepted(mine(requests, sim_id=sim_id)) if r["method"] == "POST"]
        assert posts == actions, (host, posts)
        now = emu.sim(sim_id)
        assert (now["status"]["value"] if now else None) == final, host
    deletes = [r for r in accepted(mine(requests, sim_id=sims[4]["id"])) if r["method"] == "DELETE"]
    assert len(deletes) == 1
    registrations = [r for r in accepted(requests) if r["path"].endswith("/actions/register/sim_cards")]
    assert len(registrations) == 1
    registered = results["registration"]["sim_card"]
    assert registered["status"]["value"] == "standby" and emu.sim(registered["id"])["status"]["value"] == "standby"

    # the same play again, with the faults: no change, nothing accepted that writes
    emu.faults(rate=0.2, kinds=["429", "503"], seed=20261128, retry_after=0)
    emu.clear_requests()
    again = run_cases(run_tasks, cases)
    assert all(result["changed"] is False for result in again.values()), again
    assert writes_of(accepted(api_requests(emu))) == []


def test_an_action_whose_answer_was_lost_is_not_sent_again(emu, run_tasks):
    """The connection drops after the API acted (enable, registration): the module reads the state again,
    finds the change under way, and does not send it a second time."""
    seeded = emu.seed(sim_cards=1, groups=["fleet"], statuses=["disabled"], registration_codes=1)
    sim, card = seeded["sim_cards"][0], seeded["registration_codes"][0]
    emu.faults(rate=1.0, kinds=["reset_after"], methods=["POST"], path_regex="/actions/(enable|register/sim_cards)$")
    cases = {"enable": {"id": sim["id"], "state": "present"},
             "register": {"iccid": card["iccid"], "registration_code": card["registration_code"], "state": "present"}}
    emu.clear_requests()
    results = run_cases(run_tasks, cases)
    emu.clear_faults()
    requests = api_requests(emu)
    enables = [r for r in requests if r["method"] == "POST" and r["path"].endswith("/actions/enable")]
    registrations = [r for r in requests if r["method"] == "POST" and r["path"].endswith("/actions/register/sim_cards")]
    assert len(enables) == 1 and enables[0]["fault"] == "reset_after"
    assert len(registrations) == 1 and registrations[0]["fault"] == "reset_after"
    assert results["enable"]["changed"] and results["enable"]["sim_card"]["status"]["value"] == "enabled"
    action = emu.api("GET", "/sim_card_actions", params={"filter[sim_card_id]": sim["id"]}).json()["data"][0]
    assert [a["id"] for a in results["enable"]["actions"]] == [action["id"]]
    assert results["register"]["changed"] and results["register"]["sim_card"]["iccid"] == card["iccid"]
    assert results["register"]["sim_card"]["status"]["value"] == "enabled"


# ------------------------------------------------------------------------------------------- rules of the API

def test_data_limit_exceeded_and_missing_group(emu, run_tasks):
    """present leaves a SIM card held by its data limit alone (with a warning); disabled/standby on it fail before
    writing unless the same task lifts the limit; enabling a SIM card without a group fails before writing
    unless the task sets sim_card_group."""
    seeded = emu.seed(sim_cards=6, groups=["fleet"], statuses=["enabled"] * 4 + ["disabled"] * 2)
    sims = seeded["sim_cards"]
    for sim in sims[:4]:
        assert emu.api("PATCH", "/sim_cards/%s" % sim["id"], json={"data_limit": {"amount": "10", "unit": "MB"}}).status_code == 200
        emu.consume(sim["id"], 20)
        assert emu.sim(sim["id"])["status"]["value"] == "data_limit_exceeded"
    for sim in sims[4:]:
        emu.force(sim["id"], sim_card_group_id=None)
    cases = {
        "held_present": {"id": sims[0]["id"], "state": "present"},
        "held_standby": {"id": sims[1]["id"], "state": "standby"},
        "lifted_present": {"id": sims[2]["id"], "state": "present", "data_limit": {"amount": 1, "unit": "GB"}},
        "lifted_standby": {"id": sims[3]["id"], "state": "standby", "data_limit": {"amount": 1, "unit": "GB"}},
        "no_group": {"id": sims[4]["id"], "state": "present"},
        "no_group_given_one": {"id": sims[5]["id"], "state": "present", "sim_card_group": "fleet"},
    }
    emu.clear_requests()
    check = run_cases(run_tasks, cases, check=True)
    assert writes_of(api_requests(emu)) == []
    emu.clear_requests()
    real = run_cases(run_tasks, cases)
    requests = api_requests(emu)
    for host in cases:
        assert check[host]["changed"] == real[host]["changed"], host
        assert bool(check[host].get("failed")) == bool(real[host].get("failed")), host
        if not real[host].get("failed"):
            assert projection(check[host]["sim_card"]) == projection(real[host]["sim_card"]), host

    assert real["held_present"]["changed"] is False
    assert any("data_limit_exceeded" in warning for warning in real["held_present"]["warnings"])
    assert real["held_standby"]["failed"] and "data_limit" in real["held_standby"]["msg"]
    assert write_steps(mine(requests, sim_id=sims[1]["id"])) == []
    assert write_steps(mine(requests, sim_id=sims[2]["id"])) == ["PATCH"]
    assert real["lifted_present"]["sim_card"]["status"]["value"] == "enabled"
    assert write_steps(mine(requests, sim_id=sims[3]["id"])) == ["PATCH", "set_standby"]
    assert emu.sim(sims[3]["id"])["status"]["value"] == "standby"
    assert real["no_group"]["failed"] and "sim_card_group" in real["no_group"]["msg"]
    assert write_steps(mine(requests, sim_id=sims[4]["id"])) == []
    assert write_steps(mine(requests, sim_id=sims[5]["id"])) == ["PATCH", "enable"]
    assert emu.sim(sims[5]["id"])["status"]["value"] == "enabled"


@pytest.mark.ansible_core
def test_settings_are_compared_as_the_user_means_them(emu, run_playbook):
    """Tags and IMEIs as sets, data limits numerically, purge_tags=false only adds; unset options are untouched."""
    seeded = emu.seed(sim_cards=4, groups=["fleet"], tags=["a", "b"])
    sims = seeded["sim_cards"]
    for sim in sims:
        emu.api("PATCH", "/sim_cards/%s" % sim["id"], json={"tags": ["b", "a"], "data_limit": {"amount": "1024", "unit": "MB"},
                                                            "authorized_imeis": [IMEI, "864524030000025"]})
    fleet = seeded["groups"][0]["id"]
    same = {"tags": ["a", "b", "a"], "data_limit": {"amount": "1024.00", "unit": "MB"}, "authorized_imeis": ["864524030000025", IMEI],
            "sim_card_group": "fleet"}
    cases = {
        "same": dict(same, iccid=sims[0]["iccid"]),
        "same_by_id": dict(same, id=sims[1]["id"], sim_card_group=fleet),
        "add_tag": {"id": sims[2]["id"], "tags": ["c"], "purge_tags": False},
        "clear": {"id": sims[3]["id"], "tags": [], "authorized_imeis": []},
    }
    emu.clear_requests()
    check = run_cases(run_playbook, cases, check=True)
    real = run_cases(run_playbook, cases)
    expected = {"same": False, "same_by_id": False, "add_tag": True, "clear": True}
    assert dict((host, r["changed"]) for host, r in check.items()) == expected
    assert dict((host, r["changed"]) for host, r in real.items()) == expected
    requests = api_requests(emu)
    assert [r for r in requests if r["method"] == "PATCH" and sims[2]["id"] in r["path"]][0]["body"] == {"tags": ["a", "b", "c"]}
    assert [r for r in requests if r["method"] == "PATCH" and sims[3]["id"] in r["path"]][0]["body"] == {"tags": [], "authorized_imeis": []}
    assert sorted(emu.sim(sims[2]["id"])["tags"]) == ["a", "b", "c"]
    assert emu.sim(sims[2]["id"])["data_limit"] == {"amount": "1024.0", "unit": "MB"}  # untouched
    assert emu.sim(sims[3]["id"])["tags"] == [] and not emu.sim(sims[3]["id"])["authorized_imeis"]
    assert real["clear"]["diff"]["before"]["tags"] == ["a", "b"] and real["clear"]["diff"]["after"]["tags"] == []
    for host in cases:
        assert projection(check[host]["sim_card"]) == projection(real[host]["sim_card"]), host
    # nothing changed: one request per SIM card (named by ICCID or by id, group by id), and one more for the group named
    # by name (always looked up: a name two groups share must fail)
    emu.clear_requests()
    again = run_cases(run_playbook, cases)
    assert not any(r["changed"] for r in again.values())
    requests = api_requests(emu)
    assert len(requests) == len(cases) + 1 and writes_of(requests) == []
    assert [r["query"].get("filter[name]") for r in requests if r["path"] == "/v2/sim_card_groups"] == [["fleet"]]


def test_unknown_id_and_lost_esim(emu, run_tasks):
    seeded = emu.seed(esims=1, groups=["fleet"], statuses=["disabled"])
    esim = seeded["sim_cards"][0]
    missing = "6b14e151-8493-4fa1-8664-1cc4e6d14158"
    emu.clear_requests()
    run = run_tasks([
        dict(sim_task("unknown id", id=missing), ignore_errors=True),
        sim_task("unknown id absent", id=missing, state="absent"),
        sim_task("lost esim", id=esim["id"], state="absent", report_lost=True),
    ])
    unknown = task(run, "unknown id")
    assert unknown["failed"] and missing in unknown["msg"] and "iccid" in unknown["msg"]
    assert task(run, "unknown id absent")["changed"] is False
    assert task(run, "lost esim")["changed"] is True
    deletes = [r for r in api_requests(emu) if r["method"] == "DELETE"]
    assert [(r["path"], r["query"]) for r in deletes] == [("/v2/sim_cards/%s" % esim["id"], {"report_lost": ["true"]})]
    assert emu.sim(esim["id"]) is None
    assert len(writes_of(api_requests(emu))) == 1
