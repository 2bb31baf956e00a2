#!/usr/bin/python
# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: sim_card_public_ip
short_description: Give a Telnyx SIM card a public IP address, or take it away
version_added: 0.1.0
author: telnyx.wireless developers (@telnyx-wireless)
description:
  - Makes sure a SIM card has a public IPv4 address (reachable from the internet), in a given region if asked, or has none.
  - Telnyx assigns the address asynchronously; with O(wait=true) the task waits until it is provisioned and returns it.
  - A public IP is billed monthly. The request that sets one is never sent twice; if it gets no answer, the module
    re-reads the SIM card's public IP and actions before sending it again.
options:
  id:
    description:
      - The UUID of the SIM card. Give O(id) or O(iccid).
    type: str
  iccid:
    description:
      - The ICCID of the SIM card (19 or 20 digits).
    type: str
  state:
    description:
      - V(present) - the SIM card has a public IP (in O(region_code) when given).
      - V(absent) - the SIM card has no public IP.
    type: str
    choices: [present, absent]
    default: present
  region_code:
    description:
      - The region of the public IP, one of the codes Telnyx lists for public IPs (GET /wireless/regions?product=public_ips),
        such as V(dc2). The code is checked against that list before any change is sent, and an unknown code fails with
        the valid ones.
      - If the SIM card's public IP is in another region, moving it releases its address and sets a new one, which
        breaks every allowlist that holds the old address. So by default the task fails, before anything is written
        (in check mode too), naming the address that would be lost; with O(allow_address_change=true) the public IP
        is removed and a new one set in this region. The removal is always waited for, even with O(wait=false), as
        the new IP can only be set once the old one is gone.
      - If not set, any region is fine and Telnyx chooses one for a new public IP.
      - Ignored with O(state=absent).
    type: str
  allow_address_change:
    description:
      - Allow a change of O(region_code) that releases the SIM card's public IP address and gets a new one.
      - Not needed to set a first public IP, nor to remove one with O(state=absent) (explicit by itself).
    type: bool
    default: false
extends_documentation_fragment:
  - telnyx.wireless.auth
  - telnyx.wireless.wait
  - telnyx.wireless.attributes
  - telnyx.wireless.failure
notes:
  - Requests sent - one GET of the SIM card and one of its public IP; when an IP is to be set in O(region_code), one GET of
    the regions (never when nothing is to change); then the POST of each action, and while waiting one GET of the action
    every O(wait_sleep) seconds until it completes, then of the public IP until it has its address. A run that changes
    nothing sends two GETs.
  - Before it sends a change, the module waits for the SIM card's actions in progress (an address still being
    provisioned, a status change) to finish, whatever O(wait) says, as the SIM card may not take another action meanwhile.
  - The module changes only the SIM card's public IP - never its status or settings, nor any other SIM card.
  - The SIM card's status matters to its address, as Telnyx's guides describe it - V(disabled) releases the SIM card's
    IP, while V(standby) keeps it, so prefer V(standby) for a SIM card whose public IP other systems depend on (for
    example a firewall allowlist). The guides do not say outright that this covers a purchased public IP.
seealso:
  - module: telnyx.wireless.sim_card_public_ip_info
  - module: telnyx.wireless.sim_card
"""

EXAMPLES = r"""
- name: Give a SIM card a public IP in dc2, and wait for the address
  telnyx.wireless.sim_card_public_ip:
    iccid: "89310410106543789301"
    region_code: dc2
  register: sim_ip

- name: Show the address
  ansible.builtin.debug:
    msg: "{{ sim_ip.public_ip.ip }}"

- name: Any region will do; do not wait for the address
  telnyx.wireless.sim_card_public_ip:
    id: 6b14e151-8493-4fa1-8664-1cc4e6d14158
    wait: false

- name: Move the public IP to another region - the address changes (allowlists holding it break)
  telnyx.wireless.sim_card_public_ip:
    id: 6b14e151-8493-4fa1-8664-1cc4e6d14158
    region_code: ch1
    allow_address_change: true

- name: Release the public IP
  telnyx.wireless.sim_card_public_ip:
    id: 6b14e151-8493-4fa1-8664-1cc4e6d14158
    state: absent
"""

RETURN = r"""
public_ip:
  description:
    - The SIM card's public IP after the task; null when it has none.
    - C(ip) is null until Telnyx has provisioned the address - in check mode, with O(wait=false), and while a change is
      under way. In check mode C(region_code) is the one asked for (null if Telnyx is to choose).
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
    created_at:
      description: When it was set.
      type: str
    updated_at:
      description: When it last changed.
      type: str
actions:
  description:
    - The SIM card actions the task started (remove, then set, when the region changes), as they were last read.
      Empty when nothing changed or in check mode.
  returned: success
  type: list
  elements: dict
  sample:
    - id: 2a9a4b3c-0f6e-4c1b-9a43-3b2f7f1c8d10
      record_type: sim_card_action
      sim_card_id: 6b14e151-8493-4fa1-8664-1cc4e6d14158
      action_type: set_public_ip
      status: {value: completed, reason: null}
      settings: {region_code: dc2}
