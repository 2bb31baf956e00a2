# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""playbooks/audit.yml, run by ansible-playbook with the inventory plugin against the emulator: the Markdown report
an operator attaches to a change ticket, asserted line by line for a fleet arranged to hold every case."""

from __future__ import annotations

import os

import pytest

from conftest import API_KEY, ROOT

# behaviour ansible-core takes part in: run on the newest ansible-core by scripts/test too (pytest.ini)
pytestmark = pytest.mark.ansible_core

INVENTORY = os.path.join(ROOT, "playbooks", "inventory", "telnyx.sim_cards.yml")


def test_audit_report(emu, run_playbook, tmp_path):
    meters = emu.seed(sim_cards=4, groups=["meters"], statuses=["enabled", "enabled", "disabled", "standby"])["sim_cards"]
    trackers = emu.seed(sim_cards=3, groups=["trackers"], tags=["eu"])["sim_cards"]
    # meters[0] used data; meters[1] is enabled and idle. trackers[0] over its limit; trackers[1] failed to disable.
    emu.consume(meters[0]["id"], 5)
    assert emu.api("PATCH", "/sim_cards/%s" % trackers[0]["id"], json={"data_limit": {"amount": "10", "unit": "MB"}}).status_code == 200
    emu.consume(trackers[0]["id"], 12)
    emu.fail_next("sim_card_action", type="disable", id=trackers[1]["id"], reason="The SIM card could not be reached | retry.")
    assert emu.api("POST", "/sim_cards/%s/actions/disable" % trackers[1]["id"]).status_code == 202
    emu.advance(60)
    assert emu.sim(trackers[0]["id"])["status"]["value"] == "data_limit_exceeded"
    emu.clear_requests()
    report = tmp_path / "fleet-audit.md"
    run = run_playbook(plays=[{"import_playbook": os.path.join(ROOT, "playbooks", "audit.yml")}],
                       extra_vars={"audit_report": str(report), "audit_failed_days": 3}, args=["-i", INVENTORY], expect_rc=0)
    assert run.task("Say where it is")["msg"] == "Fleet audit report written to %s" % report
    text = report.read_text()
    assert API_KEY not in text
    lines = text.splitlines()
    assert lines[0] == "# Fleet audit report"
    assert lines[2].startswith("- Generated: ") and lines[2].endswith("Z")
    assert lines[3] == "- SIM cards: 7 in 2 SIM card group(s)"
    assert lines[4].startswith("- Failed actions: those created since ") and lines[4].endswith("(the last 3 days)")
    head = ("| SIM card group | SIM cards | enabled | disabled | standby | data_limit_exceeded | unauthorized_imei | registering | enabling "
            "| disabling | setting_standby | failed actions | without activity |")
    start = lines.index(head)
    assert lines[start + 2:start + 4] == ["| meters | 4 | 2 | 1 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 1 |",
                                          "| trackers | 3 | 2 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 1 | 2 |"]
    meters_at = lines.index("## SIM card group meters")
    trackers_at = lines.index("## SIM card group trackers")
    meters_part, trackers_part = lines[meters_at:trackers_at], lines[trackers_at:]
    assert "SIM cards by status: enabled 2, disabled 1, standby 1." in meters_part
    assert meters_part[meters_part.index("### Failed actions in the last 3 days (0)") + 2] == "None."
    assert meters_part[meters_part.index("### In data_limit_exceeded (0)") + 2] == "None."
    idle = meters_part.index("### Without activity (1)")
    assert meters_part[idle + 2] == "- %s" % meters[1]["iccid"]
    assert "SIM cards by status: enabled 2, data_limit_exceeded 1." in trackers_part
    failed = trackers_part.index("### Failed actions in the last 3 days (1)")
    row = trackers_part[failed + 4]
    assert row.startswith("| %s | disable | " % trackers[1]["iccid"]) and row.endswith(" | The SIM card could not be reached / retry. |")
    exceeded = trackers_part.index("### In data_limit_exceeded (1)")
    assert trackers_part[exceeded + 4] == "| %s | 12.0 MB | 10.0 MB |" % trackers[0]["iccid"]
    idle = trackers_part.index("### Without activity (2)")
    # trackers[1]'s disable failed, so it is enabled, and idle like trackers[2]; both carry the seeded tag.
    expected = ["- %s (tags: %s)" % (sim["iccid"], ", ".join(sim["tags"])) if sim["tags"] else "- %s" % sim["iccid"] for sim in trackers[1:]]
    assert sorted(trackers_part[idle + 2:idle + 4]) == sorted(expected)
    # Reading only.
    assert {r["method"] for r in emu.requests()} == {"GET"}
