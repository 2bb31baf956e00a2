# -*- coding: utf-8 -*-
# Copyright: telnyx.wireless contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Telnyx's Notifications API in the emulator (delivery.py): the official SDK (telnyx 4.189, strict response validation)
reads every shape back, and a threshold crossed by consumption delivers one event per setting (README "Notification
delivery"). These paths are not in the wireless spec, so the SDK here is not the contract-checking one."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
import requests
import telnyx

from emulator.clients import API_KEY
from emulator.delivery import DATA_USAGE_CONDITION_ID


@pytest.fixture
def client(emu):
    sdk = telnyx.Telnyx(api_key=API_KEY, base_url=emu.url, _strict_response_validation=True, max_retries=0)
    yield sdk
    sdk.close()


@pytest.fixture
def receiver():
    bodies = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # pylint: disable=invalid-name
            bodies.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):  # pylint: disable=arguments-differ
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield "http://127.0.0.1:%d/hook" % server.server_port, bodies
    server.shutdown()
    server.server_close()


def call(emu, method, path, **kwargs):
    return requests.request(method, emu.url + path, headers={"Authorization": "Bearer " + API_KEY}, timeout=30, **kwargs)


def test_the_sdk_reads_every_shape(client):
    profile = client.notification_profiles.create(name="fleet-alerts").data
    channel = client.notification_channels.create(notification_profile_id=profile.id, channel_type_id="webhook",
                                                  channel_destination="http://127.0.0.1:9/hook").data
    assert (channel.notification_profile_id, channel.channel_type_id) == (profile.id, "webhook")
    listed = list(client.notification_channels.list(filter={"notification_profile_id": {"eq": profile.id}, "channel_type_id": {"eq": "webhook"}}))
    assert [c.id for c in listed] == [channel.id]
    assert list(client.notification_channels.list(filter={"channel_type_id": {"eq": "email"}})) == []
    conditions = list(client.notification_event_conditions.list())
    data_usage = next(c for c in conditions if c.name == "Data Usage Notifications")
    assert (data_usage.id, data_usage.asynchronous, data_usage.associated_record_type) == (DATA_USAGE_CONDITION_ID, False, "account")
    assert "Data Usage Notifications" in [e.name for e in client.notification_events.list()]
    setting = client.notification_settings.create(notification_profile_id=profile.id, notification_channel_id=channel.id,
                                                  notification_event_condition_id=data_usage.id).data
    assert (setting.status, setting.parameters) == ("enabled", [])
    assert [s.id for s in client.notification_settings.list(filter={"notification_channel": {"eq": channel.id}})] == [setting.id]
    assert client.notification_settings.retrieve(setting.id).data.notification_channel_id == channel.id
    assert client.notification_profiles.update(profile.id, name="renamed").data.name == "renamed"
    assert client.notification_settings.delete(setting.id).data.status == "deleted"
    client.notification_channels.delete(channel.id)
    client.notification_profiles.delete(profile.id)
    with pytest.raises(telnyx.NotFoundError):
        client.notification_profiles.retrieve(profile.id)


def test_refusals(emu, client):
    profile = client.notification_profiles.create(name="p").data
    for kind, destination in (("sms", "5550000"), ("email", "nobody"), ("webhook", "ftp://x")):
        answer = call(emu, "POST", "/notification_channels", json={"notification_profile_id": profile.id, "channel_type_id": kind,
                                                                   "channel_destination": destination})
        assert (answer.status_code, answer.json()["errors"][0]["code"]) == (422, "10015"), kind
    channel = client.notification_channels.create(notification_profile_id=profile.id, channel_type_id="sms", channel_destination="+13125550000").data
    client.notification_settings.create(notification_profile_id=profile.id, notification_channel_id=channel.id,
                                        notification_event_condition_id=DATA_USAGE_CONDITION_ID)
    assert call(emu, "DELETE", "/notification_channels/%s" % channel.id).status_code == 422


def test_crossing_a_threshold_delivers_once_per_setting(emu, client, receiver):
    url, bodies = receiver
    sim = emu.seed(sim_cards=1)["sim_cards"][0]
    for threshold in ({"amount": "1", "unit": "GB"}, {"amount": "100", "unit": "MB"}):
        assert call(emu, "POST", "/sim_card_data_usage_notifications", json={"sim_card_id": sim["id"], "threshold": threshold}).status_code == 201
    profile = client.notification_profiles.create(name="p").data
    for kind, destination in (("webhook", url), ("email", "noc@example.com"), ("webhook", "https://hooks.example.com/x")):
        channel = client.notification_channels.create(notification_profile_id=profile.id, channel_type_id=kind, channel_destination=destination).data
        client.notification_settings.create(notification_profile_id=profile.id, notification_channel_id=channel.id,
                                            notification_event_condition_id=DATA_USAGE_CONDITION_ID)
    emu.consume(sim["id"], 99)
    assert emu.notification_deliveries() == [] and bodies == []
    emu.consume(sim["id"], 1000)  # 1099 MB: both thresholds at once (1 GB = 1024 MB), each through the three channels
    found = emu.notification_deliveries()
    assert sorted((d["channel_type_id"], d["delivered"], d["error"] is None) for d in found) == sorted(
        [("webhook", True, True), ("email", True, True), ("webhook", False, False)] * 2)
    assert sorted(b["data"]["payload"]["threshold"]["unit"] for b in bodies) == ["GB", "MB"]  # only the loopback URL got them
    emu.consume(sim["id"], 500)
    assert len(emu.notification_deliveries()) == 6
    emu.reset_billing_period()
    emu.consume(sim["id"], 200)  # a new billing period: 100 MB is crossed again
    assert len(bodies) == 3 and bodies[-1]["data"]["payload"]["threshold"] == {"amount": "100.0", "unit": "MB"}
