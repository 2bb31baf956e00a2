#!/usr/bin/python
# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: notification_setting_info
short_description: List Telnyx notification settings and the event conditions they can name
version_added: 0.2.0
author: telnyx.wireless developers (@telnyx-wireless)
description:
  - Returns the notification settings of one O(profile) (or of the account), and the notification event conditions
    Telnyx offers - the names M(telnyx.wireless.notification_setting) O(telnyx.wireless.notification_setting#module:event_condition) takes.
options:
  profile:
    description:
      - Only the settings of this notification profile, by name or id. A profile that does not exist has none.
    type: str
extends_documentation_fragment:
  - telnyx.wireless.auth
  - telnyx.wireless.attributes.INFO_MODULE
  - telnyx.wireless.failure
notes:
  - Requests sent - the profile when named (one GET by id, or one request per 250 profiles by name), one request per 250
    settings and one per 250 event conditions.
  - Settings being deleted (status V(delete-received) to V(deleted)) are listed as Telnyx answers them.
seealso:
  - module: telnyx.wireless.notification_setting
"""

EXAMPLES = r"""
- name: Who is told what, for the fleet's profile
  telnyx.wireless.notification_setting_info:
    profile: fleet-alerts
  register: delivery

- name: The names of the events Telnyx can notify
  ansible.builtin.debug:
    msg: "{{ delivery.event_conditions | map(attribute='name') | list }}"
"""

RETURN = r"""
notification_settings:
  description: The settings found, in the API's order (empty when none).
  returned: always
  type: list
  elements: dict
  sample:
    - id: 8eb5b5f9-5893-423c-9f15-b487713d44d4
      notification_profile_id: 12455643-3cf1-4683-ad23-1cd32f7d5e0a
      notification_channel_id: 70c7c5cb-dce2-4124-accb-870d39dbe852
      notification_event_condition_id: 3b0f2c1e-6d4a-4c8e-b7a1-5e2f9d8c7b02
      associated_record_type: account
      associated_record_type_value: null
      parameters: []
      status: enabled
event_conditions:
  description: Every notification event condition Telnyx offers the account.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 3b0f2c1e-6d4a-4c8e-b7a1-5e2f9d8c7b02
      name: Data Usage Notifications
      notification_event_id: 9f6a6a6e-0b1c-4f0e-9a53-2d3c4b5a6e01
      associated_record_type: account
      allow_multiple_channels: true
      asynchronous: false
      supported_channels: [sms, voice, email, webhook]
      parameters: []
failure:
  description: Why the task failed (C(msg) says it in one sentence) - C(source), C(reason), C(status), C(code), C(title), C(detail); see the notes.
  returned: failure
  type: dict
  sample: {source: collection, reason: ambiguous_group, status: null, code: null, title: Ambiguous SIM card group name, detail: "groups named 'meters'"}
"""

from ansible_collections.telnyx.wireless.plugins.module_utils import _api as api
from ansible_collections.telnyx.wireless.plugins.module_utils._base import TelnyxModule
from ansible_collections.telnyx.wireless.plugins.module_utils._delivery import find_profile


class NotificationSettingInfo(TelnyxModule):
    """telnyx.wireless.notification_setting_info"""

    supports_diff = False

    @classmethod
    def define_module(cls):
        return cls.build_module({"profile": {"type": "str"}})

    def run(self):
        settings = []
        if self.params["profile"] is None:
            settings = api.list_notification_settings(self.client)
        else:
            profile = find_profile(self.client, self.params["profile"])
            if profile is not None:
                settings = api.list_notification_settings(self.client, profile["id"])
        self.result = {"notification_settings": settings, "event_conditions": api.list_notification_event_conditions(self.client)}


def main():
    NotificationSettingInfo.main()


if __name__ == "__main__":
    main()
