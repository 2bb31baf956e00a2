# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Adopting an account: playbooks/export.yml writes the fleet description of what the account holds, and
playbooks/change_run.yml applies it as a no-op (issue 23). Real ansible-playbook runs of the two playbooks of the
checkout against the emulator, on a fleet built with every feature the description declares.

What a user checks: the file (its entries, what it leaves out, the same bytes twice), `changed=0` and no write when the
export is applied, and exactly the edited lines changed on the next run.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import time

import pytest
import yaml
from policy_helpers import NETWORK

from conftest import API_KEY, ROOT, VENV_BIN

# ansible-core runs the playbooks (include_vars, the role, copy): every ansible-core of the matrix
pytestmark = pytest.mark.ansible_core

VALIDATION = "/v2/sim_cards/actions/validate_registration_codes"


def api_requests(emu):
    return [r for r in emu.requests() if r["path"].startswith("/v2/")]


def writes(emu):
    return [r for r in api_requests(emu) if r["method"] != "GET" and r["path"] != VALIDATION]


def playbook(ansible_env, name, *args, check=False, diff=False, expect_rc=0):
    """ansible-playbook playbooks/<name> of the checkout; (stdout, the play recap's counts for localhost)."""
    command = [os.path.join(VENV_BIN, "ansible-playbook"), os.path.join(ROOT, "playbooks", name)] + list(args)
    if check:
        command.append("--check")
    if diff:
        command.append("--diff")
    env = dict(ansible_env)
    env["ANSIBLE_STDOUT_CALLBACK"] = "default"
    proc = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert API_KEY not in proc.stdout and API_KEY not in proc.stderr
    assert proc.returncode == expect_rc, proc.stdout[-6000:] + proc.stderr[-3000:]
    recap = re.search(r"^localhost\s+: ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", proc.stdout, re.M)
    assert recap, proc.stdout[-3000:]
    return proc.stdout, {"ok": int(recap.group(1)), "changed": int(recap.group(2)), "failed": int(recap.group(4))}


def export(ansible_env, path, **options):
    args = ["-e", "fleet_file=%s" % path]
    for name, value in options.items():
        args += ["-e", "%s=%s" % (name, value)]
    stdout, recap = playbook(ansible_env, "export.yml", *args)
    with open(path, encoding="utf-8") as handle:
        return handle.read(), stdout, recap


def build_fleet(emu, run_tasks):
    """A fleet with every feature: a gateway, a blocklist, groups using them, SIM cards in each settled status with tags,
    own data limits, IMEIs, notifications, voice and public IPs in two regions - built with the modules the role runs
    (in the module runner: building is not what these tests prove) - and two SIM cards that cannot be declared as they
    are (one over its data limit, one in a transition)."""
    emu.config(transition_seconds=0.2)
    sims = emu.seed(sim_cards=9, groups=["meters", "trackers", "spare"])["sim_cards"]
    iccid = [sim["iccid"] for sim in sims]
    description = {
        "sim_fleet_gateways": [{"name": "meters-gw", "network_id": NETWORK, "region_code": "ashburn-va"}],
        "sim_fleet_blocklists": [{"name": "no-roaming", "type": "country", "values": ["MX", "CA"]},
                                 {"name": "eu-only", "type": "country", "values": ["US"]}],
        "sim_fleet_groups": [
            {"name": "meters", "data_limit": {"amount": 50, "unit": "GB"}, "private_wireless_gateway": "meters-gw", "wireless_blocklist": "no-roaming"},
            {"name": "trackers", "wireless_blocklist": "no-roaming"},
        ],
        "sim_fleet_sim_cards": [
            {"iccid": iccid[0], "state": "present", "sim_card_group": "meters", "tags": ["meters", "eu"], "data_limit": {"amount": 500, "unit": "MB"},
             "authorized_imeis": ["864524030000001"]},
            {"iccid": iccid[1], "state": "disabled", "sim_card_group": "trackers", "tags": [],
             "notifications": [{"amount": 500, "unit": "MB"}, {"amount": 1, "unit": "GB"}]},
            {"iccid": iccid[2], "state": "standby", "sim_card_group": "spare", "tags": ["winter"], "voice": True},
            {"iccid": iccid[3], "state": "present", "sim_card_group": "trackers", "tags": ["gps"], "public_ip": {"state": "present", "region_code": "dc2"}},
            {"iccid": iccid[4], "state": "present", "sim_card_group": "meters", "tags": ["gps", "yes"],
             "public_ip": {"state": "present", "region_code": "am1"}},
            {"iccid": iccid[5], "state": "present", "sim_card_group": "meters", "data_limit": {"amount": 10, "unit": "MB"}},
            {"iccid": iccid[6], "state": "present", "sim_card_group": "trackers"},
        ],
    }
    fast = {"wait_sleep": 0.2}
    tasks = [{"telnyx.wireless.private_wireless_gateway": dict(fast, **gateway)} for gateway in description["sim_fleet_gateways"]]
    tasks += [{"telnyx.wireless.wireless_blocklist": blocklist} for blocklist in description["sim_fleet_blocklists"]]
    tasks += [{"telnyx.wireless.sim_card_group": dict(fast, **group)} for group in description["sim_fleet_groups"]]
    tasks.append({"telnyx.wireless.sim_card_fleet": dict(fast, sim_cards=description["sim_fleet_sim_cards"])})
    run_tasks(tasks, expect_rc=0)
    by_iccid = dict((sim["iccid"], sim) for sim in sims)
    emu.consume(by_iccid[iccid[5]]["id"], 20)  # over its own 10 MB: data_limit_exceeded
    assert emu.sim(by_iccid[iccid[5]]["id"])["status"]["value"] == "data_limit_exceeded"
    emu.config(transition_seconds=600)  # iccid[7] stays "disabling" through the test
    assert emu.api("POST", "/sim_cards/%s/actions/disable" % by_iccid[iccid[7]]["id"]).status_code == 202
    emu.clear_requests()
    return iccid, by_iccid


