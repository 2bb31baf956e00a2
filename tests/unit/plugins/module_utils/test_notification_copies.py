# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which copies of a threshold a run removes after its creates (pure): every run that reads the same list keeps the
same notification, the oldest (created_at, then id)."""

from __future__ import annotations

import itertools

import pytest

from ansible_collections.telnyx.wireless.plugins.module_utils._notification import surplus_copies

GB2 = {"amount": 2, "unit": "GB"}


def note(note_id, created_at, amount="2.0", unit="GB"):
    return {"id": note_id, "created_at": created_at, "threshold": {"amount": amount, "unit": unit}}


@pytest.mark.parametrize("name, notifications, thresholds, removed", [
    ("one copy: nothing to remove", [note("a", "2026-01-01T00:00:00.000Z")], [GB2], []),
    ("the newer copy goes", [note("b", "2026-01-01T00:00:01.000Z"), note("a", "2026-01-01T00:00:00.000Z")], [GB2], ["b"]),
    ("same millisecond: the smaller id stays", [note("b", "2026-01-01T00:00:00.000Z"), note("a", "2026-01-01T00:00:00.000Z")], [GB2], ["b"]),
    ("2.0 GB and 2 GB are one threshold; 2048 MB is another",
     [note("a", "2026-01-01T00:00:00.000Z", "2"), note("b", "2026-01-01T00:00:01.000Z"), note("c", "2026-01-01T00:00:00.000Z", "2048", "MB")],
     [GB2], ["b"]),
    ("thresholds the run did not create are left as they are",
     [note("a", "2026-01-01T00:00:00.000Z", "1"), note("b", "2026-01-01T00:00:01.000Z", "1"), note("c", "2026-01-01T00:00:00.000Z")],
     [GB2], []),
    ("three copies: two go", [note(x, "2026-01-01T00:00:0%d.000Z" % n) for n, x in enumerate("abc")], [GB2], ["b", "c"]),
])
def test_surplus_copies(name, notifications, thresholds, removed):
    assert [n["id"] for n in surplus_copies(notifications, thresholds)] == removed, name


def test_every_order_of_the_list_keeps_the_same_one():
    copies = [note("c", "2026-01-01T00:00:00.000Z"), note("a", "2026-01-01T00:00:01.000Z"), note("b", "2026-01-01T00:00:00.000Z")]
    for order in itertools.permutations(copies):
        assert sorted(n["id"] for n in surplus_copies(list(order), [GB2])) == ["a", "c"]
