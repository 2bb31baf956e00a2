# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""In-process unit tests of the SIM card planning rules and of sim_card's input validation."""

from __future__ import annotations

import json

import pytest

from ansible.module_utils.testing import patch_module_args

from ansible_collections.telnyx.wireless.plugins.module_utils._client import TelnyxError
from ansible_collections.telnyx.wireless.plugins.module_utils._sim_card import (
    check_group_precondition,
    check_imeis,
    only_group_named,
    plan_status,
    predict_patch,
    registration_code_problem,
    registration_refused,
    settings_patch,
    sim_card_list_query,
    sim_view,
    woke_up,
)
from ansible_collections.telnyx.wireless.plugins.modules import sim_card

GROUP = "47a1c2b0-cc7b-4ab1-bb98-b33fb0fc61b9"
OTHER_GROUP = "0f3f490e-c4d3-4cf5-838a-9970f10ee259"


def sim(status="enabled", **fields):
    card = {"id": "6b14e151-8493-4fa1-8664-1cc4e6d14158", "iccid": "89883030000000000015", "status": {"value": status, "reason": "x"},
            "tags": [], "sim_card_group_id": GROUP, "data_limit": {}, "authorized_imeis": None,
            "current_billing_period_consumed_data": {"amount": "0.0", "unit": "MB"}}
    card.update(fields)
    return card


@pytest.mark.parametrize("current, target, steps", [
    ("enabled", "enabled", []),
    ("enabled", "disabled", ["disable"]),
    ("enabled", "standby", ["set_standby"]),
    ("disabled", "enabled", ["enable"]),
    ("disabled", "disabled", []),
    ("disabled", "standby", ["enable", "set_standby"]),  # not a direct move: through enabled
    ("standby", "enabled", ["enable"]),
    ("standby", "disabled", ["enable", "disable"]),
    ("standby", "standby", []),
    ("data_limit_exceeded", "enabled", []),  # enabled by intent; only its limit holds it
    ("unauthorized_imei", "enabled", ["enable"]),
])
def test_plan_status(current, target, steps):
    assert plan_status(sim(current), target) == steps


@pytest.mark.parametrize("target", ["disabled", "standby"])
def test_data_limit_exceeded_refuses_status_changes(target):
    with pytest.raises(TelnyxError, match="data_limit"):
        plan_status(sim("data_limit_exceeded"), target)


def test_unknown_system_status_fails_clearly():
    with pytest.raises(TelnyxError, match="blocked"):
        plan_status(sim("blocked"), "enabled")


def test_enable_and_standby_need_a_group():
    lonely = sim("disabled", sim_card_group_id=None)
    with pytest.raises(TelnyxError, match="set sim_card_group"):
        check_group_precondition(lonely, ["enable"])
    with pytest.raises(TelnyxError, match="set sim_card_group"):
        check_group_precondition(sim("enabled", sim_card_group_id=None), ["set_standby"])
    check_group_precondition(sim("enabled", sim_card_group_id=None), ["disable"])
    check_group_precondition(sim("disabled"), ["enable", "set_standby"])


def test_settings_patch_holds_only_what_differs():
    current = sim(tags=["b", "a"], data_limit={"amount": "1024.0", "unit": "MB"}, authorized_imeis=["864524030000017"])
    # equal as the user means them: tags and IMEIs as sets, amounts numerically
    assert settings_patch(current, tags=["a", "b", "a"], data_limit={"amount": "1024", "unit": "MB"}, group_id=GROUP,
                          authorized_imeis=["864524030000017"]) == {}
    # unset options are left alone
    assert settings_patch(current) == {}
    assert settings_patch(current, tags=["c"], purge_tags=False) == {"tags": ["a", "b", "c"]}
    assert settings_patch(current, tags=["c"]) == {"tags": ["c"]}
    assert settings_patch(current, tags=[]) == {"tags": []}
    assert settings_patch(current, data_limit={"amount": "1", "unit": "GB"}) == {"data_limit": {"amount": "1.0", "unit": "GB"}}
    assert settings_patch(current, group_id=OTHER_GROUP) == {"sim_card_group_id": OTHER_GROUP}
    assert settings_patch(current, authorized_imeis=[]) == {"authorized_imeis": []}


def test_predicted_status_follows_the_data_limit():
    held = sim("data_limit_exceeded", data_limit={"amount": "10.0", "unit": "MB"},
               current_billing_period_consumed_data={"amount": "20.0", "unit": "MB"})
    assert predict_patch(held, {"data_limit": {"amount": "1.0", "unit": "GB"}})["status"]["value"] == "enabled"
    assert predict_patch(held, {"data_limit": {"amount": "15.0", "unit": "MB"}})["status"]["value"] == "data_limit_exceeded"
    used = sim("enabled", current_billing_period_consumed_data={"amount": "20.0", "unit": "MB"})
    assert predict_patch(used, {"data_limit": {"amount": "20.0", "unit": "MB"}})["status"]["value"] == "data_limit_exceeded"
    assert predict_patch(used, {"tags": ["a"]})["status"]["value"] == "enabled"


