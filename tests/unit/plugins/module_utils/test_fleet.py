# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests of the fleet planning functions: the rules of sim_card applied per SIM card, shards, the summary."""

from __future__ import annotations

import pytest

from ansible_collections.telnyx.wireless.plugins.module_utils._fleet import (
    Plan,
    check_entry,
    plan_sim,
    shard_of,
    sim_result,
    summarize,
    summary_text,
    task_failure,
)

GROUP = "47a1c2b0-cc7b-4ab1-bb98-b33fb0fc61b9"
OTHER = "5793c281-429a-4d3c-84ef-48cb5ce07fa6"


def sim(status="enabled", **fields):
    card = {"id": "6b14e151-8493-4fa1-8664-1cc4e6d14158", "iccid": "89310410106543789301", "status": {"value": status},
            "tags": ["eu"], "sim_card_group_id": GROUP, "data_limit": {}, "authorized_imeis": [],
            "current_billing_period_consumed_data": {"amount": "0", "unit": "MB"}}
    card.update(fields)
    return card


def planned(card, entry, group_id=None, wait=True):
    return plan_sim(Plan("89310410106543789301", dict({"purge_tags": True}, **entry), card), group_id, GROUP, wait)


@pytest.mark.parametrize("status", ["enabled", "disabled", "standby", "data_limit_exceeded"])
def test_no_state_leaves_every_status_alone(status):
    plan = planned(sim(status), {"tags": ["x"]})
    assert plan.steps == [] and plan.patch == {"tags": ["x"]} and plan.error is None
    assert plan.predicted["status"]["value"] == status


def test_the_state_machine_is_sim_cards():
    assert planned(sim("disabled"), {"state": "standby"}).steps == ["enable", "set_standby"]
    assert planned(sim("enabled"), {"state": "disabled"}).steps == ["disable"]
    assert planned(sim("enabled"), {"state": "present"}).planned is False


def test_what_cannot_converge_is_a_per_sim_failure_with_no_write():
    no_group = planned(sim("disabled", sim_card_group_id=None), {"state": "present", "tags": ["x"]})
    assert "has no SIM card group" in str(no_group.error) and no_group.patch == {} and no_group.changed is False
    held = planned(sim("data_limit_exceeded"), {"state": "disabled"})
    assert "data_limit_exceeded" in str(held.error)
    # setting the group in the same entry makes the enable possible
    assert planned(sim("disabled", sim_card_group_id=None), {"state": "present", "sim_card_group": "g"}, group_id=OTHER).steps == ["enable"]


def test_data_limit_empty_removes_the_own_limit_only_when_there_is_one():
    assert planned(sim(data_limit={"amount": "100.0", "unit": "MB"}), {"data_limit": {"amount": None, "unit": None}}).patch == {"data_limit": {}}
    assert planned(sim(), {"data_limit": {"amount": None, "unit": None}}).planned is False


def test_registration_and_deletion():
    new = planned(None, {"iccid": "89310410106543789301", "registration_code": "0123456789", "state": "standby",
                         "data_limit": {"amount": 1, "unit": "GB"}})
    assert new.register and new.registration_status == "standby" and new.later_patch
    assert new.predicted["sim_card_group_id"] == GROUP and new.predicted["data_limit"] == {"amount": "1.0", "unit": "GB"}
    missing = planned(None, {"iccid": "89310410106543789301", "tags": ["x"]})
    assert "is not on this Telnyx account" in str(missing.error)
    assert planned(sim(), {"state": "absent"}).delete is True
    assert planned(None, {"state": "absent"}).planned is False


def test_entries_are_checked_with_the_modules_rules():
    errors = check_entry({"iccid": "1", "registration_code": "0123456789", "authorized_imeis": ["2"], "data_limit": {"amount": 3, "unit": None}}, "e")
    text = "; ".join(errors)
    assert "iccid must be the 19 or 20 digits" in text and "registering a SIM card needs state" in text
    assert "not an IMEI of 15 digits" in text and "data_limit needs both amount and unit" in text
    assert check_entry({"iccid": "89310410106543789301", "state": "present", "tags": []}, "e") == []


ICCID = "89310410106543789301"
DC2 = {"sim_card_id": "6b14e151-8493-4fa1-8664-1cc4e6d14158", "ip": "198.18.0.7", "region_code": "dc2"}


def with_extras(card, entry, public_ip=None, notifications=()):
    plan = Plan(ICCID, dict({"purge_tags": True}, **entry), card)
    plan.public_ip, plan.notifications = public_ip, list(notifications)
    return plan_sim(plan, None, GROUP, True)


def note(amount, unit="MB", note_id="n1"):
    return {"id": note_id, "threshold": {"amount": str(amount), "unit": unit}}


