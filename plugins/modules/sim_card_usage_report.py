#!/usr/bin/python
# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: sim_card_usage_report
short_description: Data usage per SIM card and per SIM card group over a period, from a Telnyx wireless detail records (WDR) report
version_added: 0.2.0
author: telnyx.wireless developers (@telnyx-wireless)
description:
  - Asks Telnyx for a wireless detail records (WDR) report over a period (C(POST /wireless/detail_records_reports)),
    waits until it is complete, downloads its file and returns the records and the data used per SIM card, per SIM
    card group and in total. The report is deleted afterwards unless O(keep_report=true).
  - O(report_id) reads a report made before (for example one kept by an earlier run) instead of making one.
  - Telnyx makes a report for every SIM card of the account that used data in the period; O(sim_card_ids) and
    O(sim_card_groups) narrow the records returned and summed (the report itself cannot be narrowed).
  - For the SIM cards that use most data in the current billing period, without a report, see the O(telnyx.wireless.sim_card_info#module:sort)
    option of M(telnyx.wireless.sim_card_info).
options:
  start_time:
    description:
      - The start of the period (included), ISO 8601 (V(2026-11-01T00:00:00Z), with an offset, or a date V(2026-11-01) for
        midnight UTC). Sent to Telnyx in UTC, to the second.
      - Required unless O(report_id) is given.
    type: str
  end_time:
    description:
      - The end of the period (excluded), in the same forms as O(start_time); it must be after O(start_time).
      - Required unless O(report_id) is given.
    type: str
  report_id:
    description:
      - Read this existing report (its UUID) instead of making one; it is waited for if still pending. It is never deleted,
        and O(start_time), O(end_time) and O(keep_report) cannot be given with it.
    type: str
  keep_report:
    description:
      - Keep the report made on the Telnyx account (the task then reports C(changed)); by default it is deleted once read,
        and also when the run fails after making it (a timeout, a failed report, a download that fails).
    type: bool
    default: false
  sim_card_ids:
    description:
      - Only the records of these SIM cards (UUIDs).
    type: list
    elements: str
  sim_card_groups:
    description:
      - Only the records of SIM cards that were in these SIM card groups when they used the data, each group by UUID or by
        name (a name is looked up with one request; a name no group has, or two groups share, fails before the report is made).
    type: list
    elements: str
  return_records:
    description:
      - Return each record (RV(records)). With V(false) only the sums are returned, which keeps the task's result small for
        a large fleet.
    type: bool
    default: true
  dest:
    description:
      - Also write the report's file, as Telnyx published it, to this path on the host the module runs on.
    type: path
extends_documentation_fragment:
  - telnyx.wireless.auth
  - telnyx.wireless.wait
  - telnyx.wireless.failure
attributes:
  check_mode:
    description:
      - Sends no write request. Makes no report, so it returns no records and no sums (RV(report) null), except with
        O(report_id), which is read as in a real run. C(changed) is V(true) when the real run would keep a new report.
    support: partial
    details:
      - Without O(report_id), a check-mode run makes no report and returns no records and no sums.
  diff_mode:
    description: Makes no declared state to compare; returns no diff.
    support: none
  action_group:
    description: Use C(group/telnyx.wireless.all) in C(module_defaults) to set the API options of every telnyx.wireless module at once.
    support: full
    membership:
      - telnyx.wireless.all
notes:
  - Requests sent - one GET of the report list (to recognise the report this run makes if the answer to its create is lost),
    one POST, a GET per poll while the report is pending (the wait options), one download of the file, one DELETE. With
    O(sim_card_groups) by name, one GET per name first.
  - A lost answer to the create never makes a second report - the list is read again and the new report covering this
    period is adopted.
  - The file is downloaded from the report's C(report_url) without the API key (the address carries its own signature and
    is not Telnyx's API host).
  - A record's group is the group its SIM card was in when it used the data; a SIM card that moved during the period is
    summed under the group of its last record in RV(sim_cards), and its records under each group in RV(sim_card_groups).
  - Amounts are in MB (a GB record is converted), summed exactly and rounded to 6 decimals.
seealso:
  - module: telnyx.wireless.sim_card_info
  - name: Wireless Detail Records
    description: Telnyx's guide to WDR reports.
    link: https://developers.telnyx.com/docs/iot-sim/wireless-detail-records
"""

EXAMPLES = r"""
- name: Data used in November, per SIM card and per group
  telnyx.wireless.sim_card_usage_report:
    start_time: "2026-11-01"
    end_time: "2026-12-01"
    return_records: false
  register: november

- name: The five SIM cards that used most
  ansible.builtin.debug:
    msg: "{{ november.sim_cards[:5] | map(attribute='data_mb') | list }}"

- name: One group's records over the last week, the file kept next to the playbook
  telnyx.wireless.sim_card_usage_report:
    start_time: "{{ '%Y-%m-%dT%H:%M:%SZ' | strftime(second=now().timestamp() | int - 7 * 86400, utc=true) }}"
    end_time: "{{ now(utc=true).strftime('%Y-%m-%dT%H:%M:%SZ') }}"
    sim_card_groups: [meters]
    dest: "{{ playbook_dir }}/meters-week.csv"
  register: meters_week

- name: Keep the report on the account for the finance team
  telnyx.wireless.sim_card_usage_report:
    start_time: "2026-11-01"
    end_time: "2026-12-01"
    keep_report: true
  register: kept

- name: Read it again later, without making another one
  telnyx.wireless.sim_card_usage_report:
    report_id: "{{ kept.report.id }}"
"""

RETURN = r"""
report:
  description:
    - The WDR report as Telnyx answered it when complete (C(status) C(complete)); V(null) in check mode without O(report_id).
  returned: always
  type: dict
  sample: {"id": "6a09cdc3-8948-47f0-aa62-74ac943d6c58", "record_type": "detail_records_report", "status": "complete",
           "start_time": "2026-11-01T00:00:00Z", "end_time": "2026-12-01T00:00:00Z", "report_url": "https://...",
           "created_at": "2026-12-01T08:00:00.000Z", "updated_at": "2026-12-01T08:00:05.000Z"}
report_deleted:
  description: Whether this run deleted the report it made (V(false) with O(keep_report=true) or O(report_id), and in check mode).
  returned: always
  type: bool
  sample: true
summary:
  description: The sums over the records selected.
  returned: always
  type: dict
  contains:
    records:
      description: How many records.
      type: int
      sample: 42
    sim_cards:
      description: How many SIM cards have records.
      type: int
      sample: 7
    sim_card_groups:
      description: How many SIM card groups have records.
      type: int
      sample: 2
    data_mb:
      description: Data used, uplink plus downlink, in MB.
      type: float
      sample: 1536.5
    uplink_mb:
      description: Data sent, in MB.
      type: float
      sample: 384.125
    downlink_mb:
      description: Data received, in MB.
      type: float
      sample: 1152.375
    data_cost:
      description: The sum of the records' C(data_cost), or V(null) when the records carry none.
      type: float
      sample: 15.365
    currency:
      description: The records' currency, or V(null).
      type: str
      sample: USD
  sample: {"records": 42, "sim_cards": 7, "sim_card_groups": 2, "data_mb": 1536.5, "uplink_mb": 384.125, "downlink_mb": 1152.375,
           "data_cost": 15.365, "currency": "USD"}
sim_cards:
  description: Per SIM card with records, the biggest use first.
  returned: always
  type: list
  elements: dict
  contains:
    sim_card_id:
      description: The SIM card's UUID.
      type: str
    sim_group_id:
      description: The UUID of the group of its last record.
      type: str
    sim_group_name:
      description: That group's name as the record has it.
      type: str
    data_mb:
      description: Data used, in MB (also C(uplink_mb), C(downlink_mb)).
      type: float
    records:
      description: How many records.
      type: int
    data_cost:
      description: The sum of its records' cost, or V(null).
      type: float
  sample: [{"sim_card_id": "6b14e151-8493-4fa1-8664-1cc4e6d14158", "sim_group_id": "47a1c2b0-cc7b-4ab1-bb98-b33fb0fc61b9",
            "sim_group_name": "meters", "data_mb": 512.0, "uplink_mb": 128.0, "downlink_mb": 384.0, "records": 12, "data_cost": 5.12}]
sim_card_groups:
  description: Per SIM card group with records (by id, since two groups may share a name), the biggest use first.
  returned: always
  type: list
  elements: dict
  contains:
    sim_group_id:
      description: The group's UUID (V(null) for records without a group).
      type: str
    sim_group_name:
      description: The group's name as the records have it.
      type: str
    data_mb:
      description: Data used, in MB (also C(uplink_mb), C(downlink_mb)).
      type: float
    sim_cards:
      description: How many SIM cards have records in it.
      type: int
    records:
      description: How many records.
      type: int
    data_cost:
      description: The sum of its records' cost, or V(null).
      type: float
  sample: [{"sim_group_id": "47a1c2b0-cc7b-4ab1-bb98-b33fb0fc61b9", "sim_group_name": "meters", "data_mb": 1024.0, "uplink_mb": 256.0,
            "downlink_mb": 768.0, "sim_cards": 4, "records": 30, "data_cost": 10.24}]
records:
  description:
    - The records selected, in the file's order, each with the file's fields (C(sim_card_id), C(sim_group_id),
      C(sim_group_name), C(created_at), C(closed_at), C(uplink_data), C(downlink_data), C(data_unit), C(data_cost), ...)
      plus C(uplink_mb), C(downlink_mb) and C(data_mb) as numbers in MB.
  returned: when O(return_records=true)
  type: list
  elements: dict
  sample: [{"sim_card_id": "6b14e151-8493-4fa1-8664-1cc4e6d14158", "closed_at": "2026-11-03T10:00:00.000Z", "uplink_data": "3",
            "downlink_data": "9", "data_unit": "MB", "data_mb": 12.0, "uplink_mb": 3.0, "downlink_mb": 9.0}]
failure:
  description: Why the task failed (C(msg) says it in one sentence) - C(source), C(reason), C(status), C(code), C(title), C(detail); see the notes.
  returned: failure
  type: dict
  sample: {source: collection, reason: ambiguous_group, status: null, code: null, title: Ambiguous SIM card group name, detail: "groups named 'meters'"}
"""

import os

from ansible_collections.telnyx.wireless.plugins.module_utils import _api as api
from ansible_collections.telnyx.wireless.plugins.module_utils._actions import DONE
from ansible_collections.telnyx.wireless.plugins.module_utils._base import TelnyxModule
from ansible_collections.telnyx.wireless.plugins.module_utils._client import TelnyxError, collection_failure
from ansible_collections.telnyx.wireless.plugins.module_utils._sim_card import find_group, is_uuid
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


class SimCardUsageReportModule(TelnyxModule):
    """telnyx.wireless.sim_card_usage_report"""

    supports_diff = False

    @classmethod
    def define_module(cls):
        spec = dict(
            start_time={"type": "str"},
            end_time={"type": "str"},
            report_id={"type": "str"},
            keep_report={"type": "bool", "default": False},
            sim_card_ids={"type": "list", "elements": "str"},
            sim_card_groups={"type": "list", "elements": "str"},
            return_records={"type": "bool", "default": True},
            dest={"type": "path"},
        )
        return cls.build_module(spec, wait=True, mutually_exclusive=[("report_id", "start_time"), ("report_id", "end_time")],
                                required_by={"start_time": "end_time", "end_time": "start_time"},
                                required_one_of=[("report_id", "start_time")])

    def input_errors(self):
        if self.params["report_id"]:
            return ["keep_report cannot be given with report_id (a report read by id is never deleted)"] if self.params["keep_report"] else []
        return check_period(self.params["start_time"], self.params["end_time"])

    def run(self):
        group_ids = None
        if self.params["sim_card_groups"] is not None:
            # a UUID as given: the records of the past may name a group since deleted; a name is resolved by find_group
            group_ids = [value.strip() if is_uuid(value.strip()) else find_group(value, client=self.client)["id"] for value in self.params["sim_card_groups"]]
        self.result = {"report": None, "report_deleted": False}
        if self.params["report_id"]:
            report = self.settled(self.read(self.params["report_id"]))
            self.report(report, group_ids)
            return
        self.changed = self.params["keep_report"]
        if self.check_mode:
            self.report(None, group_ids)
            return
        start = parse_time(self.params["start_time"], "start_time")
        end = parse_time(self.params["end_time"], "end_time")
        report = api.create_wdr_report(self.client, wire_time(start), wire_time(end), lambda found: covers(found, start, end))
        try:
            self.report(self.settled(report), group_ids)
        finally:
            if not self.params["keep_report"]:
                api.delete_wdr_report(self.client, report["id"])
                self.result["report_deleted"] = True

    def read(self, report_id):
        report = api.get_wdr_report(self.client, report_id)
        if report is None:
            raise TelnyxError("No WDR report %s on this Telnyx account." % report_id,
                              collection_failure("report_not_found", "report %s not found" % report_id, "Report not found"))
        return report

    def settled(self, report):
        """The report once Telnyx is done with it (the run's Waiter); a report that did not complete fails."""
        report = self.wait_for(lambda: api.get_wdr_report(self.client, report["id"]), DONE["wdr_report"],
                               "WDR report %s to complete" % report["id"], describe=lambda found: "status %s" % (found or {}).get("status"))
        status = (report or {}).get("status")
        if status != "complete":
            raise TelnyxError("Telnyx did not complete WDR report %s: it is %s." % (report.get("id") if report else "?", status or "gone"),
                              collection_failure("report_failed", "report %s ended %s" % ((report or {}).get("id"), status or "gone"),
                                                 "Report failed"))
        return report

    def report(self, report, group_ids):
        """Fill the result from a complete report (None in check mode: nothing to read)."""
        text = api.download_wdr_report_file(self.client, report) if report is not None else ""
        if report is not None and self.params["dest"]:
            with open(self.params["dest"], "w", encoding="utf-8") as handle:
                handle.write(text)
            os.chmod(self.params["dest"], 0o600)  # usage and phone numbers: readable by the run's user only
        records = [normalize(record) for record in select(parse_records(text), self.params["sim_card_ids"], group_ids)]
        totals, per_sim, per_group = summarize(records)
        self.result.update(report=report, summary=totals, sim_cards=per_sim, sim_card_groups=per_group)
        if self.params["return_records"]:
            self.result["records"] = records


def main():
    SimCardUsageReportModule.main()


if __name__ == "__main__":
    main()
