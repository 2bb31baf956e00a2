#!/usr/bin/python
# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: notification_profile_info
short_description: List Telnyx notification profiles
version_added: 0.2.0
author: telnyx.wireless developers (@telnyx-wireless)
description:
  - Returns the notification profiles of the account - one by O(id), those named O(name), or every one.
options:
  id:
    description:
      - The id of one profile. Mutually exclusive with O(name).
    type: str
  name:
    description:
      - Only the profiles named exactly this.
    type: str
extends_documentation_fragment:
  - telnyx.wireless.auth
  - telnyx.wireless.attributes.INFO_MODULE
  - telnyx.wireless.failure
notes:
  - Requests sent - one GET with O(id); otherwise one request per 250 profiles.
seealso:
  - module: telnyx.wireless.notification_profile
"""

EXAMPLES = r"""
- name: Every notification profile of the account
  telnyx.wireless.notification_profile_info:
  register: profiles

- name: The fleet's profile
  telnyx.wireless.notification_profile_info:
    name: fleet-alerts
  register: fleet_profile
"""

RETURN = r"""
notification_profiles:
  description: The profiles found, in the API's order (empty when none).
  returned: always
  type: list
  elements: dict
  sample:
    - id: 12455643-3cf1-4683-ad23-1cd32f7d5e0a
      name: fleet-alerts
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
from ansible_collections.telnyx.wireless.plugins.module_utils._sim_card import is_uuid


class NotificationProfileInfo(TelnyxModule):
    """telnyx.wireless.notification_profile_info"""

    supports_diff = False

    @classmethod
    def define_module(cls):
        return cls.build_module({"id": {"type": "str"}, "name": {"type": "str"}}, mutually_exclusive=[("id", "name")])

    def input_errors(self):
        if self.params["id"] is not None and not is_uuid(self.params["id"]):
            return ["id must be a notification profile UUID, got %r" % self.params["id"]]
        return []

    def run(self):
        if self.params["id"]:
            found = api.get_notification_profile(self.client, self.params["id"])
            profiles = [found] if found else []
        elif self.params["name"] is not None:
            profiles = api.notification_profiles_named(self.client, self.params["name"])
        else:
            profiles = api.list_notification_profiles(self.client)
        self.result = {"notification_profiles": profiles}


def main():
    NotificationProfileInfo.main()


if __name__ == "__main__":
    main()
