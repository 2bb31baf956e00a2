#!/usr/bin/python
# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: sim_card_group_info
short_description: Read Telnyx SIM card groups
version_added: 0.1.0
author: telnyx.wireless developers (@telnyx-wireless)
description:
  - Returns the SIM card groups of the account, or the one named by O(id) or O(name).
  - Each group holds its data limit, the data its SIM cards used this month (C(consumed_data)), its private wireless
    gateway and wireless blocklist ids, and in a list C(sim_card_count).
options:
  id:
    description:
      - The UUID of one SIM card group. An id that is not on the account returns an empty list.
    type: str
  name:
    description:
      - Only the SIM card groups with exactly this name (a list - names need not be unique on Telnyx).
    type: str
extends_documentation_fragment:
  - telnyx.wireless.auth
  - telnyx.wireless.attributes.INFO_MODULE
  - telnyx.wireless.failure
notes:
  - Requests sent - one GET with O(id); otherwise one request per 250 SIM card groups.
seealso:
  - module: telnyx.wireless.sim_card_group
"""

EXAMPLES = r"""
- name: Every SIM card group of the account
  telnyx.wireless.sim_card_group_info:
  register: groups

- name: The data used this month by group meters
  telnyx.wireless.sim_card_group_info:
    name: meters
  register: meters

- name: Show it
  ansible.builtin.debug:
    msg: "{{ meters.sim_card_groups[0].consumed_data.amount }} MB used"
"""

RETURN = r"""
sim_card_groups:
  description: The SIM card groups found, in the API's order.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 47a1c2b0-cc7b-4ab1-bb98-b33fb0fc61b9
      record_type: sim_card_group
      name: meters
      default: false
      data_limit:
        amount: "50.0"
        unit: GB
      consumed_data:
        amount: "1204.5"
        unit: MB
      private_wireless_gateway_id: 6a09cdc3-8948-47f0-aa62-74ac943d6c58
      wireless_blocklist_id: null
      sim_card_count: 120
failure:
  description: Why the task failed (C(msg) says it in one sentence) - C(source), C(reason), C(status), C(code), C(title), C(detail); see the notes.
  returned: failure
  type: dict
  sample: {source: collection, reason: ambiguous_group, status: null, code: null, title: Ambiguous SIM card group name, detail: "groups named 'meters'"}
"""

from ansible_collections.telnyx.wireless.plugins.module_utils import _api as api
from ansible_collections.telnyx.wireless.plugins.module_utils._base import TelnyxModule
from ansible_collections.telnyx.wireless.plugins.module_utils._policy import GROUPS, look_up
from ansible_collections.telnyx.wireless.plugins.module_utils._sim_card import is_uuid


class SimCardGroupInfo(TelnyxModule):
    """telnyx.wireless.sim_card_group_info"""

    supports_diff = False

    @classmethod
    def define_module(cls):
        spec = {"id": {"type": "str"}, "name": {"type": "str"}}
        return cls.build_module(spec, mutually_exclusive=[("id", "name")])

    def validate(self):
        if self.params["id"] is not None and not is_uuid(self.params["id"]):
            self.fail("id must be a SIM card group UUID, got %r." % self.params["id"])

    def run(self):
        self.result = {"sim_card_groups": look_up(self.client, GROUPS, self.params["id"], self.params["name"], lambda: api.list_sim_card_groups(self.client))}


def main():
    SimCardGroupInfo.main()


if __name__ == "__main__":
    main()
