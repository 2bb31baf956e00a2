# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Table-driven tests of the pure plans (notifications, public IPs, the SIM card state machine) and of the
action lifecycle's waiter and failure message. Nothing here sends a request."""

from __future__ import annotations

import pytest

from ansible_collections.telnyx.wireless.plugins.module_utils._actions import DONE, SimCardActions, Waiter, action_failed, busy
from ansible_collections.telnyx.wireless.plugins.module_utils._client import TelnyxError
from ansible_collections.telnyx.wireless.plugins.module_utils._notification import plan_notifications
from ansible_collections.telnyx.wireless.plugins.module_utils._public_ip import plan_public_ip, predict_public_ip
from ansible_collections.telnyx.wireless.plugins.module_utils._sim_card import TRANSITIONS, converging_to, is_transitional

LABEL = "SIM card 89883030000000000015"
SIM_ID = "6b14e151-8493-4fa1-8664-1cc4e6d14158"


def notification(ident, amount, unit="MB"):
    return {"id": ident, "sim_card_id": SIM_ID, "threshold": {"amount": amount, "unit": unit}}


def mb(amount):
    return {"amount": amount, "unit": "MB"}


def gb(amount):
    return {"amount": amount, "unit": "GB"}


N500 = notification("n-500", "500.0")
N1G = notification("n-1g", "1.0", "GB")
N2G = notification("n-2g", "2.0", "GB")
TWIN_A = notification("a-twin", "1024.0")
TWIN_B = notification("b-twin", "1024")


def ids(notifications):
    return [n["id"] for n in notifications]


# ------------------------------------------------------------------------------------------------ notifications

@pytest.mark.parametrize("name, current, wanted, exclusive, kept, creates, removed", [
    ("all there", [N500, N1G], [mb(500), gb(1)], False, ["n-500", "n-1g"], [], []),
    ("one missing", [N500], [mb("500"), gb(1)], False, ["n-500"], [gb(1)], []),
    ("amounts compare as numbers", [N500], [mb(500.0)], False, ["n-500"], [], []),
    ("units must match", [N1G], [mb(1024)], False, [], [mb(1024)], []),
    ("others kept without exclusive", [N500, N1G, N2G], [gb(1)], False, ["n-1g"], [], []),
    ("exclusive removes the others", [N500, N1G, N2G], [gb(1), gb(4)], True, ["n-1g"], [gb(4)], ["n-500", "n-2g"]),
    ("exclusive with nothing wanted there", [N500], [gb(4)], True, [], [gb(4)], ["n-500"]),
    ("duplicate threshold: the first is kept", [TWIN_B, TWIN_A], [mb(1024)], False, ["a-twin"], [], []),
    ("duplicate threshold: exclusive removes the twin", [TWIN_B, TWIN_A], [mb(1024)], True, ["a-twin"], [], ["b-twin"]),
])
def test_plan_present_by_thresholds(name, current, wanted, exclusive, kept, creates, removed):
    plan = plan_notifications(LABEL, current, wanted, "present", exclusive)
    assert ids(plan["kept"]) == kept, name
    assert plan["creates"] == creates, name
    assert ids(plan["removed"]) == removed, name
    assert plan["update"] is None, name


@pytest.mark.parametrize("name, current, threshold, exclusive, update, removed", [
    ("changed in place by id", [N500, N1G], gb(3), False, "n-500", []),
    ("already at the threshold", [N500, N1G], mb(500), False, None, []),
    ("exclusive removes the others, updates the named one", [N500, N1G, N2G], gb(3), True, "n-500", ["n-1g", "n-2g"]),
    ("exclusive makes room for a clash", [N500, N1G], gb(1), True, "n-500", ["n-1g"]),
])
def test_plan_update_in_place_by_id(name, current, threshold, exclusive, update, removed):
    plan = plan_notifications(LABEL, current, [threshold], "present", exclusive, notification_id="n-500")
    assert (plan["update"] or {}).get("id") == update, name
    assert ids(plan["kept"]) == ["n-500"], name
    assert plan["creates"] == [], name
    assert ids(plan["removed"]) == removed, name


