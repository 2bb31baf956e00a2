# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Change runs that cannot hurt (issue 10), against the emulator.

A task never changes what it does not name, and every step that cannot be undone (or that breaks clients) is
guarded: each test reads the emulator's request log to show what was (not) sent, in check mode and for real.
"""

from __future__ import annotations

from test_sim_card import FAST, api_requests, mine, projection, run_cases, task, write_steps, writes_of

IMEI = "864524030000017"
OTHER_IMEI = "864524030000025"
MISSING_ID = "6b14e151-8493-4fa1-8664-1cc4e6d14158"
MISSING_ICCID = "8988303000000099990"


# ------------------------------------------------------------------------------------------- helpers

def exceed_limit(emu, sim_id, limit_mb=10, used_mb=20):
    """Put an enabled SIM card into data_limit_exceeded the way Telnyx does: its own limit, then data use."""
    assert emu.api("PATCH", "/sim_cards/%s" % sim_id, json={"data_limit": {"amount": str(limit_mb), "unit": "MB"}}).status_code == 200
    emu.consume(sim_id, used_mb)
    assert emu.sim(sim_id)["status"]["value"] == "data_limit_exceeded"


def status_posts(requests):
    """Every status action sent (enable, disable, set_standby), whoever it was for."""
    return [r for r in requests if r["method"] == "POST" and r["path"].rsplit("/", 1)[-1] in ("enable", "disable", "set_standby")]


def validations(requests):
    return [r for r in requests if r["method"] == "POST" and r["path"] == "/v2/sim_cards/actions/validate_registration_codes"]


def registrations(requests):
    return [r for r in requests if r["method"] == "POST" and r["path"] == "/v2/actions/register/sim_cards"]


def sim_card_task(name, check=False, **args):
    merged = dict(FAST)
    merged.update(args)
    entry = {"name": name, "telnyx.wireless.sim_card": merged, "diff": True, "ignore_errors": True}
    if check:
        entry["check_mode"] = True
    return entry


def used_code(emu):
    """A registration code Telnyx has already consumed, and the ICCID it was printed for (now unregistered again)."""
    card = emu.seed(registration_codes=1)["registration_codes"][0]
    answer = emu.api("POST", "/actions/register/sim_cards", json={"registration_codes": [card["registration_code"]]})
    assert answer.status_code == 202 and answer.json()["data"], answer.text
    sim_id = answer.json()["data"][0]["id"]
    emu.advance(60)
    assert emu.api("DELETE", "/sim_cards/%s" % sim_id).status_code == 200
    emu.advance(60)
    assert emu.sim(sim_id) is None
    return card


# ------------------------------------------------------------------------------------------- a task changes only what it names

SETTINGS = {
    "tags": {"tags": ["audited"]},
    "imeis": {"authorized_imeis": [IMEI, OTHER_IMEI]},
    "limit": None,  # per status, below
}
STATUSES = ("enabled", "disabled", "standby", "data_limit_exceeded")


def test_a_setting_only_task_never_touches_the_status(emu, run_tasks):
    """A tags-only, IMEI-only or data-limit-only task (no `state`) on a SIM card in each status changes that setting
    alone: one PATCH holding only it, 0 status actions, the status as it was; check mode predicts it and writes nothing."""
    seeded = emu.seed(sim_cards=12, groups=["fleet"], statuses=["enabled", "disabled", "standby", "enabled"], tags=["keep"])
    sims = seeded["sim_cards"]
    cases, info = {}, {}
    for index, sim in enumerate(sims):
        status = STATUSES[index % 4]
        setting = ("tags", "imeis", "limit")[index // 4]
        if status == "data_limit_exceeded":
            exceed_limit(emu, sim["id"])  # own limit 10 MB, 20 MB used
        assert emu.sim(sim["id"])["status"]["value"] == status
        if setting == "limit":
            # still below the data used for the SIM card held by its limit (so Telnyx keeps holding it), far above
            # it for the others (so Telnyx does not cut them off): the status is the task's to leave alone
            args = {"data_limit": {"amount": 15, "unit": "MB"} if status == "data_limit_exceeded" else {"amount": 2, "unit": "GB"}}
        else:
            args = dict(SETTINGS[setting])
        host = "%s_%s" % (setting, status)
        cases[host] = dict(args, **({"id": sim["id"]} if index % 2 else {"iccid": sim["iccid"]}))
        info[host] = (sim, status, setting)

    emu.clear_requests()
    check = run_cases(run_tasks, cases, check=True)
    assert writes_of(api_requests(emu)) == []

    emu.clear_requests()
    real = run_cases(run_tasks, cases)
    requests = api_requests(emu)
    assert status_posts(requests) == []
    expected_field = {"tags": "tags", "imeis": "authorized_imeis", "limit": "data_limit"}
    for host, (sim, status, setting) in info.items():
        result, predicted = real[host], check[host]
        assert not result["failed"] and not predicted["failed"], (host, result.get("msg"), predicted.get("msg"))
        assert result["changed"] is True and predicted["changed"] is True, host
        assert result["actions"] == [] and predicted["actions"] == [], host
        # the status is what it was: in the result, in the prediction, in the diff, on the account
        assert result["sim_card"]["status"]["value"] == status, host
        assert predicted["sim_card"]["status"]["value"] == status, host
        assert result["diff"]["before"]["status"] == result["diff"]["after"]["status"] == status, host
        assert emu.sim(sim["id"])["status"]["value"] == status, host
        assert projection(predicted["sim_card"]) == projection(result["sim_card"]), host
        assert predicted["diff"] == result["diff"], host
        writes = writes_of(mine(requests, sim_id=sim["id"], iccid=sim["iccid"]))
        assert [w["method"] for w in writes] == ["PATCH"], (host, writes)
        assert list(writes[0]["body"]) == [expected_field[setting]], (host, writes[0]["body"])
        assert result.get("warnings") in (None, []), (host, result.get("warnings"))

    # a second run: nothing to do, nothing written
    emu.clear_requests()
    again = run_cases(run_tasks, cases)
    assert writes_of(api_requests(emu)) == []
    assert not any(result["changed"] for result in again.values()), again


def test_a_task_without_state_leaves_a_disabled_sim_card_off_the_network(emu, run_tasks):
    """The issue's own story: the module's example "add a tag without removing the others, and lock the SIM card to
    two devices" on a SIM card disabled because it was stolen must not enable it again."""
    stolen = emu.seed(sim_cards=1, groups=["fleet"], statuses=["disabled"])["sim_cards"][0]
    assert emu.api("PATCH", "/sim_cards/%s" % stolen["id"], json={"tags": ["stolen"]}).status_code == 200
    args = {"iccid": stolen["iccid"], "tags": ["maintenance"], "purge_tags": False, "authorized_imeis": [IMEI, OTHER_IMEI]}
    emu.clear_requests()
    run = run_tasks([sim_card_task("dry run", check=True, **args), sim_card_task("real run", **args)], expect_rc=0)
    dry, done = task(run, "dry run"), task(run, "real run")
    assert dry["changed"] and done["changed"]
    assert dry["diff"]["after"]["status"] == done["diff"]["after"]["status"] == "disabled"
    assert write_steps(api_requests(emu)) == ["PATCH"]
    assert emu.sim(stolen["id"])["status"]["value"] == "disabled"
    assert sorted(emu.sim(stolen["id"])["tags"]) == ["maintenance", "stolen"]


