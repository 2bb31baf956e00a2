# -*- coding: utf-8 -*-
# Copyright: telnyx.wireless contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a fleet module (issue 13) leans on: filtered paged lists over 10,000 SIM cards, bulk public IPs,
registering and validating many codes in one request, many concurrent writers, and the request log counted
by method and path family."""

import threading

from emulator.clients import ValidatingSession

HOLD = 3600


class _Plain(object):
    """A requests session on the emulator's API without spec validation."""

    def __init__(self, emu):
        self.url = emu.url
        self.session = emu.session()

    def get(self, path, params=None):
        return self.session.get(self.url + path, params=params, timeout=30)


def _pages(api, params):
    """Every item of a filtered list, 250 per page, and the number of requests it took."""
    items, number = [], 1
    while True:
        answer = api.get("/sim_cards", params=dict(params, **{"page[size]": 250, "page[number]": number}))
        assert answer.status_code == 200, answer.text
        body = answer.json()
        items.extend(body["data"])
        if number >= body["meta"]["total_pages"]:
            return items, number
        number += 1


def test_filtered_paged_list_over_ten_thousand_sim_cards(emu):
    """Plain requests here: validating 40 pages of 250 SIM cards against the spec with openapi-core costs over a
    minute; the list's shape is validated by the other tests and the contract tour."""
    api = _Plain(emu)
    seeded = emu.seed(sim_cards=10000, groups=["a", "b"], tags=["t0", "t1", "t2"], statuses=["enabled", "disabled"])
    group_a = seeded["groups"][0]["id"]
    everything, requests_needed = _pages(api, {})
    assert len(everything) == 10000 and requests_needed == 40
    assert len({c["id"] for c in everything}) == 10000
    # Seed rules: SIM i is in groups[i % 2], has statuses[i % 2] and tag j when bit j of i is set. Group a holds the
    # even i, which are all enabled; t1 and t2 are bits 1 and 2.
    expected = sorted(s["id"] for i, s in enumerate(seeded["sim_cards"]) if i % 2 == 0 and (i >> 1) & 1 and (i >> 2) & 1)
    selected, _count = _pages(api, {"filter[sim_card_group_id]": group_a, "filter[tags]": "t1,t2", "filter[status]": "enabled"})
    assert sorted(c["id"] for c in selected) == expected and len(expected) == 1250
    assert _pages(api, {"filter[sim_card_group_id]": group_a, "filter[status]": "disabled"})[0] == []
    disabled, _count = _pages(api, {"filter[status]": ["disabled"], "filter[tags]": ["t0"]})
    assert len(disabled) == 5000 and all(c["status"]["value"] == "disabled" and "t0" in c["tags"] for c in disabled)
    iccid = seeded["sim_cards"][4321]["iccid"]
    assert [c["id"] for c in _pages(api, {"filter[iccid]": iccid})[0]] == [seeded["sim_cards"][4321]["id"]]


def test_bulk_set_public_ips_gives_each_sim_card_its_own_action(emu, api):
    emu.config(transition_seconds=HOLD)
    sims = [s["id"] for s in emu.seed(sim_cards=300)["sim_cards"]]
    unknown = "00000000-0000-4000-8000-000000000000"
    bulk = api.post("/sim_cards/actions/bulk_set_public_ips", json={"sim_card_ids": sims + [unknown]})
    assert bulk.status_code == 202 and bulk.json()["data"]["action_type"] == "bulk_set_public_ips"
    bulk_id = bulk.json()["data"]["id"]
    summary = api.get("/bulk_sim_card_actions/" + bulk_id).json()["data"]["sim_card_actions_summary"]
    assert summary == [{"count": 300, "status": "in-progress"}, {"count": 1, "status": "failed"}]
    emu.advance(HOLD)
    summary = api.get("/bulk_sim_card_actions/" + bulk_id).json()["data"]["sim_card_actions_summary"]
    assert summary == [{"count": 300, "status": "completed"}, {"count": 1, "status": "failed"}]
    per_sim = api.get("/sim_card_actions", params={"filter[bulk_sim_card_action_id]": bulk_id, "page[size]": 250}).json()
    assert per_sim["meta"]["total_results"] == 301 and per_sim["meta"]["total_pages"] == 2
    assert {a["action_type"] for a in per_sim["data"]} == {"set_public_ip"}
    assert api.get("/sim_cards/%s/public_ip" % sims[17]).json()["data"]["ip"]


