# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Table-driven tests of the eSIM purchase and voice plans (pure: nothing here sends a request)."""

from __future__ import annotations

import pytest

from ansible_collections.telnyx.wireless.plugins.module_utils._actions import DONE, action_failed, bulk_action_failed, bulk_summary
from ansible_collections.telnyx.wireless.plugins.module_utils._client import TelnyxError
from ansible_collections.telnyx.wireless.plugins.module_utils._esim import is_counted, plan_esim_purchase, purchase_body, shortfall_error
from ansible_collections.telnyx.wireless.plugins.module_utils._voice import (
    check_voice,
    group_voice_outcome,
    plan_group_voice,
    plan_voice,
    voice_counts,
    with_voice,
)

LABEL = "SIM card group fleet-eu (tags batch-a)"


# ------------------------------------------------------------------------------------------------ eSIM purchase

@pytest.mark.parametrize("name, have, count, max_purchase, buy", [
    ("holds enough", 5, 5, 10, 0),
    ("holds more: nothing is deleted", 7, 5, 10, 0),
    ("count 0", 3, 0, 1, 0),
    ("the shortfall", 2, 5, 10, 3),
    ("from none", 0, 4, 4, 4),
    ("exactly max_purchase", 0, 10, 10, 10),
])
def test_plan_buys_the_shortfall(name, have, count, max_purchase, buy):
    assert plan_esim_purchase(have, count, max_purchase, LABEL) == buy, name


@pytest.mark.parametrize("have, count, max_purchase, missing", [(0, 11, 10, 11), (1, 50, 10, 49), (5, 7, 1, 2)])
def test_plan_refuses_more_than_max_purchase(have, count, max_purchase, missing):
    with pytest.raises(TelnyxError) as raised:
        plan_esim_purchase(have, count, max_purchase, LABEL)
    assert "buying the %d missing exceeds max_purchase (%d). Nothing was bought" % (missing, max_purchase) in str(raised.value)
    assert raised.value.failure["title"] == "Purchase above max_purchase" and raised.value.failure["reason"] == "above_max_purchase"


@pytest.mark.parametrize("name, sim, tags, counted", [
    ("eSIM with the tag", {"type": "esim", "tags": ["batch-a"]}, ["batch-a"], True),
    ("eSIM with more tags", {"type": "esim", "tags": ["batch-a", "eu"]}, ["batch-a"], True),
    ("eSIM missing a tag", {"type": "esim", "tags": ["batch-a"]}, ["batch-a", "eu"], False),
    ("no tags declared: every eSIM", {"type": "esim", "tags": []}, [], True),
    ("a physical SIM card", {"type": "physical", "tags": ["batch-a"]}, ["batch-a"], False),
    ("tags null", {"type": "esim", "tags": None}, ["batch-a"], False),
])
def test_what_counts(name, sim, tags, counted):
    assert is_counted(sim, tags) is counted, name


def test_purchase_body_carries_group_status_and_sorted_tags():
    assert purchase_body(3, "g-1", "disabled", ["b", "a", "b"]) == {"amount": 3, "sim_card_group_id": "g-1", "status": "disabled", "tags": ["a", "b"]}
    assert purchase_body(1, "g-1", "enabled", []) == {"amount": 1, "sim_card_group_id": "g-1", "status": "enabled"}


@pytest.mark.parametrize("name, errors, code, words", [
    ("shortage", [{"code": "70001", "title": "Insufficient inventory", "detail": "Only 2 of the 5 eSIMs requested were available."}], "70001",
     "not enough eSIMs in stock (error 70001): it sold 2 of the 5"),
    ("another error", [{"code": "10015", "detail": "Bad request"}], "10015", "Telnyx sold 2 of the 5 eSIMs asked for %s: Bad request" % LABEL),
    ("lost partial answer", [], None, "the answer was lost; a re-read found 2 new eSIMs, so the purchase was not sent again"),
])
def test_shortfall_error(name, errors, code, words):
    error = shortfall_error(LABEL, 5, 2, errors)
    assert words in str(error), name
    assert "3 missing" in str(error), name
    assert (error.failure["source"], error.failure["reason"], error.failure["status"], error.failure["code"]) == (
        "collection", "partial_purchase", None, None), name
    assert [item["code"] for item in error.failure["errors"]] == ([code] if code else []), name


# ------------------------------------------------------------------------------------------------ voice

