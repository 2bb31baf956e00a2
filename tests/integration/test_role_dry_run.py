# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The approver's dry run of the telnyx.wireless.sim_fleet role (docs/check-mode-and-diff.md, promise 3): its diff is the
real run's diff, also for groups that use a gateway or blocklist the same run creates, and for an existing group that
gains one. The only thing a dry run cannot know is the id Telnyx gives an object it has not created yet: shown as null."""

from __future__ import annotations

import pytest
from policy_helpers import all_of, api_requests, data, role_policy, writes_of

# behaviour ansible-core takes part in: run on the newest ansible-core by scripts/test too (pytest.ini)
pytestmark = pytest.mark.ansible_core

FAST = {"sim_fleet_wait_sleep": 0.2, "sim_fleet_wait_timeout": 60, "sim_fleet_gateway_wait_timeout": 60}
POLICY_TASKS = ("Private wireless gateways", "Wireless blocklists", "SIM card groups")


def without(value, ids):
    """`value` with every id in `ids` (the objects the real run created) as null: what a dry run can know of it."""
    if isinstance(value, dict):
        return dict((key, without(item, ids)) for key, item in value.items())
    if isinstance(value, list):
        return [without(item, ids) for item in value]
    return None if isinstance(value, str) and value in ids else value


def diffs(run, task):
    """{item label: (changed, diff)} of a looped task of the role."""
    return dict((entry["_ansible_item_label"], [entry.get("changed"), entry.get("diff")]) for entry in run.task(task)["results"])


def ids_of(emu):
    return set(item["id"] for path in ("/private_wireless_gateways", "/wireless_blocklists", "/sim_card_groups") for item in all_of(emu, path))


def test_the_dry_run_diff_is_the_real_runs_for_what_the_run_creates(emu, run_playbook):
    legacy = data(emu.api("POST", "/sim_card_groups", json={"name": "legacy"}))
    existing = ids_of(emu)
    fleet = role_policy()
    fleet["sim_fleet_groups"].append({"name": "legacy", "wireless_blocklist": "no-roaming"})  # an existing group gains the new blocklist
    fleet["sim_fleet_sim_cards"] = []
    plays = [{"name": "fleet", "hosts": "localhost", "gather_facts": False, "vars": dict(FAST, **fleet),
              "roles": [{"role": "telnyx.wireless.sim_fleet"}]}]

    emu.clear_requests()
    check = run_playbook(plays=plays, check=True, diff=True)
    assert check.rc == 0, check
    assert writes_of(api_requests(emu)) == []
    real = run_playbook(plays=plays, diff=True)
    assert real.rc == 0, real
    created = ids_of(emu) - existing
    assert len(created) == 4  # a gateway, a blocklist, two groups

    for task in POLICY_TASKS:
        predicted, made = diffs(check, task), diffs(real, task)
        assert predicted == without(made, created), task
    # what the approver reads: the legacy group gains the blocklist, named, in the dry run as in the real run
    changed, diff = diffs(check, "SIM card groups")["legacy"]
    assert changed is True
    assert diff["before"]["wireless_blocklist_id"] is None and "wireless_blocklist_name" not in diff["before"]
    assert diff["after"]["wireless_blocklist_name"] == "no-roaming"
    assert diffs(real, "SIM card groups")["legacy"][1]["after"]["wireless_blocklist_id"] in created
    changed, diff = diffs(check, "SIM card groups")["meters"]
    assert changed is True and diff["before"] == {}
    assert diff["after"]["private_wireless_gateway_name"] == "meters-gw" and diff["after"]["wireless_blocklist_name"] == "no-roaming"
    assert [g["wireless_blocklist_id"] for g in all_of(emu, "/sim_card_groups") if g["id"] == legacy["id"]][0] in created

    # the check-mode bookkeeping is not a task of the real run's log (nor of the dry run's)
    for run in (check, real):
        assert not [entry["name"] for entry in run.results if entry["name"].startswith("Note ")]
        assert "Note " not in run.stdout
