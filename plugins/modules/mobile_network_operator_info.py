#!/usr/bin/python
# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: mobile_network_operator_info
short_description: List the mobile network operators Telnyx SIM cards can use
version_added: 0.2.0
author: telnyx.wireless developers (@telnyx-wireless)
description:
  - Lists Telnyx's catalogue of mobile network operators (C(GET /mobile_network_operators)), read-only - the networks a
    SIM card can attach to, with their MCC, MNC and TADIG codes, and whether network preferences can be set for them.
  - Every filter is applied by the API; all of them must match.
options:
  name:
    description: Only operators whose name contains this text (case-insensitive).
    type: str
  country_code:
    description: Only operators of this country (ISO 3166-1 alpha-2, such as V(US)).
    type: str
  mcc:
    description: Only operators with this mobile country code (3 digits).
    type: str
  mnc:
    description: Only operators with this mobile network code.
    type: str
  tadig:
    description: Only the operator with this TADIG code.
    type: str
  network_preferences_enabled:
    description: Only operators for which network preferences can (V(true)) or cannot (V(false)) be set.
    type: bool
extends_documentation_fragment:
  - telnyx.wireless.auth
  - telnyx.wireless.attributes.INFO_MODULE
  - telnyx.wireless.failure
notes:
  - Requests sent - one page per 250 operators.
seealso:
  - module: telnyx.wireless.sim_card_ota_update_info
"""

EXAMPLES = r"""
- name: The operators in Germany
  telnyx.wireless.mobile_network_operator_info:
    country_code: DE
  register: operators

- name: Which network is MCC 310 / MNC 260?
  telnyx.wireless.mobile_network_operator_info:
    mcc: "310"
    mnc: "260"
"""

RETURN = r"""
mobile_network_operators:
  description: The operators, in Telnyx's shape and order.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 6a09cdc3-8948-47f0-aa62-74ac943d6c58
      record_type: mobile_network_operator
      name: T-Mobile USA
      country_code: US
      mcc: "310"
      mnc: "260"
      tadig: USATM
      network_preferences_enabled: true
failure:
  description: Why the task failed (C(msg) says it in one sentence) - C(source), C(reason), C(status), C(code), C(title), C(detail); see the notes.
  returned: failure
  type: dict
  sample: {source: collection, reason: ambiguous_group, status: null, code: null, title: Ambiguous SIM card group name, detail: "groups named 'meters'"}
"""

from ansible_collections.telnyx.wireless.plugins.module_utils import _api as api
from ansible_collections.telnyx.wireless.plugins.module_utils._base import TelnyxModule


class MobileNetworkOperatorInfo(TelnyxModule):
    """telnyx.wireless.mobile_network_operator_info"""

    supports_diff = False

    @classmethod
    def define_module(cls):
        spec = dict((name, {"type": "str"}) for name in ("name", "country_code", "mcc", "mnc", "tadig"))
        spec["network_preferences_enabled"] = {"type": "bool"}
        return cls.build_module(spec)

    def run(self):
        filters = dict((name, self.params[name]) for name in ("country_code", "mcc", "mnc", "tadig", "network_preferences_enabled"))
        if self.params["name"]:
            filters["name"] = {"contains": self.params["name"]}
        self.result = {"mobile_network_operators": api.list_mobile_network_operators(self.client, filters)}


def main():
    MobileNetworkOperatorInfo.main()


if __name__ == "__main__":
    main()
