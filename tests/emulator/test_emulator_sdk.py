# -*- coding: utf-8 -*-
# Copyright: telnyx.wireless contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Telnyx's official Python SDK (telnyx==4.189.0), strict response validation, against the emulator.

Every response is also validated against the spec by the ``sdk`` fixture's HTTP client.
"""

import uuid

import pytest
import telnyx

from emulator.harness import wait_for

HOLD = 3600  # a transition time that never elapses by itself; emu.advance(HOLD) completes what is pending


def _status(sdk, sim_id):
    return sdk.sim_cards.retrieve(sim_id).data.status.value


def test_sdk_version_is_the_pinned_one():
    assert telnyx.__version__ == "4.189.0"


def test_list_auto_paging_and_filters(emu, sdk):
    seeded = emu.seed(sim_cards=45, groups=["g1", "g2"], tags=["a", "b"])
    page_sizes = []
    emu.clear_requests()
    cards = list(sdk.sim_cards.list(page_size=10))
    assert len(cards) == 45 and len({c.id for c in cards}) == 45
    for entry in emu.requests():
        page_sizes.append((entry["query"].get("page[number]", ["1"])[0], entry["query"]["page[size]"][0]))
    assert page_sizes == [(str(n), "10") for n in range(1, 6)]
    first = sdk.sim_cards.list(page_size=10)
    assert first.meta.total_pages == 5 and first.meta.total_results == 45 and first.meta.page_number == 1

    both = list(sdk.sim_cards.list(filter={"tags": ["a", "b"]}, page_size=250))
    assert len(both) == sum(1 for i in range(45) if i & 3 == 3)
    assert all({"a", "b"} <= set(c.tags) for c in both)
    g1 = seeded["groups"][0]["id"]
    in_g1 = list(sdk.sim_cards.list(filter_sim_card_group_id=g1, page_size=7))
    assert len(in_g1) == 23 and all(c.sim_card_group_id == g1 for c in in_g1)
    iccid = seeded["sim_cards"][7]["iccid"]
    assert [c.iccid for c in sdk.sim_cards.list(filter={"iccid": iccid[-6:]})] == [iccid]
    assert len(list(sdk.sim_cards.list(filter={"status": ["enabled"]}, page_size=250))) == 45
    assert not list(sdk.sim_cards.list(filter={"status": ["disabled", "standby"]}))
    with_group = sdk.sim_cards.list(include_sim_card_group=True, page_size=1).data[0]
    assert with_group.model_extra["sim_card_group"]["id"] == with_group.sim_card_group_id


def test_retrieve_update_delete(emu, sdk):
    sim_id = emu.seed(sim_cards=1)["sim_cards"][0]["id"]
    group = sdk.sim_card_groups.create(name="moved").data
    card = sdk.sim_cards.retrieve(sim_id, include_pin_puk_codes=True).data
    assert card.iccid.startswith("89") and len(card.iccid) in (19, 20) and card.pin_puk_codes.puk1
    assert card.current_billing_period_consumed_data.amount == "0.0"
    updated = sdk.sim_cards.update(sim_id, tags=["x", "y"], authorized_imeis=["490154203237518"], data_limit={"amount": "2", "unit": "GB"},
                                   sim_card_group_id=group.id).data
    assert updated.tags == ["x", "y"] and updated.authorized_imeis == ["490154203237518"]
    assert (updated.data_limit.amount, updated.data_limit.unit) == ("2.0", "GB") and updated.sim_card_group_id == group.id
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        sdk.sim_cards.update(sim_id, authorized_imeis=["490154203237518"] * 6)
    assert caught.value.body["errors"][0]["source"]["pointer"] == "/authorized_imeis"
    deleted = sdk.sim_cards.delete(sim_id).data
    assert deleted.status.value == "disabling"
    wait_for(lambda: not _exists(sdk, sim_id), message="deletion")


def _exists(sdk, sim_id):
    try:
        sdk.sim_cards.retrieve(sim_id)
        return True
    except telnyx.NotFoundError:
        return False


def test_single_sim_status_actions(emu, sdk):
    sim_id = emu.seed(sim_cards=1)["sim_cards"][0]["id"]
    emu.config(transition_seconds=HOLD)
    action = sdk.sim_cards.actions.disable(sim_id).data
    assert (action.action_type, action.status.value, action.sim_card_id) == ("disable", "in-progress", sim_id)
    assert _status(sdk, sim_id) == "disabling"
    emu.advance(HOLD)
    emu.config(transition_seconds=0.2)
    wait_for(lambda: _status(sdk, sim_id) == "disabled")
    assert sdk.sim_cards.actions.retrieve(action.id).data.status.value == "completed"
    sdk.sim_cards.actions.enable(sim_id)
    wait_for(lambda: _status(sdk, sim_id) == "enabled")
    assert sdk.sim_cards.actions.set_standby(sim_id).data.status.value == "in-progress"
    wait_for(lambda: _status(sdk, sim_id) == "standby")
    assert sdk.sim_cards.retrieve(sim_id).data.actions_in_progress is False
    types = [a.action_type for a in sdk.sim_cards.actions.list(filter={"sim_card_id": sim_id})]
    assert types == ["set_standby", "enable", "disable"]  # newest first
    assert [a.action_type for a in sdk.sim_cards.actions.list(filter={"action_type": "enable", "status": "completed"})] == ["enable"]


def test_voice_actions_and_bulk_voice(emu, sdk):
    seeded = emu.seed(sim_cards=3, groups=["voice"])
    sim_id, group_id = seeded["sim_cards"][0]["id"], seeded["groups"][0]["id"]
    action = sdk.sim_cards.actions.enable_voice(sim_id).data
    assert action.action_type == "enable_voice"
    wait_for(lambda: sdk.sim_cards.retrieve(sim_id).data.voice_enabled)
    bulk = sdk.sim_cards.actions.bulk_enable_voice(sim_card_group_id=group_id).data
    assert bulk.action_type == "bulk_enable_voice"
    detailed = wait_for(lambda: _all_completed(sdk, bulk.id))
    assert detailed.sim_card_actions_summary[0].count == 3
    per_sim = list(sdk.sim_cards.actions.list(filter={"bulk_sim_card_action_id": bulk.id}))
    assert len(per_sim) == 3
    assert sdk.bulk_sim_card_actions.list(filter_action_type="bulk_enable_voice").data[0].id == bulk.id
    bulk_off = sdk.sim_cards.actions.bulk_disable_voice(sim_card_group_id=group_id).data
    wait_for(lambda: _all_completed(sdk, bulk_off.id))
    assert sdk.sim_cards.actions.disable_voice(sim_id).data.status.value == "completed"  # already off: a no-op
    assert sdk.sim_cards.retrieve(sim_id).data.voice_enabled is False


def _all_completed(sdk, bulk_id):
    detailed = sdk.bulk_sim_card_actions.retrieve(bulk_id).data
    return detailed if [s.status for s in detailed.sim_card_actions_summary] == ["completed"] else None


def test_public_ip_lifecycle(emu, sdk_factory):
    """set_public_ip / remove_public_ip actions carry action_type set_public_ip / remove_public_ip (README
    quirk 3), which SDK 4.189's WirelessSimCardAction.action_type Literal lacks: strict validation rejects
    them. The emulator keeps the faithful values; those two calls use a non-strict client."""
    strict, lenient = sdk_factory(), sdk_factory(strict=False)
    sim_id = emu.seed(sim_cards=1)["sim_cards"][0]["id"]
    emu.config(transition_seconds=HOLD)
    with pytest.raises(telnyx.NotFoundError):
        strict.sim_cards.get_public_ip(sim_id)
    regions = [r.code for r in strict.wireless.retrieve_regions(product="public_ips").data]
    assert "dc2" in regions
    with pytest.raises(telnyx.APIResponseValidationError):
        strict.sim_cards.actions.set_public_ip(sim_id, region_code="dc2")
    assert emu.sim(sim_id)["_emulator"]["public_ip"] == {"ip": None, "region_code": "dc2"}
    pending = strict.sim_cards.get_public_ip(sim_id).data
    assert pending.ip is None and pending.region_code == "dc2"
    emu.advance(HOLD)
    address = strict.sim_cards.get_public_ip(sim_id).data.ip
    assert address.count(".") == 3
    action = lenient.sim_cards.actions.remove_public_ip(sim_id).data
    assert action.action_type == "remove_public_ip"
    emu.advance(HOLD)
    assert not emu.sim(sim_id)["_emulator"]["public_ip"]
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        strict.sim_cards.actions.set_public_ip(sim_id, region_code="mars")
    assert caught.value.body["errors"][0]["source"]["parameter"] == "region_code"
    lenient_action = lenient.sim_cards.actions.set_public_ip(sim_id, region_code="am1").data
    assert (lenient_action.action_type, lenient_action.settings) == ("set_public_ip", {"region_code": "am1"})
    bulk = strict.sim_cards.actions.bulk_set_public_ips(sim_card_ids=[emu.seed(sim_cards=1)["sim_cards"][0]["id"]]).data
    assert bulk.action_type == "bulk_set_public_ips"


def test_data_usage_notifications(emu, sdk):
    sim_id = emu.seed(sim_cards=1)["sim_cards"][0]["id"]
    created = sdk.sim_card_data_usage_notifications.create(sim_card_id=sim_id, threshold={"amount": "500", "unit": "MB"}).data
    assert created.threshold.amount == "500.0" and created.sim_card_id == sim_id
    assert sdk.sim_card_data_usage_notifications.retrieve(created.id).data.id == created.id
    updated = sdk.sim_card_data_usage_notifications.update(created.id, threshold={"amount": "1", "unit": "GB"}).data
    assert (updated.threshold.amount, updated.threshold.unit) == ("1.0", "GB")
    listed = list(sdk.sim_card_data_usage_notifications.list(filter_sim_card_id=sim_id))
    assert [n.id for n in listed] == [created.id]
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        sdk.sim_card_data_usage_notifications.create(sim_card_id=sim_id, threshold={"amount": "1", "unit": "KB"})
    assert caught.value.body["errors"][0]["source"]["pointer"] == "/threshold/unit"
    assert sdk.sim_card_data_usage_notifications.delete(created.id).data.id == created.id
    with pytest.raises(telnyx.NotFoundError):
        sdk.sim_card_data_usage_notifications.retrieve(created.id)


def test_groups_and_group_actions(emu, sdk):
    sim_id = emu.seed(sim_cards=1)["sim_cards"][0]["id"]
    group = sdk.sim_card_groups.create(name="fleet", data_limit={"amount": "10", "unit": "GB"}).data
    assert group.default is False and group.data_limit.amount == "10.0"
    sdk.sim_cards.update(sim_id, sim_card_group_id=group.id)
    detail = sdk.sim_card_groups.retrieve(group.id, include_iccids=True).data
    assert len(detail.model_extra["iccids"]) == 1
    listed = sdk.sim_card_groups.list(filter_name="fleet").data
    assert [(g.id, g.sim_card_count) for g in listed] == [(group.id, 1)]
    assert sdk.sim_card_groups.update(group.id, name="fleet-2").data.name == "fleet-2"
    default = [g for g in sdk.sim_card_groups.list() if g.default][0]
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        sdk.sim_card_groups.delete(default.id)
    assert caught.value.body["errors"][0]["code"] == "70006"
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        sdk.sim_card_groups.delete(group.id)
    assert caught.value.body["errors"][0]["code"] == "70005"

    emu.config(transition_seconds=HOLD)
    gateway = sdk.private_wireless_gateways.create(name="pwg", network_id=str(uuid.uuid4())).data
    assert gateway.status.value == "provisioning"
    with pytest.raises(telnyx.UnprocessableEntityError):
        sdk.sim_card_groups.actions.set_private_wireless_gateway(group.id, private_wireless_gateway_id=gateway.id)
    emu.advance(HOLD)
    emu.config(transition_seconds=0.2)
    assert sdk.private_wireless_gateways.retrieve(gateway.id).data.status.value == "provisioned"
    action = sdk.sim_card_groups.actions.set_private_wireless_gateway(group.id, private_wireless_gateway_id=gateway.id).data
    assert (action.type, action.status) == ("set_private_wireless_gateway", "in-progress")
    wait_for(lambda: sdk.sim_card_groups.retrieve(group.id).data.private_wireless_gateway_id == gateway.id)
    assert sdk.sim_card_groups.actions.retrieve(action.id).data.status == "completed"
    assert sdk.private_wireless_gateways.list(filter_name="pwg").data[0].assigned_resources[0].count == 1
    sdk.sim_card_groups.actions.remove_private_wireless_gateway(group.id)
    wait_for(lambda: sdk.sim_card_groups.retrieve(group.id).data.private_wireless_gateway_id is None)

    blocklist = sdk.wireless_blocklists.create(name="no-na", type="country", values=["US", "CA"]).data
    sdk.sim_card_groups.actions.set_wireless_blocklist(group.id, wireless_blocklist_id=blocklist.id)
    wait_for(lambda: sdk.sim_card_groups.retrieve(group.id).data.wireless_blocklist_id == blocklist.id)
    assert [g.id for g in sdk.sim_card_groups.list(filter_wireless_blocklist_id=blocklist.id)] == [group.id]
    sdk.sim_card_groups.actions.remove_wireless_blocklist(group.id)
    wait_for(lambda: sdk.sim_card_groups.retrieve(group.id).data.wireless_blocklist_id is None)
    kinds = [a.type for a in sdk.sim_card_groups.actions.list(filter_sim_card_group_id=group.id)]
    assert kinds == ["remove_wireless_blocklist", "set_wireless_blocklist", "remove_private_wireless_gateway", "set_private_wireless_gateway"]

    sdk.sim_cards.update(sim_id, sim_card_group_id=default.id)
    assert sdk.sim_card_groups.delete(group.id).data.id == group.id
    with pytest.raises(telnyx.NotFoundError):
        sdk.sim_card_groups.retrieve(group.id)


def test_registration_validation_and_purchase(emu, sdk):
    codes = emu.seed(registration_codes=2)["registration_codes"]
    group = sdk.sim_card_groups.create(name="new").data
    valid = sdk.sim_cards.actions.validate_registration_codes(registration_codes=[codes[0]["registration_code"], "123"]).data
    assert [(v.valid, v.invalid_detail is None) for v in valid] == [(True, True), (False, False)]
    answer = sdk.actions.register.create(registration_codes=[codes[0]["registration_code"]], sim_card_group_id=group.id,
                                         status="standby", tags=["new"])
    card = answer.data[0]
    assert (card.iccid, card.status.value, card.sim_card_group_id, card.tags) == (codes[0]["iccid"], "registering", group.id, ["new"])
    wait_for(lambda: _status(sdk, card.id) == "standby")
    again = sdk.actions.register.create(registration_codes=[codes[0]["registration_code"]])
    assert again.data == [] and again.errors[0].detail == "This code has already been used."
    used = sdk.sim_cards.actions.validate_registration_codes(registration_codes=[codes[0]["registration_code"]]).data[0]
    assert used.valid is False and used.invalid_detail == "This code has already been used."

    purchased = sdk.actions.purchase.create(amount=2, tags=["esim"]).data
    assert [c.type for c in purchased] == ["esim", "esim"] and all(c.eid for c in purchased)
    code = sdk.sim_cards.get_activation_code(purchased[0].id).data.activation_code
    assert code.startswith("LPA:1$")
    details = sdk.sim_cards.get_device_details(purchased[0].id).data
    assert details.imei and details.brand_name
    logs = sdk.sim_cards.list_wireless_connectivity_logs(purchased[0].id)
    assert logs.data and logs.data[0].sim_card_id == purchased[0].id


def test_errors_become_sdk_exceptions(emu, sdk_factory):
    sdk = sdk_factory()
    sim_id = emu.seed(sim_cards=1)["sim_cards"][0]["id"]
    with pytest.raises(telnyx.NotFoundError):
        sdk.sim_cards.retrieve(str(uuid.uuid4()))
    emu.force(sim_id, sim_card_group_id=None)
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        sdk.sim_cards.actions.enable(sim_id)
    assert caught.value.body["errors"][0]["code"] == "70007"
    with pytest.raises(telnyx.AuthenticationError):
        sdk_factory(api_key="wrong-key").sim_cards.list()
    emu.faults(rate=1.0, kinds=["429"], seed=1, retry_after=2)
    with pytest.raises(telnyx.RateLimitError) as caught:
        sdk.sim_cards.list()
    assert caught.value.response.headers["retry-after"] == "2"
    emu.faults(rate=1.0, kinds=["503"], seed=1)
    with pytest.raises(telnyx.InternalServerError):
        sdk.sim_cards.list()


def test_calls_the_spec_allows_and_sdk_4_189_shapes(emu, sdk):
    """What the SDK's own API tests send with their minimal arguments, and the 4.189 shapes the spec snapshot
    lacks: validation of no codes, a WDR report without times, a gateway's address_mode, blocklist values."""
    assert sdk.sim_cards.actions.validate_registration_codes(registration_codes=[]).data == []
    report = sdk.wireless.detail_records_reports.create().data
    assert report.start_time and report.end_time and report.start_time <= report.end_time
    same = sdk.wireless.detail_records_reports.create(start_time="2026-01-01T00:00:00Z", end_time="2026-01-01T00:00:00Z").data
    assert same.start_time == same.end_time
    gateway = sdk.private_wireless_gateways.create(name="gw", network_id=str(uuid.uuid4()), address_mode="static").data
    assert (gateway.address_mode, gateway.status.value) == ("static", "provisioning")
    assert sdk.private_wireless_gateways.retrieve(gateway.id).data.address_mode == "static"
    countries = sdk.wireless_blocklist_values.list(type="country").data
    assert "US" in {item.country_code for item in countries}
    assert "310410" in {item.plmn for item in sdk.wireless_blocklist_values.list(type="plmn").data}
    group = sdk.sim_card_groups.create(name="g").data
    emu.fail_next("sim_card_group_action", type="set_wireless_blocklist", id=group.id)
    blocklist = sdk.wireless_blocklists.create(name="b", type="mcc", values=["310"]).data
    action = sdk.sim_card_groups.actions.set_wireless_blocklist(group.id, wireless_blocklist_id=blocklist.id).data
    assert action.settings.wireless_blocklist_id == blocklist.id
    emu.advance(HOLD)
    assert sdk.sim_card_groups.actions.retrieve(action.id).data.status == "failed"
