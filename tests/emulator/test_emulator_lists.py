# -*- coding: utf-8 -*-
# Copyright: telnyx.wireless contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Paging, filters, sorting and the seed helper."""

import re

import pytest


def test_pagination_meta_and_bounds(emu, api):
    emu.seed(sim_cards=45)
    default = api.get("/sim_cards").json()
    assert len(default["data"]) == 20
    assert default["meta"] == {"page_number": 1, "page_size": 20, "total_pages": 3, "total_results": 45}
    last = api.get("/sim_cards", params={"page[number]": 3}).json()
    assert len(last["data"]) == 5 and last["meta"]["page_number"] == 3
    beyond = api.get("/sim_cards", params={"page[number]": 9}).json()
    assert beyond["data"] == [] and beyond["meta"]["total_results"] == 45
    everything = api.get("/sim_cards", params={"page[size]": 250}).json()
    assert len(everything["data"]) == 45 and everything["meta"]["total_pages"] == 1
    ids = [c["id"] for n in (1, 2, 3) for c in api.get("/sim_cards", params={"page[number]": n}).json()["data"]]
    assert ids == [c["id"] for c in everything["data"]]
    for params in ({"page[size]": 0}, {"page[size]": 251}, {"page[number]": 0}, {"page[size]": "ten"}):
        response = api.get("/sim_cards", params=params)
        assert response.status_code == 422, params
        assert response.json()["errors"][0]["source"]["parameter"] == list(params)[0]
    empty = api.get("/sim_card_data_usage_notifications").json()
    assert empty == {"data": [], "meta": {"page_number": 1, "page_size": 20, "total_pages": 0, "total_results": 0}}


@pytest.mark.parametrize("path", ["/sim_card_actions", "/bulk_sim_card_actions", "/sim_card_groups", "/sim_card_group_actions",
                                  "/sim_card_orders", "/private_wireless_gateways", "/ota_updates", "/mobile_network_operators",
                                  "/wireless_blocklists", "/sim_card_data_usage_notifications", "/wireless/detail_records_reports"])
def test_every_list_validates_page_size(emu, api, path):
    del emu
    assert api.get(path, params={"page[size]": 251}).status_code == 422
    assert api.get(path, params={"page[size]": 1}).json()["meta"]["page_size"] == 1


def test_sim_card_filters(emu, api):
    seeded = emu.seed(sim_cards=16, tags=["a", "b", "c"], groups=["g1", "g2"], statuses=["enabled", "disabled", "standby", "enabled"])
    sims = seeded["sim_cards"]

    def ids(**params):
        return sorted(c["id"] for c in api.get("/sim_cards", params=dict(params, **{"page[size]": 250})).json()["data"])

    with_ab = sorted(s["id"] for i, s in enumerate(sims) if i & 3 == 3)
    assert ids(**{"filter[tags]": "a,b"}) == with_ab
    assert ids(**{"filter[tags]": ["a", "b"]}) == with_ab        # repeated keys
    assert ids(**{"filter[tags][]": ["b", "a"]}) == with_ab
    assert ids(**{"filter[tags]": "zzz"}) == []
    assert ids(**{"filter[status]": "disabled,standby"}) == sorted(s["id"] for s in sims if s["status"] in ("disabled", "standby"))
    assert ids(**{"filter[status]": ["disabled", "standby"]}) == ids(**{"filter[status]": "disabled,standby"})
    assert ids(**{"filter[status]": "unauthorized_imei"}) == []
    assert api.get("/sim_cards", params={"filter[status]": "enabling"}).status_code == 422
    group_ids = {g["name"]: g["id"] for g in seeded["groups"]}
    assert ids(**{"filter[sim_card_group_id]": group_ids["g2"]}) == sorted(s["id"] for i, s in enumerate(sims) if i % 2)
    assert api.get("/sim_cards", params={"filter[sim_card_group_id]": "nope"}).status_code == 422
    assert ids(**{"filter[iccid]": sims[5]["iccid"][-8:]}) == [sims[5]["id"]]
    assert ids(**{"filter[iccid]": "8988303"}) == sorted(s["id"] for s in sims)
    card = api.get("/sim_cards/" + sims[3]["id"]).json()["data"]
    assert ids(**{"filter[msisdn]": card["msisdn"]}) == [sims[3]["id"]]
    assert ids(**{"filter[tags]": "c", "filter[status]": "enabled", "filter[sim_card_group_id]": group_ids["g2"]}) == sorted(
        s["id"] for i, s in enumerate(sims) if i & 4 and s["status"] == "enabled" and i % 2)


