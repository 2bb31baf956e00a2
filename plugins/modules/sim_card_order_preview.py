#!/usr/bin/python
# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: sim_card_order_preview
short_description: Quote an order of Telnyx SIM cards without ordering
version_added: 0.2.0
author: telnyx.wireless developers (@telnyx-wireless)
description:
  - Asks Telnyx what an order of O(quantity) physical SIM cards shipped to O(address_id) would cost
    (C(POST /sim_card_order_preview)) - the SIM cards, the shipping and the total - and orders nothing.
  - It runs in check mode too (the quote belongs in a dry run), and always reports C(changed=false).
  - Placing the order is done in the Telnyx portal; the collection does not place orders (a create has no idempotency
    key, and a purchase must not depend on a retried request). Follow an order with M(telnyx.wireless.sim_card_order_info).
options:
  quantity:
    description:
      - How many SIM cards the quote is for (1 or more).
    type: int
    required: true
  address_id:
    description:
      - Telnyx's id of the shipping address (as in the portal's address book).
    type: str
    required: true
extends_documentation_fragment:
  - telnyx.wireless.auth
  - telnyx.wireless.attributes.INFO_MODULE
  - telnyx.wireless.failure
notes:
  - Requests sent - one POST of the preview, which Telnyx answers without creating anything; it is retried like a GET.
seealso:
  - module: telnyx.wireless.sim_card_order_info
"""

EXAMPLES = r"""
- name: What would 50 SIM cards to the Chicago office cost?
  telnyx.wireless.sim_card_order_preview:
    quantity: 50
    address_id: "1293384261075731499"
  register: quote

- name: Show the total
  ansible.builtin.debug:
    msg: "{{ quote.preview.total_cost.amount }} {{ quote.preview.total_cost.currency }}"
"""

RETURN = r"""
preview:
  description: Telnyx's quote, in its shape (SIMCardOrderPreview).
  returned: success
  type: dict
  sample:
    record_type: sim_card_order_preview
    quantity: 50
    sim_cards_cost: {amount: "100.00", currency: USD}
    shipping_cost: {amount: "5.00", currency: USD}
    total_cost: {amount: "105.00", currency: USD}
failure:
  description: Why the task failed (C(msg) says it in one sentence) - C(source), C(reason), C(status), C(code), C(title), C(detail); see the notes.
  returned: failure
  type: dict
  sample: {source: collection, reason: ambiguous_group, status: null, code: null, title: Ambiguous SIM card group name, detail: "groups named 'meters'"}
"""

from ansible_collections.telnyx.wireless.plugins.module_utils import _api as api
from ansible_collections.telnyx.wireless.plugins.module_utils._base import TelnyxModule


class SimCardOrderPreview(TelnyxModule):
    """telnyx.wireless.sim_card_order_preview"""

    supports_diff = False

    @classmethod
    def define_module(cls):
        return cls.build_module({"quantity": {"type": "int", "required": True}, "address_id": {"type": "str", "required": True}})

    def input_errors(self):
        errors = []
        if self.params["quantity"] < 1:
            errors.append("quantity must be at least 1, got %d" % self.params["quantity"])
        if not self.params["address_id"].strip():
            errors.append("address_id must not be empty")
        return errors

    def run(self):
        self.result = {"preview": api.preview_sim_card_order(self.client, self.params["quantity"], self.params["address_id"].strip())}


def main():
    SimCardOrderPreview.main()


if __name__ == "__main__":
    main()
