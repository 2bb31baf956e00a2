#!/usr/bin/python
# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: sim_card_connectivity_log_info
short_description: Read the newest connectivity log entries of a Telnyx SIM card
version_added: 0.2.0
author: telnyx.wireless developers (@telnyx-wireless)
description:
  - Returns the newest O(last) entries of a SIM card's wireless connectivity log (C(GET /sim_cards/{id}/wireless_connectivity_logs))
    - network registrations and data sessions, with the network, cell, radio technology, IMEI and addresses - for the
    "SIM card does not connect" runbook.
  - An entry's C(state) is C(Provisioned) (never attached yet), C(Attached) (registered on a network, address received),
    C(Opened) (data session started) or C(Closed) (session ended); C(log_type) is C(registration) or C(data).
options:
  id:
    description:
      - The UUID of the SIM card. Give O(id) or O(iccid).
    type: str
  iccid:
    description:
      - The ICCID of the SIM card (19 or 20 digits); one more request to find its id.
    type: str
  last:
    description:
      - How many entries to return at most, the newest, whatever order the API lists them in (Telnyx documents none).
        Pages are read only until there are that many (one request per 250 entries) once the first page shows the list
        newest first; a list in any other order is read whole, then sorted.
    type: int
    default: 50
extends_documentation_fragment:
  - telnyx.wireless.auth
  - telnyx.wireless.attributes.INFO_MODULE
  - telnyx.wireless.failure
notes:
  - Requests sent - one GET of the SIM card (by id or ICCID; a SIM card not on the account fails), then one page of its log
    per 250 entries returned.
seealso:
  - module: telnyx.wireless.sim_card_action_info
  - module: telnyx.wireless.sim_card_info
"""

EXAMPLES = r"""
- name: The last 10 connectivity events of a SIM card that does not connect
  telnyx.wireless.sim_card_connectivity_log_info:
    iccid: "89310410106543789301"
    last: 10
  register: connectivity

- name: Has it ever attached?
  ansible.builtin.debug:
    msg: "{{ 'never attached' if connectivity.logs | selectattr('state', 'eq', 'Attached') | list | length == 0 else 'attached before' }}"
"""

RETURN = r"""
logs:
  description: The newest entries, newest first, in Telnyx's shape (WirelessConnectivityLog).
  returned: always
  type: list
  elements: dict
  sample:
    - id: 1047
      record_type: wireless_connectivity_log
      sim_card_id: 6b14e151-8493-4fa1-8664-1cc4e6d14158
      log_type: registration
      state: Attached
      apn: data00.telnyx
      cell_id: "310260-1234"
      imei: "864524030000001"
      imsi: "081932214823362"
      ipv4: 100.64.0.12
      ipv6: "2001:db8::c"
      mobile_country_code: "310"
      mobile_network_code: "260"
      radio_access_technology: LTE
      start_time: "2026-01-05T10:14:20.000Z"
      stop_time: "2026-01-05T10:14:21.000Z"
      last_seen: "2026-01-05T10:14:21.000Z"
      created_at: "2026-01-05T10:14:20.000Z"
sim_card_id:
  description: The SIM card's id.
  returned: always
  type: str
  sample: 6b14e151-8493-4fa1-8664-1cc4e6d14158
failure:
  description: Why the task failed (C(msg) says it in one sentence) - C(source), C(reason), C(status), C(code), C(title), C(detail); see the notes.
  returned: failure
  type: dict
  sample: {source: collection, reason: ambiguous_group, status: null, code: null, title: Ambiguous SIM card group name, detail: "groups named 'meters'"}
"""

from ansible_collections.telnyx.wireless.plugins.module_utils import _api as api
from ansible_collections.telnyx.wireless.plugins.module_utils._base import TelnyxModule
from ansible_collections.telnyx.wireless.plugins.module_utils._history import newest
from ansible_collections.telnyx.wireless.plugins.module_utils._sim_card import (
    SIM_REF_ARGUMENT_SPEC,
    SIM_REF_MUTUALLY_EXCLUSIVE,
    SIM_REF_REQUIRED_ONE_OF,
    check_sim_ref,
    require_sim_card,
)


class SimCardConnectivityLogInfo(TelnyxModule):
    """telnyx.wireless.sim_card_connectivity_log_info"""

    supports_diff = False

    @classmethod
    def define_module(cls):
        spec = dict(SIM_REF_ARGUMENT_SPEC)
        spec.update(last={"type": "int", "default": 50})
        return cls.build_module(spec, mutually_exclusive=SIM_REF_MUTUALLY_EXCLUSIVE, required_one_of=SIM_REF_REQUIRED_ONE_OF)

    def input_errors(self):
        errors = check_sim_ref(self.params)
        if self.params["last"] < 1:
            errors.append("last must be at least 1, got %d" % self.params["last"])
        return errors

    def run(self):
        sim = require_sim_card(self.client, self.params["id"], self.params["iccid"])
        self.result = {"sim_card_id": sim["id"], "logs": newest(api.iterate_connectivity_logs(self.client, sim["id"]), self.params["last"])}


def main():
    SimCardConnectivityLogInfo.main()


if __name__ == "__main__":
    main()
