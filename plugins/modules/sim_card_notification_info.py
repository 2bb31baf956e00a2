#!/usr/bin/python
# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: sim_card_notification_info
short_description: List the data usage notifications of a Telnyx SIM card or of the whole account
version_added: 0.1.0
author: telnyx.wireless developers (@telnyx-wireless)
description:
  - Lists data usage notifications, of one SIM card (by O(id) or O(iccid)) or, with neither, of every SIM card of the
    account.
  - A SIM card that is not on the account gives an empty list (not a failure), as every C(_info) module of the
    collection does for a SIM card that does not exist.
options:
  id:
    description:
      - The UUID of the SIM card whose notifications to list.
    type: str
  iccid:
    description:
      - The ICCID of the SIM card whose notifications to list (19 or 20 digits).
    type: str
extends_documentation_fragment:
  - telnyx.wireless.auth
  - telnyx.wireless.attributes.INFO_MODULE
  - telnyx.wireless.failure
notes:
  - Requests sent - for one SIM card, one GET of the SIM card and one GET of its notifications (none for a SIM card
    that is not on the account); for the account, one GET per 250 notifications.
seealso:
  - module: telnyx.wireless.sim_card_notification
"""

EXAMPLES = r"""
- name: The notifications of one SIM card
  telnyx.wireless.sim_card_notification_info:
    iccid: "89310410106543789301"
  register: sim_notifications

- name: Every notification of the account
  telnyx.wireless.sim_card_notification_info:
  register: all_notifications

- name: SIM cards that have a notification
  ansible.builtin.debug:
    msg: "{{ all_notifications.notifications | map(attribute='sim_card_id') | unique | list }}"
"""

RETURN = r"""
notifications:
  description: The notifications, as the API returns them; for one SIM card, MB before GB, by amount.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 79228acc-3f08-4e70-ac68-cb5aae8b537a
      record_type: sim_card_data_usage_notification
      sim_card_id: 6b14e151-8493-4fa1-8664-1cc4e6d14158
      threshold: {amount: "2048.0", unit: MB}
      created_at: "2026-02-02T22:25:27.521Z"
      updated_at: "2026-02-02T22:25:27.521Z"
  contains:
    id:
      description: The notification's id.
      type: str
    sim_card_id:
      description: The SIM card's id.
      type: str
    threshold:
      description: The threshold, C(amount) as a string and C(unit) V(MB) or V(GB).
      type: dict
    created_at:
      description: When it was created.
      type: str
    updated_at:
      description: When it last changed.
      type: str
failure:
  description: Why the task failed (C(msg) says it in one sentence) - C(source), C(reason), C(status), C(code), C(title), C(detail); see the notes.
  returned: failure
  type: dict
  sample: {source: collection, reason: ambiguous_group, status: null, code: null, title: Ambiguous SIM card group name, detail: "groups named 'meters'"}
"""

from ansible_collections.telnyx.wireless.plugins.module_utils._base import TelnyxModule
from ansible_collections.telnyx.wireless.plugins.module_utils._notification import list_notifications, sort_notifications
from ansible_collections.telnyx.wireless.plugins.module_utils._sim_card import (
    SIM_REF_ARGUMENT_SPEC,
    SIM_REF_MUTUALLY_EXCLUSIVE,
    check_sim_ref,
    find_sim_card,
)


class SimCardNotificationInfo(TelnyxModule):

    supports_diff = False

    @classmethod
    def define_module(cls):
        return cls.build_module(dict(SIM_REF_ARGUMENT_SPEC), mutually_exclusive=SIM_REF_MUTUALLY_EXCLUSIVE)

    def input_errors(self):
        errors = check_sim_ref(self.params)
        return errors

    def run(self):
        if self.is_set("id") or self.is_set("iccid"):
            sim = find_sim_card(self.client, self.params["id"], self.params["iccid"])
            # a SIM card that does not exist: an empty result, as every _info module gives
            notifications = sort_notifications(list_notifications(self.client, sim["id"])) if sim else []
        else:
            notifications = list_notifications(self.client)
        self.result = {"notifications": notifications}


def main():
    SimCardNotificationInfo.main()


if __name__ == "__main__":
    main()
