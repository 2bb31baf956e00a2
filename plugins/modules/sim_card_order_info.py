#!/usr/bin/python
# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: sim_card_order_info
short_description: List Telnyx SIM card orders and their status
version_added: 0.2.0
author: telnyx.wireless developers (@telnyx-wireless)
description:
  - Lists the account's orders of physical SIM cards (C(GET /sim_card_orders)) - how many, what they cost, where they ship
    and how far they are (C(pending), C(processing), C(ready_to_ship), C(shipped), C(delivered), C(canceled)) - so that
    onboarding (order, delivery, registration with M(telnyx.wireless.sim_card)) can be followed from a playbook; or reads
    one order by O(id).
  - Read-only. Orders are placed in the Telnyx portal; the collection does not place them (a create has no idempotency
    key, and a purchase must not depend on a retried request).
options:
  id:
    description:
      - The UUID of one order. Mutually exclusive with the filters.
    type: str
  address_id:
    description:
      - Only orders shipped to this address (Telnyx's address id, C(filter[address.id])).
    type: str
  status:
    description:
      - Only orders with this status. The API has no status filter, so every order is read and the module keeps these.
    type: str
    choices: [pending, processing, ready_to_ship, shipped, delivered, canceled]
extends_documentation_fragment:
  - telnyx.wireless.auth
  - telnyx.wireless.attributes.INFO_MODULE
  - telnyx.wireless.failure
notes:
  - Requests sent - with O(id), one GET; otherwise one page per 250 orders.
seealso:
  - module: telnyx.wireless.sim_card
"""

EXAMPLES = r"""
- name: Orders not delivered yet
  telnyx.wireless.sim_card_order_info:
    status: shipped
  register: shipped

- name: One order and its tracking link
  telnyx.wireless.sim_card_order_info:
    id: 2f1c8f9e-0e5e-4f1e-9a3a-6c1d2b9e7a10
  register: order

- name: Say where it is
  ansible.builtin.debug:
    msg: "{{ order.orders[0].status }} - {{ order.orders[0].tracking_url }}"
  when: order.orders | length > 0
"""

RETURN = r"""
orders:
  description:
    - The orders, newest first, in Telnyx's shape (SIMCardOrder). Empty when O(id) names no order of the account.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 2f1c8f9e-0e5e-4f1e-9a3a-6c1d2b9e7a10
      record_type: sim_card_order
      quantity: 20
      cost: {amount: "52.50", currency: USD}
      order_address: {id: "1293384261075731499", street_address: 311 W Superior St, locality: Chicago,
                      administrative_area: IL, country_code: US, postal_code: "60654"}
      status: shipped
      tracking_url: https://www.fedex.com/fedextrack/?tracknumbers=615335
      created_at: "2026-01-05T10:14:20.000Z"
      updated_at: "2026-01-07T09:00:00.000Z"
failure:
  description: Why the task failed (C(msg) says it in one sentence) - C(source), C(reason), C(status), C(code), C(title), C(detail); see the notes.
  returned: failure
  type: dict
  sample: {source: collection, reason: ambiguous_group, status: null, code: null, title: Ambiguous SIM card group name, detail: "groups named 'meters'"}
"""

from ansible_collections.telnyx.wireless.plugins.module_utils import _api as api
from ansible_collections.telnyx.wireless.plugins.module_utils._base import TelnyxModule
from ansible_collections.telnyx.wireless.plugins.module_utils._history import newest
from ansible_collections.telnyx.wireless.plugins.module_utils._sim_card import is_uuid


class SimCardOrderInfo(TelnyxModule):
    """telnyx.wireless.sim_card_order_info"""

    supports_diff = False

    @classmethod
    def define_module(cls):
        spec = {
            "id": {"type": "str"},
            "address_id": {"type": "str"},
            "status": {"type": "str", "choices": ["pending", "processing", "ready_to_ship", "shipped", "delivered", "canceled"]},
        }
        return cls.build_module(spec, mutually_exclusive=[("id", "address_id"), ("id", "status")])

    def input_errors(self):
        if self.params["id"] is not None and not is_uuid(self.params["id"]):
            return ["id must be a SIM card order UUID, got %r" % self.params["id"]]
        return []

    def run(self):
        if self.params["id"]:
            order = api.get_sim_card_order(self.client, self.params["id"])
            self.result = {"orders": [order] if order else []}
            return
        orders = api.list_sim_card_orders(self.client, {"address.id": self.params["address_id"]})
        if self.params["status"]:
            orders = [order for order in orders if order.get("status") == self.params["status"]]
        self.result = {"orders": newest(orders)}


def main():
    SimCardOrderInfo.main()


if __name__ == "__main__":
    main()
