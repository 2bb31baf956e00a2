#!/usr/bin/python
# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: notification_channel
short_description: Manage a channel (e-mail, SMS, voice call or webhook) of a Telnyx notification profile
version_added: 0.2.0
author: telnyx.wireless developers (@telnyx-wireless)
description:
  - Declares one notification channel of a notification profile - where Telnyx sends the events the profile's
    notification settings name (M(telnyx.wireless.notification_setting)), such as a SIM card reaching a data usage
    notification threshold.
  - Telnyx gives a channel no name, so a channel is identified by its profile, O(type) and O(destination) (e-mail
    addresses compare without case). Nothing of a channel is changed in place - a new destination is a new channel;
    declare the old one with O(state=absent).
  - A channel is never created twice. If the create request gets no answer, the module re-reads the profile's channels
    before sending it again and keeps the one the lost request made, if any.
options:
  profile:
    description:
      - The notification profile, by name or id (M(telnyx.wireless.notification_profile)).
    type: str
    required: true
  type:
    description:
      - The channel type, as Telnyx names it (C(channel_type_id)).
    type: str
    required: true
    choices: [email, sms, voice, webhook]
  destination:
    description:
      - Where the events go (C(channel_destination)) - an e-mail address for V(email), a phone number in +E.164 form for
        V(sms) and V(voice), an http:// or https:// URL for V(webhook).
    type: str
    required: true
  state:
    description:
      - V(present) creates the channel if the profile has none of this type and destination.
      - V(absent) deletes it. A channel that notification settings still deliver through is not deleted - the task fails
        naming them (remove them first with M(telnyx.wireless.notification_setting) O(state=absent)). A profile that does
        not exist has no channel - nothing to do.
    type: str
    choices: [present, absent]
    default: present
  pending:
    description:
      - In check mode only, for a playbook whose earlier tasks of the same run create the profile or remove the settings
        that use the channel - when the profile is not on the account, the channel is predicted as new instead of failing;
        with O(state=absent), a channel that settings still use is predicted as removed (the real run still refuses to
        remove it while they exist). Ignored outside check mode.
    type: bool
    default: false
extends_documentation_fragment:
  - telnyx.wireless.auth
  - telnyx.wireless.attributes
  - telnyx.wireless.failure
notes:
  - Requests sent - the profile (one GET by id, or one request per 250 profiles by name), one GET of its channels of
    that type, then one POST; with O(state=absent), one GET of the settings using the channel before the DELETE.
seealso:
  - module: telnyx.wireless.notification_channel_info
  - module: telnyx.wireless.notification_profile
  - module: telnyx.wireless.notification_setting
"""

EXAMPLES = r"""
- name: The on-call webhook of the fleet's alerts
  telnyx.wireless.notification_channel:
    profile: fleet-alerts
    type: webhook
    destination: https://hooks.example.com/telnyx

- name: The operations team's mailbox
  telnyx.wireless.notification_channel:
    profile: fleet-alerts
    type: email
    destination: noc@example.com

- name: No more text messages to the old on-call phone
  telnyx.wireless.notification_channel:
    profile: fleet-alerts
    type: sms
    destination: "+13125550000"
    state: absent
"""

RETURN = r"""
notification_channel:
  description:
    - The channel after the task (in check mode, as it would be; one still to be created has C(id) null). Null with
      O(state=absent).
  returned: success
  type: dict
  sample:
    id: 8eb5b5f9-5893-423c-9f15-b487713d44d4
    notification_profile_id: 12455643-3cf1-4683-ad23-1cd32f7d5e0a
    channel_type_id: webhook
    channel_destination: https://hooks.example.com/telnyx
    created_at: "2026-02-02T22:25:27.521Z"
    updated_at: "2026-02-02T22:25:27.521Z"
  contains:
    id:
      description: The channel's id (null in check mode for one still to be created).
      type: str
    notification_profile_id:
      description: Its profile's id (null in check mode for a profile still to be created, see O(pending)).
      type: str
    channel_type_id:
      description: V(email), V(sms), V(voice) or V(webhook).
      type: str
    channel_destination:
      description: The address, phone number or URL.
      type: str
