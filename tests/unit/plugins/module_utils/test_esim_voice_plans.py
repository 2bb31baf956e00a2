# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Table-driven tests of the eSIM purchase and voice plans (pure: nothing here sends a request)."""

from __future__ import annotations

import pytest

from ansible_collections.telnyx.wireless.plugins.module_utils._actions import action_failed
from ansible_collections.telnyx.wireless.plugins.module_utils._client import TelnyxError
from ansible_collections.telnyx.wireless.plugins.module_utils._esim import is_counted, plan_esim_purchase, purchase_body, shortfall_error
from ansible_collections.telnyx.wireless.plugins.module_utils._voice import plan_voice, with_voice

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
    assert raised.value.failure["title"] == "Purchase above max_purchase"


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
    assert error.failure["code"] == code, name


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