def test_sort_by_consumption(emu, api):
    ids = [s["id"] for s in emu.seed(sim_cards=4)["sim_cards"]]
    for sim_id, megabytes in zip(ids, (5, 50, 1, 20)):
        emu.consume(sim_id, megabytes)
    ascending = api.get("/sim_cards", params={"sort": "current_billing_period_consumed_data.amount"}).json()["data"]
    assert [c["current_billing_period_consumed_data"]["amount"] for c in ascending] == ["1.0", "5.0", "20.0", "50.0"]
    descending = api.get("/sim_cards", params={"sort": "-current_billing_period_consumed_data.amount"}).json()["data"]
    assert [c["id"] for c in descending] == [c["id"] for c in reversed(ascending)]
    assert api.get("/sim_cards", params={"sort": "iccid"}).status_code == 422


def test_sim_card_objects_have_every_spec_field(emu, api, contract):
    emu.seed(sim_cards=1, esims=1)
    simple = set(contract.spec["components"]["schemas"]["SimpleSIMCard"]["properties"])
    full = set(contract.spec["components"]["schemas"]["SIMCard"]["properties"])
    for card in api.get("/sim_cards").json()["data"]:
        assert set(card) == simple
        detail = api.get("/sim_cards/" + card["id"]).json()["data"]
        assert set(detail) == full - {"pin_puk_codes"}
        assert set(api.get("/sim_cards/" + card["id"], params={"include_pin_puk_codes": "true"}).json()["data"]) == full
        assert re.match(r"^89\d{17,18}$", card["iccid"])
        assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", card["created_at"])
        assert isinstance(card["current_billing_period_consumed_data"]["amount"], str)


def test_seed_semantics(emu, api):
    first = emu.seed(sim_cards=8, groups=["x", "y"], tags=["t0", "t1", "t2"], registration_codes=2, esims=2,
                     statuses=["enabled", "disabled"], data_limit={"amount": "100", "unit": "MB"})
    sims = first["sim_cards"]
    assert len(sims) == 10 and [s["type"] for s in sims] == ["physical"] * 8 + ["esim"] * 2
    for i, sim in enumerate(sims):
        assert sim["tags"] == [t for j, t in enumerate(["t0", "t1", "t2"]) if (i >> j) & 1]
        assert sim["sim_card_group_id"] == first["groups"][i % 2]["id"]
        assert sim["status"] == ["enabled", "disabled"][i % 2]
    assert [g["name"] for g in first["groups"]] == ["x", "y"]
    assert all(re.match(r"^\d{10}$", c["registration_code"]) and c["iccid"].startswith("89") for c in first["registration_codes"])
    assert api.get("/sim_cards/" + sims[0]["id"]).json()["data"]["data_limit"] == {"amount": "100.0", "unit": "MB"}
    second = emu.seed(sim_cards=1, groups=["y", "z"])
    assert second["groups"][0]["id"] == first["groups"][1]["id"]
    assert emu.seed()["groups"][0]["name"] == "Default"
    state = emu.state()
    assert (state["sims"], state["groups"], state["unregistered_cards"]) == (11, 4, 2)
    iccids = [s["iccid"] for s in sims + second["sim_cards"]] + [c["iccid"] for c in first["registration_codes"]]
    assert len(set(iccids)) == len(iccids)


def test_seeding_100k_sims(emu, api):
    """100,000 SIM cards seeded and listed (how fast: benchmarks/emulator.py; no timing bound here)."""
    seeded = emu.seed(sim_cards=100000, tags=["a", "b"])
    assert len(seeded["sim_cards"]) == 100000
    page = api.get("/sim_cards", params={"page[size]": 250, "page[number]": 100, "filter[tags]": "a,b"}).json()
    assert len(page["data"]) == 250 and page["meta"]["total_results"] == 25000
    emu.reset()
    assert emu.state()["sims"] == 0
