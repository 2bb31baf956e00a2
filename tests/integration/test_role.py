# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The telnyx.wireless.sim_fleet role, run by ansible-playbook against the emulator.

A change window in three runs - check mode with diff, the real run, the rerun - over one fleet description that
exercises every key of an entry, and the role's input validation (meta/argument_specs.yml and its own checks),
which must reject bad input before any request is sent.
"""

from __future__ import annotations

import re

import pytest

from conftest import API_KEY

# behaviour ansible-core takes part in: run on the newest ansible-core by scripts/test too (pytest.ini)
pytestmark = pytest.mark.ansible_core

IMEI = "864524030000017"
FAST = {"sim_fleet_wait_sleep": 0.2, "sim_fleet_wait_timeout": 60}
VALIDATION = "/v2/sim_cards/actions/validate_registration_codes"
SIM_CARD_TASK = "SIM cards - status, registration, settings, public IP, notifications and voice"
VALIDATION_TASK = "Validating arguments against arg spec 'main' - Apply a declarative description of a Telnyx Wireless SIM card fleet"


def role_play(**variables):
    merged = dict(FAST)
    merged.update(variables)
    return [{"name": "fleet", "hosts": "localhost", "gather_facts": False, "vars": merged,
             "roles": [{"role": "telnyx.wireless.sim_fleet"}]}]


def recap(run, host="localhost"):
    """The PLAY RECAP counters of `host`, as ints."""
    match = re.search(r"^%s\s+:\s+(.*)$" % re.escape(host), run.stdout, re.M)
    assert match, repr(run)
    return dict((key, int(value)) for key, value in re.findall(r"(\w+)=(\d+)", match.group(1)))


def changed_labels(run, task):
    return sorted(entry["iccid"] for entry in run.task(task)["sim_cards"] if entry["changed"])


def fleet_results(run):
    """{iccid: per-SIM result} of the role's one fleet task."""
    return dict((entry["iccid"], entry) for entry in run.task(SIM_CARD_TASK)["sim_cards"])


def api_requests(emu):
    return [r for r in emu.requests() if r["path"].startswith("/v2/")]


def notifications_of(emu, sim_id):
    answer = emu.api("GET", "/sim_card_data_usage_notifications", params={"filter[sim_card_id]": sim_id}).json()["data"]
    return sorted((float(n["threshold"]["amount"]), n["threshold"]["unit"]) for n in answer)


def find_by_iccid(emu, iccid):
    answer = emu.api("GET", "/sim_cards", params={"filter[iccid]": iccid}).json()["data"]
    return [sim for sim in answer if sim["iccid"] == iccid]


