#!/usr/bin/python
# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: private_wireless_gateway_info
short_description: Read Telnyx private wireless gateways
version_added: 0.1.0
author: telnyx.wireless developers (@telnyx-wireless)
description:
  - Returns the private wireless gateways of the account, or the one named by O(id) or O(name).
  - Each gateway holds its network, region, IP range, status (C(provisioning), C(provisioned), C(failed),
    C(decommissioning)) and how many groups it is assigned to (C(assigned_resources)).
options:
  id:
    description:
      - The UUID of one private wireless gateway. An id that is not on the account returns an empty list.
    type: str
  name:
    description:
      - Only the private wireless gateways with exactly this name (a list - names need not be unique on Telnyx).
    type: str
extends_documentation_fragment:
  - telnyx.wireless.auth
  - telnyx.wireless.attributes.INFO_MODULE
  - telnyx.wireless.failure
notes:
  - Requests sent - one GET with O(id); otherwise one request per 250 private wireless gateways.
seealso:
  - module: telnyx.wireless.private_wireless_gateway
"""

EXAMPLES = r"""
- name: Every private wireless gateway of the account
  telnyx.wireless.private_wireless_gateway_info:
  register: gateways

- name: Is meters-gw provisioned yet
  telnyx.wireless.private_wireless_gateway_info:
    name: meters-gw
  register: meters_gw
"""

RETURN = r"""
private_wireless_gateways:
  description: The private wireless gateways found, in the API's order.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 6a09cdc3-8948-47f0-aa62-74ac943d6c58
      record_type: private_wireless_gateway
      name: meters-gw
      network_id: 6a09cdc3-8948-47f0-aa62-74ac943d6c58
      region_code: ashburn-va
      ip_range: 100.64.1.0/24
      assigned_resources:
        - record_type: sim_card_group
          count: 1
      status:
        value: provisioned
        error_code: null
        error_description: null
failure:
  description: Why the task failed (C(msg) says it in one sentence) - C(source), C(reason), C(status), C(code), C(title), C(detail); see the notes.
  returned: failure
  type: dict
  sample: {source: collection, reason: ambiguous_group, status: null, code: null, title: Ambiguous SIM card group name, detail: "groups named 'meters'"}
"""

from ansible_collections.telnyx.wireless.plugins.module_utils import _api as api
from ansible_collections.telnyx.wireless.plugins.module_utils._base import TelnyxModule
from ansible_collections.telnyx.wireless.plugins.module_utils._policy import GATEWAYS, look_up
from ansible_collections.telnyx.wireless.plugins.module_utils._sim_card import is_uuid


class PrivateWirelessGatewayInfo(TelnyxModule):
    """telnyx.wireless.private_wireless_gateway_info"""

    supports_diff = False

    @classmethod
    def define_module(cls):
        spec = {"id": {"type": "str"}, "name": {"type": "str"}}
        return cls.build_module(spec, mutually_exclusive=[("id", "name")])

    def validate(self):
        if self.params["id"] is not None and not is_uuid(self.params["id"]):
            self.fail("id must be a private wireless gateway UUID, got %r." % self.params["id"])

    def run(self):
        gateways = look_up(self.client, GATEWAYS, self.params["id"], self.params["name"], lambda: api.list_private_wireless_gateways(self.client))
        self.result = {"private_wireless_gateways": gateways}


def main():
    PrivateWirelessGatewayInfo.main()


if __name__ == "__main__":
    main()