# ------------------------------------------------------------------------------------------- registration

def test_registration_without_state_fails_before_any_write(emu, run_tasks):
    """Registering puts a SIM card on the network and on the bill: a task that names no state never does it."""
    card = emu.seed(registration_codes=1)["registration_codes"][0]
    args = {"iccid": card["iccid"], "registration_code": card["registration_code"], "tags": ["new"]}
    emu.clear_requests()
    run = run_tasks([sim_card_task("dry run", check=True, **args), sim_card_task("real run", **args)], expect_rc=0)
    for name in ("dry run", "real run"):
        result = task(run, name)
        assert result["failed"], (name, result)
        assert "state" in result["msg"] and "present, disabled or standby" in result["msg"], result["msg"]
        # the rule of every entry of sim_card_fleet (check_entry): refused as input, whether the SIM card is on the account or not
        assert result["failure"] == {"source": "collection", "reason": "invalid_input", "status": None, "code": None,
                                     "title": "Invalid input", "detail": result["msg"]}, result["failure"]
    assert task(run, "dry run")["msg"] == task(run, "real run")["msg"]
    assert api_requests(emu) == []  # refused before any request
    assert emu.registration_codes(iccid=card["iccid"])  # still unregistered


def test_registration_check_mode_validates_the_code_and_predicts_exactly(emu, run_playbook):
    """Check mode validates the code (the one POST the read-only client lets through) and predicts the registration;
    the real run validates, then registers, and ends where the prediction said. The code appears in no output at -vvvv."""
    seeded = emu.seed(groups=["trackers"], registration_codes=1)
    card = seeded["registration_codes"][0]
    args = {"iccid": card["iccid"], "registration_code": card["registration_code"], "state": "standby", "sim_card_group": "trackers",
            "tags": ["trackers"], "data_limit": {"amount": 500, "unit": "MB"}}
    emu.clear_requests()
    check_run = run_playbook([sim_card_task("dry run", check=True, **args)], expect_rc=0, args=("-vvvv",))
    check_requests = api_requests(emu)
    emu.clear_requests()
    real_run = run_playbook([sim_card_task("real run", **args)], expect_rc=0, args=("-vvvv",))
    real_requests = api_requests(emu)

    dry, done = task(check_run, "dry run"), task(real_run, "real run")
    assert dry["changed"] and done["changed"]
    # only GETs and the validation, which carries the code once
    assert [r for r in check_requests if r["method"] != "GET"] == validations(check_requests)
    assert len(validations(check_requests)) == 1
    assert validations(check_requests)[0]["body"] == {"registration_codes": [card["registration_code"]]}
    # the real run validates before it registers
    writes = writes_of(real_requests)
    assert [w["path"].rsplit("/", 1)[-1] for w in writes] == ["validate_registration_codes", "sim_cards", "%s" % done["sim_card"]["id"]]
    assert [w["method"] for w in writes] == ["POST", "POST", "PATCH"]
    # exactly predicted
    assert projection(dry["sim_card"]) == projection(done["sim_card"])
    assert done["sim_card"]["status"]["value"] == "standby"
    real_after = dict(done["diff"]["after"])
    real_after.pop("id")
    assert dry["diff"]["before"] == done["diff"]["before"] == {}
    assert dry["diff"]["after"] == real_after
    assert emu.sim(done["sim_card"]["id"])["status"]["value"] == "standby"
    # the code is a claim secret: in no output, no result, even at -vvvv
    for run in (check_run, real_run):
        assert card["registration_code"] not in run.stdout and card["registration_code"] not in run.stderr
        assert all(card["registration_code"] not in repr(entry) for entry in run.results)


