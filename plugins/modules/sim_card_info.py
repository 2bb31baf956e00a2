#!/usr/bin/python
# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: sim_card_info
short_description: Read Telnyx SIM cards - one by id or ICCID, or many by tags, status, group and ICCID prefix
version_added: 0.1.0
description:
  - Returns one SIM card named by O(id) or O(iccid), or every SIM card matching the filters (all of them when no
    filter is given). Changes nothing.
  - The filters (O(tags), O(status), O(sim_card_group), O(iccid_prefix)) are the ones the C(telnyx.wireless.sim_cards)
    inventory plugin uses, with the same meaning (see the notes).
  - Extra details per SIM card (public IP, device details, eSIM activation code) cost one request per SIM card
    each, and are fetched only when asked for.
author:
  - telnyx.wireless developers (@telnyx-wireless)
options:
  id:
    description:
      - The UUID of one SIM card. One request.
      - Cannot be used with O(iccid) or the filters.
    type: str
  iccid:
    description:
      - The ICCID (19 or 20 digits) of one SIM card. One request.
      - Cannot be used with O(id) or the filters.
    type: str
  status:
    choices: [registering, enabling, enabled, disabling, disabled, data_limit_exceeded, setting_standby, standby, unauthorized_imei]
  sort:
    description:
      - List the SIM cards by the data they used in the current billing period, least first
        (V(current_billing_period_consumed_data.amount)) or most first (V(-current_billing_period_consumed_data.amount)),
        sorted by the API (the spec's two C(sort) values). Without it, the API's order.
      - With O(limit), the top consumers - V(-current_billing_period_consumed_data.amount) and O(limit=10) are the 10 SIM
        cards that used most.
      - Cannot be used with O(id) or O(iccid).
    type: str
    choices: [current_billing_period_consumed_data.amount, -current_billing_period_consumed_data.amount]
  limit:
    description:
      - At most this many SIM cards, the first ones in the list's order (with O(sort), the top or bottom consumers).
        Pages are read one after the other until there are enough (one request per 250 SIM cards read).
      - Cannot be used with O(id) or O(iccid).
    type: int
  include_public_ip:
    description:
      - Add C(public_ip) to each SIM card (V(null) when it has none). One request per SIM card.
    type: bool
    default: false
  include_device_details:
    description:
      - Add C(device_details) (brand, model, type, operating system and IMEI of the device last seen using the SIM
        card, V(null) when unknown) to each SIM card. One request per SIM card.
    type: bool
    default: false
  include_activation_code:
    description:
      - Add C(activation_code) (the C(LPA:1$...) string a device scans to install an eSIM) to each eSIM.
        One request per eSIM; physical SIM cards, and eSIMs already installed, get V(null) (no request for physical ones).
      - An activation code can be used once; treat it as a secret.
    type: bool
    default: false
notes:
  - Listing costs one request per 250 SIM cards. Extras run with up to 8 requests in flight.
  - A SIM card named by O(id) or O(iccid) that is not on the account gives an empty RV(sim_cards) list, not a failure,
    as every C(_info) module of the collection does for a SIM card that does not exist.
  - O(sim_card_group) by a name that two or more groups share fails, naming their ids.
seealso:
  - module: telnyx.wireless.sim_card
extends_documentation_fragment:
  - telnyx.wireless.auth
  - telnyx.wireless.sim_card_filters
  - telnyx.wireless.attributes.INFO_MODULE
  - telnyx.wireless.failure
"""

EXAMPLES = r"""
- name: Read one SIM card by ICCID
  telnyx.wireless.sim_card_info:
    iccid: "89310410106543789301"
  register: one

- name: Show its status
  ansible.builtin.debug:
    msg: "{{ one.sim_cards[0].status.value if one.sim_cards else 'not on the account' }}"

- name: Every enabled SIM card of a group tagged for Europe, with its public IP
  telnyx.wireless.sim_card_info:
    sim_card_group: fleet-eu
    tags: [eu]
    status: [enabled]
    include_public_ip: true
  register: eu_fleet

- name: The SIM cards of one delivery batch that are not enabled yet
  telnyx.wireless.sim_card_info:
    iccid_prefix: "893104101065437"
    status: [disabled, standby, registering]
  register: batch

- name: The 10 SIM cards of a group that used most data this billing period
  telnyx.wireless.sim_card_info:
    sim_card_group: fleet-eu
    sort: -current_billing_period_consumed_data.amount
    limit: 10
  register: top_consumers

- name: Activation codes of the eSIMs in a group, to print as QR codes
  telnyx.wireless.sim_card_info:
    sim_card_group: 47a1c2b0-cc7b-4ab1-bb98-b33fb0fc61b9
    include_activation_code: true
  register: esims
  no_log: true
"""

RETURN = r"""
sim_cards:
  description:
    - The SIM cards found, in the API's order (by data used with O(sort)); empty when none matched.
    - Each is the API's SIM card object, plus C(public_ip), C(device_details) and C(activation_code) when asked for.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: The SIM card's UUID.
      type: str
      sample: 6b14e151-8493-4fa1-8664-1cc4e6d14158
    iccid:
      description: The ICCID printed on the SIM card.
      type: str
      sample: "89310410106543789301"
    status:
      description: The status, C(value) and a C(reason) sentence.
      type: dict
      sample: {"value": "enabled", "reason": "The SIM card is active, ready to connect to networks and consume data."}
    tags:
      description: The SIM card's tags.
      type: list
      elements: str
      sample: [eu, sensor]
    sim_card_group_id:
      description: The UUID of the SIM card's group.
      type: str
      sample: 47a1c2b0-cc7b-4ab1-bb98-b33fb0fc61b9
    data_limit:
      description: The SIM card's own data limit.
      type: dict
      sample: {"amount": "1024.0", "unit": "MB"}
    authorized_imeis:
      description: The IMEIs allowed to use the SIM card (empty or null - any device).
      type: list
      elements: str
      sample: ["864524030000001"]
    type:
      description: C(physical) or C(esim).
      type: str
      sample: physical
    public_ip:
      description: The SIM card's public IP object, or V(null) when it has none.
      returned: when O(include_public_ip=true)
      type: dict
      sample: {"ip": "192.0.2.10", "type": "ipv4", "region_code": "dc2", "sim_card_id": "6b14e151-8493-4fa1-8664-1cc4e6d14158"}
    device_details:
      description: The device last seen using the SIM card, or V(null).
      returned: when O(include_device_details=true)
      type: dict
      sample: {"brand_name": "Quectel", "model_name": "EG25-G", "device_type": "Modem", "operating_system": "Linux", "imei": "864524030000001"}
    activation_code:
      description: The eSIM activation code, or V(null) for a physical SIM card or an installed eSIM.
      returned: when O(include_activation_code=true)
      type: str
      sample: "LPA:1$rsp.example.com$ABCDEF-123456"
failure:
  description: Why the task failed (C(msg) says it in one sentence) - C(source), C(reason), C(status), C(code), C(title), C(detail); see the notes.
  returned: failure
  type: dict
  sample: {source: collection, reason: ambiguous_group, status: null, code: null, title: Ambiguous SIM card group name, detail: "groups named 'meters'"}
"""

from ansible_collections.telnyx.wireless.plugins.module_utils import _api as api
from ansible_collections.telnyx.wireless.plugins.module_utils._base import TelnyxModule
from ansible_collections.telnyx.wireless.plugins.module_utils._client import TelnyxAPIError, bounded_map
from ansible_collections.telnyx.wireless.plugins.module_utils._sim_card import (
    ALL_STATUSES,
    SIM_CARD_FILTERS,
    SIM_CARD_SORTS,
    SIM_REF_ARGUMENT_SPEC,
    SIM_REF_MUTUALLY_EXCLUSIVE,
    check_sim_card_filters,
    check_sim_ref,
    find_group,
    find_sim_card,
    list_sim_cards,
)

EXTRA_WORKERS = 8
LIST_WORKERS = 4


class SimCardInfoModule(TelnyxModule):
    """telnyx.wireless.sim_card_info"""

    supports_diff = False

    @classmethod
    def define_module(cls):
        spec = dict(SIM_REF_ARGUMENT_SPEC)
        spec.update(
            tags={"type": "list", "elements": "str"},
            status={"type": "list", "elements": "str", "choices": list(ALL_STATUSES)},
            sim_card_group={"type": "str"},
            iccid_prefix={"type": "str"},
            sort={"type": "str", "choices": list(SIM_CARD_SORTS)},
            limit={"type": "int"},
            include_public_ip={"type": "bool", "default": False},
            include_device_details={"type": "bool", "default": False},
            include_activation_code={"type": "bool", "default": False},
        )
        exclusive = list(SIM_REF_MUTUALLY_EXCLUSIVE)
        exclusive += [(ref, option) for ref in ("id", "iccid") for option in SIM_CARD_FILTERS + ("sort", "limit")]
        return cls.build_module(spec, mutually_exclusive=exclusive)

    def input_errors(self):
        return check_sim_ref(self.params) + check_sim_card_filters(self.params["status"], self.params["iccid_prefix"], self.params["sim_card_group"],
                                                                   self.params["sort"], self.params["limit"])

    def run(self):
        if self.params["id"] or self.params["iccid"]:
            sim = find_sim_card(self.client, self.params["id"], self.params["iccid"])
            sims = [sim] if sim else []
        else:
            sims = list_sim_cards(self.client, tags=self.params["tags"], statuses=self.params["status"], group_id=self.group_id(),
                                  iccid_prefix=self.params["iccid_prefix"], workers=LIST_WORKERS, sort=self.params["sort"],
                                  limit=self.params["limit"])
        self.add_extras(sims)
        self.result = {"sim_cards": sims}

    def group_id(self):
        """The group filter: the group named by UUID or by name (find_group: one request), None when not given."""
        return find_group(self.params["sim_card_group"], client=self.client)["id"] if self.params["sim_card_group"] else None

    def add_extras(self, sims):
        """Fetch the asked-for extras, each one request per SIM card, a few in flight at once."""
        wanted = [name for name in ("public_ip", "device_details", "activation_code") if self.params["include_%s" % name]]
        if not wanted or not sims:
            return
        jobs = [(sim, name) for sim in sims for name in wanted]
        values = bounded_map(lambda job: self.extra(job[0], job[1]), jobs, EXTRA_WORKERS)
        for (sim, name), value in zip(jobs, values):
            sim[name] = value

    def extra(self, sim, name):
        if name == "activation_code":
            if sim.get("type") != "esim":
                return None
            try:
                data = api.get_activation_code(self.client, sim["id"]) or {}
            except TelnyxAPIError as exc:
                if exc.status in (400, 404, 409, 422):
                    return None  # Telnyx answers an error for an eSIM that is already installed
                raise
            return data.get("activation_code")
        return api.get_public_ip(self.client, sim["id"]) if name == "public_ip" else api.get_device_details(self.client, sim["id"])


def main():
    SimCardInfoModule.main()


if __name__ == "__main__":
    main()