def test_change_window_check_mode_predicts_the_real_run_and_the_rerun_changes_nothing(emu, run_playbook):
    seeded = emu.seed(sim_cards=7, groups=["meters", "trackers"], tags=["eu"], registration_codes=1)
    sims = seeded["sim_cards"]
    groups = dict((group["name"], group["id"]) for group in seeded["groups"])
    new = seeded["registration_codes"][0]
    iccid = [sim["iccid"] for sim in sims]
    fleet = [
        {"iccid": iccid[0], "tags": ["a", "b"], "purge_tags": False, "data_limit": {"amount": 1, "unit": "GB"}, "authorized_imeis": [IMEI]},
        {"iccid": iccid[1], "sim_card_group": "meters", "tags": []},
        {"iccid": iccid[2], "state": "standby"},
        {"iccid": iccid[3], "public_ip": {"region_code": "dc2"},
         "notifications": [{"amount": 500, "unit": "MB"}, {"amount": 1, "unit": "GB"}], "notifications_exclusive": True},
        {"iccid": iccid[4], "state": "disabled"},
        {"id": sims[5]["id"], "state": "present", "sim_card_group": groups["trackers"], "tags": ["eu"]},
        {"iccid": iccid[6], "state": "absent"},
        {"iccid": new["iccid"], "registration_code": new["registration_code"], "state": "present", "sim_card_group": "trackers", "tags": ["new"],
         "public_ip": {"state": "present"}, "notifications": [{"amount": 2, "unit": "GB"}]},
    ]
    # SIM card 3 already has a notification the description does not name: notifications_exclusive removes it.
    emu.api("POST", "/sim_card_data_usage_notifications", json={"sim_card_id": sims[3]["id"], "threshold": {"amount": "3", "unit": "GB"}})
    emu.clear_requests()

    check = run_playbook(plays=role_play(sim_fleet_sim_cards=fleet), check=True, diff=True, expect_rc=0)
    # check mode sends GETs, and validates the registration code (the one POST the read-only client lets through)
    assert [r for r in api_requests(emu) if r["method"] != "GET" and r["path"] != VALIDATION] == [], "check mode sent a write request"
    emu.clear_requests()
    real = run_playbook(plays=role_play(sim_fleet_sim_cards=fleet), diff=True, expect_rc=0)
    assert [r for r in api_requests(emu) if r["method"] != "GET"], "the real run wrote nothing"
    emu.clear_requests()
    rerun = run_playbook(plays=role_play(sim_fleet_sim_cards=fleet), diff=True, expect_rc=0)

    # The same changes, predicted and made, item by item and in the PLAY RECAP; then none.
    expected = {SIM_CARD_TASK: sorted([iccid[0], iccid[1], iccid[2], iccid[3], iccid[4], iccid[6], new["iccid"]])}
    for task, labels in expected.items():
        assert changed_labels(check, task) == labels, task
        assert changed_labels(real, task) == labels, task
        assert changed_labels(rerun, task) == [], task
    assert recap(check)["changed"] == recap(real)["changed"] == 1
    assert recap(rerun)["changed"] == 0 and recap(rerun)["failed"] == 0
    assert [r for r in api_requests(emu) if r["method"] != "GET"] == [], "the rerun wrote something"

    # The dry run's predictions are the real run's: each SIM card before and after (the new one has no id yet);
    # the diff is the summary for the approver, then one line per SIM card.
    check_sims, real_sims = fleet_results(check), fleet_results(real)
    for label in expected[SIM_CARD_TASK]:
        predicted, made = check_sims[label], real_sims[label]
        made_after = dict((k, v) for k, v in made["after"].items() if k != "id") if label == new["iccid"] else made["after"]
        predicted_after = dict((k, v) for k, v in predicted["after"].items() if k != "id") if label == new["iccid"] else predicted["after"]
        if predicted_after.get("public_ip") == "default region":  # a public IP in no named region: Telnyx picks it (dc2 here)
            predicted_after = dict(predicted_after, public_ip=made_after["public_ip"])
            assert made_after["public_ip"] == "dc2"
        assert predicted["before"] == made["before"] and predicted_after == made_after, label
    assert check_sims[iccid[2]]["before"]["status"] == "enabled"
    assert check_sims[iccid[2]]["after"]["status"] == "standby"
    assert check.task(SIM_CARD_TASK)["summary"] == real.task(SIM_CARD_TASK)["summary"]
    assert "SIM card fleet: 8 SIM cards; 7 change, 1 stay as they are, 0 cannot converge." in check.stdout
    assert "%s: status enabled -> standby" % iccid[2] in check.stdout and "%s: DELETE (was enabled)" % iccid[6] in check.stdout
    for run in (check, real):
        changes = fleet_results(run)[iccid[3]]
        assert changes["before"]["notifications"] == ["3 GB"] and changes["after"]["notifications"] == ["500 MB", "1 GB"]
        assert changes["before"]["public_ip"] is None and changes["after"]["public_ip"] == "dc2"
    assert "%s: public IP none -> dc2; notifications [3 GB] -> [500 MB, 1 GB]" % iccid[3] in check.stdout

    # The fleet is what the description says.
    sim0 = emu.sim(sims[0]["id"])
    assert sorted(sim0["tags"]) == ["a", "b"] and float(sim0["data_limit"]["amount"]) == 1 and sim0["data_limit"]["unit"] == "GB"
    assert sim0["authorized_imeis"] == [IMEI]
    sim1 = emu.sim(sims[1]["id"])
    assert sim1["sim_card_group_id"] == groups["meters"] and sim1["tags"] == []
    assert emu.sim(sims[2]["id"])["status"]["value"] == "standby"
    assert emu.sim(sims[4]["id"])["status"]["value"] == "disabled"
    assert emu.sim(sims[5]["id"])["status"]["value"] == "enabled"
    assert emu.sim(sims[6]["id"]) is None
    public_ip = emu.api("GET", "/sim_cards/%s/public_ip" % sims[3]["id"]).json()["data"]
    assert public_ip["region_code"] == "dc2" and public_ip["ip"]
    assert notifications_of(emu, sims[3]["id"]) == [(1.0, "GB"), (500.0, "MB")]
    registered = find_by_iccid(emu, new["iccid"])
    assert len(registered) == 1
    registered = registered[0]
    assert registered["status"]["value"] == "enabled" and registered["tags"] == ["new"]
    assert registered["sim_card_group_id"] == groups["trackers"]
    assert emu.api("GET", "/sim_cards/%s/public_ip" % registered["id"]).json()["data"]["ip"]
    assert notifications_of(emu, registered["id"]) == [(2.0, "GB")]


