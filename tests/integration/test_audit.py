# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""playbooks/audit.yml, run by ansible-playbook with the inventory plugin against the emulator: the Markdown report
an operator attaches to a change ticket, asserted line by line for a fleet arranged to hold every case."""

from __future__ import annotations

import html
import os
import re
import xml.etree.ElementTree as ET

import pytest

from conftest import API_KEY, ROOT

# behaviour ansible-core takes part in: run on the newest ansible-core by scripts/test too (pytest.ini)
pytestmark = pytest.mark.ansible_core

INVENTORY = os.path.join(ROOT, "playbooks", "inventory", "telnyx.sim_cards.yml")
REPORTS = "/v2/wireless/detail_records_reports"
SVG = "{http://www.w3.org/2000/svg}"


def cells(row, written_by_users=True):
    """A GFM table row's cells as a reader sees them: split on the pipes that are not escaped, then Markdown's
    backslash escapes and HTML entities resolved. A cell still holding a bare *, _ or ` would render formatted."""
    assert row.startswith("| ") and row.endswith(" |"), row
    raw = re.split(r"(?<!\\)\|", row[1:-1])
    for cell in raw if written_by_users else ():
        assert not re.search(r"(?<!\\)[*_`]", cell), "unescaped Markdown in %r" % cell
    return [html.unescape(re.sub(r"\\([\\`*_{}\[\]()#+\-.!|~<>])", r"\1", cell.strip())) for cell in raw]


def bars(chart):
    """The chart as (label, MB, bar width) per bar, top to bottom: the SVG parsed (it must be well-formed XML)."""
    root = ET.parse(str(chart)).getroot()
    assert root.tag == SVG + "svg"
    labels = [t.text for t in root.iter(SVG + "text") if t.get("class") == "label"]
    rects = [r for r in root.iter(SVG + "rect") if r.get("class") == "bar"]
    assert len(labels) == len(rects)
    return [(label, float(r.get("data-mb")), float(r.get("width"))) for label, r in zip(labels, rects)]


