# -*- coding: utf-8 -*-
# Copyright: telnyx.wireless contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Telnyx's Notifications API as the emulator serves it (not in the wireless spec): notification profiles, channels,
settings, the read-only events and event conditions, and the delivery of a SIM card's data usage alert.

Shapes (README "Notification delivery"): telnyx-python 4.189 ``types/notification_*.py`` and Telnyx's API reference
(developers.telnyx.com/api-reference/notifications). Routes are registered in api.py (ROUTES += delivery.ROUTES);
the control endpoint that lists deliveries is registered in control.py.

Delivery: when consumption (the control API's consume) takes a SIM card across the threshold of one of its data
usage notifications, every enabled notification setting of the "Data Usage Notifications" event condition delivers
one event through its channel. A webhook channel gets an HTTP POST only when its URL is on 127.0.0.1 / localhost
(the emulator never sends traffic elsewhere); every delivery (e-mail, SMS, voice, webhook) is recorded.
"""

import json
import re
import urllib.request
from urllib.parse import urlsplit

from . import errors
from .errors import Collector
from .state import iso, new_id, to_mb

CHANNEL_TYPES = ("sms", "voice", "email", "webhook")
SETTING_STATUSES = ("enabled", "enable-received", "enable-pending", "enable-submtited", "delete-received", "delete-pending",
                    "delete-submitted", "deleted")
E164_RE = re.compile(r"^\+[1-9]\d{1,14}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
LOOPBACK_HOSTS = ("127.0.0.1", "localhost")
WEBHOOK_TIMEOUT = 5.0

# The read-only catalogue. The wireless event condition's name is the portal's ("Data Usage Notifications", GUIDES 5
# [S-DL]); its ids are fixed so that tests and docs can name them. The two others show that a name must be chosen.
DATA_USAGE_EVENT_ID = "9f6a6a6e-0b1c-4f0e-9a53-2d3c4b5a6e01"
DATA_USAGE_CONDITION_ID = "3b0f2c1e-6d4a-4c8e-b7a1-5e2f9d8c7b02"
CREATED = "2024-01-01T00:00:00.000Z"
EVENTS = [
    {"id": DATA_USAGE_EVENT_ID, "name": "Data Usage Notifications", "notification_category": "wireless", "enabled": True},
    {"id": "5c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d03", "name": "Port-in Status Change", "notification_category": "porting", "enabled": True},
]
CONDITIONS = [
    {"id": DATA_USAGE_CONDITION_ID, "name": "Data Usage Notifications", "notification_event_id": DATA_USAGE_EVENT_ID,
     "description": "A SIM card's data usage this billing period reached one of its data usage notification thresholds.",
     "associated_record_type": "account", "allow_multiple_channels": True, "asynchronous": False, "enabled": True,
     "parameters": [], "supported_channels": list(CHANNEL_TYPES)},
    {"id": "7e8f9a0b-1c2d-4e3f-a4b5-c6d7e8f90a04", "name": "Port-in Completed", "notification_event_id": "5c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d03",
     "description": "A port-in order completed.", "associated_record_type": "phone_number", "allow_multiple_channels": False,
     "asynchronous": True, "enabled": True, "parameters": [{"name": "phone_number", "data_type": "string", "optional": False}],
     "supported_channels": ["email", "webhook"]},
]


def _api():
    """api.py, imported at first use: api.py imports this module (to add ROUTES to its own), so not at the top."""
    from . import api  # pylint: disable=import-outside-toplevel,cyclic-import
    return api


def _tables(state):
    """The Notifications API's tables on the state (emptied by State.reset)."""
    return state.notification_profiles, state.notification_channels, state.notification_settings


def _stamp(record):
    return dict(record)


def _eq(req, name):
    """filter[<name>][eq] (the SDK's consolidated filter), also accepted as filter[<name>]."""
    return req.one("filter[%s][eq]" % name) or req.one("filter[%s]" % name)


def _get(table, kind, ident):
    item = table.get(_api().path_id(ident, kind))
    if item is None:
        raise errors.not_found(kind, ident)
    return item


# ---------------------------------------------------------------------------------------------- profiles

def list_profiles(state, req):
    profiles = _tables(state)[0]
    return 200, _api().paginate(req, list(profiles.values()), _stamp)


def _name(body, col, required):
    if "name" not in body and not required:
        return None
    value = body.get("name")
    if not isinstance(value, str) or not value.strip():
        col.add("name must be a non-empty string.", pointer="/name")
    return value


def create_profile(state, req):
    body = _api().body_object(req)
    col = Collector()
    name = _name(body, col, required=True)
    col.raise_if_any()
    # Telnyx documents no uniqueness for profile names; the emulator accepts duplicates as the API would.
    ts = iso(req.ts)
    profile = {"id": new_id(), "name": name, "created_at": ts, "updated_at": ts}
    _tables(state)[0][profile["id"]] = profile
    return 201, {"data": _stamp(profile)}


def get_profile(state, _req, ident):
    return 200, {"data": _stamp(_get(_tables(state)[0], "Notification profile", ident))}


def update_profile(state, req, ident):
    profile = _get(_tables(state)[0], "Notification profile", ident)
    body = _api().body_object(req)
    col = Collector()
    name = _name(body, col, required=False)
    col.raise_if_any()
    if name is not None:
        profile["name"] = name
    profile["updated_at"] = iso(req.ts)
    return 200, {"data": _stamp(profile)}


def delete_profile(state, _req, ident):
    profiles, channels, settings = _tables(state)
    profile = _get(profiles, "Notification profile", ident)
    # Not documented: the emulator removes the profile's channels and settings with it (the collection never relies on it:
    # it refuses to delete a profile that still has channels).
    for table in (channels, settings):
        for key in [k for k, v in table.items() if v["notification_profile_id"] == profile["id"]]:
            del table[key]
    del profiles[profile["id"]]
    return 200, {"data": _stamp(profile)}


# ---------------------------------------------------------------------------------------------- channels

def _channel_fields(state, body, col, current=None):
    fields = {}
    for key in ("notification_profile_id", "channel_type_id", "channel_destination"):
        if key not in body:
            if current is None:
                col.missing(key, pointer="/" + key)
            continue
        fields[key] = body[key]
    if "notification_profile_id" in fields:
        value = fields["notification_profile_id"]
        if not _api().is_uuid(value) or value.lower() not in _tables(state)[0]:
            col.add("Notification profile %s does not exist." % (value,), pointer="/notification_profile_id")
        else:
            fields["notification_profile_id"] = value.lower()
    if "channel_type_id" in fields and fields["channel_type_id"] not in CHANNEL_TYPES:
        col.add("channel_type_id must be one of: %s." % ", ".join(CHANNEL_TYPES), pointer="/channel_type_id")
    kind = fields.get("channel_type_id", (current or {}).get("channel_type_id"))
    destination = fields.get("channel_destination", (current or {}).get("channel_destination"))
    if "channel_destination" in fields or "channel_type_id" in fields:
        if not isinstance(destination, str) or not destination:
            col.add("channel_destination must be a non-empty string.", pointer="/channel_destination")
        elif kind in ("sms", "voice") and not E164_RE.match(destination):
            col.add("channel_destination must be a phone number in +E.164 form for a %s channel." % kind, pointer="/channel_destination")
        elif kind == "email" and not EMAIL_RE.match(destination):
            col.add("channel_destination must be an e-mail address for an email channel.", pointer="/channel_destination")
        elif kind == "webhook" and urlsplit(destination).scheme not in ("http", "https"):
            col.add("channel_destination must be an http or https URL for a webhook channel.", pointer="/channel_destination")
    return fields


def list_channels(state, req):
    channels = _tables(state)[1]
    profile_id = _eq(req, "notification_profile_id")
    channel_type = _eq(req, "channel_type_id")
    if channel_type is not None and channel_type not in CHANNEL_TYPES:
        raise errors.invalid("filter[channel_type_id][eq] must be one of: %s." % ", ".join(CHANNEL_TYPES), parameter="filter[channel_type_id][eq]")
    items = [c for c in channels.values() if (not profile_id or c["notification_profile_id"] == profile_id.lower())
             and (not channel_type or c["channel_type_id"] == channel_type)]
    return 200, _api().paginate(req, items, _stamp)


def create_channel(state, req):
    body = _api().body_object(req)
    col = Collector()
    fields = _channel_fields(state, body, col)
    col.raise_if_any()
    ts = iso(req.ts)
    channel = dict(fields, id=new_id(), created_at=ts, updated_at=ts)
    _tables(state)[1][channel["id"]] = channel
    return 201, {"data": _stamp(channel)}


def get_channel(state, _req, ident):
    return 200, {"data": _stamp(_get(_tables(state)[1], "Notification channel", ident))}


def update_channel(state, req, ident):
    channel = _get(_tables(state)[1], "Notification channel", ident)
    body = _api().body_object(req)
    col = Collector()
    fields = _channel_fields(state, body, col, current=channel)
    col.raise_if_any()
    channel.update(fields)
    channel["updated_at"] = iso(req.ts)
    return 200, {"data": _stamp(channel)}


def delete_channel(state, _req, ident):
    channels, settings = _tables(state)[1:]
    channel = _get(channels, "Notification channel", ident)
    # Not documented: a channel that settings still use is refused (10015), so that no setting points at nothing.
    users = [s["id"] for s in settings.values() if s.get("notification_channel_id") == channel["id"]]
    if users:
        raise errors.invalid("Notification channel %s is used by notification settings %s." % (channel["id"], ", ".join(users)))
    del channels[channel["id"]]
    return 200, {"data": _stamp(channel)}


# ---------------------------------------------------------------------------------------------- settings

def _setting_view(setting):
    return dict(setting, parameters=[dict(p) for p in setting["parameters"]])


def list_settings(state, req):
    settings = _tables(state)[2]
    wanted = dict((key, _eq(req, key)) for key in ("notification_profile_id", "notification_channel", "notification_event_condition_id",
                                                   "status", "associated_record_type"))
    field = {"notification_channel": "notification_channel_id"}
    items = [s for s in settings.values()
             if all(value is None or str(s.get(field.get(key, key))).lower() == value.lower() for key, value in wanted.items())]
    return 200, _api().paginate(req, items, _setting_view)


def create_setting(state, req):
    profiles, channels, settings = _tables(state)
    body = _api().body_object(req)
    col = Collector()
    profile_id = body.get("notification_profile_id")
    condition_id = body.get("notification_event_condition_id")
    channel_id = body.get("notification_channel_id")
    condition = next((c for c in CONDITIONS if isinstance(condition_id, str) and c["id"] == condition_id.lower()), None)
    if condition is None:
        col.add("Notification event condition %s does not exist." % (condition_id,), pointer="/notification_event_condition_id")
    if not isinstance(profile_id, str) or profile_id.lower() not in profiles:
        col.add("Notification profile %s does not exist." % (profile_id,), pointer="/notification_profile_id")
    channel = channels.get(channel_id.lower()) if isinstance(channel_id, str) else None
    if channel is None:
        col.add("Notification channel %s does not exist." % (channel_id,), pointer="/notification_channel_id")
    elif isinstance(profile_id, str) and channel["notification_profile_id"] != profile_id.lower():
        col.add("Notification channel %s belongs to another notification profile." % channel_id, pointer="/notification_channel_id")
    elif condition is not None and channel["channel_type_id"] not in condition["supported_channels"]:
        col.add("The event condition does not support %s channels." % channel["channel_type_id"], pointer="/notification_channel_id")
    parameters = body.get("parameters", [])
    if not isinstance(parameters, list) or not all(isinstance(p, dict) and isinstance(p.get("name"), str) and isinstance(p.get("value"), str)
                                                   for p in parameters):
        col.add("parameters must be a list of {name, value} strings.", pointer="/parameters")
    col.raise_if_any()
    ts = iso(req.ts)
    value = next((p["value"] for p in parameters if p["name"] == condition["associated_record_type"]), None)
    setting = {"id": new_id(), "notification_profile_id": profile_id.lower(), "notification_channel_id": channel["id"],
               "notification_event_condition_id": condition["id"], "associated_record_type": condition["associated_record_type"],
               "associated_record_type_value": value, "parameters": [{"name": p["name"], "value": p["value"]} for p in parameters],
               # an event condition that is not asynchronous takes effect at once (NotificationEventCondition.asynchronous)
               "status": "enable-received" if condition["asynchronous"] else "enabled", "created_at": ts, "updated_at": ts}
    settings[setting["id"]] = setting
    return 201, {"data": _setting_view(setting)}


def get_setting(state, _req, ident):
    return 200, {"data": _setting_view(_get(_tables(state)[2], "Notification setting", ident))}


def delete_setting(state, _req, ident):
    settings = _tables(state)[2]
    setting = _get(settings, "Notification setting", ident)
    del settings[setting["id"]]
    return 200, {"data": dict(_setting_view(setting), status="deleted")}


# ---------------------------------------------------------------------------------------------- events, conditions

def list_events(_state, req):
    return 200, _api().paginate(req, EVENTS, lambda e: dict(e, created_at=CREATED, updated_at=CREATED))


def list_conditions(_state, req):
    items = CONDITIONS
    record_type = _eq(req, "associated_record_type")
    if record_type is not None:
        items = [c for c in items if c["associated_record_type"] == record_type]
    return 200, _api().paginate(req, items, lambda c: dict(c, created_at=CREATED, updated_at=CREATED))


# ---------------------------------------------------------------------------------------------- delivery

def crossed(state, sim, consumed_before, ts):
    """The deliveries owed after `sim` went from consumed_before MB to its consumption now: one per data usage notification
    whose threshold was crossed (before < threshold <= now) and per enabled setting of the data usage event condition.
    Called with the state lock held; the deliveries are made by deliver(), outside it."""
    channels, settings = _tables(state)[1:]
    owed = []
    for note in sorted(state.notifications.values(), key=lambda n: n.created):
        if note.sim_id != sim.id or not consumed_before < to_mb(*note.threshold) <= sim.consumed:
            continue
        for setting in settings.values():
            channel = channels.get(setting["notification_channel_id"])
            if setting["notification_event_condition_id"] != DATA_USAGE_CONDITION_ID or setting["status"] != "enabled" or channel is None:
                continue
            event = {"record_type": "event", "id": new_id(), "event_type": "sim_card.data_usage_notification", "occurred_at": iso(ts),
                     "payload": {"sim_card_id": sim.id, "iccid": sim.iccid, "sim_card_group_id": sim.group_id,
                                 "sim_card_data_usage_notification_id": note.id,
                                 "threshold": {"amount": "%s" % _plain(note.threshold[0]), "unit": note.threshold[1]},
                                 "current_billing_period_consumed_data": {"amount": _plain(sim.consumed), "unit": "MB"},
                                 "notification_profile_id": setting["notification_profile_id"],
                                 "notification_setting_id": setting["id"], "notification_channel_id": channel["id"]}}
            owed.append({"channel_type_id": channel["channel_type_id"], "channel_destination": channel["channel_destination"],
                         "event": {"data": event, "meta": {"attempt": 1, "delivered_to": channel["channel_destination"]}}})
    return owed


def _plain(number):
    number = float(number)
    return "%d.0" % number if number == int(number) else repr(number)


def deliver(state, owed):
    """Make the deliveries crossed() listed (webhooks POSTed to loopback URLs only), then record each with its outcome."""
    for delivery in owed:
        delivery["delivered"], delivery["status"], delivery["error"] = False, None, None
        if delivery["channel_type_id"] != "webhook":
            delivery["delivered"] = True  # e-mail, SMS and voice are recorded, never sent
            continue
        if (urlsplit(delivery["channel_destination"]).hostname or "") not in LOOPBACK_HOSTS:
            delivery["error"] = "not sent: the emulator sends webhooks to 127.0.0.1 only"
            continue
        request = urllib.request.Request(delivery["channel_destination"], data=json.dumps(delivery["event"]).encode("utf-8"),
                                         headers={"Content-Type": "application/json", "User-Agent": "telnyx-webhooks"}, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT) as answer:  # nosec: loopback only, checked above
                delivery["status"] = answer.status
                delivery["delivered"] = 200 <= answer.status < 300
        except Exception as exc:  # pylint: disable=broad-exception-caught
            delivery["status"] = getattr(exc, "code", None)
            delivery["error"] = str(exc)
    with state.lock:
        state.notification_deliveries.extend(owed)


def get_deliveries(emu, _req):
    """GET /_emulator/notification_deliveries: every delivery since the last reset, oldest first."""
    with emu.state.lock:
        return 200, {"deliveries": [dict(d) for d in emu.state.notification_deliveries]}


# ---------------------------------------------------------------------------------------------- routes

ID = "(?P<ident>[^/]+)"

# (method, path under /v2, handler, operationId from Telnyx's notifications API reference)
ROUTES = [
    ("GET", "/notification_channels", list_channels, "ListNotificationChannels"),
    ("POST", "/notification_channels", create_channel, "CreateNotificationChannels"),
    ("GET", "/notification_channels/" + ID, get_channel, "GetNotificationChannel"),
    ("PATCH", "/notification_channels/" + ID, update_channel, "UpdateNotificationChannel"),
    ("DELETE", "/notification_channels/" + ID, delete_channel, "DeleteNotificationChannel"),
    ("GET", "/notification_event_conditions", list_conditions, "FindNotificationsEventsConditions"),
    ("GET", "/notification_events", list_events, "FindNotificationsEvents"),
    ("GET", "/notification_profiles", list_profiles, "FindNotificationsProfiles"),
    ("POST", "/notification_profiles", create_profile, "CreateNotificationProfile"),
    ("GET", "/notification_profiles/" + ID, get_profile, "GetNotificationProfile"),
    ("PATCH", "/notification_profiles/" + ID, update_profile, "UpdateNotificationProfile"),
    ("DELETE", "/notification_profiles/" + ID, delete_profile, "DeleteNotificationProfile"),
    ("GET", "/notification_settings", list_settings, "ListNotificationSettings"),
    ("POST", "/notification_settings", create_setting, "CreateNotificationSetting"),
    ("GET", "/notification_settings/" + ID, get_setting, "GetNotificationSetting"),
    ("DELETE", "/notification_settings/" + ID, delete_setting, "DeleteNotificationSetting"),
]
