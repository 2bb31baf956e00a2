# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Table-driven tests of the history filters and of "the newest N" (pure: nothing here sends a request)."""

from __future__ import annotations

import pytest

from ansible_collections.telnyx.wireless.plugins.module_utils._history import action_filters, check_action_filters, newest


@pytest.mark.parametrize("kind, given, errors", [
    ("sim_card", {"sim_card_id": "x", "action_type": "disable", "status": "failed", "bulk_action_id": "b"}, []),
    ("sim_card", {"iccid": "8988"}, []),
    ("sim_card", {"sim_card_group": "g"}, ["sim_card_group does not apply with kind=sim_card (it filters on: action_type, bulk_action_id, iccid, "
                                           "sim_card_id, status)"]),
    ("bulk", {"status": "failed"}, ["status does not apply with kind=bulk (it filters on: action_type)"]),
    ("bulk", {"action_type": "enable"}, ["action_type with kind=bulk must be one of bulk_disable_voice, bulk_enable_voice, bulk_set_public_ips, "
                                         "got 'enable'"]),
    ("group", {"sim_card_group": "g", "action_type": "set_wireless_blocklist", "status": "in-progress"}, []),
    ("group", {"status": "done"}, ["status must be one of in-progress, completed, failed, interrupted, got 'done'"]),
])
def test_check_action_filters(kind, given, errors):
    assert check_action_filters(kind, given) == errors


@pytest.mark.parametrize("kind, given, filters", [
    ("sim_card", {"iccid": "sim-1", "bulk_action_id": "b-1", "status": None}, {"sim_card_id": "sim-1", "bulk_sim_card_action_id": "b-1"}),
    ("bulk", {"action_type": "bulk_enable_voice"}, {"action_type": "bulk_enable_voice"}),
    ("group", {"sim_card_group": "g-1", "action_type": "set_wireless_blocklist"}, {"sim_card_group_id": "g-1", "type": "set_wireless_blocklist"}),
])
def test_action_filters_use_the_api_names(kind, given, filters):
    assert action_filters(kind, given) == filters


def item(stamp, name):
    return {"created_at": stamp, "name": name}


class Pages:
    """An iterator that counts how many items were taken (a lazy page iterator stops when nothing more is taken)."""

    def __init__(self, items):
        self.items = items
        self.taken = 0

    def __iter__(self):
        for entry in self.items:
            self.taken += 1
            yield entry


@pytest.mark.parametrize("name, items, limit, names, taken", [
    ("all", [item("3", "c"), item("2", "b"), item("1", "a")], None, ["c", "b", "a"], 3),
    ("the newest two", [item("3", "c"), item("2", "b"), item("1", "a")], 2, ["c", "b"], 2),
    ("sorted newest first whatever the order read", [item("1", "a"), item("3", "c")], None, ["c", "a"], 2),
    ("ties keep the API's order", [item("2", "x"), item("2", "y"), item("1", "z")], None, ["x", "y", "z"], 3),
    ("fewer than the limit", [item("1", "a")], 5, ["a"], 1),
])
def test_newest(name, items, limit, names, taken):
    pages = Pages(items)
    assert [entry["name"] for entry in newest(iter(pages), limit)] == names, name
    assert pages.taken == taken, name