def run_audit(run_playbook, tmp_path, check=False, **extra_vars):
    report = tmp_path / "fleet-audit.md"
    extra_vars.update(audit_report=str(report))
    run = run_playbook(plays=[{"import_playbook": os.path.join(ROOT, "playbooks", "audit.yml")}], extra_vars=extra_vars, args=["-i", INVENTORY],
                       check=check, expect_rc=0)
    return run, report.read_text().splitlines()


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
    chart = tmp_path / "fleet-audit-usage.svg"
    assert run.task("Say where it is")["msg"] == "Fleet audit report written to %s, its usage chart to %s" % (report, chart)
    text = report.read_text()
    assert API_KEY not in text
    lines = text.splitlines()
    assert lines[0] == "# Fleet audit report"
    assert lines[2].startswith("- Generated: ") and lines[2].endswith("Z")
    # every group of the account is counted, the default group (no SIM cards) too
    assert lines[3] == "- SIM cards: 7 in 3 SIM card group(s)"
    assert lines[4].startswith("- Failed actions: those created since ") and lines[4].endswith("(the last 3 days)")
    head = ("| SIM card group | SIM cards | enabled | disabled | standby | data_limit_exceeded | unauthorized_imei | registering | enabling "
            "| disabling | setting_standby | failed actions | without activity |")
    start = lines.index(head)
    assert lines[start + 2:start + 5] == ["| Default | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
                                          "| meters | 4 | 2 | 1 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 1 |",
                                          "| trackers | 3 | 2 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 1 | 2 |"]
    meters_at = lines.index("## SIM card group meters")
    trackers_at = lines.index("## SIM card group trackers")
    meters_part, trackers_part = lines[meters_at:trackers_at], lines[trackers_at:]
    assert meters_part[-1] == "" and meters_part[-2] == "- %s" % meters[1]["iccid"]
    assert "SIM cards by status: enabled 2, disabled 1, standby 1." in meters_part
    assert meters_part[meters_part.index("### Failed actions in the last 3 days (0)") + 2] == "None."
    assert meters_part[meters_part.index("### In data_limit_exceeded (0)") + 2] == "None."
    idle = meters_part.index("### Without activity (1)")
    assert meters_part[idle + 2] == "- %s" % meters[1]["iccid"]
    assert "SIM cards by status: enabled 2, data_limit_exceeded 1." in trackers_part
    failed = trackers_part.index("### Failed actions in the last 3 days (1)")
    row = trackers_part[failed + 4]
    # Telnyx's reason is escaped for Markdown: its | stays inside the cell
    assert row.startswith("| %s | disable | " % trackers[1]["iccid"]) and row.endswith(" | The SIM card could not be reached \\| retry. |")
    assert cells(row)[-1] == "The SIM card could not be reached | retry."
    exceeded = trackers_part.index("### In data_limit_exceeded (1)")
    assert trackers_part[exceeded + 4] == "| %s | 12.0 MB | 10.0 MB |" % trackers[0]["iccid"]
    idle = trackers_part.index("### Without activity (2)")
    # trackers[1]'s disable failed, so it is enabled, and idle like trackers[2]; both carry the seeded tag.
    expected = ["- %s (tags: %s)" % (sim["iccid"], ", ".join(sim["tags"])) if sim["tags"] else "- %s" % sim["iccid"] for sim in trackers[1:]]
    assert sorted(trackers_part[idle + 2:idle + 4]) == sorted(expected)
    # Usage over the last 30 days: meters[0] 5 MB, trackers[0] 12 MB; the chart next to the report.
    usage = lines.index("## Usage")
    assert lines[usage + 2].endswith(": 17.0 MB by 2 SIM card(s) in 2 record(s) of a wireless detail records report.")
    assert "![Data used per SIM card group](fleet-audit-usage.svg)" in lines
    table = lines.index("| SIM card group | data used (MB) | SIM cards that used data |")
    assert lines[table + 2:table + 5] == ["| trackers | 12.0 | 1 |", "| meters | 5.0 | 1 |", "| Default | 0 | 0 |"]
    top = lines.index("### Top 10 SIM cards by data used (2)")
    assert lines[top + 4:top + 6] == ["| 1 | %s | trackers | 12.0 |" % trackers[0]["iccid"], "| 2 | %s | meters | 5.0 |" % meters[0]["iccid"]]
    assert bars(chart) == [("trackers", 12.0, 420.0), ("meters", 5.0, 175.0), ("Default", 0.0, 0.0)]
    # Reading only, but for the WDR report it makes and deletes.
    writes = [(r["method"], r["path"].rsplit("/", 1)[0] if r["method"] == "DELETE" else r["path"]) for r in emu.writes()]
    assert writes == [("POST", REPORTS), ("DELETE", REPORTS)]
    assert emu.state()["wdr_reports"] == 0


