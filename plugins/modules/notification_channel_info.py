#!/usr/bin/python
# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: notification_channel_info
short_description: List the channels of Telnyx notification profiles
version_added: 0.2.0
author: telnyx.wireless developers (@telnyx-wireless)
description:
  - Returns notification channels - those of one O(profile), of one O(type), or every one of the account.
options:
  profile:
    description:
      - Only the channels of this notification profile, by name or id. A profile that does not exist has none.
    type: str
  type:
    description:
      - Only the channels of this type.
    type: str
    choices: [email, sms, voice, webhook]
extends_documentation_fragment:
  - telnyx.wireless.auth
  - telnyx.wireless.attributes.INFO_MODULE
  - telnyx.wireless.failure
notes:
  - Requests sent - the profile when named (one GET by id, or one request per 250 profiles by name), then one request
    per 250 channels (filtered by the API).
seealso:
  - module: telnyx.wireless.notification_channel
"""

EXAMPLES = r"""
- name: The channels of the fleet's profile
  telnyx.wireless.notification_channel_info:
    profile: fleet-alerts
  register: channels

- name: Every webhook channel of the account
  telnyx.wireless.notification_channel_info:
    type: webhook
  register: webhooks
"""

RETURN = r"""
notification_channels:
  description: The channels found, in the API's order (empty when none).
  returned: always
  type: list
  elements: dict
  sample:
    - id: 8eb5b5f9-5893-423c-9f15-b487713d44d4
      notification_profile_id: 12455643-3cf1-4683-ad23-1cd32f7d5e0a
      channel_type_id: webhook
      channel_destination: https://hooks.example.com/telnyx
      created_at: "2026-02-02T22:25:27.521Z"
      updated_at: "2026-02-02T22:25:27.521Z"
failure:
  description: Why the task failed (C(msg) says it in one sentence) - C(source), C(reason), C(status), C(code), C(title), C(detail); see the notes.
  returned: failure
  type: dict
  sample: {source: collection, reason: ambiguous_group, status: null, code: null, title: Ambiguous SIM card group name, detail: "groups named 'meters'"}
"""

from ansible_collections.telnyx.wireless.plugins.module_utils import _api as api
from ansible_collections.telnyx.wireless.plugins.module_utils._base import TelnyxModule
from ansible_collections.telnyx.wireless.plugins.module_utils._delivery import CHANNEL_TYPES, find_profile


class NotificationChannelInfo(TelnyxModule):
    """telnyx.wireless.notification_channel_info"""

    supports_diff = False

    @classmethod
    def define_module(cls):
        return cls.build_module({"profile": {"type": "str"}, "type": {"type": "str", "choices": list(CHANNEL_TYPES)}})

    def run(self):
        profile_id = None
        if self.params["profile"] is not None:
            profile = find_profile(self.client, self.params["profile"])
            if profile is None:
                self.result = {"notification_channels": []}
                return
            profile_id = profile["id"]
        self.result = {"notification_channels": api.list_notification_channels(self.client, profile_id, self.params["type"])}


def main():
    NotificationChannelInfo.main()


if __name__ == "__main__":
    main()