def test_removing_the_own_data_limit():
    """data_limit {} (no limit of its own) is sent as {"data_limit": {}} only when the SIM card has a limit of its own."""
    limited = sim(data_limit={"amount": "1024.0", "unit": "MB"})
    assert settings_patch(limited, data_limit={}) == {"data_limit": {}}
    assert settings_patch(sim(data_limit={}), data_limit={}) == {}
    assert settings_patch(sim(data_limit=None), data_limit={}) == {}
    assert settings_patch(sim(data_limit={"amount": None, "unit": None}), data_limit={}) == {}
    assert settings_patch(sim(data_limit={}), data_limit={"amount": "1", "unit": "GB"}) == {"data_limit": {"amount": "1.0", "unit": "GB"}}


@pytest.mark.parametrize("group, status", [
    (None, "enabled"),  # no group known: nothing holds it any more
    ({"data_limit": {}, "consumed_data": {"amount": "500.0", "unit": "MB"}}, "enabled"),  # the group has no limit
    ({"data_limit": {"amount": "1", "unit": "GB"}, "consumed_data": {"amount": "500.0", "unit": "MB"}}, "enabled"),  # pool not used up
    ({"data_limit": {"amount": "400", "unit": "MB"}, "consumed_data": {"amount": "500.0", "unit": "MB"}}, "data_limit_exceeded"),
    ({"data_limit": {"amount": "500", "unit": "MB"}, "consumed_data": {"amount": "500.0", "unit": "MB"}}, "data_limit_exceeded"),  # reached
])
def test_removing_the_own_limit_falls_back_to_the_groups_pool(group, status):
    held = sim("data_limit_exceeded", data_limit={"amount": "10.0", "unit": "MB"},
               current_billing_period_consumed_data={"amount": "20.0", "unit": "MB"})
    assert predict_patch(held, {"data_limit": {}}, group)["status"]["value"] == status
    assert predict_patch(held, {"data_limit": {}}, group)["data_limit"] == {}
    enabled = sim("enabled", data_limit={"amount": "1.0", "unit": "GB"})
    assert predict_patch(enabled, {"data_limit": {}}, group)["status"]["value"] == ("enabled" if status == "enabled" else DLE)


DLE = "data_limit_exceeded"


def action(action_type, created_at):
    return {"id": action_type + created_at, "sim_card_id": "6b14e151-8493-4fa1-8664-1cc4e6d14158", "action_type": action_type,
            "created_at": created_at, "status": {"value": "completed", "reason": None}}


@pytest.mark.parametrize("actions, expected", [
    ([action("set_standby", "2026-01-01T00:00:00Z"), action("enable_standby_sim_card", "2026-01-02T00:00:00Z")], True),
    # listed in any order: the newest decides
    ([action("enable_standby_sim_card", "2026-01-02T00:00:00Z"), action("set_standby", "2026-01-01T00:00:00Z")], True),
    # enabled by hand after the wake-up: an ordinary change
    ([action("enable_standby_sim_card", "2026-01-02T00:00:00Z"), action("enable", "2026-01-03T00:00:00Z")], False),
    ([action("set_standby", "2026-01-01T00:00:00Z"), action("enable", "2026-01-02T00:00:00Z")], False),
    # public IP actions are no status move
    ([action("enable_standby_sim_card", "2026-01-02T00:00:00Z"), action("set_public_ip", "2026-01-03T00:00:00Z")], True),
    ([], False),
])
def test_woke_up_is_the_newest_status_action(actions, expected):
    assert woke_up(actions) is expected


def test_only_group_named_fails_on_a_shared_name_naming_every_id():
    groups = [{"id": "b-2", "name": "twins"}, {"id": "c-3", "name": "other"}, {"id": "a-1", "name": "twins"}]
    with pytest.raises(TelnyxError) as caught:
        only_group_named(groups, "twins")
    assert "a-1, b-2" in str(caught.value) and "'twins'" in str(caught.value)
    assert caught.value.failure["source"] == "collection" and caught.value.failure["reason"] == "ambiguous_group"
    assert only_group_named(groups, "other")["id"] == "c-3"
    assert only_group_named(groups, "none") is None
    assert only_group_named(iter(groups), "other")["id"] == "c-3"  # lazily listed pages


def test_registration_code_problem_never_repeats_the_code():
    code = "0123456789"
    assert registration_code_problem([{"registration_code": code, "valid": True, "invalid_detail": None}], code) is None
    problem = registration_code_problem([{"registration_code": code, "valid": False,
                                          "invalid_detail": "Registration code 0123456789 does not exist."}], code)
    assert problem == "Registration code (the code) does not exist"
    assert registration_code_problem([{"registration_code": "9999999999", "valid": True}], code) == "Telnyx's validation did not answer for it"
    assert registration_code_problem([], code) == "Telnyx's validation did not answer for it"
    assert registration_code_problem([{"registration_code": code, "valid": False, "invalid_detail": None}], code) == \
        "Telnyx says it is not valid"


