# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Table-driven tests of notification delivery's pure rules (module_utils/_delivery.py): which destination each channel
type takes, when two destinations are one channel, which settings count, how parameters compare, what a diff shows, and
the event condition look-up and its failures (a fake client: nothing is sent)."""

from __future__ import annotations

import pytest

from ansible_collections.telnyx.wireless.plugins.module_utils import _api as api
from ansible_collections.telnyx.wireless.plugins.module_utils._client import TelnyxError
from ansible_collections.telnyx.wireless.plugins.module_utils._delivery import (
    check_destination,
    check_supported,
    find_event_condition,
    live_setting,
    parameters_key,
    same_destination,
    setting_view,
)

DATA_USAGE = {"id": "3b0f2c1e-6d4a-4c8e-b7a1-5e2f9d8c7b02", "name": "Data Usage Notifications", "supported_channels": ["sms", "voice", "email", "webhook"]}
PORT_IN = {"id": "7e8f9a0b-1c2d-4e3f-a4b5-c6d7e8f90a04", "name": "Port-in Completed", "supported_channels": ["email", "webhook"]}


@pytest.mark.parametrize("channel_type, destination, fine", [
    ("email", "noc@example.com", True),
    ("email", "noc.example.com", False),
    ("sms", "+13125550000", True),
    ("sms", "13125550000", False),
    ("voice", "+447700900123", True),
    ("voice", "+0123", False),
    ("webhook", "https://hooks.example.com/telnyx", True),
    ("webhook", "http://127.0.0.1:8080/x", True),
    ("webhook", "ftp://hooks.example.com", False),
    ("webhook", "   ", False),
])
def test_destination_per_channel_type(channel_type, destination, fine):
    assert (check_destination(channel_type, destination) == []) is fine


@pytest.mark.parametrize("channel_type, one, other, same", [
    ("email", "NOC@Example.com", "noc@example.com ", True),
    ("webhook", "https://h.example.com/A", "https://h.example.com/a", False),
    ("sms", "+13125550000", " +13125550000", True),
])
def test_when_two_destinations_are_one_channel(channel_type, one, other, same):
    assert same_destination(channel_type, one, other) is same


@pytest.mark.parametrize("status, live", [("enabled", True), ("enable-received", True), (None, True), ("delete-received", False),
                                          ("deleted", False)])
def test_settings_being_deleted_do_not_count(status, live):
    assert live_setting({"status": status}) is live


def test_parameters_compare_as_a_set():
    assert parameters_key([{"name": "b", "value": "2"}, {"name": "a", "value": "1"}, {"name": "a", "value": "1"}]) == [("a", "1"), ("b", "2")]
    assert parameters_key(None) == parameters_key([]) == []


def test_the_diff_names_the_channel_and_the_event():
    setting = {"id": "s1", "notification_profile_id": "p1", "notification_channel_id": "c1", "notification_event_condition_id": DATA_USAGE["id"],
               "parameters": [], "status": "enabled", "created_at": "x"}
    channel = {"channel_type_id": "webhook", "channel_destination": "https://h.example.com"}
    assert setting_view(setting, "fleet-alerts", channel, DATA_USAGE) == {
        "id": "s1", "notification_profile": "fleet-alerts", "channel": "webhook https://h.example.com", "event_condition": "Data Usage Notifications",
        "parameters": []}
    assert setting_view(None) == {}


@pytest.fixture
def conditions(monkeypatch):
    listed = [DATA_USAGE, PORT_IN]
    monkeypatch.setattr(api, "list_notification_event_conditions", lambda client: listed)
    return listed


@pytest.mark.parametrize("ref, found", [("Data Usage Notifications", DATA_USAGE), ("data usage notifications ", DATA_USAGE),
                                        (PORT_IN["id"].upper(), PORT_IN)])
def test_event_condition_by_name_or_id(conditions, ref, found):  # pylint: disable=redefined-outer-name,unused-argument
    assert find_event_condition(None, ref) == found


def test_event_condition_failures(conditions):  # pylint: disable=redefined-outer-name
    with pytest.raises(TelnyxError) as missing:
        find_event_condition(None, "Nothing like it")
    assert missing.value.failure["reason"] == "event_condition_not_found" and "'Port-in Completed'" in str(missing.value)
    conditions.append(dict(PORT_IN, id="00000000-0000-4000-8000-000000000000"))
    with pytest.raises(TelnyxError) as twice:
        find_event_condition(None, "Port-in Completed")
    assert twice.value.failure["reason"] == "ambiguous_event_condition"
    with pytest.raises(TelnyxError) as unsupported:
        check_supported(PORT_IN, "sms")
    assert unsupported.value.failure == {"source": "collection", "reason": "channel_type_not_supported", "status": None, "code": None,
                                         "title": "Channel type not supported", "detail": "Port-in Completed: sms"}
    check_supported(DATA_USAGE, "sms")
