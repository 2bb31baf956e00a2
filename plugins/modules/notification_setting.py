#!/usr/bin/python
# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: notification_setting
short_description: Manage which Telnyx events a notification channel receives (SIM card data usage by default)
version_added: 0.2.0
author: telnyx.wireless developers (@telnyx-wireless)
description:
  - Declares one notification setting of Telnyx's Notifications API - an event condition delivered through a channel of
    a notification profile. With the default O(event_condition), the channel is told each time a SIM card's data usage
    reaches one of its data usage notification thresholds (M(telnyx.wireless.sim_card_notification)).
  - A setting is identified by its profile, its channel (O(channel.type) and O(channel.destination)) and its event
    condition. Telnyx cannot change a setting in place - when O(parameters) differ, the setting is deleted and created
    again.
  - A setting is never created twice. If the create request gets no answer, the module re-reads the profile's settings
    before sending it again and keeps the one the lost request made, if any.
options:
  profile:
    description:
      - The notification profile, by name or id.
    type: str
    required: true
  channel:
    description:
      - The profile's channel the events go to (M(telnyx.wireless.notification_channel)).
    type: dict
    required: true
    suboptions:
      type:
        description: The channel type.
        type: str
        required: true
        choices: [email, sms, voice, webhook]
      destination:
        description: The channel's e-mail address, +E.164 phone number or URL.
        type: str
        required: true
  event_condition:
    description:
      - The event, by the name or id of its notification event condition (the list is in
        M(telnyx.wireless.notification_setting_info) RV(telnyx.wireless.notification_setting_info#module:event_conditions)).
        Names compare without case.
      - The default is the condition of SIM card data usage notifications, by the name the Telnyx portal gives it.
    type: str
    default: Data Usage Notifications
  parameters:
    description:
      - The setting's parameters (C(name), C(value)), for event conditions that take some. Left out, any parameters an
        existing setting has are kept, and a new setting gets none.
    type: list
    elements: dict
    suboptions:
      name:
        description: The parameter's name.
        type: str
        required: true
      value:
        description: Its value.
        type: str
        required: true
  state:
    description:
      - V(present) creates the setting if there is none (or replaces one whose parameters differ).
      - V(absent) deletes every setting of this profile, channel and event condition. A profile or channel that does not
        exist has none - nothing to do.
    type: str
    choices: [present, absent]
    default: present
  pending:
    description:
      - In check mode only, for a playbook that creates the profile or the channel in an earlier task of the same run -
        when they are not on the account, the setting is predicted as new instead of failing. Ignored outside check mode.
    type: bool
    default: false
extends_documentation_fragment:
  - telnyx.wireless.auth
  - telnyx.wireless.attributes
  - telnyx.wireless.failure
notes:
  - Requests sent - the profile (one GET by id, or one request per 250 profiles by name), one GET of the event
    conditions, one of the profile's channels of that type, one of the settings of that channel, then the DELETE(s) and
    POST needed. A run that changes nothing sends only those GETs.
  - Where each notification goes depends on Telnyx - a SIM card must have a data usage notification
    (M(telnyx.wireless.sim_card_notification)) for its data usage to be notified at all.
seealso:
  - module: telnyx.wireless.notification_setting_info
  - module: telnyx.wireless.notification_channel
  - module: telnyx.wireless.sim_card_notification
"""

EXAMPLES = r"""
- name: Tell the on-call webhook when a SIM card reaches a data usage threshold
  telnyx.wireless.notification_setting:
    profile: fleet-alerts
    channel:
      type: webhook
      destination: https://hooks.example.com/telnyx

- name: Stop e-mailing data usage alerts to the old mailbox
  telnyx.wireless.notification_setting:
    profile: fleet-alerts
    channel: {type: email, destination: old-noc@example.com}
    state: absent
"""

RETURN = r"""
notification_setting:
  description:
    - The setting after the task (in check mode, as it would be; one still to be created has C(id) null, and its
      C(notification_profile_id) and C(notification_channel_id) are null when those are still to be created). Null with
      O(state=absent).
  returned: success
  type: dict
  sample:
    id: 8eb5b5f9-5893-423c-9f15-b487713d44d4
    notification_profile_id: 12455643-3cf1-4683-ad23-1cd32f7d5e0a
    notification_channel_id: 70c7c5cb-dce2-4124-accb-870d39dbe852
    notification_event_condition_id: 3b0f2c1e-6d4a-4c8e-b7a1-5e2f9d8c7b02
    associated_record_type: account
    associated_record_type_value: null
    parameters: []
    status: enabled
    created_at: "2026-02-02T22:25:27.521Z"
    updated_at: "2026-02-02T22:25:27.521Z"
  contains:
    id:
      description: The setting's id.
      type: str
    notification_event_condition_id:
      description: The event condition's id.
      type: str
    notification_channel_id:
      description: The channel's id.
      type: str
    notification_profile_id:
      description: The profile's id.
      type: str
    parameters:
      description: The setting's parameters (C(name), C(value)).
      type: list
    status:
      description:
        - Telnyx's status of the setting - V(enabled), or V(enable-received) and the like while a setting of an
          asynchronous event condition takes effect.
      type: str
removed:
  description: The settings the task removed (in check mode, would remove) - those of O(state=absent), or the one replaced.
  returned: success
  type: list
  elements: dict
  sample: []
event_condition:
  description: The event condition the task named, as Telnyx lists it.
  returned: success
  type: dict
  sample:
    id: 3b0f2c1e-6d4a-4c8e-b7a1-5e2f9d8c7b02
    name: Data Usage Notifications
    associated_record_type: account
    supported_channels: [sms, voice, email, webhook]
diff:
  description: With C(--diff), the setting before and after (profile, channel as "type destination", event condition by name, parameters).
  returned: when diff mode is on
  type: dict
  sample:
    before: {}
    after: {id: null, notification_profile: fleet-alerts, channel: webhook https://hooks.example.com/telnyx,
            event_condition: Data Usage Notifications, parameters: []}
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
  sample: ["DELETE /notification_settings/8eb5b5f9-5893-423c-9f15-b487713d44d4"]
"""

from ansible_collections.telnyx.wireless.plugins.module_utils import _api as api
from ansible_collections.telnyx.wireless.plugins.module_utils._base import TelnyxModule
from ansible_collections.telnyx.wireless.plugins.module_utils._client import TelnyxError, collection_failure
from ansible_collections.telnyx.wireless.plugins.module_utils._delivery import (
    CHANNEL_OPTIONS,
    DATA_USAGE_CONDITION,
    channels_of,
    check_destination,
    check_supported,
    find_event_condition,
    find_profile,
    live_setting,
    parameters_key,
    profile_not_found,
    setting_view,
    settings_of,
)

PARAMETER_OPTIONS = {"name": {"type": "str", "required": True}, "value": {"type": "str", "required": True}}


class NotificationSettingModule(TelnyxModule):
    """telnyx.wireless.notification_setting"""

    @classmethod
    def define_module(cls):
        spec = {"profile": {"type": "str", "required": True},
                "channel": {"type": "dict", "required": True, "options": CHANNEL_OPTIONS},
                "event_condition": {"type": "str", "default": DATA_USAGE_CONDITION},
                "parameters": {"type": "list", "elements": "dict", "options": PARAMETER_OPTIONS},
                "state": {"type": "str", "default": "present", "choices": ["present", "absent"]},
                "pending": {"type": "bool", "default": False}}
        return cls.build_module(spec)

    def input_errors(self):
        errors = [] if self.params["profile"].strip() else ["profile must not be empty"]
        if not self.params["event_condition"].strip():
            errors.append("event_condition must not be empty")
        channel = self.params["channel"]
        return errors + check_destination(channel["type"], channel["destination"], "channel.destination")

    def run(self):
        ref, state = self.params["profile"], self.params["state"]
        channel_type, destination = self.params["channel"]["type"], self.params["channel"]["destination"].strip()
        channel_label = "%s %s" % (channel_type, destination)
        predicting = self.check_mode and self.params["pending"]
        condition = find_event_condition(self.client, self.params["event_condition"])
        if state == "present":
            check_supported(condition, channel_type)
        profile = find_profile(self.client, ref)
        if profile is None and not (state == "present" and predicting):
            if state == "present":
                raise profile_not_found(ref)
            self.result = {"notification_setting": None, "removed": [], "event_condition": condition}
            return
        channels = channels_of(self.client, profile["id"], channel_type, destination) if profile else []
        if not channels and not (state == "present" and predicting):
            if state == "present":
                raise TelnyxError("channel: notification profile %r has no %s channel; declare it first with "
                                  "telnyx.wireless.notification_channel." % (ref, channel_label),
                                  collection_failure("channel_not_found", channel_label, "Notification channel not found"))
            self.result = {"notification_setting": None, "removed": [], "event_condition": condition}
            return
        channel = channels[0] if channels else None
        found = []
        for each in channels:
            found += settings_of(self.client, profile["id"], each["id"], condition["id"])
        wanted = None if self.params["parameters"] is None else parameters_key(self.params["parameters"])
        if state == "absent":
            keep, removed = None, found
        else:
            keep = next((s for s in found if wanted is None or parameters_key(s.get("parameters")) == wanted), None)
            removed = [] if keep is not None else [s for s in found if s.get("notification_channel_id") == (channel or {}).get("id")]
        before = keep or (found[0] if found else None)
        self.changed = bool(removed) or (state == "present" and keep is None)
        after = keep
        if not self.check_mode:
            for setting in removed:
                api.delete_notification_setting(self.client, setting["id"])
        if state == "present" and keep is None:
            body = {"notification_profile_id": (profile or {}).get("id"), "notification_channel_id": (channel or {}).get("id"),
                    "notification_event_condition_id": condition["id"],
                    "parameters": [{"name": name, "value": value} for name, value in (wanted or [])]}
            if self.check_mode:
                after = dict(body, id=None, status=None, associated_record_type=condition.get("associated_record_type"))
            else:
                after = api.create_notification_setting(self.client, body, lambda item: (
                    live_setting(item) and item.get("notification_channel_id") == channel["id"]
                    and item.get("notification_event_condition_id") == condition["id"]
                    and parameters_key(item.get("parameters")) == parameters_key(body["parameters"])))
        shown = channel or {"channel_type_id": channel_type, "channel_destination": destination}
        self.set_diff(setting_view(before, ref, shown, condition), setting_view(after, ref, shown, condition),
                      "notification setting %s -> %s" % (condition.get("name"), channel_label))
        self.result = {"notification_setting": after, "removed": removed, "event_condition": condition}


def main():
    NotificationSettingModule.main()


if __name__ == "__main__":
    main()