@pytest.mark.parametrize("name, sim, voice, connection_id, step", [
    ("not asked", {"voice_enabled": False}, None, None, None),
    ("on already", {"voice_enabled": True}, True, None, None),
    ("on already, another connection: not compared", {"voice_enabled": True}, True, "c-2", None),
    ("off already", {"voice_enabled": False}, False, None, None),
    ("flag missing counts as off", {}, False, None, None),
    ("turn on", {"voice_enabled": False}, True, None, {"action": "enable_voice", "body": None}),
    ("turn on with a connection", {"voice_enabled": False}, True, "c-1", {"action": "enable_voice", "body": {"connection_id": "c-1"}}),
    ("turn on a SIM card not registered yet", None, True, None, {"action": "enable_voice", "body": None}),
    ("turn off", {"voice_enabled": True}, False, None, {"action": "disable_voice", "body": None}),
])
def test_plan_voice(name, sim, voice, connection_id, step):
    assert plan_voice(sim, voice, connection_id) == step, name


def test_with_voice_is_a_copy():
    sim = {"id": "x", "voice_enabled": False}
    assert with_voice(sim, True) == {"id": "x", "voice_enabled": True}
    assert sim["voice_enabled"] is False


def test_a_reason_ending_in_a_period_reads_as_one_sentence():
    error = action_failed("enable_voice", "SIM card 8988", action={"id": "a-9", "status": {"value": "failed", "reason": "No mobile_voice connection."}})
    assert str(error) == "Telnyx did not complete the enable_voice action on SIM card 8988. Action a-9 ended failed: No mobile_voice connection."


@pytest.mark.parametrize("name, voice, connection_id, state, errors", [
    ("nothing asked", None, None, "present", []),
    ("voice on", True, "c-1", "present", []),
    ("voice off", False, None, "present", []),
    ("voice with absent", False, None, "absent", ["voice does not apply with state=absent"]),
    ("connection without voice", None, "c-1", "present", ["voice_connection_id needs voice=true"]),
    ("connection with voice off", False, "c-1", "present", ["voice_connection_id needs voice=true"]),
    ("empty connection", True, " ", "present", ["voice_connection_id must not be empty"]),
])
def test_voice_option_errors(name, voice, connection_id, state, errors):
    assert check_voice({"voice": voice, "voice_connection_id": connection_id, "state": state}) == errors, name


# ------------------------------------------------------------------------------------------------ voice for a whole group

def sims(*flags):
    """SIM cards s0, s1, ... with voice_enabled as given (None: the flag is missing)."""
    made = []
    for index, flag in enumerate(flags):
        sim = {"id": "s%d" % index, "iccid": "8900%d" % index}
        if flag is not None:
            sim["voice_enabled"] = flag
        made.append(sim)
    return made


@pytest.mark.parametrize("name, group, voice, connection_id, change, action, sent_connection, before, after", [
    ("empty group, on", sims(), True, None, [], None, None, (0, 0), (0, 0)),
    ("empty group, off", sims(), False, "c-1", [], None, None, (0, 0), (0, 0)),
    ("not asked", sims(False, True), None, None, [], None, None, (1, 1), (1, 1)),
    ("all off -> on", sims(False, False, False), True, None, ["s0", "s1", "s2"], "bulk_enable_voice", None, (0, 3), (3, 0)),
    ("mixed -> on: only the off ones change", sims(True, False, True, False), True, None, ["s1", "s3"], "bulk_enable_voice", None,
     (2, 2), (4, 0)),
    ("mixed -> on with a connection", sims(True, False), True, "c-1", ["s1"], "bulk_enable_voice", "c-1", (1, 1), (2, 0)),
    ("all on -> on: nothing, whatever the connection", sims(True, True), True, "c-2", [], None, None, (2, 0), (2, 0)),
    ("all on -> off", sims(True, True), False, None, ["s0", "s1"], "bulk_disable_voice", None, (2, 0), (0, 2)),
    ("mixed -> off", sims(True, False, None), False, None, ["s0"], "bulk_disable_voice", None, (1, 2), (0, 3)),
    ("all off -> off: nothing", sims(False, None), False, None, [], None, None, (0, 2), (0, 2)),
    ("a flag missing counts as off", sims(None), True, None, ["s0"], "bulk_enable_voice", None, (0, 1), (1, 0)),
    ("no connection is sent to turn voice off", sims(True), False, "c-1", ["s0"], "bulk_disable_voice", None, (1, 0), (0, 1)),
])
def test_plan_group_voice(name, group, voice, connection_id, change, action, sent_connection, before, after):
    plan = plan_group_voice(group, voice, connection_id)
    assert [sim["id"] for sim in plan["change"]] == change, name
    assert plan["action"] == action, name
    assert plan["connection_id"] == sent_connection, name
    assert plan["before"] == {"enabled": before[0], "disabled": before[1]}, name
    assert plan["after"] == {"enabled": after[0], "disabled": after[1]}, name


