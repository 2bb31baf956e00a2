# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""telnyx.wireless.sim_card_fleet, against the emulator: many SIM cards in one task.

What a user checks: the SIM cards before and after (read from the emulator), `changed`, the per-SIM results and
the summary diff, and the requests sent (the emulator's request log): 0 writes in check mode and on a rerun,
about ceil(N/250) reads for a fleet that is already as declared, no action sent twice under faults.
"""

from __future__ import annotations

import collections
import math

import pytest

import ansible

FLEET_TASK = "fleet"
#: Whether ansible-core echoes a module's options in its result by default (before 2.21; from 2.21 only with INJECT_INVOCATION)
ECHOES_INVOCATION = tuple(int(part) for part in ansible.__version__.split(".")[:2]) < (2, 21)
FAST = {"wait_sleep": 0.2, "wait_timeout": 120}
COMPARED = ("iccid", "changed", "failed", "registered", "deleted", "status", "after")


def fleet_task(**options):
    args = dict(FAST)
    args.update(options)
    return {"name": FLEET_TASK, "telnyx.wireless.sim_card_fleet": args, "register": "fleet_result"}


def api_requests(emu):
    return [r for r in emu.requests() if r["path"].startswith("/v2/")]


VALIDATION = "/v2/sim_cards/actions/validate_registration_codes"


def writes(emu):
    """Requests that change something: not GETs, and not the validation of registration codes (a POST that changes
    nothing, which check mode may send: the read-only client's one exception)."""
    return [r for r in api_requests(emu) if r["method"] != "GET" and r["path"] != VALIDATION]


def comparable(result):
    """A per-SIM result without what only the real run knows (the id of a SIM card it registers, the actions)."""
    picked = dict((key, result.get(key)) for key in COMPARED)
    picked["after"] = dict((key, value) for key, value in (result.get("after") or {}).items() if key != "id")
    return picked


def all_sims(emu):
    answer = emu.api("GET", "/sim_cards", params={"page[size]": 250}).json()
    assert answer["meta"]["total_pages"] <= 1
    return dict((sim["iccid"], sim) for sim in answer["data"])


def actions_per_sim(emu):
    """How many SIM card actions of each type the API holds per SIM card (every action the run made)."""
    counts = collections.Counter()
    page = 1
    while True:
        answer = emu.api("GET", "/sim_card_actions", params={"page[size]": 250, "page[number]": page}).json()
        for action in answer["data"]:
            counts[(action["sim_card_id"], action["action_type"])] += 1
        if page >= answer["meta"]["total_pages"]:
            return counts
        page += 1


def over_limit(emu, sim):
    """Put an enabled SIM card in data_limit_exceeded the way Telnyx does: a limit, then more data used."""
    assert emu.api("PATCH", "/sim_cards/%s" % sim["id"], json={"data_limit": {"amount": "10", "unit": "MB"}}).status_code == 200
    emu.consume(sim["id"], 20)
    assert emu.sim(sim["id"])["status"]["value"] == "data_limit_exceeded"


def mixed_fleet(emu, size=200, codes=6, deletions=3):
    """`size` SIM cards on the account in every starting status, `codes` SIM cards to register, and a declaration:
    each entry names a status (or none), tags, and a few a group, a data limit or authorized IMEIs."""
    seeded = emu.seed(sim_cards=size - codes, groups=["meters", "trackers"], tags=["eu", "us"],
                      statuses=["enabled", "disabled", "standby"], registration_codes=codes)
    sims = seeded["sim_cards"]
    groups = dict((group["name"], group["id"]) for group in seeded["groups"])
    # data_limit_exceeded, reached for real: a 10 MB limit and 20 MB used (unauthorized_imei is no status.value of the spec)
    sims.sort(key=lambda sim: sim["status"] != "enabled")
    for sim in sims[0:6]:
        over_limit(emu, sim)
    fleet, expected_status = [], {}
    wanted = ["present", "disabled", "standby", None]
    for number, sim in enumerate(sims):
        entry = {"iccid": sim["iccid"]}
        if number < 6:
            entry.update(tags=["held"], purge_tags=False)               # data_limit_exceeded: only tags, status left alone
            expected_status[sim["iccid"]] = "data_limit_exceeded"
        elif number < 10:
            entry.update(state="present", authorized_imeis=["864524030000099"])  # lock to one device, enable
            expected_status[sim["iccid"]] = "enabled"
        elif number < 10 + deletions:
            entry.update(state="absent")
            expected_status[sim["iccid"]] = None
        else:
            state = wanted[number % 4]
            entry["tags"] = ["fleet", "n%d" % (number % 3)]
            if state:
                entry["state"] = state
            if number % 10 == 1:
                entry["sim_card_group"] = "trackers"
            if number % 10 == 2:
                entry["data_limit"] = {"amount": 2, "unit": "GB"}
            expected_status[sim["iccid"]] = {"present": "enabled", None: sim["status"]}.get(state, state)
        fleet.append(entry)
    for number, code in enumerate(seeded["registration_codes"]):
        state = ["present", "standby", "disabled"][number % 3]
        fleet.append({"iccid": code["iccid"], "registration_code": code["registration_code"], "state": state,
                      "sim_card_group": "meters", "tags": ["new"], "data_limit": {"amount": 100, "unit": "MB"}})
        expected_status[code["iccid"]] = {"present": "enabled"}.get(state, state)
    return fleet, expected_status, groups


@pytest.mark.ansible_core
def test_mixed_fleet_of_200_converges_in_one_task_check_mode_predicts_it_and_the_rerun_reads_one_page(emu, run_playbook):
    fleet, expected_status, groups = mixed_fleet(emu)
    before = all_sims(emu)
    task = fleet_task(sim_cards=fleet, max_deletions=3)

    emu.clear_requests()
    check = run_playbook([task], check=True, diff=True, expect_rc=0)
    predicted = check.task(FLEET_TASK)
    assert writes(emu) == [], "check mode wrote"
    assert predicted["changed"] is True
    assert len(predicted["sim_cards"]) == 200
    assert predicted["summary"]["registered"] == 6 and predicted["summary"]["deleted"] == 3 and predicted["summary"]["failed"] == 0
    assert "SIM card fleet: 200 SIM cards" in check.stdout and "Per SIM card (50 of" in check.stdout
    assert all_sims(emu) == before

    emu.clear_requests()
    real = run_playbook([task], diff=True, expect_rc=0)
    done = real.task(FLEET_TASK)
    assert [comparable(result) for result in done["sim_cards"]] == [comparable(result) for result in predicted["sim_cards"]]
    assert done["summary"] == predicted["summary"]
    after = all_sims(emu)
    for iccid, status in expected_status.items():
        if status is None:
            assert iccid not in after
        else:
            assert after[iccid]["status"]["value"] == status, iccid
    for entry in fleet:
        sim = after.get(entry["iccid"])
        if sim is None:
            continue
        if "tags" in entry:
            wanted = set(entry["tags"]) | (set(before[entry["iccid"]]["tags"]) if entry.get("purge_tags") is False else set())
            assert set(sim["tags"]) == wanted
        else:
            assert sim["tags"] == before[entry["iccid"]]["tags"]
        if entry.get("sim_card_group"):
            assert sim["sim_card_group_id"] == groups[entry["sim_card_group"]]
        if entry.get("data_limit"):
            assert float(sim["data_limit"]["amount"]) == float(entry["data_limit"]["amount"]) and sim["data_limit"]["unit"] == entry["data_limit"]["unit"]
    # one action per move, never two: disabled -> standby is enable then set_standby, each once
    assert max(actions_per_sim(emu).values()) == 1
    # one registration request for the 6 codes of each (status, group, tags), after one validation request
    posts = [r["path"] for r in api_requests(emu) if r["path"].startswith("/v2/actions/") or r["path"] == VALIDATION]
    assert posts.count(VALIDATION) == 1
    assert posts.count("/v2/actions/register/sim_cards") == 3

    emu.clear_requests()
    again = run_playbook([task], diff=True, expect_rc=0)
    assert again.task(FLEET_TASK)["changed"] is False
    assert writes(emu) == []
    reads = api_requests(emu)
    assert len(reads) <= math.ceil(len(after) / 250) + 1, [r["path"] for r in reads]
    assert sorted(r["path"] for r in reads) == ["/v2/sim_card_groups", "/v2/sim_cards"]


def test_faults_lose_nothing_and_send_no_action_twice(emu, run_tasks):
    seeded = emu.seed(sim_cards=120, groups=["meters"], statuses=["enabled", "disabled", "standby"])
    sims = seeded["sim_cards"]
    states = ["present", "disabled", "standby"]
    fleet = [{"iccid": sim["iccid"], "state": states[(number + 1) % 3], "tags": ["moved"]} for number, sim in enumerate(sims)]
    emu.faults(rate=0.2, kinds=["429", "503", "reset", "reset_after"], seed=13, retry_after=0.1)
    emu.clear_requests()
    run = run_tasks([fleet_task(sim_cards=fleet, http_retries=10)], expect_rc=0)
    emu.clear_faults()
    assert sum(1 for r in emu.requests() if r["fault"]) > 20, "the faults did not happen"
    assert run.task(FLEET_TASK)["summary"]["failed"] == 0
    after = all_sims(emu)
    assert len(after) == 120
    for entry in fleet:
        assert after[entry["iccid"]]["status"]["value"] == {"present": "enabled"}.get(entry["state"], entry["state"])
        assert after[entry["iccid"]]["tags"] == ["moved"]
    assert max(actions_per_sim(emu).values()) == 1


def test_sim_cards_that_cannot_converge_fail_by_name_and_the_others_converge(emu, run_tasks):
    sims = emu.seed(sim_cards=19, groups=["meters"], statuses=["disabled"])["sim_cards"]
    sims[2:2] = emu.seed(sim_cards=1, groups=["meters"])["sim_cards"]
    no_group = [sims[0], sims[1]]
    held = [sims[2]]
    for sim in no_group:
        emu.force(sim["id"], sim_card_group_id=None)
    over_limit(emu, sims[2])
    fleet = [{"iccid": sim["iccid"], "state": "present", "tags": ["ok"]} for sim in sims]
    fleet[2]["state"] = "disabled"
    task = dict(fleet_task(sim_cards=fleet), ignore_errors=True)

    emu.clear_requests()
    check = run_tasks([task], check=True)
    assert check.failed(FLEET_TASK) and writes(emu) == []
    real = run_tasks([task])
    assert real.failed(FLEET_TASK)
    for run in (check, real):
        result = run.task(FLEET_TASK)
        assert sorted(item["iccid"] for item in result["failed_sim_cards"]) == sorted(sim["iccid"] for sim in no_group + held)
        assert "3 of 20 SIM cards did not converge" in result["msg"]
        assert "has no SIM card group" in result["msg"] and "data_limit_exceeded" in result["msg"]
    assert [comparable(r) for r in check.task(FLEET_TASK)["sim_cards"]] == [comparable(r) for r in real.task(FLEET_TASK)["sim_cards"]]
    for sim in sims[3:]:
        assert emu.sim(sim["id"])["status"]["value"] == "enabled"
    for sim in no_group:
        assert emu.sim(sim["id"])["status"]["value"] == "disabled"
    assert emu.sim(sims[2]["id"])["status"]["value"] == "data_limit_exceeded"


def test_deletion_guard_fails_before_any_write_in_check_mode_and_for_real(emu, run_tasks):
    sims = emu.seed(sim_cards=5)["sim_cards"]
    fleet = [{"iccid": sim["iccid"], "state": "absent"} for sim in sims[:3]] + [{"iccid": sims[3]["iccid"], "tags": ["x"]}]
    for options in ({}, {"max_deletions": 2}):
        for check in (True, False):
            emu.clear_requests()
            run = run_tasks([dict(fleet_task(sim_cards=fleet, **options), ignore_errors=True)], check=check)
            assert run.failed(FLEET_TASK)
            limit = options.get("max_deletions", 1)
            assert "would delete 3 SIM cards, more than max_deletions (%d)" % limit in run.task(FLEET_TASK)["msg"]
            assert writes(emu) == []
    assert len(all_sims(emu)) == 5
    run = run_tasks([fleet_task(sim_cards=fleet, max_deletions=3)], expect_rc=0)
    assert run.task(FLEET_TASK)["summary"]["deleted"] == 3 and len(all_sims(emu)) == 2


@pytest.mark.ansible_core
def test_entries_are_validated_before_any_request(emu, run_playbook):
    emu.seed(sim_cards=1, registration_codes=1)
    emu.clear_requests()
    fleet = [{"iccid": "89883030000000000015", "registration_code": "0123456789"},   # registering needs a state
             {"iccid": "123", "tags": ["x"]},
             {"id": "not-a-uuid", "state": "present"},
             {"iccid": "89883030000000000023", "authorized_imeis": ["1"]},
             {"iccid": "89883030000000000023", "data_limit": {"amount": 5}}]
    for check in (True, False):
        run = run_playbook([dict(fleet_task(sim_cards=fleet), ignore_errors=True)], check=check)
        msg = run.task(FLEET_TASK)["msg"]
        assert "entry 1 (89883030000000000015): registering a SIM card needs state" in msg
        assert "entry 2 (123): iccid must be the 19 or 20 digits" in msg
        assert "entry 3 (not-a-uuid): id must be a SIM card UUID" in msg
        assert "not an IMEI of 15 digits" in msg and "names the same SIM card as entry 4" in msg
        assert "data_limit needs both amount and unit" in msg
        assert "0123456789" not in run.stdout
    assert api_requests(emu) == []


def test_selection_with_settings_and_data_limit_removal(emu, run_playbook):
    sims = emu.seed(sim_cards=12, tags=["lost", "eu"], data_limit={"amount": "100", "unit": "MB"})["sim_cards"]
    lost = [sim for sim in sims if "lost" in sim["tags"]]
    task = fleet_task(selection={"tags": ["lost"]}, settings={"state": "disabled", "data_limit": {}})
    check = run_playbook([task], check=True, diff=True, expect_rc=0)
    assert check.task(FLEET_TASK)["summary"]["sim_cards"] == len(lost) and "status enabled -> disabled: %d" % len(lost) in check.stdout
    run = run_playbook([task], expect_rc=0)
    assert sorted(r["iccid"] for r in run.task(FLEET_TASK)["sim_cards"]) == sorted(sim["iccid"] for sim in lost)
    for sim in sims:
        now = emu.sim(sim["id"])
        if sim in lost:
            assert now["status"]["value"] == "disabled" and now["data_limit"] == {}
        else:
            assert now["status"]["value"] == "enabled" and float(now["data_limit"]["amount"]) == 100
    assert run_playbook([task], expect_rc=0).task(FLEET_TASK)["changed"] is False


def test_shards_split_the_fleet_and_never_touch_the_same_sim_card(emu, run_tasks):
    sims = emu.seed(sim_cards=40)["sim_cards"]
    fleet = [{"iccid": sim["iccid"], "state": "standby", "tags": ["sharded"]} for sim in sims]
    touched = []
    for index in (0, 1):
        emu.clear_requests()
        run = run_tasks([fleet_task(sim_cards=fleet, shard_count=2, shard_index=index)], expect_rc=0)
        mine = set(r["iccid"] for r in run.task(FLEET_TASK)["sim_cards"])
        by_id = dict((sim["id"], sim["iccid"]) for sim in sims)
        written = set(by_id[r["path"].split("/")[3]] for r in writes(emu))
        assert written == mine
        touched.append(mine)
    assert touched[0] and touched[1] and not touched[0] & touched[1]
    assert touched[0] | touched[1] == set(sim["iccid"] for sim in sims)
    assert all(sim["status"]["value"] == "standby" for sim in all_sims(emu).values())


@pytest.mark.ansible_core
def test_awx_slices_of_an_inventory_play_each_converge_their_hosts(emu, run_playbook, tmp_path):
    """AWX job slicing: each slice job runs the play on its share of the hosts (here: the SIM cards by ICCID).
    The fleet task runs once per slice with the slice's hosts, so two slices never touch the same SIM card."""
    sims = emu.seed(sim_cards=10)["sim_cards"]
    play = {"name": "slice", "hosts": "all:!localhost", "gather_facts": False, "connection": "local", "tasks": [
        dict(fleet_task(sim_cards="{{ ansible_play_hosts | map('extract', hostvars, 'fleet_entry') | list }}"),
             run_once=True, delegate_to="localhost")]}
    slices = [sims[:5], sims[5:]]
    for number, part in enumerate(slices):
        inventory = tmp_path / ("slice%d.yml" % number)
        hosts = dict((sim["iccid"], {"fleet_entry": {"iccid": sim["iccid"], "state": "disabled"}, "ansible_connection": "local"}) for sim in part)
        import yaml  # pylint: disable=import-outside-toplevel
        inventory.write_text(yaml.safe_dump({"all": {"hosts": hosts}}))
        emu.clear_requests()
        run = run_playbook(plays=[play], args=("-i", str(inventory)), expect_rc=0)
        assert sorted(r["iccid"] for r in run.task(FLEET_TASK)["sim_cards"]) == sorted(sim["iccid"] for sim in part)
        assert set(r["path"].split("/")[3] for r in writes(emu)) == set(sim["id"] for sim in part)
    assert all(sim["status"]["value"] == "disabled" for sim in all_sims(emu).values())


def test_a_registration_code_telnyx_refuses_fails_only_its_sim_card(emu, run_playbook):
    codes = emu.seed(registration_codes=3)["registration_codes"]
    fleet = [{"iccid": code["iccid"], "registration_code": code["registration_code"], "state": "present", "tags": ["new"]} for code in codes]
    fleet[1]["registration_code"] = "5732914860"  # no such code (and no substring of an ICCID: no_log masks it everywhere)
    emu.clear_requests()
    run = run_playbook([dict(fleet_task(sim_cards=fleet), ignore_errors=True)])
    result = run.task(FLEET_TASK)
    assert run.failed(FLEET_TASK) and [item["iccid"] for item in result["failed_sim_cards"]] == [codes[1]["iccid"]]
    # the sentence and the reason of sim_card (one rule), the code itself never repeated
    assert "does not accept the registration_code given for SIM card %s" % codes[1]["iccid"] in result["msg"]
    assert result["failure"]["reason"] == "invalid_registration_code" and result["failure"]["status"] is None
    assert "5732914860" not in run.stdout and codes[0]["registration_code"] not in run.stdout
    registered = all_sims(emu)
    assert sorted(registered) == sorted([codes[0]["iccid"], codes[2]["iccid"]])
    assert all(sim["status"]["value"] == "enabled" and sim["tags"] == ["new"] for sim in registered.values())
    # one validation, then one registration of the two valid codes
    sent = [(r["method"], r["path"]) for r in api_requests(emu) if r["method"] != "GET"]
    assert sent == [("POST", VALIDATION), ("POST", "/v2/actions/register/sim_cards")]


def first_page_ids(emu):
    return set(sim["id"] for sim in emu.api("GET", "/sim_cards", params={"page[size]": 250}).json()["data"])


def test_a_task_that_names_20_sim_cards_reads_them_not_the_account(emu, run_tasks):
    """On an account of 100,000 SIM cards (400 pages), a task naming 20 (10 by id, 10 by ICCID, 2 of them on the list's
    first page) reads the first page and one per SIM card not on it: with the group list, 20 requests before the first
    write and for the no-op rerun, not 401."""
    sims = emu.seed(sim_cards=100000, groups=["meters"])["sim_cards"]
    on_first = first_page_ids(emu)
    named = [sim for sim in sims if sim["id"] in on_first][:2] + [sim for sim in sims if sim["id"] not in on_first][::5000][:18]
    fleet = [({"id": sim["id"]} if number % 2 else {"iccid": sim["iccid"]}) for number, sim in enumerate(named)]
    for entry in fleet:
        entry.update({"state": "disabled", "tags": ["named"]})
    task = fleet_task(sim_cards=fleet)

    def reads():
        paths = collections.Counter()
        for r in api_requests(emu):
            if r["method"] == "GET" and r["path"].startswith("/v2/sim_cards/"):
                paths["GET /sim_cards/{id}"] += 1
            elif r["method"] == "GET":
                paths["GET %s%s" % (r["path"][3:], " filter[iccid]" if "filter[iccid]" in r["query"] else "")] += 1
        return dict(paths)

    emu.clear_requests()
    check = run_tasks([task], check=True, expect_rc=0).task(FLEET_TASK)
    assert writes(emu) == [] and check["changed"] is True and check["summary"]["status"] == 20
    # the first page, the groups, and the 18 named SIM cards the first page does not hold: 9 by id, 9 by ICCID
    assert reads() == {"GET /sim_cards": 1, "GET /sim_card_groups": 1, "GET /sim_cards/{id}": 9, "GET /sim_cards filter[iccid]": 9}

    emu.clear_requests()
    real = run_tasks([task], expect_rc=0).task(FLEET_TASK)
    assert real["changed"] is True and real["summary"]["failed"] == 0
    for sim in named:
        after = emu.sim(sim["id"])
        assert after["status"]["value"] == "disabled" and after["tags"] == ["named"]
    # nothing it does not name: every write is to one of the 20
    assert set(r["path"].split("/")[3] for r in writes(emu)) == set(sim["id"] for sim in named)

    emu.clear_requests()
    again = run_tasks([task], expect_rc=0).task(FLEET_TASK)
    assert again["changed"] is False and writes(emu) == []
    assert reads() == {"GET /sim_cards": 1, "GET /sim_card_groups": 1, "GET /sim_cards/{id}": 9, "GET /sim_cards filter[iccid]": 9}


def test_a_task_that_names_more_sim_cards_than_the_account_has_pages_reads_the_pages(emu, run_tasks):
    """Naming 100 SIM cards of an account of 1,000 (4 pages): the 4 pages are fewer requests than 100 reads."""
    sims = emu.seed(sim_cards=1000)["sim_cards"]
    fleet = [{"iccid": sim["iccid"], "state": "present"} for sim in sims[::10]]
    emu.clear_requests()
    run = run_tasks([fleet_task(sim_cards=fleet)], expect_rc=0).task(FLEET_TASK)
    assert run["changed"] is False and run["sim_cards"] == [] and run["summary"]["unchanged"] == 100
    assert sorted((r["method"], r["path"]) for r in api_requests(emu)) == [("GET", "/v2/sim_card_groups")] + [("GET", "/v2/sim_cards")] * 4


def test_the_result_lists_what_changed_or_failed_and_counts_the_rest(emu, run_tasks):
    """By default sim_cards holds the SIM cards that changed or failed and the entries are not echoed back in
    invocation; return_unchanged brings back both. The summary counts every SIM card either way."""
    sims = emu.seed(sim_cards=5, groups=["fleet"])["sim_cards"]
    fleet = [{"id": sim["id"], "state": "present"} for sim in sims]  # all five are enabled already
    fleet[1] = {"id": sims[1]["id"], "state": "disabled"}
    fleet.append({"iccid": "89310410106543789999", "state": "present"})  # not on the account: fails
    emu.clear_requests()
    lean = run_tasks([dict(fleet_task(sim_cards=fleet), ignore_errors=True)]).task(FLEET_TASK)
    assert lean["failed"] and lean["changed"] is True
    assert [(r["id"] or r["iccid"], r["changed"], r["failed"]) for r in lean["sim_cards"]] == [
        (sims[1]["id"], True, False), ("89310410106543789999", False, True)]
    assert (lean["summary"]["sim_cards"], lean["summary"]["changed"], lean["summary"]["unchanged"], lean["summary"]["failed"]) == (6, 1, 4, 1)
    assert [item["iccid"] for item in lean["failed_sim_cards"]] == ["89310410106543789999"]
    if ECHOES_INVOCATION:
        assert "sim_cards" not in lean["invocation"]["module_args"]
        assert lean["invocation"]["module_args"]["return_unchanged"] is False
        assert lean["invocation"]["module_args"]["api_key"] == "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"
    else:  # ansible-core 2.21 echoes no invocation unless INJECT_INVOCATION is set
        assert "invocation" not in lean
    # the option changes what the result holds, not what the task does: it wrote to the one SIM card that differed
    assert set(r["path"].split("/")[3] for r in writes(emu)) == {sims[1]["id"]}
    assert [emu.sim(sim["id"])["status"]["value"] for sim in sims] == ["enabled", "disabled", "enabled", "enabled", "enabled"]

    # check mode, lean: the SIM card that would change is listed, nothing is written
    emu.clear_requests()
    fleet[2] = {"id": sims[2]["id"], "state": "standby"}
    predicted = run_tasks([dict(fleet_task(sim_cards=fleet[:5]), check_mode=True)], expect_rc=0).task(FLEET_TASK)
    assert [(r["id"], r["changed"], r["status"]) for r in predicted["sim_cards"]] == [(sims[2]["id"], True, "standby")]
    assert predicted["summary"]["unchanged"] == 4 and writes(emu) == []
    assert emu.sim(sims[2]["id"])["status"]["value"] == "enabled"

    fleet[2] = {"id": sims[2]["id"], "state": "present"}
    emu.clear_requests()
    whole = run_tasks([dict(fleet_task(sim_cards=fleet[:5], return_unchanged=True), check_mode=True)], expect_rc=0).task(FLEET_TASK)
    assert [r["id"] for r in whole["sim_cards"]] == [sim["id"] for sim in sims]
    assert not any(r["changed"] for r in whole["sim_cards"]) and whole["summary"]["unchanged"] == 5 and writes(emu) == []
    if ECHOES_INVOCATION:
        assert len(whole["invocation"]["module_args"]["sim_cards"]) == 5
        assert whole["invocation"]["module_args"]["api_key"] == "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"
    else:
        assert "invocation" not in whole


def test_a_shard_reads_only_the_iccids_of_its_shard(emu, run_tasks):
    """shard_count 2 on an account of 6,000 SIM cards (24 pages) naming 20 by ICCID, none on the first page: each
    shard reads the first page and its own SIM cards (the two shards together: 2 first pages and 20 ICCID reads)."""
    sims = emu.seed(sim_cards=6000)["sim_cards"]
    on_first = first_page_ids(emu)
    named = [sim for sim in sims if sim["id"] not in on_first][::300][:20]
    fleet = [{"iccid": sim["iccid"], "state": "standby"} for sim in named]
    filtered = 0
    mine = []
    for index in (0, 1):
        emu.clear_requests()
        run = run_tasks([fleet_task(sim_cards=fleet, shard_count=2, shard_index=index)], expect_rc=0).task(FLEET_TASK)
        mine.append(len(run["sim_cards"]))
        lists = [r for r in api_requests(emu) if r["method"] == "GET" and r["path"] == "/v2/sim_cards"]
        filtered += sum(1 for r in lists if "filter[iccid]" in r["query"])
        assert len(lists) - sum(1 for r in lists if "filter[iccid]" in r["query"]) == 1
        assert len(lists) == 1 + mine[-1]
    assert filtered == 20 and sum(mine) == 20 and all(mine)
    assert all(emu.sim(sim["id"])["status"]["value"] == "standby" for sim in named)


def test_a_fleet_task_paces_itself_under_the_accounts_rate_limit(emu, run_tasks):
    """The account allows 40 requests a second (x-ratelimit-* headers, 429 beyond). 150 SIM cards are disabled and
    tagged with the default workers (up to 50 in flight): the task stops before each window's limit and waits for its
    reset, so at most 2% of its requests are refused, every SIM card converges and no change is sent twice."""
    sims = emu.seed(sim_cards=150, groups=["meters"])["sim_cards"]
    emu.latency(10)
    emu.config(rate_limit=40, rate_window_seconds=1)
    emu.clear_requests()
    try:
        result = run_tasks([fleet_task(sim_cards=[{"iccid": sim["iccid"], "state": "disabled", "tags": ["paced"]} for sim in sims])],
                           expect_rc=0).task(FLEET_TASK)
        sent = api_requests(emu)
    finally:
        emu.config(rate_limit=None, rate_window_seconds=None)
        emu.latency(0)
    assert result["changed"] is True and result["summary"]["failed"] == 0
    for sim in sims:
        after = emu.sim(sim["id"])
        assert after["status"]["value"] == "disabled" and after["tags"] == ["paced"]
    refused = [r for r in sent if r["status"] == 429]
    assert len(refused) <= 0.02 * len(sent), "%d of %d requests answered 429" % (len(refused), len(sent))
    accepted = collections.Counter((r["method"], r["path"]) for r in sent if r["method"] != "GET" and r["status"] != 429)
    assert len(accepted) == 2 * len(sims) and set(accepted.values()) == {1}  # one PATCH and one disable each
    # 300 changes at 40 a second take at least 7 windows: the limit was reached, not avoided by a slow client
    assert max(r["time"] for r in sent) - min(r["time"] for r in sent) > 6


def test_a_task_that_names_1000_sim_cards_of_a_batch_reads_the_batch_not_the_account(emu, run_tasks):
    """On an account of 20,000 SIM cards (80 pages: batches are read by prefix on accounts of more than 41), a task
    naming 1,000 SIM cards of one order (consecutive ICCIDs, none on the first page) reads them with the list filtered
    by their ICCIDs' common prefixes: at most 1,000/250 + 10 list requests (not the 79 other pages, nor 1,000 reads),
    before the first write and for the no-op rerun. Scattered SIM cards named with them are still read one by one."""
    sims = emu.seed(sim_cards=20000)["sim_cards"]
    on_first = first_page_ids(emu)
    block = sims[12000:13000]
    scattered = [sim for sim in sims[:12000] + sims[13000:] if sim["id"] not in on_first][::950][:20]
    assert not on_first & set(sim["id"] for sim in block + scattered)
    fleet = [{"iccid": sim["iccid"], "state": "disabled"} for sim in block + scattered]
    batch_sizes = collections.Counter(sim["iccid"][:-4] for sim in block + scattered)
    alone = sum(1 for sim in scattered if batch_sizes[sim["iccid"][:-4]] == 1)  # read by their own ICCID

    def lists():
        found = [r for r in api_requests(emu) if r["method"] == "GET" and r["path"] == "/v2/sim_cards"]
        prefixes = [r for r in found if len((r["query"].get("filter[iccid]") or [""])[0]) < 19]
        return len(found), len(prefixes)

    emu.clear_requests()
    check = run_tasks([fleet_task(sim_cards=fleet)], check=True, expect_rc=0).task(FLEET_TASK)
    assert check["summary"]["status"] == 1020 and writes(emu) == []
    total, by_prefix = lists()
    # the first page, the batches' filtered pages, and one read per scattered SIM card in no batch (or left over by one)
    assert by_prefix <= 1000 // 250 + 10 and alone <= total - 1 - by_prefix <= len(scattered), (total, by_prefix, alone)

    emu.clear_requests()
    real = run_tasks([fleet_task(sim_cards=fleet)], expect_rc=0).task(FLEET_TASK)
    assert real["summary"]["failed"] == 0 and real["summary"]["status"] == 1020
    assert all(emu.sim(sim["id"])["status"]["value"] == "disabled" for sim in block[::50] + scattered)
    assert set(r["path"].split("/")[3] for r in writes(emu)) == set(sim["id"] for sim in block + scattered)

    emu.clear_requests()
    again = run_tasks([fleet_task(sim_cards=fleet)], expect_rc=0).task(FLEET_TASK)
    assert again["changed"] is False and writes(emu) == []
    total, by_prefix = lists()
    # the first page, the batches' filtered pages, and one read per scattered SIM card in no batch (or left over by one)
    assert by_prefix <= 1000 // 250 + 10 and alone <= total - 1 - by_prefix <= len(scattered), (total, by_prefix, alone)
