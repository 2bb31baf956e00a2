# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Notification delivery as declared state: notification_profile, notification_channel, notification_setting (and their
_info modules) and the sim_fleet role's sim_fleet_notification_delivery, against the emulator. A SIM card crossing a data
usage notification threshold (the emulator's consume) delivers Telnyx's event to a webhook receiver on 127.0.0.1."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from policy_helpers import all_of, api_requests, steps, writes_of

PROFILE = "fleet-alerts"
MAILBOX = "noc@example.com"


class Receiver:
    """A webhook receiver on 127.0.0.1: every POST body it got, in order."""

    def __init__(self):
        received = self.received = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # pylint: disable=invalid-name
                length = int(self.headers.get("Content-Length") or 0)
                received.append({"path": self.path, "body": json.loads(self.rfile.read(length) or b"null"),
                                 "content_type": self.headers.get("Content-Type")})
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):  # pylint: disable=arguments-differ
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d/telnyx/alerts" % self.server.server_port
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    found = Receiver()
    yield found
    found.close()


def sim_with_threshold(emu, megabytes=100):
    """A SIM card with one data usage notification at `megabytes` MB."""
    sim = emu.seed(sim_cards=1)["sim_cards"][0]
    answer = emu.api("POST", "/sim_card_data_usage_notifications", json={"sim_card_id": sim["id"], "threshold": {"amount": str(megabytes), "unit": "MB"}})
    assert answer.status_code == 201, answer.text
    return sim


def declare(url, state="present", extra=None):
    """The three tasks that tell `url` about data usage: the profile, the webhook channel, the setting."""
    channel = {"type": "webhook", "destination": url}
    tasks = [
        {"name": "profile", "telnyx.wireless.notification_profile": {"name": PROFILE}, "register": "profile"},
        {"name": "channel", "telnyx.wireless.notification_channel": dict(channel, profile=PROFILE, pending=True, state=state),
         "register": "channel"},
        {"name": "setting", "telnyx.wireless.notification_setting": {"profile": PROFILE, "channel": channel, "pending": True, "state": state},
         "register": "setting"},
    ]
    if state == "absent":
        tasks = [tasks[2], tasks[1]]
    return tasks + (extra or [])


def deliveries(emu):
    return emu.notification_deliveries()


def test_declared_delivery_tells_the_webhook_once(emu, run_tasks, receiver):
    sim = sim_with_threshold(emu, 100)
    emu.clear_requests()
    check = run_tasks(declare(receiver.url), check=True, diff=True, expect_rc=0)
    assert writes_of(api_requests(emu)) == []
    assert [check.task(name)["changed"] for name in ("profile", "channel", "setting")] == [True, True, True]
    assert check.task("setting")["diff"]["after"] == {"id": None, "notification_profile": PROFILE, "channel": "webhook " + receiver.url,
                                                      "event_condition": "Data Usage Notifications", "parameters": []}

    emu.clear_requests()
    real = run_tasks(declare(receiver.url), diff=True, expect_rc=0)
    assert steps(api_requests(emu)) == ["POST notification_profiles", "POST notification_channels", "POST notification_settings"]
    assert [real.task(name)["changed"] for name in ("profile", "channel", "setting")] == [True, True, True]
    profile, channel = real.task("profile")["notification_profile"], real.task("channel")["notification_channel"]
    setting = real.task("setting")["notification_setting"]
    assert (channel["notification_profile_id"], channel["channel_type_id"], channel["channel_destination"]) == (profile["id"], "webhook", receiver.url)
    assert (setting["notification_channel_id"], setting["notification_profile_id"], setting["status"]) == (channel["id"], profile["id"], "enabled")
    assert real.task("setting")["event_condition"]["name"] == "Data Usage Notifications"
    assert dict(check.task("setting")["diff"], after=dict(check.task("setting")["diff"]["after"], id=setting["id"])) == real.task("setting")["diff"]

    emu.clear_requests()
    again = run_tasks(declare(receiver.url), diff=True, expect_rc=0)
    assert [again.task(name)["changed"] for name in ("profile", "channel", "setting")] == [False, False, False]
    assert writes_of(api_requests(emu)) == []

    emu.consume(sim["id"], 60)
    assert receiver.received == []
    emu.consume(sim["id"], 60)  # 120 MB: the 100 MB threshold is crossed once
    emu.consume(sim["id"], 30)  # still above it: no second event
    assert len(receiver.received) == 1, receiver.received
    event = receiver.received[0]
    assert (event["path"], event["content_type"]) == ("/telnyx/alerts", "application/json")
    data = event["body"]["data"]
    assert (data["record_type"], data["event_type"]) == ("event", "sim_card.data_usage_notification")
    assert data["payload"]["sim_card_id"] == sim["id"] and data["payload"]["iccid"] == sim["iccid"]
    assert data["payload"]["threshold"] == {"amount": "100.0", "unit": "MB"}
    assert data["payload"]["current_billing_period_consumed_data"] == {"amount": "120.0", "unit": "MB"}
    assert (data["payload"]["notification_setting_id"], data["payload"]["notification_channel_id"]) == (setting["id"], channel["id"])
    assert event["body"]["meta"] == {"attempt": 1, "delivered_to": receiver.url}
    assert [(d["channel_type_id"], d["delivered"], d["status"]) for d in deliveries(emu)] == [("webhook", True, 200)]


