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
    ("the newest two of a list newest first: one item past the limit is read", [item("4", "d"), item("3", "c"), item("2", "b"), item("1", "a")],
     2, ["d", "c"], 3),
    ("the newest of a list newest first: the first page is read whole", [item("3", "c"), item("2", "b"), item("1", "a")], 1, ["c"], 3),
    ("the newest of a list oldest first: read whole", [item("1", "a"), item("2", "b"), item("3", "c")], 1, ["c"], 3),
    ("oldest first after a tie: read whole", [item("1", "a"), item("1", "b"), item("2", "c"), item("3", "d")], 1, ["d"], 4),
    ("a tie says no direction: read on until one does", [item("2", "x"), item("2", "y"), item("1", "z"), item("0", "w")], 1, ["x"], 3),
    ("all at one time: read whole", [item("1", "x"), item("1", "y"), item("1", "z")], 2, ["x", "y"], 3),
    ("no order at all shows within the first page: read whole", [item("2", "b"), item("1", "a"), item("3", "c"), item("0", "z")], 1, ["c"], 4),
    ("newest first past the first page: stops one past the limit", [item(str(9 - n), str(n)) for n in range(8)], 5,
     ["0", "1", "2", "3", "4"], 6),
    ("connectivity logs by start_time", [{"start_time": "1", "name": "a"}, {"start_time": "2", "name": "b"}], 1, ["b"], 2),
    ("sorted newest first whatever the order read", [item("1", "a"), item("3", "c")], None, ["c", "a"], 2),
    ("ties keep the API's order", [item("2", "x"), item("2", "y"), item("1", "z")], None, ["x", "y", "z"], 3),
    ("fewer than the limit", [item("1", "a")], 5, ["a"], 1),
])
def test_newest(name, items, limit, names, taken):
    pages = Pages(items)
    assert [entry["name"] for entry in newest(iter(pages), limit, page_size=3)] == names, name
    assert pages.taken == taken, name
