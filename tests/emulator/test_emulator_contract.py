# -*- coding: utf-8 -*-
# Copyright: telnyx.wireless contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Contract: every one of the spec's 61 operations, success and error answers, validated against the spec.

Every response of every test is validated by the ``api``/``sdk`` fixtures; this module's tour guarantees
that each operation is exercised at least once in one process (whatever pytest-xdist does with the other
tests), and asserts it.
"""

import hashlib
import uuid

import pytest
import requests

from emulator.contract import SPEC_PATCHES, find_spec
from emulator.harness import wait_for

UNKNOWN = str(uuid.UUID(int=12345))
# sha256 of ../shared/telnyx-api/wireless-openapi.yaml as published for this project.
PUBLISHED_SHA256 = "81953a9bcea5e6202141c1463bcdfa0e04c753171a755cc06cb6f0281e9381d7"


def test_spec_loads_with_documented_patches_only(contract):
    assert len(contract.spec_operations) == 61
    assert len(SPEC_PATCHES) == 9
    # The file on disk is the published one (byte for byte); patches live in memory only.
    assert contract.sha256 == PUBLISHED_SHA256
    with open(find_spec(), "rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == PUBLISHED_SHA256


def _ok(response, status):
    assert response.status_code == status, response.text
    return response.json()


def _err(response, status, code=None):
    assert response.status_code == status, response.text
    body = response.json()
    if code is not None:
        assert body["errors"][0]["code"] == code, body
    return body


def test_tour_of_every_operation(emu, api, contract):  # pylint: disable=too-many-locals,too-many-statements
    seen = contract.track()
    try:
        emu.config(transition_seconds=0.05)
        seeded = emu.seed(sim_cards=4, esims=1, groups=["tour"], tags=["a"], registration_codes=2, ota_updates=1)
        sims = [s for s in seeded["sim_cards"] if s["type"] == "physical"]
        esim = [s for s in seeded["sim_cards"] if s["type"] == "esim"][0]
        sim_id = sims[0]["id"]
        codes = [c["registration_code"] for c in seeded["registration_codes"]]

        # Authentication
        _err(api.get("/sim_cards", headers={"Authorization": "Bearer wrong"}), 401, "10009")

        # SIM cards
        page = _ok(api.get("/sim_cards", params={"page[size]": 2, "filter[tags]": "a"}), 200)
        assert page["meta"]["total_results"] == 2
        _err(api.get("/sim_cards", params={"page[size]": 251}), 422, "10015")
        _ok(api.get("/sim_cards/" + sim_id, params={"include_sim_card_group": "true", "include_pin_puk_codes": "true"}), 200)
        _err(api.get("/sim_cards/" + UNKNOWN), 404, "10005")
        _ok(api.patch("/sim_cards/" + sim_id, json={"tags": ["a", "b"], "data_limit": {"amount": "500", "unit": "MB"}}), 200)
        _err(api.patch("/sim_cards/" + sim_id, json={"data_limit": {"amount": "5", "unit": "TB"}}), 422, "10015")
        _ok(api.post("/sim_cards/%s/actions/disable" % sim_id), 202)
        wait_for(lambda: api.get("/sim_cards/" + sim_id).json()["data"]["status"]["value"] == "disabled")
        _ok(api.post("/sim_cards/%s/actions/enable" % sim_id), 202)
        wait_for(lambda: api.get("/sim_cards/" + sim_id).json()["data"]["status"]["value"] == "enabled")
        _ok(api.post("/sim_cards/%s/actions/set_standby" % sim_id), 202)
        emu.force(sims[1]["id"], sim_card_group_id=None)
        _err(api.post("/sim_cards/%s/actions/enable" % sims[1]["id"]), 422, "70007")
        _ok(api.post("/sim_cards/%s/actions/set_public_ip" % sims[2]["id"], params={"region_code": "dc2"}), 202)
        _err(api.post("/sim_cards/%s/actions/set_public_ip" % sims[3]["id"], params={"region_code": "nowhere"}), 422, "10015")
        _err(api.get("/sim_cards/%s/public_ip" % sims[3]["id"]), 404, "10005")
        wait_for(lambda: api.get("/sim_cards/%s/public_ip" % sims[2]["id"]).json()["data"]["ip"])
        _ok(api.post("/sim_cards/%s/actions/remove_public_ip" % sims[2]["id"]), 202)
        _ok(api.get("/sim_cards/%s/device_details" % sim_id), 200)
        _ok(api.get("/sim_cards/%s/activation_code" % esim["id"]), 200)
        _err(api.get("/sim_cards/%s/activation_code" % sim_id), 422, "10015")
        _ok(api.get("/sim_cards/%s/wireless_connectivity_logs" % sim_id), 200)
        _ok(api.post("/sim_cards/actions/validate_registration_codes", json={"registration_codes": [codes[0], "0000000000"]}), 200)
        registered = _ok(api.post("/actions/register/sim_cards", json={"registration_codes": [codes[0], "0000000000"]}), 202)
        assert len(registered["data"]) == 1 and len(registered["errors"]) == 1
        _err(api.post("/actions/register/sim_cards", json={"registration_codes": [codes[1]], "status": "bogus"}), 422, "10015")
        _ok(api.post("/actions/purchase/esims", json={"amount": 1, "tags": ["e"]}), 202)
        _err(api.post("/actions/purchase/esims", json={"amount": 0}), 422, "10015")
        _ok(api.post("/sim_cards/%s/actions/enable_voice" % esim["id"], json={}), 202)  # SDK drift, not in the 61
        bulk = _ok(api.post("/sim_cards/actions/bulk_set_public_ips", json={"sim_card_ids": [sims[3]["id"]]}), 202)
        _err(api.post("/sim_cards/actions/bulk_set_public_ips", json={"sim_card_ids": []}), 422, "10015")
        _ok(api.post("/sim_cards/actions/bulk_enable_voice", json={"sim_card_group_id": sims[3]["sim_card_group_id"]}), 202)
        _ok(api.post("/sim_cards/actions/bulk_disable_voice", json={"sim_card_group_id": sims[3]["sim_card_group_id"]}), 202)
        _err(api.post("/sim_cards/actions/bulk_disable_voice", json={"sim_card_group_id": UNKNOWN}), 422, "10015")
        emu.force(sims[1]["id"], actions_in_progress=True)
        _err(api.delete("/sim_cards/" + sims[1]["id"]), 422, "10036")
        emu.force(sims[1]["id"], actions_in_progress=False)
        _err(api.delete("/sim_cards/" + sims[1]["id"], params={"report_lost": "true"}), 422, "10015")
        _ok(api.delete("/sim_cards/" + sims[1]["id"]), 200)

        # SIM card actions and bulk actions
        actions = _ok(api.get("/sim_card_actions", params={"filter[sim_card_id]": sim_id}), 200)
        _ok(api.get("/sim_card_actions/" + actions["data"][0]["id"]), 200)
        _err(api.get("/sim_card_actions/" + UNKNOWN), 404, "10005")
        _err(api.get("/sim_card_actions", params={"filter[status]": "sleeping"}), 422, "10015")
        _ok(api.get("/bulk_sim_card_actions"), 200)
        _ok(api.get("/bulk_sim_card_actions/" + bulk["data"]["id"]), 200)
        _err(api.get("/bulk_sim_card_actions/" + UNKNOWN), 404, "10005")

        # Data usage notifications
        note = _ok(api.post("/sim_card_data_usage_notifications", json={"sim_card_id": sim_id, "threshold": {"amount": "100", "unit": "MB"}}), 201)
        _err(api.post("/sim_card_data_usage_notifications", json={"sim_card_id": sim_id, "threshold": {"amount": "1", "unit": "KB"}}), 422)
        note_id = note["data"]["id"]
        _ok(api.get("/sim_card_data_usage_notifications", params={"filter[sim_card_id]": sim_id}), 200)
        _ok(api.get("/sim_card_data_usage_notifications/" + note_id), 200)
        _err(api.get("/sim_card_data_usage_notifications/" + UNKNOWN), 404, "10005")
        _ok(api.patch("/sim_card_data_usage_notifications/" + note_id, json={"threshold": {"amount": "2", "unit": "GB"}}), 200)
        _ok(api.delete("/sim_card_data_usage_notifications/" + note_id), 200)
        _err(api.delete("/sim_card_data_usage_notifications/" + note_id), 404, "10005")

        # Private wireless gateways, blocklists, groups and group actions
        pwg = _ok(api.post("/private_wireless_gateways", json={"name": "gw", "network_id": str(uuid.uuid4())}), 202)["data"]
        _err(api.post("/private_wireless_gateways", json={"network_id": "not-a-uuid"}), 422)
        _ok(api.get("/private_wireless_gateways", params={"filter[name]": "gw"}), 200)
        wait_for(lambda: api.get("/private_wireless_gateways/" + pwg["id"]).json()["data"]["status"]["value"] == "provisioned")
        _err(api.get("/private_wireless_gateways/" + UNKNOWN), 404, "10005")
        blocklist = _ok(api.post("/wireless_blocklists", json={"name": "bl", "type": "country", "values": ["CA", "US"]}), 202)["data"]
        _err(api.post("/wireless_blocklists", json={"name": "bl", "type": "country", "values": ["usa"]}), 422)
        _ok(api.get("/wireless_blocklists", params={"filter[values]": "US"}), 200)
        _ok(api.get("/wireless_blocklists/" + blocklist["id"]), 200)
        _ok(api.patch("/wireless_blocklists/" + blocklist["id"], json={"values": ["MX"]}), 202)
        _ok(api.get("/wireless_blocklist_values", params={"type": "mcc"}), 200)
        _err(api.get("/wireless_blocklist_values", params={"type": "imsi"}), 422)
        group = _ok(api.post("/sim_card_groups", json={"name": "g1", "data_limit": {"amount": "1", "unit": "GB"}}), 200)["data"]
        _err(api.post("/sim_card_groups", json={}), 422, "10004")
        _ok(api.get("/sim_card_groups", params={"filter[name]": "g1"}), 200)
        _ok(api.get("/sim_card_groups/" + group["id"], params={"include_iccids": "true"}), 200)
        _err(api.get("/sim_card_groups/" + UNKNOWN), 404, "10005")
        _ok(api.patch("/sim_card_groups/" + group["id"], json={"name": "g2"}), 200)
        emu.config(transition_seconds=3600)
        set_gw = _ok(api.post("/sim_card_groups/%s/actions/set_private_wireless_gateway" % group["id"],
                              json={"private_wireless_gateway_id": pwg["id"]}), 202)["data"]
        _err(api.post("/sim_card_groups/%s/actions/set_wireless_blocklist" % group["id"], json={"wireless_blocklist_id": blocklist["id"]}),
             422, "10036")
        emu.advance(3600)
        emu.config(transition_seconds=0.05)
        assert api.get("/sim_card_group_actions/" + set_gw["id"]).json()["data"]["status"] == "completed"
        _ok(api.post("/sim_card_groups/%s/actions/set_wireless_blocklist" % group["id"], json={"wireless_blocklist_id": blocklist["id"]}), 202)
        _ok(api.get("/sim_card_group_actions", params={"filter[sim_card_group_id]": group["id"]}), 200)
        wait_for(lambda: not api.get("/sim_card_group_actions", params={"filter[status]": "in-progress"}).json()["data"])
        _err(api.delete("/private_wireless_gateways/" + pwg["id"]), 422, "10021")
        _err(api.delete("/wireless_blocklists/" + blocklist["id"]), 422, "10021")
        _ok(api.post("/sim_card_groups/%s/actions/remove_private_wireless_gateway" % group["id"]), 202)
        wait_for(lambda: not api.get("/sim_card_group_actions", params={"filter[status]": "in-progress"}).json()["data"])
        _ok(api.post("/sim_card_groups/%s/actions/remove_wireless_blocklist" % group["id"]), 202)
        wait_for(lambda: not api.get("/sim_card_group_actions", params={"filter[status]": "in-progress"}).json()["data"])
        _err(api.post("/sim_card_groups/%s/actions/remove_wireless_blocklist" % group["id"]), 422, "10015")
        _err(api.get("/sim_card_group_actions/" + UNKNOWN), 404, "10005")
        _ok(api.delete("/private_wireless_gateways/" + pwg["id"]), 200)
        _ok(api.delete("/wireless_blocklists/" + blocklist["id"]), 200)
        _err(api.get("/wireless_blocklists/" + blocklist["id"]), 404, "10005")
        _ok(api.delete("/sim_card_groups/" + group["id"]), 200)
        default_id = _ok(api.get("/sim_card_groups", params={"filter[name]": "Default"}), 200)["data"][0]["id"]
        _err(api.delete("/sim_card_groups/" + default_id), 422, "70006")

        # Orders, OTA updates, operators, regions, WDR reports
        _ok(api.post("/sim_card_order_preview", json={"address_id": "1293384261075731499", "quantity": 3}), 202)
        _err(api.post("/sim_card_order_preview", json={"address_id": "1293384261075731499", "quantity": 0}), 422)
        order = _ok(api.post("/sim_card_orders", json={"address_id": "1293384261075731499", "quantity": 3}), 200)["data"]
        _ok(api.get("/sim_card_orders", params={"filter[quantity]": "3", "filter[address.id]": "1293384261075731499"}), 200)
        _ok(api.get("/sim_card_orders/" + order["id"]), 200)
        _err(api.get("/sim_card_orders/" + UNKNOWN), 404, "10005")
        ota = _ok(api.get("/ota_updates", params={"filter[type]": "sim_card_network_preferences"}), 200)["data"][0]
        _ok(api.get("/ota_updates/" + ota["id"]), 200)
        _err(api.get("/ota_updates/" + UNKNOWN), 404, "10005")
        _ok(api.get("/mobile_network_operators", params={"filter[name][starts_with]": "AT", "filter[country_code]": "US"}), 200)
        _ok(api.get("/wireless/regions", params={"product": "public_ips"}), 200)
        _err(api.get("/wireless/regions"), 422, "10004")
        report = _ok(api.post("/wireless/detail_records_reports",
                              json={"start_time": "2026-01-01T00:00:00.000Z", "end_time": "2026-02-01T00:00:00.000Z"}), 201)["data"]
        _err(api.post("/wireless/detail_records_reports", json={"start_time": "2026-02-01T00:00:00Z", "end_time": "2026-01-01T00:00:00Z"}), 422)
        _ok(api.get("/wireless/detail_records_reports"), 200)
        _ok(api.get("/wireless/detail_records_reports/" + report["id"]), 200)
        _ok(api.delete("/wireless/detail_records_reports/" + report["id"]), 200)
        _err(api.get("/wireless/detail_records_reports/" + report["id"]), 404, "10005")
    finally:
        contract.untrack(seen)

    exercised = {op for op, _status in seen}
    missing = contract.spec_operations - exercised
    assert not missing, "operations never exercised: %s" % sorted(missing)
    succeeded = {op for op, status in seen if status < 300}
    assert contract.spec_operations <= succeeded, sorted(contract.spec_operations - succeeded)
    assert any(status == 404 for _op, status in seen) and any(status == 422 for _op, status in seen)


@pytest.mark.parametrize("path", ["/sim_cards/not-a-uuid", "/sim_card_groups/zzz", "/sim_card_actions/123"])
def test_malformed_ids_are_not_found(api, path):
    _err(api.get(path), 404, "10005")


def test_unknown_route_and_method(emu):
    # Not spec operations, so checked with plain requests: Telnyx error envelopes all the same.
    headers = emu.headers
    response = requests.get(emu.url + "/nothing_here", headers=headers, timeout=10)
    assert response.status_code == 404 and response.json()["errors"][0]["code"] == "10005"
    response = requests.put(emu.url + "/sim_cards", headers=headers, timeout=10)
    assert response.status_code == 405 and "GET" in response.headers["Allow"]
    assert response.json()["errors"][0]["code"] == "10030"
    response = requests.post(emu.url + "/sim_card_groups", headers=dict(headers, **{"Content-Type": "application/json"}), data="{nope",
                             timeout=10)
    assert response.status_code == 400 and response.json()["errors"][0]["detail"].startswith("The request body is not valid JSON")