def test_a_wrong_or_used_code_fails_in_check_mode_exactly_like_the_real_run(emu, run_playbook):
    seeded = emu.seed(groups=["trackers"], registration_codes=1)
    fresh = seeded["registration_codes"][0]
    used = used_code(emu)
    wrong_code = "9999999999"
    assert wrong_code not in [c["registration_code"] for c in emu.registration_codes()]
    cases = {
        "wrong": {"iccid": fresh["iccid"], "registration_code": wrong_code, "state": "present"},
        "used": {"iccid": used["iccid"], "registration_code": used["registration_code"], "state": "present"},
    }
    for name, args in cases.items():
        emu.clear_requests()
        run = run_playbook([sim_card_task("dry run", check=True, **args), sim_card_task("real run", **args)], expect_rc=0,
                           args=("-vvvv",))
        dry, done = task(run, "dry run"), task(run, "real run")
        assert dry["failed"] and done["failed"], (name, dry, done)
        assert dry["msg"] == done["msg"], name
        assert "registration_code" in dry["msg"] and args["iccid"] in dry["msg"], dry["msg"]
        if name == "used":
            assert "already been used" in dry["msg"], dry["msg"]
        assert dry["failure"] == done["failure"], name
        assert dry["failure"]["source"] == "collection" and dry["failure"]["status"] is None, dry["failure"]
        requests = api_requests(emu)
        # each run: GETs and one validation; no registration, nothing else written
        assert writes_of(requests) == validations(requests) and len(validations(requests)) == 2, (name, writes_of(requests))
        assert args["registration_code"] not in run.stdout and args["registration_code"] not in run.stderr, name
        assert all(args["registration_code"] not in repr(entry) for entry in run.results), name
    assert emu.registration_codes(iccid=fresh["iccid"])  # still unregistered


