# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The SIM card planner as data: every decision of plan_steps as the typed steps it makes, and the model (predict,
leave) that says what those steps leave - the check-mode result of sim_card and of every fleet entry."""

from __future__ import annotations

import pytest

from ansible_collections.telnyx.wireless.plugins.module_utils._client import TelnyxError
from ansible_collections.telnyx.wireless.plugins.module_utils._steps import (
    KINDS,
    Model,
    Step,
    leave,
    plan_steps,
    predict,
)

GROUP = "47a1c2b0-cc7b-4ab1-bb98-b33fb0fc61b9"
OTHER = "5793c281-429a-4d3c-84ef-48cb5ce07fa6"
ICCID = "89310410106543789301"
SIM_ID = "6b14e151-8493-4fa1-8664-1cc4e6d14158"
CODE = "0123456789"
DC2 = {"sim_card_id": SIM_ID, "ip": "198.18.0.7", "region_code": "dc2"}


def sim(status="enabled", **fields):
    card = {"id": SIM_ID, "iccid": ICCID, "status": {"value": status}, "tags": ["eu"], "sim_card_group_id": GROUP, "data_limit": {},
            "authorized_imeis": [], "voice_enabled": False, "current_billing_period_consumed_data": {"amount": "100", "unit": "MB"}}
    card.update(fields)
    return card


def note(amount, unit="MB", note_id="n1"):
    return {"id": note_id, "threshold": {"amount": str(amount), "unit": unit}}


def steps_of(before, entry, **kwargs):
    return plan_steps(before, dict({"purge_tags": True}, **entry), key=ICCID, **kwargs)


#: (name, the SIM card as read, the entry, extra arguments, the steps as (kind, detail))
DECISIONS = [
    ("holds", sim(), {"state": "present", "tags": ["eu"]}, {}, []),
    ("no state leaves the status", sim("disabled"), {"tags": ["x"]}, {}, [("patch", {"tags": ["x"]})]),
    ("one action", sim(), {"state": "disabled"}, {}, [("status", "disable")]),
    ("through enabled", sim("disabled"), {"state": "standby"}, {}, [("status", "enable"), ("status", "set_standby")]),
    ("settings before status", sim("disabled"), {"state": "present", "tags": ["a"], "sim_card_group": "g"}, {"group_id": OTHER},
     [("patch", {"tags": ["a"], "sim_card_group_id": OTHER}), ("status", "enable")]),
    ("data_limit_exceeded is enabled by intent", sim("data_limit_exceeded"), {"state": "present"}, {}, []),
    ("a transition leading there is left to converge", sim("enabling"), {"state": "present"}, {}, []),
    ("remove the own limit", sim(data_limit={"amount": "1", "unit": "GB"}), {"data_limit": {}}, {}, [("patch", {"data_limit": {}})]),
    ("no own limit to remove", sim(), {"data_limit": {}}, {}, []),
    ("delete", sim(), {"state": "absent", "report_lost": True}, {}, [("delete", {"report_lost": True})]),
    ("absent and not on the account", None, {"iccid": ICCID, "state": "absent"}, {}, []),
    ("register", None, {"iccid": ICCID, "registration_code": CODE, "state": "standby", "tags": ["b", "a", "a"]}, {"default_group_id": GROUP},
     [("register", {"iccid": ICCID, "status": "standby", "sim_card_group_id": GROUP, "tags": ["a", "b"]})]),
    ("register, then what a registration does not carry", None,
     {"iccid": ICCID, "registration_code": CODE, "state": "present", "data_limit": {"amount": 1, "unit": "GB"}}, {"group_id": OTHER},
     [("register", {"iccid": ICCID, "status": "enabled", "sim_card_group_id": OTHER, "tags": None}),
      ("later_patch", {"data_limit": {"amount": "1.0", "unit": "GB"}})]),
    ("register with a public IP", None, {"iccid": ICCID, "registration_code": CODE, "state": "present", "public_ip": {}},
     {"default_group_id": GROUP},
     [("register", {"iccid": ICCID, "status": "enabled", "sim_card_group_id": GROUP, "tags": None}), ("set_public_ip", None)]),
    ("public IP in a region", sim(), {"public_ip": {"region_code": "dc2"}}, {}, [("set_public_ip", "dc2")]),
    ("public IP kept", sim(), {"public_ip": {}}, {"public_ip": DC2}, []),
    ("public IP moved", sim(), {"public_ip": {"region_code": "ch1", "allow_address_change": True}}, {"public_ip": DC2},
     [("remove_public_ip", None), ("set_public_ip", "ch1")]),
    ("public IP removed", sim(), {"public_ip": {"state": "absent"}}, {"public_ip": DC2}, [("remove_public_ip", None)]),
    ("notifications: a new threshold", sim(), {"notifications": [{"amount": 1, "unit": "GB"}]}, {"notifications": [note(500)]},
     [("create_notification", {"amount": 1, "unit": "GB"})]),
    ("notifications: exactly these", sim(), {"notifications": [{"amount": 1, "unit": "GB"}], "notifications_exclusive": True},
     {"notifications": [note(500), note(1, "GB", "n2")]}, [("remove_notification", note(500))]),
    ("voice on", sim(), {"voice": True, "voice_connection_id": "42"}, {},
     [("voice", {"action": "enable_voice", "body": {"connection_id": "42"}})]),
    ("voice after status and notifications", sim("disabled"),
     {"state": "present", "voice": True, "notifications": [{"amount": 1, "unit": "GB"}]}, {},
     [("status", "enable"), ("create_notification", {"amount": 1, "unit": "GB"}), ("voice", {"action": "enable_voice", "body": None})]),
]


@pytest.mark.parametrize("before, entry, kwargs, expected", [case[1:] for case in DECISIONS], ids=[case[0] for case in DECISIONS])
def test_each_decision_is_the_steps_it_makes(before, entry, kwargs, expected):
    steps = steps_of(before, entry, **kwargs)
    assert isinstance(steps, tuple) and all(isinstance(step, Step) for step in steps)
    assert [(step.kind, step.detail) for step in steps] == expected
    assert [KINDS.index(step.kind) for step in steps] == sorted(KINDS.index(step.kind) for step in steps)  # the engine's order


#: (name, the SIM card as read, the entry, extra arguments, the reason of the refusal)
REFUSALS = [
    ("no group to enable in", sim("disabled", sim_card_group_id=None), {"state": "present"}, {}, "needs_group"),
    ("data_limit_exceeded refuses actions", sim("data_limit_exceeded"), {"state": "disabled"}, {}, "data_limit_exceeded"),
    ("not on the account, no code", None, {"iccid": ICCID, "state": "present"}, {}, "sim_card_not_found"),
    ("an id is never registered", None, {"id": SIM_ID, "registration_code": CODE, "state": "present"}, {}, "sim_card_not_found"),
    ("an address change not allowed", sim(), {"public_ip": {"region_code": "ch1"}}, {"public_ip": DC2}, "address_change"),
]


@pytest.mark.parametrize("before, entry, kwargs, reason", [case[1:] for case in REFUSALS], ids=[case[0] for case in REFUSALS])
def test_what_the_api_cannot_do_is_refused_before_any_step(before, entry, kwargs, reason):
    with pytest.raises(TelnyxError) as refused:
        steps_of(before, entry, **kwargs)
    assert refused.value.failure["reason"] == reason and refused.value.failure["source"] == "collection"


def test_the_prediction_is_what_the_steps_leave():
    before = sim("disabled", data_limit={"amount": "1", "unit": "GB"})
    entry = {"state": "standby", "tags": ["x"], "data_limit": {}, "public_ip": {"region_code": "dc2"}, "notifications": [{"amount": 2, "unit": "GB"}],
             "voice": True}
    steps = steps_of(before, entry, notifications=[note(500)])
    after = predict(Model(before, None, [note(500)]), steps, True)
    assert after.sim["status"]["value"] == "standby" and after.sim["tags"] == ["x"] and after.sim["data_limit"] == {}
    assert after.sim["voice_enabled"] is True
    assert after.public_ip["region_code"] == "dc2" and after.public_ip["ip"] is None  # Telnyx picks the address
    assert [n["threshold"] for n in after.notifications] == [{"amount": "500", "unit": "MB"}, {"amount": "2.0", "unit": "GB"}]
    # wait=false: the last status action is still under way, as the real run returns it
    assert predict(Model(before, None, [note(500)]), steps, False).sim["status"]["value"] == "setting_standby"
    assert before["status"]["value"] == "disabled" and before["tags"] == ["eu"]  # the model never changes what was read


def test_a_registration_predicts_the_sim_card_it_puts_on_the_account():
    steps = steps_of(None, {"iccid": ICCID, "registration_code": CODE, "state": "present", "tags": ["t"]}, default_group_id=GROUP)
    assert predict(Model(None, None, []), steps, True).sim == {
        "iccid": ICCID, "status": {"value": "enabled", "reason": None}, "tags": ["t"], "sim_card_group_id": GROUP, "data_limit": {},
        "authorized_imeis": []}
    # wait=false with nothing to add after it: still registering when the real run returns
    assert predict(Model(None, None, []), steps, False).sim["status"]["value"] == "registering"
    assert predict(Model(sim(), None, []), (Step("delete", {"report_lost": False}),), True) == Model(None, None, [])


def test_a_data_limit_below_the_usage_predicts_data_limit_exceeded():
    limited = leave(Model(sim(), None, []), Step("patch", {"data_limit": {"amount": "50", "unit": "MB"}}))
    assert limited.sim["status"]["value"] == "data_limit_exceeded"
    group = {"id": GROUP, "data_limit": {"amount": "1", "unit": "MB"}, "consumed_data": {"amount": "5", "unit": "MB"}}
    # no limit of its own: its group's applies
    held = leave(Model(sim(data_limit={"amount": "1", "unit": "GB"}), None, []), Step("patch", {"data_limit": {}}), group)
    assert held.sim["status"]["value"] == "data_limit_exceeded"