def test_lost_answers_never_make_a_second_object(emu, run_tasks, receiver):
    # every create acts, then its connection drops before a byte of answer: the re-read adopts what it made
    emu.faults(rate=1, kinds=["reset_after"], methods=["POST"], path_regex="/notification_(profiles|channels|settings)$", seed=3)
    emu.clear_requests()
    run = run_tasks(declare(receiver.url), expect_rc=0)
    emu.clear_faults()
    assert [run.task(name)["changed"] for name in ("profile", "channel", "setting")] == [True, True, True]
    assert steps(api_requests(emu)) == ["POST notification_profiles", "POST notification_channels", "POST notification_settings"]
    assert [len(all_of(emu, path)) for path in ("/notification_profiles", "/notification_channels", "/notification_settings")] == [1, 1, 1]
    assert run.task("setting")["notification_setting"]["id"] == all_of(emu, "/notification_settings")[0]["id"]


def test_removal_is_declared_and_guarded(emu, run_tasks, receiver):
    sim = sim_with_threshold(emu, 10)
    run_tasks(declare(receiver.url), expect_rc=0)
    channel_id = all_of(emu, "/notification_channels")[0]["id"]
    for dummy in range(2):
        assert emu.api("POST", "/notification_profiles", json={"name": "twice"}).status_code == 201
    guarded = [
        {"name": "channel in use", "ignore_errors": True,
         "telnyx.wireless.notification_channel": {"profile": PROFILE, "type": "webhook", "destination": receiver.url, "state": "absent"}},
        {"name": "profile in use", "telnyx.wireless.notification_profile": {"name": PROFILE, "state": "absent"}, "ignore_errors": True},
        {"name": "unknown event", "telnyx.wireless.notification_setting": {
            "profile": PROFILE, "channel": {"type": "webhook", "destination": receiver.url}, "event_condition": "Nothing like it"},
         "ignore_errors": True},
        {"name": "no such channel", "telnyx.wireless.notification_setting": {
            "profile": PROFILE, "channel": {"type": "email", "destination": MAILBOX}}, "ignore_errors": True},
        {"name": "no such profile", "telnyx.wireless.notification_channel": {"profile": "nobody", "type": "email", "destination": MAILBOX},
         "ignore_errors": True},
        {"name": "two profiles", "telnyx.wireless.notification_channel": {"profile": "twice", "type": "email", "destination": MAILBOX},
         "ignore_errors": True},
        {"name": "bad destination", "telnyx.wireless.notification_channel": {"profile": PROFILE, "type": "sms", "destination": "5550000"},
         "ignore_errors": True},
    ]
    emu.clear_requests()
    run = run_tasks(guarded, expect_rc=0)
    assert writes_of(api_requests(emu)) == []
    reasons = dict((task["name"], run.task(task["name"])["failure"]["reason"]) for task in guarded)
    assert reasons == {"channel in use": "in_use", "profile in use": "in_use", "unknown event": "event_condition_not_found",
                       "no such channel": "channel_not_found", "no such profile": "profile_not_found", "two profiles": "ambiguous_profile",
                       "bad destination": "invalid_input"}
    assert all(run.task(task["name"])["failure"]["source"] == "collection" for task in guarded)
    assert channel_id in run.task("channel in use")["msg"] and "+E.164" in run.task("bad destination")["msg"]

    emu.clear_requests()
    check = run_tasks(declare(receiver.url, state="absent"), check=True, expect_rc=0)
    assert writes_of(api_requests(emu)) == [] and check.task("channel")["changed"] and check.task("setting")["changed"]
    gone = run_tasks(declare(receiver.url, state="absent"), expect_rc=0)
    assert [gone.task("setting")["changed"], gone.task("channel")["changed"]] == [True, True]
    assert [len(all_of(emu, path)) for path in ("/notification_profiles", "/notification_channels", "/notification_settings")] == [3, 0, 0]
    emu.consume(sim["id"], 20)
    assert receiver.received == [] and deliveries(emu) == []