def test_the_read_only_client_lets_only_the_validation_through(emu, run_tasks):
    """Check mode over every kind of change: the request log holds GETs and validations, nothing else."""
    seeded = emu.seed(sim_cards=3, groups=["fleet"], statuses=["enabled", "disabled", "standby"], registration_codes=1)
    sims, card = seeded["sim_cards"], seeded["registration_codes"][0]
    emu.force(sims[0]["id"], public_ip={"ip": "198.51.100.7", "region_code": "dc2"})
    emu.clear_requests()
    run = run_tasks([
        sim_card_task("register", check=True, iccid=card["iccid"], registration_code=card["registration_code"], state="present"),
        sim_card_task("disable", check=True, id=sims[0]["id"], state="disabled", tags=["x"]),
        sim_card_task("delete", check=True, id=sims[1]["id"], state="absent"),
        {"name": "public ip", "check_mode": True, "telnyx.wireless.sim_card_public_ip": dict(FAST, id=sims[0]["id"], state="absent")},
        {"name": "notification", "check_mode": True,
         "telnyx.wireless.sim_card_notification": {"id": sims[2]["id"], "threshold": {"amount": 1, "unit": "GB"}}},
    ], expect_rc=0)
    for name in ("register", "disable", "delete", "public ip", "notification"):
        assert task(run, name)["changed"] is True, (name, task(run, name))
    requests = api_requests(emu)
    assert writes_of(requests) == validations(requests) and len(validations(requests)) == 1


# ------------------------------------------------------------------------------------------- guards

def test_a_group_name_two_groups_share_fails_naming_both(emu, run_tasks):
    seeded = emu.seed(sim_cards=1, groups=["fleet"], registration_codes=1)
    sim, card = seeded["sim_cards"][0], seeded["registration_codes"][0]
    twins = [emu.api("POST", "/sim_card_groups", json={"name": "twins"}).json()["data"]["id"] for _twin in range(2)]
    emu.clear_requests()
    run = run_tasks([
        sim_card_task("dry run", check=True, id=sim["id"], sim_card_group="twins"),
        sim_card_task("real run", id=sim["id"], sim_card_group="twins", tags=["x"]),
        sim_card_task("register", iccid=card["iccid"], registration_code=card["registration_code"], state="present", sim_card_group="twins"),
        {"name": "info", "ignore_errors": True, "telnyx.wireless.sim_card_info": {"sim_card_group": "twins"}},
    ], expect_rc=0)
    for name in ("dry run", "real run", "register", "info"):
        result = task(run, name)
        assert result["failed"], (name, result)
        assert "twins" in result["msg"] and all(group_id in result["msg"] for group_id in twins), (name, result["msg"])
        assert result["failure"]["source"] == "collection", result["failure"]
    requests = api_requests(emu)
    assert writes_of(requests) == [], writes_of(requests)
    assert emu.sim(sim["id"])["sim_card_group_id"] == seeded["groups"][0]["id"] and emu.sim(sim["id"])["tags"] == []
    assert emu.registration_codes(iccid=card["iccid"])


