# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every figure the docs state holds: docs/*.md and every module's NOTES, read against what the suite measures.

- A ratio (`1.33x`) or a request count in docs/*.md prose comes from a benchmark run quoted in the same section: a text
  block of the benchmark's output ending with its provenance line (benchmarks/provenance.py: benchmark, date, commit,
  load), and the figure is one of that output's numbers. The benchmark exists and prints that line; the commit is in
  the history and the code measured was committed.
- The no-op request figure of a fleet is the fleet's page count plus the group list, as the fleet tests measure it.
- A request count in a module's NOTES is measured here against the emulator's request log, or names the test that does.
"""

from __future__ import annotations

import glob
import importlib.util
import math
import os
import re
import subprocess

import yaml
from policy_helpers import NETWORK, data

from conftest import ROOT

SPEC = importlib.util.spec_from_file_location("provenance", os.path.join(ROOT, "benchmarks", "provenance.py"))
provenance = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(provenance)

RATIO = re.compile(r"(?<![\w.])\d+(?:\.\d+)?x(?!\w)")
REQUESTS = re.compile(r"(?<![\w.,])(\d[\d,]*) requests\b")
PAGE = 250


def sections():
    """(doc, heading, prose, [text blocks]) for every section of docs/*.md."""
    found = []
    for path in sorted(glob.glob(os.path.join(ROOT, "docs", "*.md"))):
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        for part in re.split(r"^(?=#{1,3} )", text, flags=re.M):
            blocks = re.findall(r"^```text\n(.*?)^```", part, re.S | re.M)
            prose = re.sub(r"^```.*?^```", "", part, flags=re.S | re.M)
            found.append((os.path.basename(path), part.splitlines()[0] if part else "", prose, blocks))
    return found


def quoted_runs(blocks):
    """The benchmark runs quoted in a section: (output, provenance match) for each block that ends with the line."""
    runs = []
    for block in blocks:
        lines = [line for line in block.splitlines() if line.strip()]
        match = provenance.PATTERN.fullmatch(lines[-1].strip()) if lines else None
        if match:
            runs.append((block, match))
    return runs


def figures(prose):
    return RATIO.findall(prose) + ["%s requests" % number for number in REQUESTS.findall(prose)]


def test_every_docs_figure_comes_from_a_quoted_benchmark_run():
    checked = 0
    for doc, heading, prose, blocks in sections():
        stated = figures(prose)
        if not stated:
            continue
        runs = quoted_runs(blocks)
        assert runs, "%s, %r: the figures %s name no benchmark run (quote its output with its provenance line)" % (doc, heading, stated)
        for dummy, match in runs:
            script = os.path.join(ROOT, "benchmarks", match.group("benchmark"))
            assert os.path.exists(script), (doc, match.group(0))
            with open(script, encoding="utf-8") as handle:
                assert "provenance.line(__file__)" in handle.read(), "%s does not print the provenance line" % script
            assert not match.group("dirty"), "%s, %r: measured on uncommitted code: %s" % (doc, heading, match.group(0))
            known = subprocess.run(["git", "-C", ROOT, "cat-file", "-e", match.group("commit") + "^{commit}"], check=False)
            assert known.returncode == 0, "%s: commit %s is not in this history" % (doc, match.group("commit"))
        output = " ".join(block for block, dummy in runs).replace(",", "")
        for figure in stated:
            assert figure.replace(",", "") in output, "%s, %r: %s is not in the quoted benchmark output" % (doc, heading, figure)
            checked += 1
    assert checked  # fleet.md and inventory.md state measured figures


def test_the_no_op_request_figure_is_the_fleets_pages_and_the_group_list():
    """fleet.md: a fleet already as declared costs its SIM card list pages and the group list, as
    test_sim_card_fleet.py measures (reads <= ceil(N/250) + 1); the quoted run's count is that number for its N."""
    found = []
    for dummy, dummy, dummy, blocks in sections():
        for block, dummy in quoted_runs(blocks):
            for count, requests in re.findall(r"Fleet task, (\d+) SIM cards already as declared: .*?, (\d+) requests", block):
                found.append((int(count), int(requests)))
    assert found, "no quoted run of benchmarks/fleet.py's no-op fleet in docs/"
    for count, requests in found:
        assert requests == math.ceil(count / PAGE) + 1, (count, requests)
    with open(os.path.join(ROOT, "tests", "integration", "test_sim_card_fleet.py"), encoding="utf-8") as handle:
        assert "math.ceil(len(after) / 250) + 1" in handle.read()


# ------------------------------------------------------------------------------------------------ module NOTES

def module_notes():
    notes = {}
    for path in sorted(glob.glob(os.path.join(ROOT, "plugins", "modules", "*.py"))):
        with open(path, encoding="utf-8") as handle:
            doc = yaml.safe_load(re.search(r'DOCUMENTATION = r"""(.*?)"""', handle.read(), re.S).group(1))
        notes[os.path.basename(path)[:-3]] = doc.get("notes") or []
    return notes


NOTIFICATION_BUDGETS = "test_notification_delivery.py::test_the_requests_each_module_sends_are_those_its_notes_state"
ORDERS = "test_sim_card_orders.py::test_orders_listed_filtered_and_read_by_id_with_gets_only"
#: every request figure of a module's NOTES -> what measures it (here: "measured below"; else the test that does)
NOTE_FIGURES = {
    ("private_wireless_gateway_info", "one GET with O(id); otherwise one request per 250 private wireless gateways"): "measured below",
    ("sim_card_group_info", "one GET with O(id); otherwise one request per 250 SIM card groups"): "measured below",
    ("wireless_blocklist_info", "one GET with O(id); otherwise one request per 250 wireless blocklists"): "measured below",
    ("sim_card_info", "Listing costs one request per 250 SIM cards"): "measured below",
    ("sim_card_fleet_info", "one per 250 SIM cards (the list, filtered by the API"): "measured below",
    ("mobile_network_operator_info", "one page per 250 operators"): "measured below",
    ("esim_purchase", "Request budget - one look-up of the group"): "test_esim_purchase.py::test_buys_only_the_shortfall_then_nothing",
    ("sim_card", "Every change is one request"): "test_sim_card.py::test_every_target_from_every_status",
    ("sim_card_action_info", "one page per 250 actions read"): "test_history_info.py::test_sim_card_actions_filters_paging_and_order",
    ("sim_card_ota_update_info", "one page per 250 updates read"): "test_history_info.py::test_ota_updates",
    ("sim_card_connectivity_log_info", "one GET of the SIM card"): "test_history_info.py::test_connectivity_logs_newest_n",
    ("sim_card_notification", "one GET of the SIM card"): "test_notification.py::test_create_then_nothing_to_do_check_mode_predicts_it",
    ("sim_card_notification_info", "for one SIM card, one GET of the SIM card"): "test_notification.py::test_info_per_sim_card_and_for_the_account",
    ("sim_card_public_ip", "one GET of the SIM card and one of its public IP"): "test_public_ip.py::test_set_waits_for_the_address_then_nothing_to_do",
    ("sim_card_public_ip_info", "one GET of the SIM card, one of its public IP"): "test_public_ip.py::test_info_reads_the_address_and_the_regions",
    ("wireless_blocklist", "one list page (by name)"): "test_wireless_blocklist.py::test_every_starting_state",
    ("notification_profile", "one request per 250 profiles (the list has no name filter)"): NOTIFICATION_BUDGETS,
    ("notification_profile_info", "one GET with O(id); otherwise one request per 250 profiles"): NOTIFICATION_BUDGETS,
    ("notification_channel", "one GET of its channels of that type, then one POST"): NOTIFICATION_BUDGETS,
    ("notification_channel_info", "then one request per 250 channels"): NOTIFICATION_BUDGETS,
    ("notification_setting", "one GET of the event conditions, one of the profile's channels"): NOTIFICATION_BUDGETS,
    ("notification_setting_info", "one request per 250 settings and one per 250 event conditions"): NOTIFICATION_BUDGETS,
    ("sim_card_usage_report", "one GET of the report list"): "test_usage_report.py::test_usage_per_sim_card_and_group_match_what_was_consumed",
    ("sim_card_usage_report", "one GET per name first"): "test_usage_report.py::test_selection_by_group_name_and_sim_card",
    ("sim_card_order_info", "with O(id), one GET; otherwise one page per 250 orders"): ORDERS,
    ("sim_card_order_preview", "one POST of the preview"): "test_sim_card_orders.py::test_preview_quotes_in_check_mode_and_orders_nothing",
}
FIGURE_NOTE = re.compile(r"\brequests?\b.*\b(one|two|\d+)\b|\b(one|two|\d+) requests?\b", re.I)


def test_every_request_figure_in_a_modules_notes_is_measured():
    stated = [(module, note) for module, notes in module_notes().items() for note in notes if FIGURE_NOTE.search(note)]
    for module, note in stated:
        keys = [key for key in NOTE_FIGURES if key[0] == module and key[1] in note]
        assert keys, "%s NOTES states a request figure nothing measures: %r" % (module, note)
    for (module, phrase), where in NOTE_FIGURES.items():
        assert any(phrase in note for note in module_notes()[module]), (module, phrase)
        if where != "measured below":
            path, dummy, name = where.partition("::")
            with open(os.path.join(ROOT, "tests", "integration", path), encoding="utf-8") as handle:
                source = handle.read()
            assert "def %s(" % name in source, where


def test_info_modules_send_the_requests_their_notes_state(emu, run_playbook):
    over_a_page = PAGE + 1
    emu.seed(sim_cards=over_a_page, groups=["fleet-%03d" % n for n in range(over_a_page)])
    for number in range(over_a_page):
        data(emu.api("POST", "/private_wireless_gateways", json={"name": "gw-%03d" % number, "network_id": NETWORK}))
        data(emu.api("POST", "/wireless_blocklists", json={"name": "bl-%03d" % number, "type": "country", "values": ["CA"]}))
    one = dict((path, data(emu.api("GET", path, params={"page[size]": 1}))[0]["id"])
               for path in ("/sim_card_groups", "/private_wireless_gateways", "/wireless_blocklists"))
    tasks = []
    for module, path in (("sim_card_group_info", "/sim_card_groups"), ("private_wireless_gateway_info", "/private_wireless_gateways"),
                         ("wireless_blocklist_info", "/wireless_blocklists")):
        tasks += [{"name": module + " by id", "telnyx.wireless." + module: {"id": one[path]}},
                  {"name": module + " all", "telnyx.wireless." + module: {}}]
    tasks.append({"name": "sim_card_info all", "telnyx.wireless.sim_card_info": {}})
    tasks.append({"name": "mobile_network_operator_info all", "telnyx.wireless.mobile_network_operator_info": {}})
    emu.clear_requests()
    run = run_playbook(tasks)
    assert run.rc == 0, run
    requests = [r for r in emu.requests() if r["path"].startswith("/v2/")]
    for path in one:
        by_id = [r for r in requests if r["path"] == "/v2%s/%s" % (path, one[path])]
        listed = [r for r in requests if r["path"] == "/v2" + path]
        assert len(by_id) == 1, path  # one GET with id
        assert len(listed) == math.ceil(over_a_page / PAGE) == 2, path  # one request per 250 (sim_card_info lists no groups here)
    sims = [r for r in requests if r["path"] == "/v2/sim_cards"]
    assert len(sims) == math.ceil(over_a_page / PAGE) == 2
    assert len(run.task("sim_card_info all")["sim_cards"]) == over_a_page
    assert len(run.task("sim_card_group_info all")["sim_card_groups"]) == over_a_page + 1  # and Telnyx's default group
    operators = run.task("mobile_network_operator_info all")["mobile_network_operators"]
    assert operators and len([r for r in requests if r["path"] == "/v2/mobile_network_operators"]) == math.ceil(len(operators) / PAGE)
    # the export: one request per 250 of each list, and the account's notifications (one page: none yet)
    emu.clear_requests()
    run = run_playbook([{"name": "export", "telnyx.wireless.sim_card_fleet_info": {}}])
    assert run.rc == 0, run
    counted = {}
    for request in emu.requests():
        if request["path"].startswith("/v2/"):
            counted[request["path"]] = counted.get(request["path"], 0) + 1
    assert counted == {"/v2/sim_cards": 2, "/v2/sim_card_groups": 2, "/v2/private_wireless_gateways": 2, "/v2/wireless_blocklists": 2,
                       "/v2/sim_card_data_usage_notifications": 1}
    assert run.task("export")["requests"] == 9 and run.task("export")["counts"]["sim_cards"] == over_a_page
    assert len(run.task("export")["description"]["sim_fleet_sim_cards"]) == over_a_page  # as data too, unless return_description=false