def test_info_modules(emu, run_tasks, receiver):
    run_tasks(declare(receiver.url), expect_rc=0)
    tasks = [
        {"name": "profiles", "telnyx.wireless.notification_profile_info": {"name": PROFILE}},
        {"name": "no profile", "telnyx.wireless.notification_profile_info": {"name": "nobody"}},
        {"name": "channels", "telnyx.wireless.notification_channel_info": {"profile": PROFILE, "type": "webhook"}},
        {"name": "no channels", "telnyx.wireless.notification_channel_info": {"type": "email"}},
        {"name": "settings", "telnyx.wireless.notification_setting_info": {"profile": PROFILE}},
    ]
    emu.clear_requests()
    run = run_tasks(tasks, check=True, expect_rc=0)
    assert writes_of(api_requests(emu)) == []
    profile = run.task("profiles")["notification_profiles"]
    assert [p["name"] for p in profile] == [PROFILE] and run.task("no profile")["notification_profiles"] == []
    channels = run.task("channels")["notification_channels"]
    assert [(c["channel_type_id"], c["channel_destination"], c["notification_profile_id"]) for c in channels] == [("webhook", receiver.url, profile[0]["id"])]
    assert run.task("no channels")["notification_channels"] == []
    settings = run.task("settings")
    assert [s["notification_channel_id"] for s in settings["notification_settings"]] == [channels[0]["id"]]
    assert "Data Usage Notifications" in [c["name"] for c in settings["event_conditions"]]
    assert not any(run.task(task["name"])["changed"] for task in tasks)


@pytest.mark.ansible_core
def test_the_role_names_who_is_told(emu, run_playbook, receiver):
    sim = sim_with_threshold(emu, 100)

    def plays(channels):
        description = {"sim_fleet_notification_delivery": {"profile": PROFILE, "channels": channels}}
        return [{"name": "fleet", "hosts": "localhost", "gather_facts": False, "vars": description,
                 "roles": [{"role": "telnyx.wireless.sim_fleet"}]}]

    both = [{"type": "webhook", "destination": receiver.url}, {"type": "email", "destination": MAILBOX}]
    emu.clear_requests()
    check = run_playbook(plays=plays(both), check=True, expect_rc=0)
    assert writes_of(api_requests(emu)) == []
    assert check.task("Notification settings of the data usage event")["changed"]
    emu.clear_requests()
    run_playbook(plays=plays(both), expect_rc=0)
    assert sorted(steps(api_requests(emu))) == ["POST notification_channels"] * 2 + ["POST notification_profiles"] + ["POST notification_settings"] * 2
    emu.clear_requests()
    again = run_playbook(plays=plays(both), expect_rc=0)
    assert writes_of(api_requests(emu)) == []
    names = ("Notification profile", "Notification channels", "Notification settings of the data usage event")
    assert not any(again.task(name)["changed"] for name in names)

    emu.consume(sim["id"], 150)
    assert len(receiver.received) == 1
    assert sorted((d["channel_type_id"], d["channel_destination"]) for d in deliveries(emu)) == [("email", MAILBOX), ("webhook", receiver.url)]

    # the webhook declared absent: its setting, then the channel, are removed; the e-mail channel stays
    emu.clear_requests()
    removed = run_playbook(plays=plays([dict(both[0], state="absent")]), expect_rc=0)  # the e-mail channel, not listed, stays
    assert steps(api_requests(emu)) == ["DELETE notification_settings", "DELETE notification_channels"]
    assert removed.task("Notification channels")["changed"]
    assert [c["channel_type_id"] for c in all_of(emu, "/notification_channels")] == ["email"]
    emu.reset_billing_period()
    emu.consume(sim["id"], 150)
    assert len(receiver.received) == 1
    assert [(d["channel_type_id"], d["channel_destination"]) for d in deliveries(emu)][2:] == [("email", MAILBOX)]