@pytest.mark.parametrize("entry, public_ip, extra, view_after", [
    ({"public_ip": {}}, None, ["set_public_ip"], "default region"),                    # none: set (bulk, default region)
    ({"public_ip": {}}, DC2, [], "dc2"),                                               # any region: kept
    ({"public_ip": {"region_code": "dc2"}}, DC2, [], "dc2"),
    ({"public_ip": {"state": "absent"}}, DC2, ["remove_public_ip"], None),
    ({"public_ip": {"state": "absent"}}, None, [], None),
    ({"public_ip": {"region_code": "ch1", "allow_address_change": True}}, DC2, ["remove_public_ip", "set_public_ip"], "ch1"),
])
def test_public_ip_plans_are_sim_card_public_ips(entry, public_ip, extra, view_after):
    plan = with_extras(sim(), entry, public_ip)
    assert plan.extra == extra and plan.error is None and plan.planned is bool(extra)
    after = sim_result(plan, {}, plan.predicted)
    assert after.get("after", {}).get("public_ip", view_after) == view_after


def test_a_public_ip_region_change_needs_allow_address_change_and_fails_only_that_sim_card():
    plan = with_extras(sim(), {"public_ip": {"region_code": "ch1"}, "tags": ["x"]}, DC2)
    assert plan.error is not None and "198.18.0.7" in str(plan.error) and plan.extra == [] and plan.changed is False
    assert plan.error.failure["reason"] == "address_change"


def test_notification_plans_are_sim_card_notifications():
    kept = with_extras(sim(), {"notifications": [{"amount": 500, "unit": "MB"}]}, notifications=[note(500), note(2, "GB", "n2")])
    assert kept.planned is False  # not exclusive: the 2 GB one stays
    exact = with_extras(sim(), {"notifications": [{"amount": 500, "unit": "MB"}, {"amount": 1, "unit": "GB"}], "notifications_exclusive": True},
                        notifications=[note("500.0"), note(2, "GB", "n2")])
    assert [n["id"] for n in exact.notes["removed"]] == ["n2"] and exact.notes["creates"] == [{"amount": 1, "unit": "GB"}]
    assert sim_result(exact, {}, exact.predicted)["after"]["notifications"] == ["500 MB", "1 GB"]
    cleared = with_extras(sim(), {"notifications": [], "notifications_exclusive": True}, notifications=[note(1)])
    assert cleared.planned is True and len(cleared.notes["removed"]) == 1


def test_voice_and_extras_of_a_sim_card_to_register():
    on = with_extras(sim(voice_enabled=False), {"voice": True, "voice_connection_id": "42"})
    assert on.extra == ["voice"] and on.voice_step == {"action": "enable_voice", "body": {"connection_id": "42"}}
    assert on.predicted["voice_enabled"] is True
    assert with_extras(sim(voice_enabled=True), {"voice": True}).planned is False
    new = with_extras(None, {"iccid": ICCID, "registration_code": "0123456789", "state": "present", "public_ip": {},
                             "notifications": [{"amount": 1, "unit": "GB"}], "voice": True})
    assert new.register and new.extra == ["set_public_ip", "voice"] and new.notes["creates"] == [{"amount": 1, "unit": "GB"}]
    # a SIM card that cannot converge gets no public IP, notification or voice change
    held = with_extras(sim("data_limit_exceeded"), {"state": "disabled", "public_ip": {}, "voice": True})
    assert held.error is not None and held.extra == [] and held.changed is False


@pytest.mark.parametrize("entry, message", [
    ({"public_ip": {"region_code": "dc 2"}}, "public_ip.region_code must be a region code"),
    ({"public_ip": {"state": "absent", "region_code": "dc2"}}, "applies only with public_ip.state present"),
    ({"notifications": [{"amount": 0, "unit": "MB"}]}, "notifications[1].amount must be more than 0"),
    ({"notifications": [{"amount": 1, "unit": "GB"}, {"amount": "1.0", "unit": "GB"}]}, "is given twice"),
    ({"notifications_exclusive": True}, "notifications_exclusive needs notifications"),
    ({"state": "absent", "public_ip": {}}, "public_ip and notifications do not apply"),
    ({"state": "absent", "voice": False}, "voice does not apply with state=absent"),
    ({"voice_connection_id": "42"}, "voice_connection_id needs voice=true"),
])
def test_extras_are_checked_with_the_modules_rules(entry, message):
    errors = check_entry(dict({"iccid": ICCID}, **entry), "e")
    assert any(message in error for error in errors), errors