def test_audit_report_of_hostile_group_names(emu, run_playbook, tmp_path):
    """Group names holding |, *, _, backticks and HTML, two groups sharing a name, a group without SIM cards, SIM cards
    in no group: one valid table row per group (the id after a shared name), the right counts, the chart names them all."""
    names = ["a|b", "*bold*", "`tick`", "under_score", "<b>&", "same"]
    seeded = {name: emu.seed(sim_cards=2, groups=[name]) for name in names}
    twin = emu.api("POST", "/sim_card_groups", json={"name": "same"}).json()["data"]
    empty = emu.api("POST", "/sim_card_groups", json={"name": "empty"}).json()["data"]
    moved = seeded["same"]["sim_cards"][1]
    emu.force(moved["id"], sim_card_group_id=twin["id"])
    lost = seeded["a|b"]["sim_cards"][1]
    emu.force(lost["id"], sim_card_group_id=None)
    emu.consume(seeded["a|b"]["sim_cards"][0]["id"], 30)
    emu.consume(moved["id"], 10)
    emu.consume(seeded["`tick`"]["sim_cards"][0]["id"], 20)
    first = seeded["same"]["groups"][0]["id"]
    run, lines = run_audit(run_playbook, tmp_path, audit_top=2)
    # 9 groups: Default, the 6 seeded, the twin and the empty one; one SIM card is in no group (not a group)
    assert lines[3] == "- SIM cards: 12 in 9 SIM card group(s) (and 1 in no group)"
    head = lines.index("## Summary") + 2
    width = len(cells(lines[head], written_by_users=False))
    rows = []
    for line in lines[head + 2:]:
        if not line:
            break
        rows.append(cells(line))
    assert all(len(row) == width for row in rows)
    same = sorted([first, twin["id"]])
    expected = {"Default": 0, "a|b": 1, "*bold*": 2, "`tick`": 2, "under_score": 2, "<b>&": 2, "empty": 0,
                "same (%s)" % first: 1, "same (%s)" % twin["id"]: 1, "no group": 1}
    assert {row[0]: int(row[1]) for row in rows} == expected
    assert [row[0] for row in rows if row[0].startswith("same")] == ["same (%s)" % gid for gid in same]
    assert "## SIM card group \\*bold\\*" in lines and "## SIM card group \\`tick\\`" in lines and "## SIM card group empty" in lines
    assert "## SIM card group &lt;b&gt;&amp;" in lines
    usage = lines.index("| SIM card group | data used (MB) | SIM cards that used data |")
    assert [cells(line)[:2] for line in lines[usage + 2:usage + 5]] == [["a|b", "30.0"], ["`tick`", "20.0"], ["same (%s)" % twin["id"], "10.0"]]
    top = lines.index("### Top 2 SIM cards by data used (2)")
    assert [cells(line)[1:] for line in lines[top + 4:top + 6]] == [
        [seeded["a|b"]["sim_cards"][0]["iccid"], "a|b", "30.0"], [seeded["`tick`"]["sim_cards"][0]["iccid"], "`tick`", "20.0"]]
    chart = bars(tmp_path / "fleet-audit-usage.svg")
    assert sorted(label for label, mb, width in chart) == sorted(expected)
    assert chart[:3] == [("a|b", 30.0, 420.0), ("`tick`", 20.0, 280.0), ("same (%s)" % twin["id"], 10.0, 140.0)]
    assert all(width == 0 for label, mb, width in chart[3:])
    assert run.task("Say where it is")["msg"].endswith("fleet-audit-usage.svg")
    assert empty["id"] not in "\n".join(lines)


def test_audit_near_limit_and_check_mode(emu, run_playbook, tmp_path):
    sims = emu.seed(sim_cards=3, groups=["meters"])["sim_cards"]
    for sim, used in zip(sims, (85, 50, 100)):
        assert emu.api("PATCH", "/sim_cards/%s" % sim["id"], json={"data_limit": {"amount": "100", "unit": "MB"}}).status_code == 200
        emu.consume(sim["id"], used)
    emu.clear_requests()
    run, lines = run_audit(run_playbook, tmp_path, check=True)
    near = lines.index("### Near their data limit (1)")
    # 85 of 100 MB is near (80 %); 50 is not; 100 is held in data_limit_exceeded, listed in its own section
    assert lines[near + 6] == "| %s | meters | 85.0 MB | 100.0 MB | 85.0%% |" % sims[0]["iccid"]
    usage = "Not in this run: the usage comes from a wireless detail records report, which a check-mode run does not make."
    assert lines[lines.index("## Usage") + 2] == usage
    assert not (tmp_path / "fleet-audit-usage.svg").exists()
    assert run.task("Say where it is")["msg"] == "Fleet audit report written to %s" % (tmp_path / "fleet-audit.md")
    assert emu.writes() == []