def test_plan_refuses_an_update_that_makes_two_of_one_threshold():
    with pytest.raises(TelnyxError) as caught:
        plan_notifications(LABEL, [N500, N1G], [gb(1)], "present", False, notification_id="n-500")
    assert str(caught.value) == ("%s already has a notification at 1 GB (id n-1g): changing notification n-500 to that threshold would "
                                 "make two. Remove one of them, or set exclusive=true." % LABEL)


def test_plan_refuses_an_unknown_notification_id_for_present_only():
    with pytest.raises(TelnyxError, match="has no data usage notification with id n-404"):
        plan_notifications(LABEL, [N500], [gb(1)], "present", False, notification_id="n-404")
    plan = plan_notifications(LABEL, [N500], [], "absent", False, notification_id="n-404")
    assert plan["removed"] == [] and plan["creates"] == [] and plan["update"] is None


@pytest.mark.parametrize("name, current, wanted, notification_id, removed", [
    ("by threshold", [N500, N1G], [mb("500")], None, ["n-500"]),
    ("every twin of a threshold", [TWIN_A, TWIN_B, N1G], [mb(1024)], None, ["a-twin", "b-twin"]),
    ("a threshold not there", [N500], [gb(9)], None, []),
    ("by id", [N500, N1G], [], "n-1g", ["n-1g"]),
])
def test_plan_absent(name, current, wanted, notification_id, removed):
    plan = plan_notifications(LABEL, current, wanted, "absent", False, notification_id=notification_id)
    assert ids(plan["removed"]) == removed, name
    assert plan["creates"] == [] and plan["update"] is None and plan["kept"] == [], name


# ------------------------------------------------------------------------------------------------ public IPs

DC2 = {"sim_card_id": SIM_ID, "ip": "198.51.100.7", "region_code": "dc2", "type": "ipv4"}
DC2_BEING_SET = dict(DC2, ip=None)


@pytest.mark.parametrize("name, state, current, region, steps, await_address", [
    ("none, present", "present", None, None, ["set"], False),
    ("none, present in a region", "present", None, "dc2", ["set"], False),
    ("there, any region", "present", DC2, None, [], False),
    ("there, same region", "present", DC2, "dc2", [], False),
    ("a region change: released, then set anew", "present", DC2, "ch1", ["remove", "set"], False),
    ("an address already being set", "present", DC2_BEING_SET, "dc2", [], True),
    ("being set, in another region", "present", DC2_BEING_SET, "ch1", ["remove", "set"], False),
    ("absent, there", "absent", DC2, None, ["remove"], False),
    ("absent, being set", "absent", DC2_BEING_SET, None, ["remove"], False),
    ("absent, none", "absent", None, None, [], False),
])
def test_plan_public_ip(name, state, current, region, steps, await_address):
    assert plan_public_ip(state, current, region, allow_address_change=True) == {"steps": steps, "await_address": await_address}, name
    if steps != ["remove", "set"]:
        # only a region change needs allow_address_change; nothing else the plan decides depends on it
        assert plan_public_ip(state, current, region) == {"steps": steps, "await_address": await_address}, name


@pytest.mark.parametrize("current, named", [(DC2, "public IP 198.51.100.7"), (DC2_BEING_SET, "public IP (its address not assigned yet)")])
def test_a_region_change_without_allow_address_change_fails_naming_the_address(current, named):
    with pytest.raises(TelnyxError) as caught:
        plan_public_ip("present", current, "ch1", label=LABEL)
    assert str(caught.value) == (
        "%s has its %s in region dc2; moving it to region ch1 releases that address, which every allowlist holding it then stops "
        "matching, and sets a new one. Set allow_address_change: true to allow it (nothing was changed)." % (LABEL, named))
    assert caught.value.failure["source"] == "collection" and caught.value.failure["reason"] == "address_change"
    assert caught.value.failure["status"] is None and caught.value.failure["code"] is None


def test_predict_public_ip():
    assert predict_public_ip(SIM_ID, DC2, ["remove", "set"], "ch1")["region_code"] == "ch1"
    assert predict_public_ip(SIM_ID, DC2, ["remove", "set"], "ch1")["ip"] is None  # the address is Telnyx's to pick
    assert predict_public_ip(SIM_ID, DC2, ["remove"]) is None
    assert predict_public_ip(SIM_ID, DC2, []) == DC2