def test_bad_fleet_descriptions_fail_before_any_request(emu, run_playbook):
    sim = emu.seed(sim_cards=1)["sim_cards"][0]
    emu.clear_requests()
    good = {"iccid": sim["iccid"]}
    cases = {
        "unit_tb": ([dict(good, data_limit={"amount": 1, "unit": "TB"})], "value of unit must be one of: MB, GB, got: TB"),
        "state_bogus": ([dict(good, state="bogus")], "value of state must be one of: present, disabled, standby, absent, got: bogus"),
        "no_reference": ([{"state": "present"}], "one of the following is required: id, iccid"),
        "id_and_iccid": ([dict(good, id=sim["id"])], "parameters are mutually exclusive: id|iccid"),
        "code_without_iccid": ([{"id": sim["id"], "registration_code": "0123456789"}], "missing parameter(s) required by 'registration_code': iccid"),
        "amount_not_a_number": ([dict(good, notifications=[{"amount": "lots", "unit": "MB"}])], "amount"),
        "notification_unit": ([dict(good, notifications=[{"amount": 1, "unit": "KB"}])], "value of unit must be one of: MB, GB, got: KB"),
        "public_ip_state": ([dict(good, public_ip={"state": "maybe"})], "value of state must be one of: present, absent, got: maybe"),
        "not_a_list": ({"iccid": sim["iccid"]}, "sim_fleet_sim_cards"),
        "duplicate": ([good, dict(good, state="standby")], "named more than once: %s." % sim["iccid"]),
        "absent_with_settings": ([dict(good, state="absent", public_ip={"state": "present"})],
                                 "(%s): a SIM card with state absent is deleted: public_ip and notifications do not apply" % sim["iccid"]),
        "code_without_state": ([{"iccid": "89883030000000009999", "registration_code": "0123456789"}],
                               "registering a SIM card needs state present, disabled or standby"),
        "imei_malformed": ([dict(good, authorized_imeis=["12"])], "holds '12', which is not an IMEI of 15 digits"),
    }
    play = {"name": "bad input", "hosts": "all:!localhost", "gather_facts": False,
            "vars": dict(FAST, sim_fleet_sim_cards="{{ cases[inventory_hostname] }}"),
            "roles": [{"role": "telnyx.wireless.sim_fleet"}]}
    run = run_playbook(plays=[play], extra_vars={"cases": dict((host, case[0]) for host, case in cases.items())},
                       args=("-i", ",".join(sorted(cases)) + ",", "-f", "4"))
    assert run.rc != 0
    failures = dict((entry["host"], entry["result"]["msg"]) for entry in run.results if entry["outcome"] == "failed")
    assert sorted(failures) == sorted(cases), repr(run)
    for host, (dummy, message) in cases.items():
        assert message in failures[host], (host, failures[host])
    # Some pass the argument spec validation and fail in the role's own checks or in the fleet module's validation (the
    # modules' own rules); all fail before any request.
    by_validation = sorted(entry["host"] for entry in run.results if entry["name"] == VALIDATION_TASK and entry["outcome"] == "failed")
    assert by_validation == sorted(set(cases) - {"duplicate", "absent_with_settings", "code_without_state", "imei_malformed"})
    assert "0123456789" not in run.stdout
    assert api_requests(emu) == []
    assert API_KEY not in run.stdout


