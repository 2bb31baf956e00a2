# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# This module_utils is PRIVATE to the telnyx.wireless collection. It may change
# without notice; do not import it from outside the collection.
"""Data usage from wireless detail record (WDR) reports: the period, the report's file, the selection and the sums.

Pure functions: no request is sent from this file (the report's create, its re-read, its file and its delete are in
_api.py; the wait is the run's Waiter with DONE["wdr_report"]).
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from decimal import Decimal

from ansible_collections.telnyx.wireless.plugins.module_utils._amounts import amount_in_mb, parse_amount

#: Record fields that hold numbers (MB amounts in the record's data_unit, and the cost).
DATA_FIELDS = ("uplink_data", "downlink_data")
#: How many decimals of a megabyte the sums keep (a byte is about 1e-6 MB).
MB_PLACES = Decimal("0.000001")


def parse_time(value, option):
    """A period bound given as ISO 8601 (2026-11-01T00:00:00Z, an offset, or a bare date 2026-11-01 = midnight UTC)
    as an aware datetime in UTC. ValueError names the option."""
    text = str(value or "").strip()
    if not text:
        raise ValueError("%s must be an ISO 8601 time such as 2026-11-01T00:00:00Z or a date such as 2026-11-01" % option)
    try:
        parsed = datetime.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise ValueError("%s must be an ISO 8601 time such as 2026-11-01T00:00:00Z or a date such as 2026-11-01, got %r"
                         % (option, value)) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.timezone.utc)
    return parsed.astimezone(datetime.timezone.utc)


def wire_time(moment):
    """The wire form of a period bound: 2026-11-01T00:00:00Z (whole seconds, UTC)."""
    return moment.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def check_period(start_time, end_time):
    """Messages for a period that cannot be asked for (empty list when fine). Sends nothing."""
    errors = []
    bounds = []
    for option, value in (("start_time", start_time), ("end_time", end_time)):
        try:
            bounds.append(parse_time(value, option))
        except ValueError as exc:
            errors.append(str(exc))
    if len(bounds) == 2 and bounds[0] >= bounds[1]:
        errors.append("start_time (%s) must be before end_time (%s)" % (wire_time(bounds[0]), wire_time(bounds[1])))
    return errors


def covers(report, start, end):
    """Whether a report (as the API answers it) is for exactly this period, whatever the time's written form."""
    try:
        return parse_time(report.get("start_time"), "start_time") == start and parse_time(report.get("end_time"), "end_time") == end
    except ValueError:
        return False


def parse_records(text):
    """The records of a report file: CSV with a header line (as the emulator publishes it) or JSON (a list, or
    {"data": [...]}). Each record as a dict of strings, as written."""
    body = (text or "").lstrip("\ufeff")
    stripped = body.lstrip()
    if stripped[:1] in ("[", "{"):
        data = json.loads(stripped)
        data = data.get("data") if isinstance(data, dict) else data
        return [dict(item) for item in data or () if isinstance(item, dict)]
    return [dict(row) for row in csv.DictReader(io.StringIO(body)) if any((value or "").strip() for value in row.values())]


def _mb(record, field):
    value = record.get(field)
    if value in (None, ""):
        return Decimal(0)
    found = amount_in_mb({"amount": value, "unit": str(record.get("data_unit") or "MB").upper()})
    return found if found is not None else Decimal(0)


def _cost(record):
    try:
        return parse_amount(record.get("data_cost"), "data_cost") if record.get("data_cost") not in (None, "") else None
    except ValueError:
        return None


def _number(value):
    return float(value.quantize(MB_PLACES))


def normalize(record):
    """A record as the module returns it: the file's fields, with uplink_mb, downlink_mb, data_mb (numbers, MB) and
    data_cost as a number when the file has one."""
    out = dict(record)
    up, down = _mb(record, "uplink_data"), _mb(record, "downlink_data")
    out.update(uplink_mb=_number(up), downlink_mb=_number(down), data_mb=_number(up + down))
    cost = _cost(record)
    if cost is not None:
        out["data_cost"] = float(cost)
    return out


def select(records, sim_card_ids=None, group_ids=None):
    """The records of these SIM cards (ids) and of SIM cards that were in these groups (ids) at the session's time;
    None for either means no condition."""
    wanted_sims = set(sim_card_ids) if sim_card_ids is not None else None
    wanted_groups = set(group_ids) if group_ids is not None else None
    return [record for record in records
            if (wanted_sims is None or record.get("sim_card_id") in wanted_sims)
            and (wanted_groups is None or record.get("sim_group_id") in wanted_groups)]


def summarize(records):
    """(totals, per SIM card, per group) of normalized records. Per SIM card and per group, biggest use first (then by
    id, so that the order is stable); a group is keyed by its id (two groups may share a name)."""
    sims, groups = {}, {}
    total = {"data": Decimal(0), "up": Decimal(0), "down": Decimal(0), "cost": None, "currency": None}
    for record in records:
        up, down = _mb(record, "uplink_data"), _mb(record, "downlink_data")
        cost = _cost(record)
        sim_id, group_id = record.get("sim_card_id") or "", record.get("sim_group_id") or ""
        sim = sims.setdefault(sim_id, {"sim_card_id": sim_id, "sim_group_id": group_id or None, "sim_group_name": record.get("sim_group_name") or None,
                                       "data": Decimal(0), "up": Decimal(0), "down": Decimal(0), "records": 0, "cost": None})
        group = groups.setdefault(group_id, {"sim_group_id": group_id or None, "sim_group_name": record.get("sim_group_name") or None,
                                             "data": Decimal(0), "up": Decimal(0), "down": Decimal(0), "records": 0, "sims": set(), "cost": None})
        # a SIM card that moved during the period is counted under the group of its last record
        sim["sim_group_id"], sim["sim_group_name"] = group_id or None, record.get("sim_group_name") or None
        group["sims"].add(sim_id)
        for item in (sim, group, total):
            item["data"] += up + down
            item["up"] += up
            item["down"] += down
            if cost is not None:
                item["cost"] = (item["cost"] or Decimal(0)) + cost
            if item is not total:
                item["records"] += 1
        total["currency"] = total["currency"] or record.get("currency") or None

    def shown(item):
        out = {key: value for key, value in item.items() if key not in ("data", "up", "down", "cost", "sims")}
        out.update(data_mb=_number(item["data"]), uplink_mb=_number(item["up"]), downlink_mb=_number(item["down"]),
                   data_cost=float(item["cost"]) if item["cost"] is not None else None)
        if "sims" in item:
            out["sim_cards"] = len(item["sims"])
        return out

    def order(item):
        return (-item["data"], item.get("sim_card_id") or item.get("sim_group_id") or "")
    per_sim = [shown(item) for item in sorted(sims.values(), key=order)]
    per_group = [shown(item) for item in sorted(groups.values(), key=order)]
    totals = {"records": len(records), "sim_cards": len(sims), "sim_card_groups": len(groups), "data_mb": _number(total["data"]),
              "uplink_mb": _number(total["up"]), "downlink_mb": _number(total["down"]),
              "data_cost": float(total["cost"]) if total["cost"] is not None else None, "currency": total["currency"]}
    return totals, per_sim, per_group
