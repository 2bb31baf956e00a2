# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""wireless_blocklist checks its values against GET /wireless_blocklist_values, as on Telnyx: every ISO 3166-1 country
is there (a sanctions list works), a code ISO does not assign is refused before any write."""

from __future__ import annotations

SANCTIONS = ["RU", "IR", "KP", "SY", "CU", "BY"]


def test_a_sanctions_blocklist_of_countries_is_created_and_unassigned_codes_are_refused(emu, run_tasks):
    listed = emu.api("GET", "/wireless_blocklist_values", params={"type": "country"}).json()["data"]
    assert len(listed) == 249 and all(len(item["code"]) == 2 and item["code"].isupper() and item["name"] for item in listed)
    run = run_tasks([
        {"name": "sanctions", "telnyx.wireless.wireless_blocklist": {"name": "sanctions", "type": "country", "values": SANCTIONS}},
        {"name": "unassigned", "ignore_errors": True,
         "telnyx.wireless.wireless_blocklist": {"name": "kosovo", "type": "country", "values": ["XK"]}},
    ], expect_rc=0)
    assert run.task("sanctions")["changed"] is True
    created = [b for b in emu.api("GET", "/wireless_blocklists").json()["data"] if b["name"] == "sanctions"]
    assert len(created) == 1 and sorted(created[0]["values"]) == sorted(SANCTIONS)
    assert run.failed("unassigned") and "'XK' is not a country value Telnyx accepts" in run.task("unassigned")["msg"]
    assert [r["body"]["name"] for r in emu.requests() if r["method"] == "POST"] == ["sanctions"]


def test_networks_by_mcc_and_plmn_as_telnyx_lists_them_and_unassigned_ones_refused(emu, run_tasks):
    mccs = emu.api("GET", "/wireless_blocklist_values", params={"type": "mcc"}).json()["data"]
    plmns = emu.api("GET", "/wireless_blocklist_values", params={"type": "plmn"}).json()["data"]
    assert len(mccs) == 225 and all(len(item["code"]) == 3 and item["name"] for item in mccs)
    assert len(plmns) == 2124 and all(len(item["code"]) in (5, 6) and item["name"] for item in plmns)
    run = run_tasks([
        {"name": "mccs", "telnyx.wireless.wireless_blocklist": {"name": "no-ru-ir", "type": "mcc", "values": ["250", "432"]}},
        {"name": "plmns", "telnyx.wireless.wireless_blocklist": {"name": "no-mts", "type": "plmn", "values": ["25001", "43211"]}},
        {"name": "unassigned mcc", "ignore_errors": True,
         "telnyx.wireless.wireless_blocklist": {"name": "none", "type": "mcc", "values": ["250", "999"]}},
        {"name": "unassigned plmn", "ignore_errors": True,
         "telnyx.wireless.wireless_blocklist": {"name": "none", "type": "plmn", "values": ["25099999"]}},
    ], expect_rc=0)
    assert run.task("mccs")["changed"] is True and run.task("plmns")["changed"] is True
    created = dict((b["name"], sorted(b["values"])) for b in emu.api("GET", "/wireless_blocklists").json()["data"])
    assert created == {"no-ru-ir": ["250", "432"], "no-mts": ["25001", "43211"]}
    assert "'999' is not a mcc value Telnyx accepts" in run.task("unassigned mcc")["msg"]
    assert run.task("unassigned mcc")["failure"]["reason"] == "invalid_blocklist_value" and run.failed("unassigned plmn")
    assert [r["body"]["name"] for r in emu.requests() if r["method"] == "POST"] == ["no-ru-ir", "no-mts"]