def test_many_codes_validated_per_code_and_registered_in_one_request(emu, api):
    codes = [c["registration_code"] for c in emu.seed(registration_codes=500)["registration_codes"]]
    api.post("/actions/register/sim_cards", json={"registration_codes": codes[:1]})
    checked = api.post("/sim_cards/actions/validate_registration_codes", json={"registration_codes": codes + ["123", "9999999999"]})
    verdicts = [(v["registration_code"], v["valid"], v["invalid_detail"]) for v in checked.json()["data"]]
    assert verdicts[0] == (codes[0], False, "This code has already been used.")
    assert all(valid and detail is None for _code, valid, detail in verdicts[1:500])
    assert verdicts[500][1:] == (False, "Registration code 123 is not valid: registration codes have 10 digits.")
    assert verdicts[501][1:] == (False, "Registration code 9999999999 does not exist.")
    emu.config(transition_seconds=HOLD)
    emu.clear_requests()
    answer = api.post("/actions/register/sim_cards", json={"registration_codes": codes[1:], "tags": ["batch"], "status": "disabled"})
    assert answer.status_code == 202 and len(answer.json()["data"]) == 499 and answer.json()["errors"] == []
    assert emu.request_counts()["by_family"] == {"POST /actions/register/sim_cards": 1}
    emu.advance(HOLD)
    registered, _count = _pages(api, {"filter[tags]": "batch"})
    assert len(registered) == 499 and {c["status"]["value"] for c in registered} == {"disabled"}


def test_sixteen_concurrent_writers_lose_nothing(emu, contract):
    """16 clients at once, each changing its own SIM cards (PATCH tags, disable, enable) and reading lists: every
    answer is a success, every change lands exactly once, and the request log counts every request."""
    seeded = emu.seed(sim_cards=160)["sim_cards"]
    emu.clear_requests()
    failures = []

    def writer(index):
        mine = [s["id"] for s in seeded[index * 10:(index + 1) * 10]]
        with ValidatingSession(emu, contract) as session:
            try:
                for sim_id in mine:
                    for call, path, body in (("patch", "/sim_cards/" + sim_id, {"tags": ["w%d" % index]}),
                                             ("post", "/sim_cards/%s/actions/disable" % sim_id, None)):
                        answer = session.request(call, path, json=body)
                        if answer.status_code not in (200, 202):
                            failures.append((path, answer.status_code, answer.text))
                    session.get("/sim_cards", params={"filter[tags]": "w%d" % index, "page[size]": 250})
            except Exception as exc:  # pylint: disable=broad-except
                failures.append(repr(exc))

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not failures, failures[:5]
    counts = emu.request_counts()
    assert counts["by_family"] == {"PATCH /sim_cards/{id}": 160, "POST /sim_cards/{id}/actions/disable": 160, "GET /sim_cards": 160}
    assert (counts["total"], counts["reads"], counts["writes"]) == (480, 160, 320)
    assert counts["by_method"] == {"PATCH": 160, "POST": 160, "GET": 160}
    with ValidatingSession(emu, contract) as session:
        actions = session.get("/sim_card_actions", params={"filter[action_type]": "disable", "page[size]": 250}).json()
        assert actions["meta"]["total_results"] == 160 and len({a["sim_card_id"] for a in actions["data"]}) == 160
        for index in (0, 7, 15):
            tagged = session.get("/sim_cards", params={"filter[tags]": "w%d" % index}).json()["data"]
            assert sorted(c["id"] for c in tagged) == sorted(s["id"] for s in seeded[index * 10:(index + 1) * 10])


def test_request_counts_group_ids_into_families(emu, api):
    sim_id = emu.seed(sim_cards=1)["sim_cards"][0]["id"]
    emu.clear_requests()
    api.get("/sim_cards/" + sim_id)
    api.get("/sim_cards/" + sim_id)
    api.get("/sim_cards", params={"page[size]": 5})
    api.post("/sim_cards/%s/actions/enable" % sim_id)
    assert _Plain(emu).get("/no_such_thing").status_code == 404
    counts = emu.request_counts()
    assert counts["by_family"] == {"GET /sim_cards/{id}": 2, "GET /sim_cards": 1, "POST /sim_cards/{id}/actions/enable": 1,
                                   "GET /no_such_thing": 1}
    assert (counts["total"], counts["reads"], counts["writes"]) == (5, 4, 1)
    emu.clear_requests()
    assert emu.request_counts()["total"] == 0