removed:
  description: The channels the task removed (in check mode, would remove); normally one, more if the profile held copies.
  returned: success
  type: list
  elements: dict
  sample: []
diff:
  description: With C(--diff), the channel before and after (profile by the name or id given, type, destination).
  returned: when diff mode is on
  type: dict
  sample:
    before: {}
    after: {id: null, notification_profile: fleet-alerts, type: webhook, destination: https://hooks.example.com/telnyx}
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
  sample: ["DELETE /notification_channels/8eb5b5f9-5893-423c-9f15-b487713d44d4"]
"""

from ansible_collections.telnyx.wireless.plugins.module_utils import _api as api
from ansible_collections.telnyx.wireless.plugins.module_utils._base import TelnyxModule
from ansible_collections.telnyx.wireless.plugins.module_utils._client import TelnyxError, collection_failure
from ansible_collections.telnyx.wireless.plugins.module_utils._delivery import (
    CHANNEL_TYPES,
    channel_text,
    channel_view,
    channels_of,
    check_destination,
    find_profile,
    profile_not_found,
    same_destination,
    settings_of,
)


class NotificationChannelModule(TelnyxModule):
    """telnyx.wireless.notification_channel"""

    @classmethod
    def define_module(cls):
        spec = {"profile": {"type": "str", "required": True},
                "type": {"type": "str", "required": True, "choices": list(CHANNEL_TYPES)},
                "destination": {"type": "str", "required": True},
                "state": {"type": "str", "default": "present", "choices": ["present", "absent"]},
                "pending": {"type": "bool", "default": False}}
        return cls.build_module(spec)

    def input_errors(self):
        errors = [] if self.params["profile"].strip() else ["profile must not be empty"]
        return errors + check_destination(self.params["type"], self.params["destination"])

    def run(self):
        ref, channel_type = self.params["profile"], self.params["type"]
        destination = self.params["destination"].strip()
        wanted = {"id": None, "notification_profile_id": None, "channel_type_id": channel_type, "channel_destination": destination}
        profile = find_profile(self.client, ref)
        if profile is None and (self.params["state"] == "absent" or not (self.check_mode and self.params["pending"])):
            if self.params["state"] == "present":
                raise profile_not_found(ref)
            self.result = {"notification_channel": None, "removed": []}
            return
        found = channels_of(self.client, profile["id"], channel_type, destination) if profile else []
        before, after, removed = (found[0] if found else None), None, []
        if self.params["state"] == "present":
            after = before
            if before is None:
                self.changed = True
                if self.check_mode:
                    after = dict(wanted, notification_profile_id=(profile or {}).get("id"))
                else:
                    after = api.create_notification_channel(self.client, profile["id"], channel_type, destination,
                                                            lambda item: same_destination(channel_type, item.get("channel_destination"), destination))
        else:
            for channel in found:
                users = [] if self.check_mode and self.params["pending"] else settings_of(self.client, profile["id"], channel["id"])
                if users:
                    raise TelnyxError(
                        "state=absent: the %s channel of notification profile %r (%s) is used by %d notification setting(s) (ids %s); "
                        "remove them first (telnyx.wireless.notification_setting with state=absent)." % (
                            channel_text(channel), ref, channel["id"], len(users), ", ".join(s["id"] for s in users)),
                        collection_failure("in_use", "%s: settings %s" % (channel_text(channel), ", ".join(s["id"] for s in users)),
                                           "Channel in use"))
            for channel in found:
                self.changed = True
                removed.append(channel)
                if not self.check_mode:
                    api.delete_notification_channel(self.client, channel["id"])
        self.set_diff(channel_view(before, ref), channel_view(after, ref), "notification channel %s %s" % (channel_type, destination))
        self.result = {"notification_channel": after, "removed": removed}


def main():
    NotificationChannelModule.main()


if __name__ == "__main__":
    main()