def test_a_region_change_needs_allow_address_change(emu, run_tasks):
    """Moving a public IP to another region releases its address (every allowlist holding it breaks): refused by
    default, before any write, naming the address and the option; allowed with allow_address_change; absent stays allowed."""
    first, second = emu.seed(sim_cards=2)["sim_cards"]
    emu.force(first["id"], public_ip={"ip": "198.51.100.7", "region_code": "dc2"})
    emu.force(second["id"], public_ip={"ip": "198.51.100.8", "region_code": "dc2"})

    def ip_task(name, check=False, **args):
        entry = {"name": name, "ignore_errors": True, "diff": True, "telnyx.wireless.sim_card_public_ip": dict(FAST, **args)}
        if check:
            entry["check_mode"] = True
        return entry

    emu.clear_requests()
    run = run_tasks([ip_task("dry run", check=True, id=first["id"], region_code="am1"),
                     ip_task("real run", iccid=first["iccid"], region_code="am1")], expect_rc=0)
    for name in ("dry run", "real run"):
        result = task(run, name)
        assert result["failed"], (name, result)
        assert "198.51.100.7" in result["msg"] and "allow_address_change" in result["msg"] and "am1" in result["msg"], result["msg"]
        assert result["failure"]["source"] == "collection" and result["failure"]["status"] is None
    assert writes_of(api_requests(emu)) == []
    assert emu.api("GET", "/sim_cards/%s/public_ip" % first["id"]).json()["data"]["ip"] == "198.51.100.7"

    emu.clear_requests()
    run = run_tasks([ip_task("allowed dry run", check=True, id=first["id"], region_code="am1", allow_address_change=True),
                     ip_task("allowed", id=first["id"], region_code="am1", allow_address_change=True),
                     ip_task("release", id=second["id"], state="absent")], expect_rc=0)
    assert task(run, "allowed dry run")["changed"] and task(run, "allowed")["changed"] and task(run, "release")["changed"]
    moved = emu.api("GET", "/sim_cards/%s/public_ip" % first["id"]).json()["data"]
    assert moved["region_code"] == "am1" and moved["ip"] != "198.51.100.7"
    assert emu.api("GET", "/sim_cards/%s/public_ip" % second["id"]).status_code == 404


# ------------------------------------------------------------------------------------------- data limit removal

def test_removing_a_sim_cards_own_data_limit(emu, run_tasks):
    """data_limit: {} removes the SIM card's own limit (its group's applies): PATCH {"data_limit": {}}. A SIM card held
    by its own limit, in a group without one, goes back to enabled by itself (no action), as check mode predicts."""
    seeded = emu.seed(sim_cards=2, groups=["fleet"])
    limited, held = seeded["sim_cards"]
    assert emu.api("PATCH", "/sim_cards/%s" % limited["id"], json={"data_limit": {"amount": "1", "unit": "GB"}}).status_code == 200
    exceed_limit(emu, held["id"])
    cases = {"limited": {"id": limited["id"], "data_limit": {}}, "held": {"iccid": held["iccid"], "data_limit": {}}}
    emu.clear_requests()
    check = run_cases(run_tasks, cases, check=True)
    assert writes_of(api_requests(emu)) == []
    emu.clear_requests()
    real = run_cases(run_tasks, cases)
    requests = api_requests(emu)
    for host, sim in (("limited", limited), ("held", held)):
        assert real[host]["changed"] and check[host]["changed"], host
        writes = writes_of(mine(requests, sim_id=sim["id"]))
        assert [(w["method"], w["body"]) for w in writes] == [("PATCH", {"data_limit": {}})], (host, writes)
        assert emu.sim(sim["id"])["data_limit"] == {}
        assert real[host]["diff"]["after"]["data_limit"] is None and check[host]["diff"]["after"]["data_limit"] is None
        assert projection(check[host]["sim_card"]) == projection(real[host]["sim_card"]), host
    assert status_posts(requests) == []
    assert check["held"]["sim_card"]["status"]["value"] == real["held"]["sim_card"]["status"]["value"] == "enabled"
    assert emu.sim(held["id"])["status"]["value"] == "enabled"
    assert emu.sim(limited["id"])["status"]["value"] == "enabled"
    emu.clear_requests()
    again = run_cases(run_tasks, cases)
    assert not any(result["changed"] for result in again.values()) and writes_of(api_requests(emu)) == []


# ------------------------------------------------------------------------------------------- honest edges