def test_export_then_apply_is_a_no_op_and_an_edit_changes_exactly_that(emu, ansible_env, run_tasks, tmp_path):
    iccid, by_iccid = build_fleet(emu, run_tasks)
    fleet_file = str(tmp_path / "fleet.yml")
    text, stdout, recap = export(ansible_env, fleet_file, export_public_ips="true")
    assert recap["changed"] == 1  # the file written; nothing on the account
    assert writes(emu) == []
    # what it read: one page of each list, the notifications, and one public IP read per SIM card (asked for)
    reads = [r["path"] for r in api_requests(emu)]
    assert sorted(set(reads) - set("/v2/sim_cards/%s/public_ip" % sim["id"] for sim in by_iccid.values())) == sorted([
        "/v2/sim_card_groups", "/v2/sim_cards", "/v2/private_wireless_gateways", "/v2/wireless_blocklists", "/v2/sim_card_data_usage_notifications"])
    assert len(reads) == 5 + len(by_iccid)

    exported = yaml.safe_load(text)
    sims = dict((entry["iccid"], entry) for entry in exported["sim_fleet_sim_cards"])
    assert sorted(sims) == sorted(iccid[:5] + [iccid[6], iccid[8]])  # the two that cannot be declared are not entries
    assert sims[iccid[0]] == {"iccid": iccid[0], "state": "present", "sim_card_group": "meters", "tags": ["eu", "meters"],
                              "data_limit": {"amount": 500, "unit": "MB"}, "authorized_imeis": ["864524030000001"]}
    assert sims[iccid[1]] == {"iccid": iccid[1], "state": "disabled", "sim_card_group": "trackers", "tags": [], "data_limit": {}, "authorized_imeis": [],
                              "notifications": [{"amount": 500, "unit": "MB"}, {"amount": 1, "unit": "GB"}], "notifications_exclusive": True}
    assert sims[iccid[2]]["state"] == "standby" and sims[iccid[2]]["voice"] is True
    assert sims[iccid[3]]["public_ip"] == {"state": "present", "region_code": "dc2"}
    assert sims[iccid[4]]["public_ip"] == {"state": "present", "region_code": "am1"} and sims[iccid[4]]["tags"] == ["gps", "yes"]
    assert exported["sim_fleet_gateways"] == [{"name": "meters-gw", "network_id": NETWORK, "region_code": "ashburn-va", "address_mode": "dynamic"}]
    assert exported["sim_fleet_blocklists"] == [{"name": "eu-only", "type": "country", "values": ["US"]},
                                                {"name": "no-roaming", "type": "country", "values": ["CA", "MX"]}]
    groups = dict((group["name"], group) for group in exported["sim_fleet_groups"])
    assert groups["meters"] == {"name": "meters", "data_limit": {"amount": 50, "unit": "GB"}, "private_wireless_gateway": "meters-gw",
                                "wireless_blocklist": "no-roaming"}
    assert groups["spare"] == {"name": "spare", "data_limit": {}, "private_wireless_gateway": "", "wireless_blocklist": ""}
    # made for git and review: sorted, one line per SIM card, what is not declared said with the reason
    lines = text.splitlines()
    starts = [re.match(r'  - \{?iccid: "(\d+)"', line) for line in lines]
    assert [match.group(1) for match in starts if match] == sorted(sims)
    one_line = [match.group(1) for match in starts if match and match.group(0).startswith("  - {")]
    assert sorted(one_line) == sorted(set(sims) - {iccid[1]})  # all but the one with two notifications, too long for a line
    assert "#   sim_card %s: data_limit_exceeded: Telnyx took it off the network at its data limit" % iccid[5] in text
    assert "#   sim_card %s: disabling: in a transition; export again once it has settled" % iccid[7] in text
    assert lines[1].startswith("# Telnyx wireless fleet description, exported by telnyx.wireless.sim_card_fleet_info from http://127.0.0.1:")
    for volatile in ("registration_code", "consumed", "ipv4", "updated_at", "created_at", API_KEY):
        assert volatile not in text
    assert "2 not declared" in stdout

    # the same account, the same bytes
    # the same account, the same bytes: the module read again gives exactly the file the playbook wrote
    again = run_tasks([{"name": "again", "telnyx.wireless.sim_card_fleet_info": {"include_public_ips": True, "return_description": False}}],
                      expect_rc=0).task("again")
    assert again["content"] == text and "description" not in again

    # applying it changes nothing and writes nothing
    emu.clear_requests()
    dummy, recap = playbook(ansible_env, "change_run.yml", "-e", "fleet_file=%s" % fleet_file, check=True, diff=True)
    assert recap["changed"] == 0 and writes(emu) == []

    # a selection: its SIM cards, and only the policy they use
    selected = run_tasks([{"name": "selection", "telnyx.wireless.sim_card_fleet_info": {"sim_card_group": "trackers", "timestamp": True}}],
                         expect_rc=0).task("selection")["content"]
    chosen = yaml.safe_load(selected)
    assert sorted(entry["iccid"] for entry in chosen["sim_fleet_sim_cards"]) == sorted([iccid[1], iccid[3], iccid[6]])
    assert "public_ip" not in json.dumps(chosen)  # not asked for: entries leave public IPs alone
    assert [group["name"] for group in chosen["sim_fleet_groups"]] == ["trackers"]
    assert [item["name"] for item in chosen["sim_fleet_blocklists"]] == ["no-roaming"] and chosen["sim_fleet_gateways"] == []
    assert "# Selection: sim_card_group=trackers" in selected
    assert re.search(r"^# Exported at \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$", selected, re.M)

    # one SIM card's tags and one group's limit edited in the file: the dry run shows those two, the real run makes them
    edited = text.replace('"%s", state: present, sim_card_group: meters, tags: [eu, meters]' % iccid[0],
                          '"%s", state: present, sim_card_group: meters, tags: [eu, meters, audited]' % iccid[0])
    edited = edited.replace("{name: meters, data_limit: {amount: 50, unit: GB}", "{name: meters, data_limit: {amount: 80, unit: GB}")
    assert edited.count("audited") == 1 and "amount: 80" in edited
    with open(fleet_file, "w", encoding="utf-8") as handle:
        handle.write(edited)
    emu.clear_requests()
    stdout, recap = playbook(ansible_env, "change_run.yml", "-e", "fleet_file=%s" % fleet_file, check=True, diff=True)
    assert recap["changed"] == 2 and writes(emu) == []
    assert "SIM card fleet: 7 SIM cards; 1 change, 6 stay as they are, 0 cannot converge." in stdout
    assert "\n  %s: tags [eu, meters] -> [audited, eu, meters]\n" % iccid[0] in stdout, stdout
    assert re.search(r'^\+\s+"amount": "80(\.0)?"', stdout, re.M) and re.search(r'^-\s+"amount": "50(\.0)?"', stdout, re.M), stdout
    emu.clear_requests()
    dummy, recap = playbook(ansible_env, "change_run.yml", "-e", "fleet_file=%s" % fleet_file, "-e", "sim_fleet_wait_sleep=0.2")
    assert recap["changed"] == 2
    group_id = next(group["id"] for group in emu.api("GET", "/sim_card_groups").json()["data"] if group["name"] == "meters")
    assert sorted((r["method"], r["path"]) for r in writes(emu)) == sorted([
        ("PATCH", "/v2/sim_cards/%s" % by_iccid[iccid[0]]["id"]), ("PATCH", "/v2/sim_card_groups/%s" % group_id)])
    assert sorted(emu.sim(by_iccid[iccid[0]]["id"])["tags"]) == ["audited", "eu", "meters"]
    assert emu.api("GET", "/sim_card_groups/%s" % group_id).json()["data"]["data_limit"]["amount"] in ("80", "80.0")


