# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One situation, two paths: telnyx.wireless.sim_card and telnyx.wireless.sim_card_fleet with an entry of one.

Each situation gets two identical SIM cards (or two registration codes): one driven by sim_card, one by the fleet,
in check mode and then for real. What a user would compare: `changed`, whether it failed and why
(`failure.reason`, `failure.source`), the SIM card as the run leaves it (or predicts it), and the writes each path
sent for its SIM card (a fleet's registration is the same request in its batch form).

A fleet entry's public IP and notifications are held the same way to sim_card_public_ip and sim_card_notification
(test_public_ips_and_notifications_agree_with_their_modules).
"""

from __future__ import annotations

import re
import time

FAST = {"wait_sleep": 0.2, "wait_timeout": 120}
SIM_OPTIONS = ("id", "iccid", "state", "registration_code", "tags", "data_limit", "sim_card_group", "voice", "wait")
ENTRY_KEYS = ("id", "iccid", "state", "registration_code", "tags", "data_limit", "sim_card_group", "voice")
#: The SIM card fields both paths show in their diff, compared between the paths.
VIEW = ("status", "tags", "sim_card_group_id", "sim_card_group_name", "data_limit", "authorized_imeis", "voice_enabled")
REGISTER = "/v2/actions/register/sim_cards"

#: situation -> (start: how its SIM cards are prepared, the options declared)
SITUATIONS = {
    "enabled_to_disabled": ("enabled", {"state": "disabled"}),
    "disabled_to_standby": ("disabled", {"state": "standby"}),
    "standby_to_present": ("standby", {"state": "present"}),
    "enabled_to_standby": ("enabled", {"state": "standby"}),
    "present_unchanged": ("enabled", {"state": "present"}),
    "tags_only": ("enabled", {"tags": ["parity", "eu"]}),
    "no_group_standby": ("no_group", {"state": "standby"}),
    "ambiguous_group": ("enabled", {"sim_card_group": "twins"}),
    "unknown_group": ("enabled", {"sim_card_group": "nowhere"}),
    "remove_limit": ("limited", {"data_limit": {}}),
    "voice_on": ("enabled", {"voice": True}),
    "over_limit_present": ("over_limit", {"state": "present"}),
    "over_limit_disabled": ("over_limit", {"state": "disabled"}),
    "wait_false": ("enabled", {"state": "disabled", "wait": False}),
    "telnyx_refuses": ("refused", {"state": "disabled"}),
    "register_good": ("code", {"state": "present", "tags": ["new"]}),
    "register_wrong_code": ("wrong_code", {"state": "present"}),
    "not_on_account": ("no_code", {"state": "present"}),
    "register_used_code": ("used_code", {"state": "present"}),
    "register_without_state": ("code", {"tags": ["new"]}),
    "id_not_on_account": ("missing_id", {"state": "present"}),
}


TRANSITIONAL = ("enabling", "disabling", "setting_standby", "registering")


def prepare(emu):
    """Two SIM cards (or codes) per situation: {host: (declared options, the SIM card id or None)}."""
    group = emu.seed(groups=["parity"])["groups"][0]
    for dummy in range(2):
        assert emu.api("POST", "/sim_card_groups", json={"name": "twins"}).status_code in (200, 201)
    cases = {}
    for name, (start, declared) in sorted(SITUATIONS.items()):
        if start in ("code", "wrong_code", "no_code", "used_code"):
            cards = emu.seed(registration_codes=4 if start == "used_code" else 2)["registration_codes"]
            for path, card in zip("sf", cards):
                options = dict(declared, iccid=card["iccid"])
                if start != "no_code":
                    options["registration_code"] = {"code": card["registration_code"], "wrong_code": "0000000000"}.get(start)
                if start == "used_code":  # the code of another SIM card, registered already
                    used = cards[2] if path == "s" else cards[3]
                    answer = emu.api("POST", REGISTER[len("/v2"):], json={"registration_codes": [used["registration_code"]]})
                    assert answer.status_code == 202 and not answer.json().get("errors"), answer.text
                    options["registration_code"] = used["registration_code"]
                cases["%s_%s" % (path, name)] = (options, None)
            continue
        if start == "missing_id":
            for path, sim_id in zip("sf", ("6b14e151-8493-4fa1-8664-1cc4e6d14158", "47a1c2b0-cc7b-4ab1-bb98-b33fb0fc61b9")):
                cases["%s_%s" % (path, name)] = (dict(declared, id=sim_id), None)
            continue
        status = {"disabled": "disabled", "standby": "standby", "no_group": "disabled"}.get(start, "enabled")
        sims = emu.seed(sim_cards=2, groups=["parity"], statuses=[status],
                        data_limit={"amount": "500", "unit": "MB"} if start == "limited" else None)["sim_cards"]
        for path, sim in zip("sf", sims):
            if start == "no_group":
                emu.force(sim["id"], sim_card_group_id=None)
            if start == "over_limit":
                assert emu.api("PATCH", "/sim_cards/%s" % sim["id"], json={"data_limit": {"amount": "10", "unit": "MB"}}).status_code == 200
                emu.consume(sim["id"], 20)
            cases["%s_%s" % (path, name)] = (dict(declared, id=sim["id"]), sim["id"])
    assert group["name"] == "parity"
    return cases


def run_both(module_runner, cases, check):
    """sim_card on the s_ hosts and sim_card_fleet (one entry) on the f_ hosts, 8 at once, in the module runner (as one
    ansible-playbook run of two plays with -f 8 would run them)."""
    payload = dict((host, options) for host, (options, dummy) in cases.items())
    queues = {}
    for host, options in payload.items():
        if host.startswith("s_"):
            queues[host] = [("sim_card", dict(FAST, **dict((key, value) for key, value in options.items() if key in SIM_OPTIONS)))]
        else:
            entry = dict((key, value) for key, value in options.items() if key in ENTRY_KEYS)
            queues[host] = [("sim_card_fleet", dict(FAST, sim_cards=[entry], wait=options.get("wait", True), return_unchanged=True))]
    results = dict((host, found[0]) for host, found in module_runner.run_hosts(queues, 8, check=check, diff=True).items())
    assert sorted(results) == sorted(cases), results
    return results


def seen(result, fleet):
    """What a user compares between the paths: changed, failed, why, and the SIM card as left (or predicted)."""
    if fleet and not result.get("sim_cards"):  # the whole task failed before a SIM card's result
        failure, after, status = result.get("failure") or {}, None, None
    elif fleet:
        sim = result["sim_cards"][0]
        failure = sim.get("failure") or {}
        after = sim.get("after") if sim["changed"] or sim["failed"] else None
        status = sim.get("status")
    else:
        failure = result.get("failure") or {}
        after = (result.get("diff") or {}).get("after") if result.get("changed") else None
        status = (((result.get("sim_card") or {}).get("status")) or {}).get("value") if not result["failed"] else None
    # a failed sim_card task has no diff: the SIM card as it is is compared through the state after the run instead
    view = dict((key, after.get(key)) for key in VIEW if key in after) if after and not result["failed"] else None
    return {"changed": result.get("changed"), "failed": result["failed"], "reason": failure.get("reason"),
            "source": failure.get("source"), "after": view, "status": status if not result["failed"] else None}


def writes_of(emu, cases):
    """{host: [(method, path with its SIM card id as {id})]} from the emulator's request log (registration by code)."""
    found = dict((host, []) for host in cases)
    owners = dict((sim_id, host) for host, (dummy, sim_id) in cases.items() if sim_id)
    codes = dict((options.get("registration_code"), host) for host, (options, dummy) in cases.items() if options.get("registration_code"))
    for request in emu.requests():
        if request["method"] == "GET" or not request["path"].startswith("/v2/") or "validate_registration_codes" in request["path"]:
            continue
        if request["path"] == REGISTER:
            for code in (request.get("body") or {}).get("registration_codes") or []:
                found[codes[code]].append(("POST", REGISTER))
            continue
        owner = next((sim_id for sim_id in owners if sim_id in request["path"]), None)
        assert owner is not None, request
        found[owners[owner]].append((request["method"], re.sub(owner, "{id}", request["path"])))
    return found


def requests_of(steps):
    """The requests the steps of a result stand for, in writes_of's form."""
    found = []
    for step in steps:
        kind, detail = step["kind"], step["detail"]
        if kind == "register":
            found.append(("POST", REGISTER))
        elif kind in ("patch", "later_patch", "delete"):
            found.append(("DELETE" if kind == "delete" else "PATCH", "/v2/sim_cards/{id}"))
        else:
            found.append(("POST", "/v2/sim_cards/{id}/actions/%s" % (detail if kind == "status" else detail["action"])))
    return found


def planned_steps(result, fleet):
    """The steps a result shows: sim_card's `steps`, the fleet's SIM card's (only where it changes)."""
    if fleet:
        return ((result.get("sim_cards") or [{}])[0]).get("steps") or []
    return result.get("steps") or []


def compare(results, label):
    drift = []
    for name in sorted(SITUATIONS):
        one, fleet = seen(results["s_" + name], False), seen(results["f_" + name], True)
        if one != fleet:
            drift.append("%s %s:\n  sim_card %r\n  fleet    %r" % (label, name, one, fleet))
    return drift


def test_sim_card_and_a_fleet_of_one_agree(emu, module_runner):
    cases = prepare(emu)
    emu.clear_requests()
    predicted = run_both(module_runner, cases, check=True)
    assert all(not entries for entries in writes_of(emu, cases).values())
    drift = compare(predicted, "check mode")
    for name in ("s_telnyx_refuses", "f_telnyx_refuses"):
        emu.fail_next("sim_card_action", type="disable", id=cases[name][1], reason="The network refused.")
    emu.clear_requests()
    real = run_both(module_runner, cases, check=False)
    drift += compare(real, "real run")
    sent = writes_of(emu, cases)
    for name in sorted(SITUATIONS):
        if sent["s_" + name] != sent["f_" + name]:
            drift.append("writes %s: sim_card %r, fleet %r" % (name, sent["s_" + name], sent["f_" + name]))
    for name in sorted(SITUATIONS):
        # the steps a dry run shows are the requests the real run sent, on each path
        for path in "sf":
            dry = predicted[path + "_" + name]
            if not dry["failed"] and requests_of(planned_steps(dry, path == "f")) != sent[path + "_" + name]:
                drift.append("steps %s_%s: dry run %r, real run %r" % (path, name, planned_steps(dry, path == "f"), sent[path + "_" + name]))
    for name in sorted(SITUATIONS):
        # the dry run predicted the real run, on each path
        for path in "sf" if name != "telnyx_refuses" else ():  # a refusal is Telnyx's, after the dry run
            dry, wet = seen(predicted[path + "_" + name], path == "f"), seen(real[path + "_" + name], path == "f")
            if dry != wet:
                drift.append("prediction %s_%s:\n  check %r\n  real  %r" % (path, name, dry, wet))
    for name in sorted(SITUATIONS):
        # the SIM cards as the two paths left them, read from the API
        first, second = cases["s_" + name][1], cases["f_" + name][1]
        if first:
            left = [emu.sim(sim_id) for sim_id in (first, second)]
            deadline = time.monotonic() + 10
            while any(sim["status"]["value"] in TRANSITIONAL for sim in left) and time.monotonic() < deadline:
                # wait: false leaves an action under way, started by the two paths moments apart: compare where they end
                time.sleep(0.1)
                left = [emu.sim(sim_id) for sim_id in (first, second)]
            fields = [(sim["status"]["value"], sorted(sim["tags"]), sim.get("data_limit"), sim.get("voice_enabled")) for sim in left]
            if fields[0] != fields[1]:
                drift.append("left %s: sim_card %r, fleet %r" % (name, fields[0], fields[1]))
    assert not drift, "\n".join(drift)
    assert seen(real["s_register_wrong_code"], False)["reason"] == "invalid_registration_code"
    assert seen(real["s_not_on_account"], False)["reason"] == "sim_card_not_found"
    assert seen(real["s_id_not_on_account"], False)["reason"] == "sim_card_not_found"
    assert seen(real["s_register_used_code"], False)["reason"] == "invalid_registration_code"
    assert seen(real["s_register_without_state"], False)["reason"] == "invalid_input"
    through_enabled = [{"kind": "status", "detail": "enable"}, {"kind": "status", "detail": "set_standby"}]
    assert planned_steps(predicted["s_disabled_to_standby"], False) == through_enabled
    assert planned_steps(predicted["f_present_unchanged"], True) == planned_steps(predicted["s_present_unchanged"], False) == []
    assert seen(real["s_ambiguous_group"], False)["reason"] == "ambiguous_group"
    assert seen(real["s_telnyx_refuses"], False)["failed"]


# ------------------------------------------------------------------------------------------- public IPs and notifications

GB = {"amount": 1, "unit": "GB"}
HALF_GB = {"amount": 500, "unit": "MB"}
#: situation -> (how its SIM cards start, the kind, the options of sim_card_public_ip / sim_card_notification). The fleet
#: entry declares the same as public_ip: {...} or notifications: [...], notifications_exclusive.
EXTRA_SITUATIONS = {
    "ip_first_in_a_region": ("no_ip", "public_ip", {"region_code": "dc2"}),
    "ip_first_anywhere": ("no_ip", "public_ip", {}),
    "ip_kept": ("ip_ch1", "public_ip", {"region_code": "ch1"}),
    "ip_move_refused": ("ip_ch1", "public_ip", {"region_code": "dc2"}),
    "ip_move_allowed": ("ip_ch1", "public_ip", {"region_code": "dc2", "allow_address_change": True}),
    "ip_removed": ("ip_ch1", "public_ip", {"state": "absent"}),
    "ip_unknown_region": ("no_ip", "public_ip", {"region_code": "xx9"}),
    "notes_added": ("notes", "notifications", {"thresholds": [HALF_GB, GB, {"amount": 2, "unit": "GB"}]}),
    "notes_kept": ("notes", "notifications", {"thresholds": [GB, HALF_GB]}),
    "notes_exclusive": ("notes", "notifications", {"thresholds": [GB], "exclusive": True}),
}


def prepare_extras(emu):
    """Two SIM cards per situation, one for each path: {host: (kind, options, SIM card id)}."""
    cases = {}
    for name, (start, kind, options) in sorted(EXTRA_SITUATIONS.items()):
        sims = emu.seed(sim_cards=2, groups=["extras"])["sim_cards"]
        for number, (path, sim) in enumerate(zip("sf", sims)):
            if start == "ip_ch1":
                emu.force(sim["id"], public_ip={"ip": "198.18.20.%d" % (len(cases) + number + 1), "region_code": "ch1"})
            if start == "notes":
                for threshold in (HALF_GB, GB):
                    answer = emu.api("POST", "/sim_card_data_usage_notifications", json={"sim_card_id": sim["id"], "threshold": threshold})
                    assert answer.status_code in (200, 201), answer.text
            cases["%s_%s" % (path, name)] = (kind, options, sim["id"])
    return cases


def extra_tasks(cases):
    """The module of each kind on the s_ hosts, sim_card_fleet with one entry on the f_ hosts."""
    queues = {}
    for host, (kind, options, sim_id) in cases.items():
        if host.startswith("s_"):
            if kind == "public_ip":
                queues[host] = [("sim_card_public_ip", dict(FAST, id=sim_id, **options))]
            else:  # no wait options: a notification has no action to wait for
                queues[host] = [("sim_card_notification", dict(id=sim_id, **options))]
        elif kind == "public_ip":
            queues[host] = [("sim_card_fleet", dict(FAST, sim_cards=[{"id": sim_id, "public_ip": options}], return_unchanged=True))]
        else:
            entry = {"id": sim_id, "notifications": options["thresholds"], "notifications_exclusive": options.get("exclusive", False)}
            queues[host] = [("sim_card_fleet", dict(FAST, sim_cards=[entry], return_unchanged=True))]
    return queues


def in_mb(threshold):
    return float(threshold["amount"]) * (1024 if threshold["unit"] == "GB" else 1)


def extra_seen(result, kind, fleet):
    """changed, failed, why, and the public IP's region (or the notifications' thresholds in MB) as left or predicted."""
    one = result["sim_cards"][0] if fleet and result.get("sim_cards") else result
    failure = one.get("failure") or result.get("failure") or {}
    if one.get("failed") or result.get("failed"):
        left = None
    elif kind == "public_ip":
        left = (one.get("public_ip") or {}).get("region_code", "none") if one.get("public_ip") else None
    else:
        left = sorted(in_mb(note["threshold"]) for note in one.get("notifications") or [])
    return {"changed": result.get("changed"), "failed": bool(result.get("failed")), "reason": failure.get("reason"),
            "source": failure.get("source"), "left": left}


def notification_owners(emu):
    """{notification id: its SIM card id} of the account's notifications now."""
    listed = emu.api("GET", "/sim_card_data_usage_notifications", params={"page[size]": 250}).json()["data"]
    return dict((note["id"], note["sim_card_id"]) for note in listed)


def extra_writes(emu, cases, notes):
    """{host: sorted [(method, what)]}: the writes on each host's SIM card (notes: notification id -> SIM card id, for a
    DELETE), a bulk public IP as the set it stands for."""
    owners = dict((sim_id, host) for host, (dummy, dummy2, sim_id) in cases.items())
    found = dict((host, []) for host in cases)
    for request in emu.requests():
        if request["method"] == "GET" or not request["path"].startswith("/v2/"):
            continue
        body = request.get("body") or {}
        if request["path"].endswith("/bulk_set_public_ips"):
            for sim_id in body.get("sim_card_ids") or []:
                found[owners[sim_id]].append(("POST", "set_public_ip"))
            continue
        if request["path"].startswith("/v2/sim_card_data_usage_notifications"):
            sim_id = body.get("sim_card_id") or notes[request["path"].rsplit("/", 1)[-1]]
            found[owners[sim_id]].append((request["method"], "notification"))
            continue
        sim_id = next(sim_id for sim_id in owners if sim_id in request["path"])
        found[owners[sim_id]].append((request["method"], request["path"].rsplit("/", 1)[-1]))
    return dict((host, sorted(writes)) for host, writes in found.items())


def test_public_ips_and_notifications_agree_with_their_modules(emu, module_runner):
    """A fleet entry that declares a public IP or notifications does what sim_card_public_ip or sim_card_notification
    does for the same SIM card: the same changed, failure.reason and source, the same result, in check mode and for real,
    and the same writes (a public IP in any region goes in the fleet's bulk form)."""
    cases = prepare_extras(emu)
    notes = notification_owners(emu)
    emu.clear_requests()
    runs = {}
    for check in (True, False):
        found = module_runner.run_hosts(extra_tasks(cases), 8, check=check, diff=True)
        runs[check] = dict((host, results[0]) for host, results in found.items())
        if check:
            assert all(not writes for writes in extra_writes(emu, cases, notes).values())
            emu.clear_requests()
    sent = extra_writes(emu, cases, notes)
    drift = []
    for name, (dummy_start, kind, dummy) in sorted(EXTRA_SITUATIONS.items()):
        for check in (True, False):
            one, fleet = extra_seen(runs[check]["s_" + name], kind, False), extra_seen(runs[check]["f_" + name], kind, True)
            if one != fleet:
                drift.append("%s %s:\n  module %r\n  fleet  %r" % ("check mode" if check else "real run", name, one, fleet))
        if sent["s_" + name] != sent["f_" + name]:
            drift.append("writes %s: module %r, fleet %r" % (name, sent["s_" + name], sent["f_" + name]))
    assert not drift, "\n".join(drift)
    real = runs[False]
    assert extra_seen(real["s_ip_move_refused"], "public_ip", False)["reason"] == "address_change"
    assert extra_seen(real["s_ip_unknown_region"], "public_ip", False)["reason"] == "unknown_region"
    assert extra_seen(real["f_ip_move_allowed"], "public_ip", True)["left"] == "dc2"
    assert sent["f_ip_move_allowed"] == [("POST", "remove_public_ip"), ("POST", "set_public_ip")]
    assert extra_seen(real["f_notes_exclusive"], "notifications", True)["left"] == [1024.0]
    assert sent["f_notes_kept"] == [] and sent["f_ip_kept"] == []
