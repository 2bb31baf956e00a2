#!/usr/bin/python
# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: sim_card_public_ip_info
short_description: Read the public IP of a Telnyx SIM card, and the regions that offer public IPs
version_added: 0.1.0
author: telnyx.wireless developers (@telnyx-wireless)
description:
  - Returns the public IP of one SIM card (by O(id) or O(iccid)), or null when it has none.
  - A SIM card that is not on the account gives the same empty result (RV(public_ip) null, not a failure), as every
    C(_info) module of the collection does for a SIM card that does not exist.
  - With O(regions=true), also the regions where a public IP can be set.
options:
  id:
    description:
      - The UUID of the SIM card. Give O(id) or O(iccid).
    type: str
  iccid:
    description:
      - The ICCID of the SIM card (19 or 20 digits).
    type: str
  regions:
    description:
      - Also return the regions that offer public IPs (one more request).
    type: bool
    default: false
extends_documentation_fragment:
  - telnyx.wireless.auth
  - telnyx.wireless.attributes.INFO_MODULE
  - telnyx.wireless.failure
notes:
  - Requests sent - one GET of the SIM card, one of its public IP (none for a SIM card that is not on the account), and
    with O(regions=true) one of the regions.
seealso:
  - module: telnyx.wireless.sim_card_public_ip
"""

EXAMPLES = r"""
- name: Read the public IP of a SIM card
  telnyx.wireless.sim_card_public_ip_info:
    iccid: "89310410106543789301"
  register: sim_ip

- name: Show it
  ansible.builtin.debug:
    msg: "{{ sim_ip.public_ip.ip if sim_ip.public_ip else 'no public IP' }}"

- name: Which regions offer public IPs
  telnyx.wireless.sim_card_public_ip_info:
    id: 6b14e151-8493-4fa1-8664-1cc4e6d14158
    regions: true
  register: sim_ip_regions
"""

RETURN = r"""
public_ip:
  description: The SIM card's public IP; null when it has none. C(ip) is null until Telnyx has provisioned the address.
  returned: always
  type: dict
  sample:
    sim_card_id: 6b14e151-8493-4fa1-8664-1cc4e6d14158
    record_type: sim_card_public_ip
    ip: 192.0.2.17
    region_code: dc2
    type: ipv4
    created_at: "2026-02-02T22:25:27.521Z"
    updated_at: "2026-02-02T22:25:29.004Z"
  contains:
    ip:
      description: The address, null until provisioned.
      type: str
    region_code:
      description: The region of the address.
      type: str
    type:
      description: The address family, V(ipv4).
      type: str
    sim_card_id:
      description: The SIM card's id.
      type: str
region_codes:
  description: The codes of the regions that offer public IPs, sorted.
  returned: when O(regions=true)
  type: list
  elements: str
  sample: [dc2, fra1]
failure:
  description: Why the task failed (C(msg) says it in one sentence) - C(source), C(reason), C(status), C(code), C(title), C(detail); see the notes.
  returned: failure
  type: dict
  sample: {source: collection, reason: ambiguous_group, status: null, code: null, title: Ambiguous SIM card group name, detail: "groups named 'meters'"}
"""

from ansible_collections.telnyx.wireless.plugins.module_utils._base import TelnyxModule
from ansible_collections.telnyx.wireless.plugins.module_utils._public_ip import get_public_ip, public_ip_region_codes
from ansible_collections.telnyx.wireless.plugins.module_utils._sim_card import (
    SIM_REF_ARGUMENT_SPEC,
    SIM_REF_MUTUALLY_EXCLUSIVE,
    SIM_REF_REQUIRED_ONE_OF,
    check_sim_ref,
    find_sim_card,
)


class SimCardPublicIPInfo(TelnyxModule):

    supports_diff = False

    @classmethod
    def define_module(cls):
        spec = dict(SIM_REF_ARGUMENT_SPEC)
        spec.update(regions={"type": "bool", "default": False})
        return cls.build_module(spec, mutually_exclusive=SIM_REF_MUTUALLY_EXCLUSIVE, required_one_of=SIM_REF_REQUIRED_ONE_OF)

    def input_errors(self):
        errors = check_sim_ref(self.params)
        return errors

    def run(self):
        sim = find_sim_card(self.client, self.params["id"], self.params["iccid"])
        # a SIM card that does not exist: an empty result, as every _info module gives
        self.result = {"public_ip": get_public_ip(self.client, sim["id"]) if sim else None}
        if self.params["regions"]:
            self.result["region_codes"] = public_ip_region_codes(self.client)


def main():
    SimCardPublicIPInfo.main()


if __name__ == "__main__":
    main()