def test_a_group_a_check_mode_run_would_create_is_shown_by_its_name():
    from ansible_collections.telnyx.wireless.plugins.module_utils._fleet import PENDING_GROUP
    pending = PENDING_GROUP + "meters"
    # a SIM card without a group can be enabled once the group the run creates is its group
    plan = plan_sim(Plan(ICCID, {"purge_tags": True, "state": "present", "sim_card_group": "meters"}, sim("disabled", sim_card_group_id=None)),
                    pending, GROUP, True)
    assert plan.error is None and plan.steps == ["enable"]
    result = sim_result(plan, {pending: "meters"}, plan.predicted)
    assert result["after"]["sim_card_group_id"] is None and result["after"]["sim_card_group_name"] == "meters"
    summary = summarize([result])
    assert summary["sim_card_group_id"] == 1 and "group none -> meters" in summary_text(summary, [result], 10, True)


def test_shards_are_stable_disjoint_and_cover_everything():
    keys = ["8931041010654378%04d" % n for n in range(400)]
    shards = [shard_of(key, 3) for key in keys]
    assert shards == [shard_of(key, 3) for key in keys]
    assert set(shards) == {0, 1, 2} and min(shards.count(n) for n in range(3)) > 100


def test_summary_counts_and_bounded_lines():
    plans = [planned(sim("enabled"), {"state": "disabled"}), planned(sim("enabled"), {"tags": ["eu"]}),
             planned(sim("disabled", sim_card_group_id=None), {"state": "present"})]
    results = [sim_result(plan, {GROUP: "meters"}, plan.predicted) for plan in plans]
    summary = summarize(results)
    assert (summary["changed"], summary["unchanged"], summary["failed"], summary["status"]) == (1, 1, 1, 1)
    assert summary["status_moves"] == {"enabled -> disabled": 1}
    text = summary_text(summary, results, 1, True)
    assert text.startswith("SIM card fleet: 3 SIM cards; 1 change, 1 stay as they are, 1 cannot converge.")
    assert "Per SIM card (1 of 2; the full list is in the result's sim_cards):" in text


def registered(entry):
    """The result of a SIM card the run registers with `entry` (check mode: its prediction)."""
    plan = planned(None, dict({"iccid": "89310410106543789301", "registration_code": "0123456789", "state": "present"}, **entry))
    return sim_result(plan, {GROUP: "meters"}, plan.predicted)


@pytest.mark.parametrize("entry,counted,line", [
    ({}, [], "register as enabled in group meters\n"),
    ({"tags": ["new"]}, ["tags", "sim_card_group_id"], "register as enabled in group meters, tags [new]\n"),
    ({"tags": ["new"], "data_limit": {"amount": 1, "unit": "GB"}}, ["tags", "sim_card_group_id", "data_limit"],
     "register as enabled in group meters, tags [new], data limit 1.0 GB\n"),
    ({"authorized_imeis": ["864524030000017"]}, ["sim_card_group_id", "authorized_imeis"],
     "register as enabled in group meters, authorized IMEIs [864524030000017]\n"),
])
def test_a_registered_sim_card_counts_and_shows_what_its_entry_declares(entry, counted, line):
    """The summary counts what the approver will see change (settings given at registration count); the line names only
    what the entry declares (no empty tags, data limit or IMEIs)."""
    result = registered(entry)
    summary = summarize([result])
    assert summary["registered"] == 1 and summary["status"] == 0 and summary["status_moves"] == {}
    fields = ("tags", "sim_card_group_id", "data_limit", "authorized_imeis", "public_ip", "notifications", "voice_enabled")
    # a SIM card registered without a group goes to the default group (GROUP, here named meters): the approver sees it
    assert sorted(field for field in fields if summary[field]) == sorted(set(counted) | {"sim_card_group_id"})
    assert summary_text(summary, [result], 50, True).endswith("89310410106543789301: " + line)


@pytest.mark.parametrize("failures,expected", [
    ([{"source": "collection", "reason": "needs_group", "status": None, "code": None}], ("collection", "needs_group", None)),
    ([{"source": "api", "status": 422, "code": "10015", "title": "Bad"}], ("api", None, 422)),
    ([{"source": "collection", "reason": "needs_group"}, {"source": "collection", "reason": "needs_group"}], ("collection", "needs_group", None)),
    ([{"source": "collection", "reason": "needs_group"}, {"source": "collection", "reason": "action_failed"}],
     ("collection", "sim_cards_failed", None)),
    ([{"source": "api", "status": 422}, {"source": "api", "status": 422}], ("collection", "sim_cards_failed", None)),
])
def test_the_task_failure_of_a_fleet(failures, expected):
    """A fleet of one fails as sim_card does (that SIM card's failure); one reason of the collection's for all is that
    reason; any other mix is sim_cards_failed, with no invented status."""
    failure = task_failure(failures)
    assert (failure["source"], failure.get("reason"), failure["status"]) == expected