def test_other_parameters_replace_the_setting(emu, run_tasks, receiver):
    run_tasks(declare(receiver.url), expect_rc=0)
    old = all_of(emu, "/notification_settings")[0]
    channel = {"type": "webhook", "destination": receiver.url}
    tasks = [
        {"name": "parameters", "telnyx.wireless.notification_setting": {"profile": PROFILE, "channel": channel,
                                                                        "parameters": [{"name": "label", "value": "meters"}]}},
        {"name": "left out", "telnyx.wireless.notification_setting": {"profile": PROFILE, "channel": channel}},
    ]
    emu.clear_requests()
    run = run_tasks(tasks, diff=True, expect_rc=0)
    assert steps(api_requests(emu)) == ["DELETE notification_settings", "POST notification_settings"]
    assert run.task("parameters")["changed"] and [s["id"] for s in run.task("parameters")["removed"]] == [old["id"]]
    assert run.task("parameters")["diff"]["after"]["parameters"] == [{"name": "label", "value": "meters"}]
    assert run.task("parameters")["diff"]["before"]["parameters"] == []
    assert not run.task("left out")["changed"]  # parameters left out: the setting's own are kept
    assert [s["parameters"] for s in all_of(emu, "/notification_settings")] == [[{"name": "label", "value": "meters"}]]


def calls(emu):
    """The API requests since the log was cleared, as "METHOD /collection[/id]" (ids replaced by `{id}`)."""
    found = []
    for request in api_requests(emu):
        parts = request["path"].split("/")[2:]
        found.append(" ".join((request["method"], "/".join([parts[0]] + ["{id}" for dummy in parts[1:]]))))
    return found


def test_the_requests_each_module_sends_are_those_its_notes_state(emu, run_tasks, receiver):
    """The NOTES' request budgets (tests/integration/test_docs_figures.py holds every figure to a test): a profile by
    name costs one list page (fewer than 250 profiles), by id one GET; then one read of each thing the module compares;
    then the write. A second run of the same tasks sends only the reads."""
    profile, channel, setting = (["GET notification_profiles", "POST notification_profiles"],
                                 ["GET notification_profiles", "GET notification_channels", "POST notification_channels"],
                                 ["GET notification_event_conditions", "GET notification_profiles", "GET notification_channels",
                                  "GET notification_settings", "POST notification_settings"])
    emu.clear_requests()
    run_tasks(declare(receiver.url) + declare(receiver.url), expect_rc=0)
    reads_only = [call for call in profile + channel + setting if call.startswith("GET")]
    assert calls(emu) == profile + channel + setting + reads_only

    profile_id = all_of(emu, "/notification_profiles")[0]["id"]
    infos = [{"telnyx.wireless.notification_profile_info": {}}, {"telnyx.wireless.notification_profile_info": {"id": profile_id}},
             {"telnyx.wireless.notification_channel_info": {"profile": PROFILE}},
             {"telnyx.wireless.notification_channel_info": {"profile": profile_id, "type": "webhook"}},
             {"telnyx.wireless.notification_setting_info": {"profile": PROFILE}},
             {"telnyx.wireless.notification_setting_info": {}}]
    emu.clear_requests()
    run_tasks([dict(task, name="info %d" % number) for number, task in enumerate(infos)], expect_rc=0)
    assert calls(emu) == ["GET notification_profiles", "GET notification_profiles/{id}",
                          "GET notification_profiles", "GET notification_channels",
                          "GET notification_profiles/{id}", "GET notification_channels",
                          "GET notification_profiles", "GET notification_settings", "GET notification_event_conditions",
                          "GET notification_settings", "GET notification_event_conditions"]

    emu.clear_requests()
    run_tasks(declare(receiver.url, state="absent") + [
        {"name": "profile gone", "telnyx.wireless.notification_profile": {"name": PROFILE, "state": "absent"}}], expect_rc=0)
    assert calls(emu) == ["GET notification_event_conditions", "GET notification_profiles", "GET notification_channels",
                          "GET notification_settings", "DELETE notification_settings/{id}",
                          "GET notification_profiles", "GET notification_channels", "GET notification_settings",
                          "DELETE notification_channels/{id}",
                          "GET notification_profiles", "GET notification_channels", "GET notification_settings",
                          "DELETE notification_profiles/{id}"]