def test_a_standby_sim_card_that_woke_up_is_reported_distinctly(emu, run_tasks):
    """Telnyx enables a standby SIM card that starts using data. A task that declares standby warns that it woke up,
    says so in the result (woke_up), and sets it back to standby; one enabled by hand is an ordinary change."""
    woke, by_hand = emu.seed(sim_cards=2, groups=["fleet"], statuses=["standby", "standby"])["sim_cards"]
    emu.consume(woke["id"], 5)
    assert emu.api("POST", "/sim_cards/%s/actions/enable" % by_hand["id"]).status_code == 202
    emu.advance(60)
    assert emu.sim(woke["id"])["status"]["value"] == emu.sim(by_hand["id"])["status"]["value"] == "enabled"
    cases = {"woke": {"iccid": woke["iccid"], "state": "standby"}, "by_hand": {"id": by_hand["id"], "state": "standby"}}
    emu.clear_requests()
    check = run_cases(run_tasks, cases, check=True)
    assert writes_of(api_requests(emu)) == []
    real = run_cases(run_tasks, cases)
    for results in (check, real):
        assert results["woke"]["changed"] and results["woke"]["woke_up"] is True
        assert any(woke["iccid"] in warning and "woke up" in warning for warning in results["woke"]["warnings"]), results["woke"]
        assert results["by_hand"]["changed"] and results["by_hand"]["woke_up"] is False
        assert not any("woke up" in warning for warning in results["by_hand"].get("warnings") or [])
    assert emu.sim(woke["id"])["status"]["value"] == emu.sim(by_hand["id"])["status"]["value"] == "standby"
    assert [a["action_type"] for a in real["woke"]["actions"]] == ["set_standby"]
    again = run_cases(run_tasks, cases)
    assert not again["woke"]["changed"] and again["woke"]["woke_up"] is False and not again["woke"].get("warnings")


def test_info_modules_agree_on_a_sim_card_that_does_not_exist(emu, run_tasks):
    emu.seed(sim_cards=1)
    tasks = []
    for ref in ({"id": MISSING_ID}, {"iccid": MISSING_ICCID}):
        label = list(ref)[0]
        tasks += [
            {"name": "sim_card_info %s" % label, "telnyx.wireless.sim_card_info": dict(ref)},
            {"name": "public_ip_info %s" % label, "telnyx.wireless.sim_card_public_ip_info": dict(ref, regions=True)},
            {"name": "notification_info %s" % label, "telnyx.wireless.sim_card_notification_info": dict(ref)},
        ]
    emu.clear_requests()
    run = run_tasks(tasks, expect_rc=0)
    for label in ("id", "iccid"):
        info = task(run, "sim_card_info %s" % label)
        public_ip = task(run, "public_ip_info %s" % label)
        notes = task(run, "notification_info %s" % label)
        for result in (info, public_ip, notes):
            assert not result["failed"] and result["changed"] is False, result
        assert info["sim_cards"] == []
        assert public_ip["public_ip"] is None and public_ip["region_codes"] == ["am1", "ch1", "dc2"]
        assert notes["notifications"] == []
    assert writes_of(api_requests(emu)) == []


def test_failures_say_where_they_came_from(emu, run_tasks):
    """failure.source: api (with the HTTP status and Telnyx code it really answered) or collection (status null)."""
    seeded = emu.seed(sim_cards=2, groups=["fleet"])
    sims = seeded["sim_cards"]
    exceed_limit(emu, sims[1]["id"])
    emu.faults(rate=1.0, kinds=["500"], methods=["PATCH"])
    run = run_tasks([
        sim_card_task("api refuses", id=sims[0]["id"], tags=["x"]),
        sim_card_task("held by its limit", id=sims[1]["id"], state="disabled"),
        sim_card_task("not on the account", id=MISSING_ID, state="present"),
    ], expect_rc=0)
    emu.clear_faults()
    api = task(run, "api refuses")["failure"]
    assert api["source"] == "api" and api["status"] == 500 and api["code"] == "10007", api
    held = task(run, "held by its limit")["failure"]
    assert held["source"] == "collection" and held["status"] is None and held["code"] is None, held
    assert held["reason"] == "data_limit_exceeded"
    missing = task(run, "not on the account")["failure"]
    assert missing["source"] == "collection" and missing["reason"] == "sim_card_not_found", missing