def failed_action(sim_id, status="failed", reason="No mobile phone number available."):
    return {"id": "a-" + sim_id, "sim_card_id": sim_id, "action_type": "enable_voice", "status": {"value": status, "reason": reason}}


@pytest.mark.parametrize("name, group, voice, unfinished, failed, after, changed", [
    ("all took it", sims(False, False, True), True, [], [], (3, 0), ["89000", "89001"]),
    ("one failed keeps voice off", sims(False, False, True), True, ["s1"], ["s1"], (2, 1), ["89000"]),
    ("interrupted counts as failed", sims(True, True), False, [("s0", "interrupted")], ["s0"], (1, 1), ["89001"]),
    ("a SIM card already as declared: its failure is ignored", sims(False, True), True, ["s1"], [], (2, 0), ["89000"]),
    ("a SIM card not listed (joined since): failed, not counted", sims(False), True, ["joined"], ["joined"], (1, 0), ["89000"]),
    ("all failed", sims(False, False), True, ["s0", "s1"], ["s0", "s1"], (0, 2), []),
])
def test_group_voice_outcome(name, group, voice, unfinished, failed, after, changed):
    actions = [failed_action(*item) if isinstance(item, tuple) else failed_action(item) for item in unfinished]
    outcome = group_voice_outcome(group, plan_group_voice(group, voice), voice, actions)
    assert [item["sim_card_id"] for item in outcome["failed"]] == failed, name
    assert outcome["after"] == {"enabled": after[0], "disabled": after[1]}, name
    assert outcome["changed_iccids"] == changed, name
    listed = dict((sim["id"], sim["iccid"]) for sim in group)
    assert [(item["iccid"], item["action"]["id"]) for item in outcome["failed"]] == [(listed.get(i), "a-" + i) for i in failed], name


def test_voice_counts_are_counts():
    assert voice_counts(sims(True, False, None, True)) == {"enabled": 2, "disabled": 2}
    assert voice_counts([]) == {"enabled": 0, "disabled": 0}


@pytest.mark.parametrize("name, summary, counts, done", [
    ("the POST answer: no summary yet", None, {}, False),
    ("an empty summary: no SIM card action made yet", [], {}, False),
    ("in progress", [{"count": 3, "status": "in-progress"}, {"count": 1, "status": "completed"}], {"in-progress": 3, "completed": 1}, False),
    ("all completed", [{"count": 4, "status": "completed"}], {"completed": 4}, True),
    ("mixed, over", [{"count": 3, "status": "completed"}, {"count": 1, "status": "failed"}], {"completed": 3, "failed": 1}, True),
    ("a zero count is ignored", [{"count": 0, "status": "in-progress"}, {"count": 2, "status": "completed"}], {"completed": 2}, True),
    ("interrupted, over", [{"count": 2, "status": "interrupted"}], {"interrupted": 2}, True),
])
def test_bulk_action_done(name, summary, counts, done):
    bulk = {"id": "b-1"} if summary is None else {"id": "b-1", "sim_card_actions_summary": summary}
    assert bulk_summary(bulk) == counts, name
    assert DONE["bulk_action"](bulk) is done, name


def test_bulk_action_failed_names_each_sim_card_with_its_reason():
    bulk = {"id": "b-1", "action_type": "bulk_enable_voice"}
    no_number = {"value": "failed", "reason": "No mobile phone number available."}
    failed = [{"iccid": "89001", "sim_card_id": "s1", "action": {"id": "a-1", "action_type": "enable_voice", "status": no_number}},
              {"iccid": None, "sim_card_id": "s9", "action": {"id": "a-9", "action_type": "enable_voice", "status": {"value": "interrupted"}}}]
    error = bulk_action_failed(bulk, "SIM card group 'fleet' (g-1)", failed, "3 of the group's 5 SIM cards now have voice on.")
    assert str(error) == (
        "Bulk action b-1 (bulk_enable_voice) on SIM card group 'fleet' (g-1): 2 SIM card(s) did not take it. "
        "Telnyx did not complete the enable_voice action on SIM card 89001. Action a-1 ended failed: No mobile phone number available. "
        "Telnyx did not complete the enable_voice action on SIM card s9. Action a-9 ended interrupted. "
        "3 of the group's 5 SIM cards now have voice on.")
    assert error.failure["source"] == "collection" and error.failure["reason"] == "action_failed"
    assert error.failure["status"] is None and error.failure["code"] is None
    assert error.failure["detail"] == "89001: No mobile phone number available.; s9: interrupted"
    assert error.failure["sim_cards"] == [
        {"iccid": "89001", "sim_card_id": "s1", "action_id": "a-1", "status": "failed", "reason": "No mobile phone number available."},
        {"iccid": None, "sim_card_id": "s9", "action_id": "a-9", "status": "interrupted", "reason": None}]
