# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""telnyx.wireless.sim_card_order_info, against the emulator: SIM card orders, read-only."""

from __future__ import annotations

import time


def info(task_name, **args):
    return {"name": task_name, "telnyx.wireless.sim_card_order_info": args}


def place(emu, address_id, quantity):
    """An order placed as the portal would (the collection places none)."""
    response = emu.api("POST", "/sim_card_orders", json={"address_id": address_id, "quantity": quantity})
    assert response.status_code == 200, response.text
    time.sleep(0.01)  # distinct created_at
    return response.json()["data"]


def test_orders_listed_filtered_and_read_by_id_with_gets_only(emu, run_tasks):
    first, second, third = place(emu, "1293384261075731499", 20), place(emu, "1293384261075731499", 5), place(emu, "9988776655", 1)
    emu.clear_requests()
    run = run_tasks([
        info("all"),
        info("to one address", address_id="1293384261075731499"),
        info("pending", status="pending"),
        info("shipped", status="shipped"),
        info("one", id=second["id"]),
        info("unknown", id="6b14e151-8493-4fa1-8664-1cc4e6d14158"),
        dict(info("bad id", id="order-1"), ignore_errors=True),
    ], expect_rc=0)
    listed = emu.api("GET", "/sim_card_orders", params={"page[size]": 250}).json()["data"]
    by_id = dict((order["id"], order) for order in listed)
    assert run.task("all")["orders"] == [by_id[o["id"]] for o in (third, second, first)]  # newest first, Telnyx's shape
    assert [o["id"] for o in run.task("to one address")["orders"]] == [second["id"], first["id"]]
    assert len(run.task("pending")["orders"]) == 3 and run.task("shipped")["orders"] == []
    assert run.task("one")["orders"] == [emu.api("GET", "/sim_card_orders/%s" % second["id"]).json()["data"]]
    assert run.task("one")["orders"][0]["quantity"] == 5 and run.task("one")["changed"] is False
    assert run.task("unknown")["orders"] == []
    bad = run.task("bad id")
    assert bad["msg"] == "id must be a SIM card order UUID, got 'order-1'." and bad["failure"]["reason"] == "invalid_input"
    sent = [(r["method"], r["path"], r["query"]) for r in emu.requests()]
    assert all(method == "GET" for method, dummy, dummy in sent)
    assert ("GET", "/v2/sim_card_orders", {"filter[address.id]": ["1293384261075731499"], "page[number]": ["1"], "page[size]": ["250"]}) in sent
    assert len(sent) == 8  # 4 lists of one page, 2 reads by id; the test's own list and read


def test_preview_quotes_in_check_mode_and_orders_nothing(emu, run_tasks):
    quote = {"quantity": 50, "address_id": "1293384261075731499"}
    run = run_tasks([
        {"name": "dry run", "telnyx.wireless.sim_card_order_preview": quote, "check_mode": True},
        {"name": "real run", "telnyx.wireless.sim_card_order_preview": quote},
        {"name": "none", "telnyx.wireless.sim_card_order_preview": dict(quote, quantity=0), "ignore_errors": True},
    ], expect_rc=0)
    expected = emu.api("POST", "/sim_card_order_preview", json=quote).json()["data"]
    assert expected["total_cost"]["amount"] and expected["record_type"] == "sim_card_order_preview"
    for name in ("dry run", "real run"):
        assert run.task(name)["preview"] == expected and run.task(name)["changed"] is False, name
    assert run.task("none")["msg"] == "quantity must be at least 1, got 0." and run.task("none")["failure"]["reason"] == "invalid_input"
    previews = [r for r in emu.requests() if r["path"] == "/v2/sim_card_order_preview"]
    assert [r["body"] for r in previews] == [quote, quote, quote]  # check mode, real run, the test's own
    assert emu.api("GET", "/sim_card_orders").json()["data"] == [] and emu.state()["orders"] == 0
