#!/usr/bin/python
# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: wireless_blocklist_info
short_description: Read Telnyx wireless blocklists
version_added: 0.1.0
author: telnyx.wireless developers (@telnyx-wireless)
description:
  - Returns the wireless blocklists of the account, or the one named by O(id) or O(name).
options:
  id:
    description:
      - The UUID of one wireless blocklist. An id that is not on the account returns an empty list.
    type: str
  name:
    description:
      - Only the wireless blocklists with exactly this name (a list - names need not be unique on Telnyx).
    type: str
  type:
    description:
      - Only the blocklists of this type (with neither O(id) nor O(name)).
    type: str
    choices: [country, mcc, plmn]
extends_documentation_fragment:
  - telnyx.wireless.auth
  - telnyx.wireless.attributes.INFO_MODULE
  - telnyx.wireless.failure
notes:
  - Requests sent - one GET with O(id); otherwise one request per 250 wireless blocklists.
seealso:
  - module: telnyx.wireless.wireless_blocklist
"""

EXAMPLES = r"""
- name: Every wireless blocklist of the account
  telnyx.wireless.wireless_blocklist_info:
  register: blocklists

- name: The country blocklists
  telnyx.wireless.wireless_blocklist_info:
    type: country
  register: country_blocklists
"""

RETURN = r"""
wireless_blocklists:
  description: The wireless blocklists found, in the API's order.
  returned: always
  type: list
  elements: dict
  sample:
    - id: a13bc415-7966-43bf-90d4-63cc76275289
      record_type: wireless_blocklist
      name: no-roaming-na
      type: country
      values: [CA, MX]
failure:
  description: Why the task failed (C(msg) says it in one sentence) - C(source), C(reason), C(status), C(code), C(title), C(detail); see the notes.
  returned: failure
  type: dict
  sample: {source: collection, reason: ambiguous_group, status: null, code: null, title: Ambiguous SIM card group name, detail: "groups named 'meters'"}
"""

from ansible_collections.telnyx.wireless.plugins.module_utils import _api as api
from ansible_collections.telnyx.wireless.plugins.module_utils._base import TelnyxModule
from ansible_collections.telnyx.wireless.plugins.module_utils._policy import BLOCKLISTS, look_up
from ansible_collections.telnyx.wireless.plugins.module_utils._sim_card import is_uuid


class WirelessBlocklistInfo(TelnyxModule):
    """telnyx.wireless.wireless_blocklist_info"""

    supports_diff = False

    @classmethod
    def define_module(cls):
        spec = {"id": {"type": "str"}, "name": {"type": "str"}, "type": {"type": "str", "choices": ["country", "mcc", "plmn"]}}
        return cls.build_module(spec, mutually_exclusive=[("id", "name")])

    def validate(self):
        if self.params["id"] is not None and not is_uuid(self.params["id"]):
            self.fail("id must be a wireless blocklist UUID, got %r." % self.params["id"])

    def run(self):
        items = look_up(self.client, BLOCKLISTS, self.params["id"], self.params["name"],
                        lambda: api.list_wireless_blocklists(self.client, self.params["type"]))
        if self.params["type"]:
            items = [item for item in items if item.get("type") == self.params["type"]]
        self.result = {"wireless_blocklists": items}


def main():
    WirelessBlocklistInfo.main()


if __name__ == "__main__":
    main()