def test_drift_names_exactly_what_changed_behind_the_descriptions_back_and_writes_nothing(emu, ansible_env, run_tasks, tmp_path):
    iccid, by_iccid = build_fleet(emu, run_tasks)
    fleet_file = str(tmp_path / "fleet.yml")
    with open(fleet_file, "w", encoding="utf-8") as handle:  # the export (the file export.yml writes; exported above)
        handle.write(run_tasks([{"name": "export", "telnyx.wireless.sim_card_fleet_info": {"return_description": False}}],
                               expect_rc=0).task("export")["content"])
    emu.config(transition_seconds=0.2)
    report, report_json = str(tmp_path / "drift.md"), str(tmp_path / "drift.json")
    options = ("-e", "fleet_file=%s" % fleet_file, "-e", "drift_report=%s" % report, "-e", "drift_report_json=%s" % report_json,
               "-e", "sim_fleet_wait_sleep=0.2")

    # as exported: no drift, exit status 0
    emu.clear_requests()
    playbook(ansible_env, "drift.yml", *options)
    with open(report_json, encoding="utf-8") as handle:
        found = json.load(handle)
    assert found == {"drift": False, "count": 0, "objects": [], "sim_cards_checked": 7, "fleet_file": fleet_file}
    with open(report, encoding="utf-8") as handle:
        assert "**No drift.** The account matches the fleet description (7 SIM card(s) checked)." in handle.read()
    assert writes(emu) == []

    # three changes behind the description's back: a status, a tag, a group's blocklist
    groups = dict((group["name"], group["id"]) for group in emu.api("GET", "/sim_card_groups").json()["data"])
    blocklists = dict((item["name"], item["id"]) for item in emu.api("GET", "/wireless_blocklists").json()["data"])
    assert emu.api("POST", "/sim_cards/%s/actions/disable" % by_iccid[iccid[6]]["id"]).status_code == 202
    assert emu.api("PATCH", "/sim_cards/%s" % by_iccid[iccid[2]]["id"], json={"tags": ["winter", "moved"]}).status_code == 200
    assert emu.api("POST", "/sim_card_groups/%s/actions/set_wireless_blocklist" % groups["trackers"],
                   json={"wireless_blocklist_id": blocklists["eu-only"]}).status_code == 202

    def settled():
        group = emu.api("GET", "/sim_card_groups/%s" % groups["trackers"]).json()["data"]
        return emu.sim(by_iccid[iccid[6]]["id"])["status"]["value"] == "disabled" and group["wireless_blocklist_id"] == blocklists["eu-only"]

    deadline = time.time() + 30
    while time.time() < deadline and not settled():
        time.sleep(0.2)
    emu.clear_requests()
    stdout, recap = playbook(ansible_env, "drift.yml", *options, expect_rc=2)
    assert recap["failed"] == 1 and "Drift: 3 object(s) differ from the fleet description %s" % fleet_file in stdout
    assert writes(emu) == []  # nothing was written to Telnyx
    with open(report_json, encoding="utf-8") as handle:
        found = json.load(handle)
    assert found["drift"] is True and found["count"] == 3
    assert sorted((item["kind"], item["name"]) for item in found["objects"]) == sorted([
        ("sim_card_group", "trackers"), ("sim_card", iccid[2]), ("sim_card", iccid[6])])
    changes = dict((item["name"], item["changes"]) for item in found["objects"])
    assert changes[iccid[6]] == ["status disabled -> enabled"]
    assert changes[iccid[2]] == ["tags [moved, winter] -> [winter]"]
    assert changes["trackers"] == ["wireless_blocklist_name eu-only -> no-roaming"]
    with open(report, encoding="utf-8") as handle:
        markdown = handle.read()
    assert "**Drift: 3 object(s) differ from the fleet description.**" in markdown
    assert "| sim card | %s | tags \\[moved, winter\\] -&gt; \\[winter\\] |" % iccid[2] in markdown, markdown

    # a comparison that cannot complete leaves no report behind, so no stale one is read as its result
    missing = ("-e", "fleet_file=%s" % (tmp_path / "no-such-file.yml")) + options[2:]
    playbook(ansible_env, "drift.yml", *missing, expect_rc=2)
    assert not os.path.exists(report) and not os.path.exists(report_json)