diff:
  description: With C(--diff), the public IP before and after (timestamps hidden); C({}) stands for none.
  returned: when diff mode is on
  type: dict
  sample:
    before: {}
    after: {sim_card_id: 6b14e151-8493-4fa1-8664-1cc4e6d14158, ip: 192.0.2.17, region_code: dc2, type: ipv4}
    before_header: SIM card 89310410106543789301 public IP (before)
    after_header: SIM card 89310410106543789301 public IP (after)
applied:
  description:
    - When the task failed after the API accepted one or more of its writes, those writes in order, as C(METHOD /path);
      the task then reports C(changed=true) and its message names them too.
  returned: on a failure after a write was accepted
  type: list
  elements: str
  sample: ["PATCH /sim_cards/6b14e151-8493-4fa1-8664-1cc4e6d14158", "POST /sim_cards/6b14e151-8493-4fa1-8664-1cc4e6d14158/actions/disable"]
failure:
  description: Why the task failed (C(msg) says it in one sentence) - C(source), C(reason), C(status), C(code), C(title), C(detail); see the notes.
  returned: failure
  type: dict
  sample: {source: collection, reason: ambiguous_group, status: null, code: null, title: Ambiguous SIM card group name, detail: "groups named 'meters'"}
"""

from ansible_collections.telnyx.wireless.plugins.module_utils._base import TelnyxModule
from ansible_collections.telnyx.wireless.plugins.module_utils._client import collection_failure
from ansible_collections.telnyx.wireless.plugins.module_utils._public_ip import (
    REMOVE,
    SET,
    check_region_code,
    get_public_ip,
    plan_public_ip,
    predict_public_ip,
    public_ip_region_codes,
)
from ansible_collections.telnyx.wireless.plugins.module_utils._sim_card import (
    SIM_REF_ARGUMENT_SPEC,
    SIM_REF_MUTUALLY_EXCLUSIVE,
    SIM_REF_REQUIRED_ONE_OF,
    check_sim_ref,
    require_sim_card,
    sim_name,
)


class SimCardPublicIP(TelnyxModule):

    def __init__(self, module):
        super().__init__(module)
        self.sim_id = self.label = None

    @classmethod
    def define_module(cls):
        spec = dict(SIM_REF_ARGUMENT_SPEC)
        spec.update(
            state={"type": "str", "choices": ["present", "absent"], "default": "present"},
            region_code={"type": "str"},
            allow_address_change={"type": "bool", "default": False},
        )
        return cls.build_module(spec, wait=True, mutually_exclusive=SIM_REF_MUTUALLY_EXCLUSIVE, required_one_of=SIM_REF_REQUIRED_ONE_OF)

    def input_errors(self):
        return check_sim_ref(self.params) + check_region_code(self.params["region_code"])

    def run(self):
        sim = require_sim_card(self.client, self.params["id"], self.params["iccid"])
        self.sim_id, self.label = sim["id"], sim_name(sim)
        region = self.params["region_code"]
        current = get_public_ip(self.client, self.sim_id)
        plan = plan_public_ip(self.params["state"], current, region, self.params["allow_address_change"], self.label)
        steps = plan["steps"]
        if SET in steps:
            self.check_region(region)
        after = predict_public_ip(self.sim_id, current, steps, region)
        self.changed = bool(steps)
        actions = []
        if steps and not self.check_mode:
            after = self.apply(sim, steps, region, actions) or after
        elif plan["await_address"] and self.params["wait"]:
            after = self.sim_actions.public_ip_assigned(None, self.sim_id, self.label)  # found under way: wait as if this task had asked

        self.set_diff(current, after, "%s public IP" % self.label)
        self.result = {"public_ip": after, "actions": [action for action in actions if action]}

    def apply(self, sim, steps, region, actions):
        """Send the steps, each after the one before has finished; the public IP at the end (None to keep the prediction)."""
        sim_actions = self.sim_actions
        sim_actions.wait_idle(sim, self.label)  # a busy SIM card takes no action, whatever `wait` says
        after = None
        for step in steps:
            if step == REMOVE:
                actions.append(sim_actions.remove_public_ip(self.sim_id))
                if self.params["wait"] or SET in steps:  # a new IP can only be set once the old one is gone
                    sim_actions.public_ip_released(actions[-1], self.sim_id, self.label)
            else:
                actions.append(sim_actions.set_public_ip(self.sim_id, region))
                if self.params["wait"]:
                    after = sim_actions.public_ip_assigned(actions[-1], self.sim_id, self.label)
                else:
                    after = get_public_ip(self.client, self.sim_id)
        return after

    def check_region(self, region):
        """Before any write: an unknown region_code fails with the valid codes (one GET, only when an IP is to be set)."""
        if not region:
            return
        codes = public_ip_region_codes(self.client)
        if region not in codes:
            self.fail("region_code %r is not a region that offers public IPs; use one of: %s." % (region, ", ".join(codes) or "(none listed)"),
                      collection_failure("unknown_region", "region_code %s" % region, "Unknown region"))


def main():
    SimCardPublicIP.main()


if __name__ == "__main__":
    main()