def test_an_action_that_failed_fails_the_task_with_telnyx_reason():
    failed = {"id": "a-1", "action_type": "set_public_ip", "status": {"value": "failed", "reason": "no address left in dc2"}}
    # an action already ended needs no poll: the client is never used
    with pytest.raises(TelnyxError) as caught:
        SimCardActions(client=None, waiter=Waiter(1, 1)).finish(failed, LABEL)
    assert str(caught.value) == "Telnyx did not complete the set_public_ip action on %s. Action a-1 ended failed: no address left in dc2." % LABEL
    assert caught.value.failure["detail"] == "no address left in dc2"
    SimCardActions(client=None, waiter=Waiter(1, 1)).finish(dict(failed, status={"value": "completed"}), LABEL)


def test_a_status_action_that_ended_elsewhere_names_where():
    error = action_failed("enable", LABEL, "it is now status disabled, not enabled", {"id": "a-2", "status": {"value": "failed", "reason": None}})
    assert str(error) == "Telnyx did not complete the enable action on %s: it is now status disabled, not enabled. Action a-2 ended failed." % LABEL


# ------------------------------------------------------------------------------------------------ the state machine

def test_one_transitions_table():
    assert [(name, row["during"], row["to"]) for name, row in TRANSITIONS.items()] == [
        ("enable", "enabling", "enabled"), ("disable", "disabling", "disabled"), ("set_standby", "setting_standby", "standby")]
    assert [status for status in ("registering", "enabling", "disabling", "setting_standby", "enabled") if is_transitional(status)] == [
        "registering", "enabling", "disabling", "setting_standby"]


@pytest.mark.parametrize("status, target, expected", [
    ("enabling", "enabled", True),
    ("setting_standby", "standby", True),
    ("disabling", "disabled", True),
    ("disabling", "enabled", False),
    ("registering", "enabled", False),  # where registering ends is not shown
    ("registering", None, False),  # state=absent has no target status: no None equals another None here
    ("disabling", None, False),
    ("enabled", "enabled", False),  # settled, not converging
])
def test_converging_to(status, target, expected):
    assert converging_to({"status": {"value": status}}, target) is expected


@pytest.mark.parametrize("sim, expected", [
    (None, False),
    ({"status": {"value": "enabled"}, "actions_in_progress": False}, False),
    ({"status": {"value": "enabling"}, "actions_in_progress": True}, True),
    ({"status": {"value": "enabled"}, "actions_in_progress": True}, True),  # e.g. a public IP being set
])
def test_one_idea_of_busy(sim, expected):
    assert busy(sim) is expected
    assert DONE["sim_card"](sim) is (not expected)


# ------------------------------------------------------------------------------------------------ the waiter

class FakeTime:
    def __init__(self):
        self.now = 0.0
        self.pauses = []

    def clock(self):
        return self.now

    def pause(self, seconds):
        self.pauses.append(seconds)
        self.now += seconds


def test_the_waiter_polls_soon_then_backs_off_to_wait_sleep():
    fake = FakeTime()
    polls = []

    def fetch():
        polls.append(fake.now)
        return fake.now >= 9  # the change completes 9 s after it started

    waiter = Waiter(timeout=300, sleep=2, clock=fake.clock, pause=fake.pause)
    assert waiter.until(fetch, bool, "x", seen=False) is True
    assert fake.pauses == [0.1, 0.2, 0.4, 0.8, 1.6, 2, 2, 2]
    # 5 polls in the first 3.1 s, then one per wait_sleep (as the docs of the wait options say): 8 for 9 s, 4 before
    assert polls == pytest.approx([0.1, 0.3, 0.7, 1.5, 3.1, 5.1, 7.1, 9.1])


def test_the_waiter_never_pauses_longer_than_a_short_wait_sleep():
    assert [delay for delay, dummy in zip(Waiter(10, 0.05).delays(), range(3))] == [0.05, 0.05, 0.05]


def test_the_waiter_times_out_naming_what_and_the_last_value():
    fake = FakeTime()
    waiter = Waiter(timeout=1, sleep=2, clock=fake.clock, pause=fake.pause)
    with pytest.raises(TelnyxError) as caught:
        waiter.until(lambda: "enabling", lambda value: False, "SIM card x to become enabled", lambda value: "status %s" % value)
    assert str(caught.value).startswith("Timed out after 1 s waiting for SIM card x to become enabled; last seen: status enabling.")
    assert fake.pauses == [0.1, 0.2, 0.4] and fake.now <= 1