def test_an_empty_fleet_description_changes_nothing(emu, run_playbook):
    emu.seed(sim_cards=2)
    emu.clear_requests()
    run = run_playbook(plays=role_play(), check=True, diff=True, expect_rc=0)
    assert recap(run)["changed"] == 0
    assert api_requests(emu) == []


def test_an_entry_without_state_leaves_every_status_alone(emu, run_playbook):
    sims = emu.seed(sim_cards=3, groups=["meters"], statuses=["enabled", "disabled", "standby"])["sim_cards"]
    held = emu.seed(sim_cards=1, groups=["meters"])["sim_cards"][0]
    emu.api("PATCH", "/sim_cards/%s" % held["id"], json={"data_limit": {"amount": "10", "unit": "MB"}})
    emu.consume(held["id"], 20)
    sims.append(held)
    statuses = dict((sim["id"], emu.sim(sim["id"])["status"]["value"]) for sim in sims)
    fleet = [{"iccid": sim["iccid"], "tags": ["tag-only"]} for sim in sims]
    for check in (True, False):
        emu.clear_requests()
        run = run_playbook(plays=role_play(sim_fleet_sim_cards=fleet), check=check, diff=True, expect_rc=0)
        assert changed_labels(run, SIM_CARD_TASK) == sorted(sim["iccid"] for sim in sims)
        sent = [r for r in api_requests(emu) if r["method"] != "GET"]
        assert not [r for r in sent if "/actions/" in r["path"]], "a status action was sent"
        assert len(sent) == (0 if check else 4) and all(r["method"] == "PATCH" and set(r["body"]) == {"tags"} for r in sent)
        for result in run.task(SIM_CARD_TASK)["sim_cards"]:
            assert result["after"]["status"] == result["before"]["status"]
    for sim in sims:
        now = emu.sim(sim["id"])
        assert now["status"]["value"] == statuses[sim["id"]] and now["tags"] == ["tag-only"]


def test_a_run_that_would_delete_more_than_the_limit_fails_before_writing(emu, run_playbook):
    sims = emu.seed(sim_cards=3)["sim_cards"]
    fleet = [{"iccid": sims[0]["iccid"], "tags": ["kept"]}] + [{"iccid": sim["iccid"], "state": "absent"} for sim in sims[1:]]
    for check in (True, False):
        emu.clear_requests()
        run = run_playbook(plays=role_play(sim_fleet_sim_cards=fleet), check=check)
        assert run.rc != 0 and run.failed(SIM_CARD_TASK)
        assert "This run would delete 2 SIM cards, more than max_deletions (1); nothing was changed" in run.task(SIM_CARD_TASK)["msg"]
        assert [r for r in api_requests(emu) if r["method"] != "GET"] == []
    assert all(emu.sim(sim["id"]) is not None for sim in sims)
    run = run_playbook(plays=role_play(sim_fleet_sim_cards=fleet, sim_fleet_max_deletions=2), expect_rc=0)
    assert run.task(SIM_CARD_TASK)["summary"]["deleted"] == 2
    assert emu.sim(sims[1]["id"]) is None and emu.sim(sims[2]["id"]) is None
