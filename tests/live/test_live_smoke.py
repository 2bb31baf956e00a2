# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Live smoke test: what the emulator assumes, confirmed against the real Telnyx API (docs/live-smoke-test.md).

Read-only unless TELNYX_LIVE_WRITE=1: lists SIM cards and SIM card groups (the inventory plugin and sim_card_info),
reads one SIM card with its public IP and notifications, and runs a tag change in check mode (which sends no write).
The writing test adds a tag to the one SIM card named by TELNYX_LIVE_SIM_CARD, checks that a second run changes
nothing, and restores the SIM card's tags exactly, whatever happened.
"""

from __future__ import annotations

import os

import pytest

SMOKE_TAG = "telnyx-wireless-smoke"
STATE_OF = {"enabled": "present", "disabled": "disabled", "standby": "standby"}


def ref(sim):
    return {"id": sim["id"]}


def one_sim_card(live_playbook):
    """The SIM card TELNYX_LIVE_SIM_CARD names, else the first one the account lists (None on an empty account)."""
    wanted = os.environ.get("TELNYX_LIVE_SIM_CARD")
    if wanted:
        key = "iccid" if wanted.isdigit() else "id"
        found = live_playbook([{"name": "one", "telnyx.wireless.sim_card_info": {key: wanted}}])["one"]["sim_cards"]
        assert len(found) == 1, "TELNYX_LIVE_SIM_CARD=%s names no SIM card of this account" % wanted
        return found[0]
    found = live_playbook([{"name": "all", "telnyx.wireless.sim_card_info": {}}])["all"]["sim_cards"]
    return found[0] if found else None


def test_inventory_lists_sim_cards_and_groups(live_inventory):
    data, dummy = live_inventory("plugin: telnyx.wireless.sim_cards\n")
    hostvars = data["_meta"]["hostvars"]
    for variables in hostvars.values():  # the fields the plugin and AWX rely on
        assert "telnyx_id" in variables and "telnyx_iccid" in variables and "telnyx_status" in variables
    if hostvars:
        assert set(data["telnyx_sim_cards"]["hosts"]) == set(hostvars)


def test_read_one_sim_card_with_its_public_ip_and_notifications(live_playbook):
    sim = one_sim_card(live_playbook)
    if sim is None:
        pytest.skip("this Telnyx account has no SIM card to read")
    results = live_playbook([
        {"name": "by id", "telnyx.wireless.sim_card_info": {"id": sim["id"], "include_public_ip": True}},
        {"name": "by iccid", "telnyx.wireless.sim_card_info": {"iccid": sim["iccid"]}},
        {"name": "public ip", "telnyx.wireless.sim_card_public_ip_info": ref(sim)},
        {"name": "notifications", "telnyx.wireless.sim_card_notification_info": ref(sim)},
    ])
    assert [s["id"] for s in results["by id"]["sim_cards"]] == [sim["id"]]
    assert [s["id"] for s in results["by iccid"]["sim_cards"]] == [sim["id"]]
    assert results["public ip"]["changed"] is False and results["notifications"]["changed"] is False


def test_check_mode_of_a_tag_change_predicts_and_changes_nothing(live_playbook):
    sim = one_sim_card(live_playbook)
    if sim is None or sim["status"]["value"] not in STATE_OF:
        pytest.skip("no SIM card in a settled status (enabled, disabled, standby) to plan a change on")
    task = {"name": "tag", "telnyx.wireless.sim_card": dict(ref(sim), state=STATE_OF[sim["status"]["value"]],
                                                            tags=[SMOKE_TAG], purge_tags=False)}
    planned = live_playbook([task], check=True, diff=True)["tag"]
    assert planned["changed"] is (SMOKE_TAG not in sim["tags"])
    now = live_playbook([{"name": "again", "telnyx.wireless.sim_card_info": ref(sim)}])["again"]["sim_cards"][0]
    assert sorted(now["tags"]) == sorted(sim["tags"]), "check mode changed the SIM card's tags"


@pytest.mark.skipif(os.environ.get("TELNYX_LIVE_WRITE") != "1" or not os.environ.get("TELNYX_LIVE_SIM_CARD"),
                    reason="the writing part needs TELNYX_LIVE_WRITE=1 and TELNYX_LIVE_SIM_CARD=<id or ICCID of a SIM card you may re-tag>")
def test_tags_set_then_restored_on_the_named_sim_card(live_playbook):
    sim = one_sim_card(live_playbook)
    original = list(sim["tags"])
    state = STATE_OF.get(sim["status"]["value"])
    assert state, "SIM card %s is %s, not in a settled status" % (sim["iccid"], sim["status"]["value"])
    tagged = sorted(set(original) | {SMOKE_TAG})
    try:
        results = live_playbook([
            {"name": "set", "telnyx.wireless.sim_card": dict(ref(sim), state=state, tags=tagged)},
            {"name": "again", "telnyx.wireless.sim_card": dict(ref(sim), state=state, tags=tagged)},
            {"name": "read", "telnyx.wireless.sim_card_info": ref(sim)},
        ], diff=True)
        assert results["set"]["changed"] is (SMOKE_TAG not in original)
        assert results["again"]["changed"] is False
        assert sorted(results["read"]["sim_cards"][0]["tags"]) == tagged
    finally:
        restored = live_playbook([
            {"name": "restore", "telnyx.wireless.sim_card": dict(ref(sim), state=state, tags=original)},
            {"name": "read", "telnyx.wireless.sim_card_info": ref(sim)},
        ])
        assert sorted(restored["read"]["sim_cards"][0]["tags"]) == sorted(original)
