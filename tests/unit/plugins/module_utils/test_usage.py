# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Table-driven tests of the usage rules (module_utils/_usage.py; pure: nothing here sends a request)."""

from __future__ import annotations

import pytest

from ansible_collections.telnyx.wireless.plugins.module_utils._sim_card import check_sim_card_filters
from ansible_collections.telnyx.wireless.plugins.module_utils._usage import (
    check_period,
    covers,
    normalize,
    parse_records,
    parse_time,
    select,
    summarize,
    wire_time,
)

CSV = ("id,sim_card_id,sim_group_id,sim_group_name,uplink_data,downlink_data,data_unit,data_cost,currency\r\n"
       "r1,s1,g1,meters,1,3,MB,0.04,USD\r\n"
       "r2,s2,g2,meters,0.25,0.75,GB,10.24,USD\r\n"
       "r3,s1,g3,a|b,2,6,MB,0.08,USD\r\n"
       ",,,,,,,,\r\n")


@pytest.mark.parametrize("start, end, errors", [
    ("2026-11-01", "2026-12-01T00:00:00Z", []),
    ("2026-11-01T00:00:00+02:00", "2026-10-31T22:00:01Z", []),
    ("2026-11-01T00:00:00+02:00", "2026-10-31T22:00:00Z", ["start_time (2026-10-31T22:00:00Z) must be before end_time (2026-10-31T22:00:00Z)"]),
    ("yesterday", "", ["start_time must be an ISO 8601 time such as 2026-11-01T00:00:00Z or a date such as 2026-11-01, got 'yesterday'",
                       "end_time must be an ISO 8601 time such as 2026-11-01T00:00:00Z or a date such as 2026-11-01"]),
])
def test_check_period(start, end, errors):
    assert check_period(start, end) == errors


def test_wire_time_is_utc_to_the_second_and_covers_compares_times_not_text():
    start, end = parse_time("2026-11-01T02:00:00.9+02:00", "start_time"), parse_time("2026-12-01", "end_time")
    assert (wire_time(start), wire_time(end)) == ("2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z")
    assert covers({"start_time": "2026-11-01T00:00:00.900Z", "end_time": "2026-12-01T00:00:00.000Z"}, start, end)
    assert not covers({"start_time": "2026-11-01T00:00:00Z", "end_time": "2026-12-01T00:00:00Z"}, start, end)  # .9 s apart
    assert not covers({"start_time": None, "end_time": "2026-12-01"}, start, end)


@pytest.mark.parametrize("text", [CSV, "\ufeff" + CSV])
def test_parse_csv_skips_blank_lines(text):
    assert [r["id"] for r in parse_records(text)] == ["r1", "r2", "r3"]


@pytest.mark.parametrize("text, ids", [('[{"id": "a"}, 3]', ["a"]), ('{"data": [{"id": "b"}]}', ["b"]), ("", [])])
def test_parse_json(text, ids):
    assert [r["id"] for r in parse_records(text)] == ids


def test_sums_per_sim_card_and_group_in_mb_by_group_id():
    records = [normalize(r) for r in parse_records(CSV)]
    assert [r["data_mb"] for r in records] == [4.0, 1024.0, 8.0]   # the GB record converted
    totals, sims, groups = summarize(records)
    assert totals == {"records": 3, "sim_cards": 2, "sim_card_groups": 3, "data_mb": 1036.0, "uplink_mb": 259.0, "downlink_mb": 777.0,
                      "data_cost": 10.36, "currency": "USD"}
    # s1 moved from g1 to g3: summed under the group of its last record
    assert [(s["sim_card_id"], s["data_mb"], s["records"], s["sim_group_id"]) for s in sims] == [("s2", 1024.0, 1, "g2"), ("s1", 12.0, 2, "g3")]
    # two groups named meters stay two (by id), biggest first
    assert [(g["sim_group_id"], g["sim_group_name"], g["data_mb"], g["sim_cards"]) for g in groups] == [
        ("g2", "meters", 1024.0, 1), ("g3", "a|b", 8.0, 1), ("g1", "meters", 4.0, 1)]


def test_ties_are_ordered_by_id_and_missing_cost_stays_null():
    records = [normalize({"sim_card_id": sid, "sim_group_id": "", "uplink_data": "1", "downlink_data": "", "data_unit": "MB"}) for sid in ("z", "a")]
    totals, sims, groups = summarize(records)
    assert [s["sim_card_id"] for s in sims] == ["a", "z"]
    assert totals["data_cost"] is None and groups[0]["sim_group_id"] is None and groups[0]["data_cost"] is None


@pytest.mark.parametrize("sim_ids, group_ids, kept", [
    (None, None, ["r1", "r2", "r3"]), (["s1"], None, ["r1", "r3"]), (None, ["g2", "g3"], ["r2", "r3"]), (["s1"], ["g2"], []), ([], None, []),
])
def test_select(sim_ids, group_ids, kept):
    assert [r["id"] for r in select(parse_records(CSV), sim_ids, group_ids)] == kept


@pytest.mark.parametrize("sort, limit, errors", [
    ("-current_billing_period_consumed_data.amount", 10, []),
    ("current_billing_period_consumed_data.amount", None, []),
    ("data_used", None, ["sort must be one of current_billing_period_consumed_data.amount, -current_billing_period_consumed_data.amount, "
                         "got 'data_used'"]),
    (None, 0, ["limit must be 1 or more, got 0"]),
])
def test_top_consumers_query_checks(sort, limit, errors):
    """The SIM card query's sort (the spec's two values) and limit, checked before any request."""
    assert check_sim_card_filters(sort=sort, limit=limit) == errors
