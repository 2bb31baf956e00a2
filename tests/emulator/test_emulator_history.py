# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The order of the history lists (history.py): one order for all five, newest first unless `history_order` says
oldest_first. Telnyx documents none, so clients are tested against both."""

from __future__ import annotations

import time

import pytest

from emulator.harness import EmulatorError


def created_times(api, path, **params):
    body = api.get(path, params=dict(params, **{"page[size]": 250})).json()
    return [item.get("created_at") for item in body["data"]]


def test_every_history_list_follows_history_order(emu, api):
    """SIM card actions, bulk actions, OTA updates and connectivity logs (group actions go through the same function)."""
    emu.config(transition_seconds=0.05)
    logged = emu.seed(sim_cards=1)["sim_cards"][0]
    for dummy in range(3):  # created a few milliseconds apart
        sim = emu.seed(sim_cards=1, ota_updates=1)["sim_cards"][0]
        assert api.post("/sim_cards/%s/actions/disable" % sim["id"]).status_code == 202
        assert api.post("/sim_cards/actions/bulk_set_public_ips", json={"sim_card_ids": [sim["id"]]}).status_code == 202
        emu.consume(logged["id"], 1)
        time.sleep(0.02)
    lists = [("/sim_card_actions", {"filter[action_type]": "disable"}), ("/bulk_sim_card_actions", {}), ("/ota_updates", {}),
             ("/sim_cards/%s/wireless_connectivity_logs" % logged["id"], {})]
    assert emu.config()["history_order"] == "newest_first"
    for path, params in lists:
        times = created_times(api, path, **params)
        assert len(times) >= 3 and times == sorted(times, reverse=True), path
    assert emu.config(history_order="oldest_first")["history_order"] == "oldest_first"
    for path, params in lists:
        times = created_times(api, path, **params)
        assert times == sorted(times), path
    with pytest.raises(EmulatorError, match="history_order must be newest_first or oldest_first"):
        emu.config(history_order="by_id")
    emu.reset()
    assert emu.config()["history_order"] == "newest_first"
