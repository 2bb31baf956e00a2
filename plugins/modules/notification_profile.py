#!/usr/bin/python
# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: notification_profile
short_description: Manage a Telnyx notification profile (who is told, by name)
version_added: 0.2.0
author: telnyx.wireless developers (@telnyx-wireless)
description:
  - Declares a notification profile of Telnyx's Notifications API, by name. A profile holds notification channels
    (M(telnyx.wireless.notification_channel)); its notification settings (M(telnyx.wireless.notification_setting)) say
    which events, such as a SIM card reaching a data usage notification threshold, go to which channel.
  - The name is the profile's identity - two profiles sharing the name fail, naming both.
  - A profile is never created twice. If the create request gets no answer, the module re-reads the profiles before
    sending it again and keeps the one the lost request made, if any.
options:
  name:
    description:
      - The profile's name.
    type: str
    required: true
  state:
    description:
      - V(present) creates the profile if there is none of that name.
      - V(absent) deletes it. A profile that still has notification channels or settings is not deleted - the task fails
        naming them (remove them first, with O(state=absent) on M(telnyx.wireless.notification_channel)).
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - telnyx.wireless.auth
  - telnyx.wireless.attributes
  - telnyx.wireless.failure
notes:
  - Requests sent - one request per 250 profiles (the list has no name filter), then one POST to create; with
    O(state=absent), one GET of the profile's channels and one of its settings before the DELETE.
  - Telnyx's Notifications API is not part of the wireless API; its shapes come from Telnyx's SDKs (telnyx-python 4.189).
seealso:
  - module: telnyx.wireless.notification_profile_info
  - module: telnyx.wireless.notification_channel
  - module: telnyx.wireless.notification_setting
"""

EXAMPLES = r"""
- name: A profile for the fleet's alerts
  telnyx.wireless.notification_profile:
    name: fleet-alerts

- name: Remove a profile no longer used (its channels removed first)
  telnyx.wireless.notification_profile:
    name: old-alerts
    state: absent
"""

RETURN = r"""
notification_profile:
  description:
    - The profile after the task (in check mode, as it would be; one still to be created has C(id) null). Null with
      O(state=absent).
  returned: success
  type: dict
  sample:
    id: 12455643-3cf1-4683-ad23-1cd32f7d5e0a
    name: fleet-alerts
    created_at: "2026-02-02T22:25:27.521Z"
    updated_at: "2026-02-02T22:25:27.521Z"
  contains:
    id:
      description: The profile's id (null in check mode for one still to be created).
      type: str
    name:
      description: Its name.
      type: str
diff:
  description: With C(--diff), the profile's id and name before and after.
  returned: when diff mode is on
  type: dict
  sample:
    before: {}
    after: {id: null, name: fleet-alerts}
failure:
  description: Why the task failed (C(msg) says it in one sentence) - C(source), C(reason), C(status), C(code), C(title), C(detail); see the notes.
  returned: failure
  type: dict
  sample: {source: collection, reason: ambiguous_group, status: null, code: null, title: Ambiguous SIM card group name, detail: "groups named 'meters'"}
applied:
  description: When the task failed after the API accepted one of its writes, those writes, as C(METHOD /path).
  returned: on a failure after a write was accepted
  type: list
  elements: str
  sample: ["POST /notification_profiles"]
"""

from ansible_collections.telnyx.wireless.plugins.module_utils import _api as api
from ansible_collections.telnyx.wireless.plugins.module_utils._base import TelnyxModule
from ansible_collections.telnyx.wireless.plugins.module_utils._client import TelnyxError, collection_failure
from ansible_collections.telnyx.wireless.plugins.module_utils._delivery import find_profile, live_setting, profile_view


class NotificationProfileModule(TelnyxModule):
    """telnyx.wireless.notification_profile"""

    @classmethod
    def define_module(cls):
        spec = {"name": {"type": "str", "required": True},
                "state": {"type": "str", "default": "present", "choices": ["present", "absent"]}}
        return cls.build_module(spec)

    def input_errors(self):
        return [] if self.params["name"].strip() else ["name must not be empty"]

    def run(self):
        name = self.params["name"]
        profile = find_profile(self.client, name, "name")
        after = profile
        if self.params["state"] == "present" and profile is None:
            self.changed = True
            after = {"id": None, "name": name} if self.check_mode else api.create_notification_profile(self.client, name)
        elif self.params["state"] == "absent" and profile is not None:
            channels = api.list_notification_channels(self.client, profile["id"])
            settings = [s for s in api.list_notification_settings(self.client, profile["id"]) if live_setting(s)]
            if channels or settings:
                raise TelnyxError(
                    "state=absent: notification profile %r (%s) still has %d channel(s) and %d setting(s) (ids %s); remove them first "
                    "(telnyx.wireless.notification_channel with state=absent)." % (
                        name, profile["id"], len(channels), len(settings), ", ".join(item["id"] for item in channels + settings)),
                    collection_failure("in_use", "notification profile %r: %d channel(s), %d setting(s)" % (name, len(channels), len(settings)),
                                       "Profile in use"))
            self.changed = True
            after = None
            if not self.check_mode:
                api.delete_notification_profile(self.client, profile["id"])
        self.set_diff(profile_view(profile), profile_view(after), "notification profile %s" % name)
        self.result = {"notification_profile": after}


def main():
    NotificationProfileModule.main()


if __name__ == "__main__":
    main()
