# -*- coding: utf-8 -*-
# Copyright: telnyx.wireless contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Data sessions and the files of wireless detail record (WDR) reports.

Every data use (``POST /_emulator/sim_cards/{id}/consume``, or ``.../sessions`` with a time of its own) is kept as
one data session: one wireless detail record. A WDR report, when it completes, holds the records whose session
closed in its period (``start_time <= closed_at < end_time``), and its ``report_url`` serves them as a CSV file,
as a pre-signed URL would: no Authorization header needed (``signature`` in the query string instead), and the
emulator notes whether one was sent (``GET /_emulator/wdr_downloads``), so that a test can check the API key
never went to the file's host.

The record's columns are those of Telnyx's SIM card usage detail record (``SimCardUsageDetailRecord`` in the
telnyx Ruby/Python SDKs: ``sim_card_id``, ``sim_group_id``, ``sim_group_name``, ``uplink_data`` and
``downlink_data`` in MB, ``data_cost``...). Telnyx does not publish the report file's layout; CSV with those
columns is this emulator's reading (README.md, "WDR reports").
"""

import csv
import datetime
import io
import secrets
import time
import uuid

from .errors import ApiError

COLUMNS = ("id", "record_type", "sim_card_id", "sim_card_tags", "sim_group_id", "sim_group_name", "imsi", "mcc", "mnc",
           "phone_number", "created_at", "closed_at", "uplink_data", "downlink_data", "data_unit", "data_rate", "data_cost",
           "currency")
#: A data session lasts this long before it closes (created_at = closed_at - SESSION_SECONDS).
SESSION_SECONDS = 60
#: A quarter of every session goes up, the rest down (MB amounts a test picks as multiples of 4 stay exact).
UPLINK_SHARE = 0.25
DATA_RATE = "0.0100"        # USD per MB: not Telnyx's price list, a round figure for tests
HOME_NETWORK = ("310", "260")


def _iso(ts):
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ts)) + ".%03dZ" % int(round((ts % 1) * 1000) % 1000)


def parse_iso(value):
    """An ISO 8601 time (with Z or an offset; a bare date is midnight UTC) as a UNIX timestamp, or None."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip().replace("Z", "+00:00").replace("z", "+00:00")
    try:
        parsed = datetime.datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.timezone.utc)
    return parsed.timestamp()


def _amount(number):
    return ("%.6f" % number).rstrip("0").rstrip(".") or "0"


def sessions(state):
    """The data sessions of this state (created on first use; State.reset() drops them with the rest)."""
    found = getattr(state, "data_sessions", None)
    if found is None:
        found = state.data_sessions = []
    return found


def record_session(state, sim, megabytes, ts):
    """One data session of `megabytes` MB closed at `ts` by `sim`, as its group and tags are now."""
    group = state.groups.get(sim.group_id)
    uplink = megabytes * UPLINK_SHARE
    sessions(state).append({
        "id": str(uuid.uuid4()), "record_type": "sim_card_usage", "sim_card_id": sim.id, "sim_card_tags": ",".join(sim.tags or ()),
        "sim_group_id": group.id if group is not None else "", "sim_group_name": group.name if group is not None else "",
        "imsi": sim.imsi, "mcc": HOME_NETWORK[0], "mnc": HOME_NETWORK[1], "phone_number": sim.msisdn,
        "closed": ts, "megabytes": megabytes, "uplink_data": _amount(uplink), "downlink_data": _amount(megabytes - uplink),
        "data_unit": "MB", "data_rate": DATA_RATE, "data_cost": _amount(round(megabytes * float(DATA_RATE), 6)), "currency": "USD",
    })


def report_url(state, report_id):
    """Where a report's file is published: the emulator's own address when it knows it (server.main sets it)."""
    token = secrets.token_hex(16)
    base = getattr(state, "public_url", None) or "https://wdr-reports.telnyx.example"
    return "%s/_emulator/wdr_files/%s.csv?signature=%s" % (base, report_id, token)


def fill_report(state, report):
    """At completion: the records of the sessions closed in the report's period, oldest first."""
    start, end = parse_iso(report.start), parse_iso(report.end)
    report.rows = [dict(s) for s in sessions(state) if start is not None and end is not None and start <= s["closed"] < end]


def report_csv(rows):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        line = {key: row.get(key, "") for key in COLUMNS}
        line["created_at"] = _iso(row["closed"] - SESSION_SECONDS)
        line["closed_at"] = _iso(row["closed"])
        writer.writerow(line)
    return out.getvalue().encode("utf-8")


class File(object):
    """A control answer that is not JSON (server.Handler sends it as it is)."""

    def __init__(self, content, content_type):
        self.content = content
        self.content_type = content_type


# ---------------------------------------------------------------------------------------------- control routes

def _downloads(state):
    found = getattr(state, "wdr_downloads", None)
    if found is None:
        found = state.wdr_downloads = []
    return found


def get_file(emu, req, name):
    """GET /_emulator/wdr_files/{id}.csv?signature=: the report's records, once it is complete (404 before, and
    after a DELETE; 403 for a wrong signature, as a pre-signed URL answers)."""
    report_id = name[:-len(".csv")] if name.endswith(".csv") else name
    with emu.state.lock:
        emu.state.process_due()
        report = emu.state.wdr_reports.get(report_id)
        _downloads(emu.state).append({"report_id": report_id, "authorization_sent": bool(getattr(req, "authorization_sent", False))})
        if report is None or report.status != "complete":
            raise ApiError(404, "10005", "No report file at this address (yet).")
        if "signature=%s" % req.one("signature") not in report.url:
            raise ApiError(403, "10010", "The signature does not match.")
        return 200, File(report_csv(getattr(report, "rows", [])), "text/csv; charset=utf-8")


def get_downloads(emu, _req):
    with emu.state.lock:
        return 200, {"downloads": list(_downloads(emu.state))}


def add_session(emu, req, sim_id):
    """POST /_emulator/sim_cards/{id}/sessions {"mb": 12, "at": "2026-11-03T10:00:00Z"}: data use as consume does
    (current billing period, limits, standby -> enabled), recorded as a session closed at `at` (not in the future)."""
    from . import control  # pylint: disable=import-outside-toplevel
    body = req.body if isinstance(req.body, dict) else {}
    megabytes = control._number(body, "mb")  # pylint: disable=protected-access
    at = parse_iso(body.get("at"))
    if at is None:
        raise control.bad("at must be an ISO 8601 time.")
    with emu.state.lock:
        sim = control._sim(emu, sim_id)  # pylint: disable=protected-access
        now = emu.state.now()
        if at > now:
            raise control.bad("at must not be in the future (the emulator's clock says %s)." % _iso(now))
        emu.state.consume(sim, megabytes, now)
        sessions(emu.state)[-1]["closed"] = at
        return 200, control.internal_view(sim)


ROUTES = [
    ("GET", r"/wdr_files/(?P<ident>[^/]+)", get_file),
    ("GET", r"/wdr_downloads", get_downloads),
    ("POST", r"/sim_cards/(?P<ident>[^/]+)/sessions", add_session),
]
