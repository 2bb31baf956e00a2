#!/usr/bin/python
# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: sim_card_ota_update_info
short_description: List the over-the-air (OTA) updates of Telnyx SIM cards
version_added: 0.2.0
author: telnyx.wireless developers (@telnyx-wireless)
description:
  - Lists OTA updates (C(GET /ota_updates)) - changes Telnyx sends to a SIM card over the air, such as its network
    preferences - newest first, filtered by SIM card, status and type; or reads one by O(update_id), with its settings.
  - An OTA update reaches the SIM card the next time it attaches; it cannot be forced. While one is C(in-progress), Telnyx
    refuses to change the SIM card's network preferences (error C(70004)).
options:
  update_id:
    description:
      - One OTA update by its id, with its C(settings) (the network preferences it carries). The filters do not apply;
        RV(ota_updates) holds it, or is empty when there is no such update.
    type: str
  id:
    description:
      - Only the updates of the SIM card with this UUID. Mutually exclusive with O(iccid).
    type: str
  iccid:
    description:
      - Only the updates of the SIM card with this ICCID (one more request to find its id).
    type: str
  status:
    description: Only updates in this status.
    type: str
    choices: [in-progress, completed, failed]
  type:
    description: Only updates of this type (Telnyx's one type is V(sim_card_network_preferences)).
    type: str
    choices: [sim_card_network_preferences]
  limit:
    description:
      - Return at most this many updates, the newest, whatever order the API lists them in (Telnyx documents none).
        Pages stop once the first page shows the list newest first and there are enough; a list in any other order is
        read whole, then sorted. Not set - every update that matches.
    type: int
extends_documentation_fragment:
  - telnyx.wireless.auth
  - telnyx.wireless.attributes.INFO_MODULE
  - telnyx.wireless.failure
notes:
  - Requests sent - one page per 250 updates read, plus one to find a SIM card named by O(iccid).
seealso:
  - module: telnyx.wireless.sim_card_action_info
  - module: telnyx.wireless.mobile_network_operator_info
"""

EXAMPLES = r"""
- name: Is an OTA update still running on this SIM card?
  telnyx.wireless.sim_card_ota_update_info:
    iccid: "89310410106543789301"
    status: in-progress
  register: ota

- name: One update with the network preferences it carries
  telnyx.wireless.sim_card_ota_update_info:
    update_id: 2f1c8f9e-0e5e-4f1e-9a3a-6c1d2b9e7a10
"""

RETURN = r"""
ota_updates:
  description: The updates, newest first, in Telnyx's shape (C(settings) only when read by O(update_id)).
  returned: always
  type: list
  elements: dict
  sample:
    - id: 2f1c8f9e-0e5e-4f1e-9a3a-6c1d2b9e7a10
      record_type: ota_update
      sim_card_id: 6b14e151-8493-4fa1-8664-1cc4e6d14158
      type: sim_card_network_preferences
      status: completed
      created_at: "2026-01-05T10:14:20.000Z"
      updated_at: "2026-01-05T10:20:02.000Z"
failure:
  description: Why the task failed (C(msg) says it in one sentence) - C(source), C(reason), C(status), C(code), C(title), C(detail); see the notes.
  returned: failure
  type: dict
  sample: {source: collection, reason: ambiguous_group, status: null, code: null, title: Ambiguous SIM card group name, detail: "groups named 'meters'"}
"""

from ansible_collections.telnyx.wireless.plugins.module_utils import _api as api
from ansible_collections.telnyx.wireless.plugins.module_utils._base import TelnyxModule
from ansible_collections.telnyx.wireless.plugins.module_utils._history import newest
from ansible_collections.telnyx.wireless.plugins.module_utils._sim_card import check_sim_ref, is_uuid, require_sim_card


class SimCardOtaUpdateInfo(TelnyxModule):
    """telnyx.wireless.sim_card_ota_update_info"""

    supports_diff = False

    @classmethod
    def define_module(cls):
        spec = {
            "update_id": {"type": "str"},
            "id": {"type": "str"},
            "iccid": {"type": "str"},
            "status": {"type": "str", "choices": ["in-progress", "completed", "failed"]},
            "type": {"type": "str", "choices": ["sim_card_network_preferences"]},
            "limit": {"type": "int"},
        }
        return cls.build_module(spec, mutually_exclusive=[("id", "iccid")] + [("update_id", name) for name in ("id", "iccid", "status", "type", "limit")])

    def input_errors(self):
        errors = check_sim_ref(self.params)
        if self.params["update_id"] is not None and not is_uuid(self.params["update_id"]):
            errors.append("update_id must be a UUID, got %r" % self.params["update_id"])
        if self.params["limit"] is not None and self.params["limit"] < 1:
            errors.append("limit must be at least 1, got %d" % self.params["limit"])
        return errors

    def run(self):
        if self.params["update_id"]:
            update = api.get_ota_update(self.client, self.params["update_id"])
            self.result = {"ota_updates": [update] if update else []}
            return
        sim_id = self.params["id"]
        if self.params["iccid"]:
            sim_id = require_sim_card(self.client, iccid=self.params["iccid"])["id"]
        filters = {"sim_card_id": sim_id, "status": self.params["status"], "type": self.params["type"]}
        self.result = {"ota_updates": newest(api.iterate_ota_updates(self.client, filters), self.params["limit"])}


def main():
    SimCardOtaUpdateInfo.main()


if __name__ == "__main__":
    main()
