# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# This module_utils is PRIVATE to the telnyx.wireless collection. It may change
# without notice; do not import it from outside the collection.
"""Who is told when a data usage notification fires: Telnyx's notification profiles, channels and settings.

- identities: a profile is its name (two sharing it fail, naming both); a channel is (profile, type, destination); a
  setting is (profile, channel, event condition); Telnyx gives channels and settings no name;
- input checks (a destination of the channel's type), look-ups by name or id, the event condition by name or id;
- what a diff shows of each object.
The operations and the re-reads protecting each create are in _api.py.
"""

from __future__ import annotations

import re

from ansible_collections.telnyx.wireless.plugins.module_utils import _api as api
from ansible_collections.telnyx.wireless.plugins.module_utils._client import TelnyxError, collection_failure
from ansible_collections.telnyx.wireless.plugins.module_utils._sim_card import is_uuid

#: Telnyx's channel types (NotificationChannel.channel_type_id).
CHANNEL_TYPES = ("email", "sms", "voice", "webhook")
#: The event condition of a SIM card's data usage notifications, by the name the Telnyx portal gives it.
DATA_USAGE_CONDITION = "Data Usage Notifications"

E164_RE = re.compile(r"^\+[1-9]\d{1,14}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
WEBHOOK_RE = re.compile(r"^https?://[^/\s]+", re.I)

#: The channel object as the channel options name it: option suboptions shared by notification_setting and the role.
CHANNEL_OPTIONS = {
    "type": {"type": "str", "required": True, "choices": list(CHANNEL_TYPES)},
    "destination": {"type": "str", "required": True},
}


def check_destination(channel_type, destination, option="destination"):
    """Messages for a destination the channel type cannot use (empty list when fine). Sends nothing."""
    destination = (destination or "").strip()
    if not destination:
        return ["%s must not be empty" % option]
    if channel_type in ("sms", "voice") and not E164_RE.match(destination):
        return ["%s must be a phone number in +E.164 form (such as +13125550000) for a %s channel, got %r" % (option, channel_type, destination)]
    if channel_type == "email" and not EMAIL_RE.match(destination):
        return ["%s must be an e-mail address for an email channel, got %r" % (option, destination)]
    if channel_type == "webhook" and not WEBHOOK_RE.match(destination):
        return ["%s must be an http:// or https:// URL for a webhook channel, got %r" % (option, destination)]
    return []


def same_destination(channel_type, one, other):
    """Whether two destinations are one: e-mail addresses compare without case, the others exactly (spaces trimmed)."""
    one, other = (one or "").strip(), (other or "").strip()
    return one.lower() == other.lower() if channel_type == "email" else one == other


def channel_text(channel):
    """A channel as a person reads it: "webhook https://hooks.example.com/telnyx"."""
    return "%s %s" % (channel.get("channel_type_id"), channel.get("channel_destination"))


# ------------------------------------------------------------------------------------------------ look-ups

def find_profile(client, ref, option="profile"):
    """The notification profile named by UUID (one GET) or by name (the profile list), or None. Two or more profiles with
    that name fail, naming their ids."""
    if is_uuid(ref):
        return api.get_notification_profile(client, ref)
    found = api.notification_profiles_named(client, ref)
    if len(found) > 1:
        ids = ", ".join(item.get("id") or "?" for item in found)
        raise TelnyxError("%s: %d notification profiles are named %r on this Telnyx account (ids %s); name the one you mean by id, or "
                          "rename the others." % (option, len(found), ref, ids),
                          collection_failure("ambiguous_profile", "notification profile %r: %s" % (ref, ids), "Ambiguous notification profile name"))
    return found[0] if found else None


def profile_not_found(ref, option="profile"):
    return TelnyxError("%s: no notification profile named or with id %r is on this Telnyx account; declare it first with "
                       "telnyx.wireless.notification_profile." % (option, ref),
                       collection_failure("profile_not_found", "notification profile %r" % ref, "Notification profile not found"))


def channels_of(client, profile_id, channel_type, destination):
    """The profile's channels of this type and destination (normally one)."""
    return [channel for channel in api.list_notification_channels(client, profile_id, channel_type)
            if same_destination(channel_type, channel.get("channel_destination"), destination)]


def live_setting(setting):
    """A setting that counts as existing: not being deleted (status delete-received ... deleted)."""
    return not str(setting.get("status") or "").startswith("delete")


def settings_of(client, profile_id, channel_id, condition_id=None):
    """The live settings of a profile delivering through a channel (of one event condition when given)."""
    return [setting for setting in api.list_notification_settings(client, profile_id, channel_id)
            if live_setting(setting) and setting.get("notification_channel_id") == channel_id
            and (condition_id is None or setting.get("notification_event_condition_id") == condition_id)]


def find_event_condition(client, ref, option="event_condition"):
    """The event condition named by id or by name (case-insensitive); fails listing the names there are."""
    conditions = api.list_notification_event_conditions(client)
    if is_uuid(ref):
        found = [c for c in conditions if str(c.get("id") or "").lower() == ref.lower()]
    else:
        found = [c for c in conditions if str(c.get("name") or "").strip().lower() == ref.strip().lower()]
    if len(found) == 1:
        return found[0]
    names = ", ".join(sorted(set(repr(c.get("name")) for c in conditions)))
    if found:
        raise TelnyxError("%s: %d notification event conditions are named %r (ids %s); name the one you mean by id." % (
            option, len(found), ref, ", ".join(c.get("id") for c in found)),
            collection_failure("ambiguous_event_condition", "notification event condition %r" % ref, "Ambiguous event condition name"))
    raise TelnyxError("%s: Telnyx has no notification event condition named or with id %r; the account has %s." % (option, ref, names or "none"),
                      collection_failure("event_condition_not_found", "notification event condition %r" % ref, "Event condition not found"))


def check_supported(condition, channel_type, option="channel.type"):
    """Fail when the event condition cannot be delivered through this channel type (its supported_channels)."""
    supported = condition.get("supported_channels")
    if supported and channel_type not in supported:
        raise TelnyxError("%s: the notification event condition %r is delivered through %s channels only, not %s." % (
            option, condition.get("name"), ", ".join(supported), channel_type),
            collection_failure("channel_type_not_supported", "%s: %s" % (condition.get("name"), channel_type), "Channel type not supported"))


def parameters_key(parameters):
    """Parameters ([{name, value}]) as a comparable value: order and duplicates do not matter."""
    return sorted(set((str(p.get("name")), str(p.get("value"))) for p in parameters or []))


# ------------------------------------------------------------------------------------------------ views (diffs)

def profile_view(profile):
    return {"id": profile.get("id"), "name": profile.get("name")} if profile else {}


def channel_view(channel, profile_name=None):
    if not channel:
        return {}
    return {"id": channel.get("id"), "notification_profile": profile_name or channel.get("notification_profile_id"),
            "type": channel.get("channel_type_id"), "destination": channel.get("channel_destination")}


def setting_view(setting, profile_name=None, channel=None, condition=None):
    if not setting:
        return {}
    return {"id": setting.get("id"), "notification_profile": profile_name or setting.get("notification_profile_id"),
            "channel": channel_text(channel) if channel else setting.get("notification_channel_id"),
            "event_condition": (condition or {}).get("name") or setting.get("notification_event_condition_id"),
            "parameters": [{"name": name, "value": value} for name, value in parameters_key(setting.get("parameters"))]}