@pytest.mark.parametrize("current, target, reason", [
    ("data_limit_exceeded", "disabled", "data_limit_exceeded"),
    ("blocked", "enabled", "unexpected_status"),
])
def test_status_refusals_are_the_collections_own(current, target, reason):
    with pytest.raises(TelnyxError) as caught:
        plan_status(sim(current), target)
    assert caught.value.failure["source"] == "collection" and caught.value.failure["reason"] == reason
    assert caught.value.failure["status"] is None and caught.value.failure["code"] is None


def test_sim_view_is_what_a_person_reads():
    view = sim_view(sim("standby", tags=["z", "a"], data_limit={"amount": "2048", "unit": "MB"}, updated_at="2026-01-01T00:00:00Z"),
                    group_name="fleet")
    assert view == {"id": "6b14e151-8493-4fa1-8664-1cc4e6d14158", "iccid": "89883030000000000015", "status": "standby", "tags": ["a", "z"],
                    "sim_card_group_id": GROUP, "sim_card_group_name": "fleet", "data_limit": {"amount": "2048.0", "unit": "MB"},
                    "authorized_imeis": []}
    assert sim_view(None) == {}


def test_check_imeis():
    assert check_imeis(None) == [] and check_imeis([]) == []
    assert check_imeis(["864524030000017"]) == []
    assert "authorized_imeis" in check_imeis(["86452403"])[0]
    assert "at most 5" in check_imeis(["86452403000001%d" % n for n in range(6)])[0]


def test_list_query_filters_what_the_api_can():
    filters, keep = sim_card_list_query(tags=["b", "a"], statuses=["enabled"], group_id=GROUP, iccid_prefix="898830")
    assert filters == {"tags": ["a", "b"], "status": ["enabled"], "sim_card_group_id": GROUP, "iccid": "898830"}
    assert keep(sim("enabled")) and not keep(sim("enabled", iccid="11898830000000000001"))
    filters, keep = sim_card_list_query(statuses=["enabling", "enabled"])
    assert "status" not in filters  # the API does not filter on transitional statuses
    assert keep(sim("enabling")) and keep(sim("enabled")) and not keep(sim("disabled"))


@pytest.mark.parametrize("args, option", [
    ({"iccid": "123"}, "iccid"),
    ({"id": "not-a-uuid"}, "id"),
    ({"id": "6b14e151-8493-4fa1-8664-1cc4e6d14158", "registration_code": "0123456789"}, "registration_code"),
    ({"iccid": "89883030000000000015", "state": "present", "report_lost": True}, "report_lost"),
    ({"iccid": "89883030000000000015", "data_limit": {"amount": -1, "unit": "MB"}}, "data_limit.amount"),
    ({"iccid": "89883030000000000015", "data_limit": {"amount": 5}}, "data_limit needs both amount and unit"),
    ({"iccid": "89883030000000000015", "data_limit": {"unit": "MB"}}, "data_limit needs both amount and unit"),
    ({"iccid": "89883030000000000015", "registration_code": "0123456789", "data_limit": {"unit": "GB"}}, "data_limit needs both"),
])
def test_bad_input_fails_before_the_client_exists(args, option, capsys, monkeypatch):
    monkeypatch.setattr(sim_card.SimCardModule, "run", lambda self: pytest.fail("run() must not be reached"))
    with patch_module_args(dict(args, api_key="KEYsentinel-unit", api_url="http://127.0.0.1:9/v2")):
        with pytest.raises(SystemExit):
            sim_card.main()
    result = json.loads(capsys.readouterr().out)
    assert result["failed"] and option in result["msg"]
    assert "KEYsentinel-unit" not in json.dumps(result)
    if "registration_code" in args:
        assert args["registration_code"] not in json.dumps(result)  # no_log: a claim secret


def test_a_registration_telnyx_answers_202_with_errors_is_the_collections_reading():
    """Telnyx answered a 2xx: no HTTP error status to report, so source collection with Telnyx's error kept (the
    registration code redacted everywhere), the reason of a code its validation refuses."""
    error = {"code": "10015", "title": "Invalid registration code", "detail": "Registration code 5732914860 is not valid.",
             "source": {"pointer": "/registration_codes/0"}}
    refused = registration_refused("89310410106543789301", error, "5732914860")
    assert refused.failure == {
        "source": "collection", "reason": "invalid_registration_code", "status": None, "code": None,
        "title": "Invalid registration code", "detail": "Registration code (the code) is not valid",
        "errors": [{"code": "10015", "title": "Invalid registration code", "detail": "Registration code (the code) is not valid.",
                    "source": {"pointer": "/registration_codes/0"}}]}
    assert "5732914860" not in str(refused) and "89310410106543789301" in str(refused)
    assert registration_refused("89310410106543789301", {}, "5732914860").failure["errors"] == []
