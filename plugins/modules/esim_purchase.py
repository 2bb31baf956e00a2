#!/usr/bin/python
# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: esim_purchase
short_description: Make a Telnyx SIM card group hold at least N eSIMs with given tags, buying only what is missing
version_added: 0.2.0
author: telnyx.wireless developers (@telnyx-wireless)
description:
  - Declares how many eSIMs a SIM card group holds - B(at least O(count) eSIMs carrying every tag in O(tags)) - and buys
    only the shortfall, with Telnyx's C(POST /actions/purchase/esims), straight into that group, with those tags and in
    status O(status).
  - B(Each eSIM bought is charged at once) (Telnyx's activation fee). The task is written as declared state so that it is
    safe to run again - a second run buys nothing, a run after a partial purchase buys only what is still missing - and
    O(max_purchase) bounds what one run may buy.
  - Telnyx's purchase takes no idempotency key. When its answer is lost (dropped connection, gateway error) the module
    does not re-send it blindly - it lists the group's eSIMs with those tags again and, if new ones are there, adopts
    them instead of buying twice.
  - The eSIMs already in the group are counted, not changed - whatever their status; use M(telnyx.wireless.sim_card) to
    change one. eSIMs are never deleted by this module (O(count) below what the group holds changes nothing).
  - The activation codes of the eSIMs bought by this run are returned (RV(activation_codes)). B(They are secrets) - each can
    install the eSIM profile on a device, once - so set C(no_log) to V(true) on the task, or handle the registered result with
    care (AWX stores job output).
options:
  sim_card_group:
    description:
      - The SIM card group that holds the eSIMs, by UUID or by name. It must exist (one look-up; a name no group has fails
        before anything is bought).
    type: str
    required: true
  tags:
    description:
      - The tags that mark the eSIMs this task declares (a batch, a customer, a product line). An eSIM of the group counts
        when it carries every one of them (it may carry others); new eSIMs are bought with exactly these tags.
      - V([]) (the default) counts every eSIM of the group.
    type: list
    elements: str
    default: []
  count:
    description:
      - How many eSIMs with O(tags) the group holds at least. The module buys C(count - held) when that is positive, and
        nothing otherwise.
      - Physical SIM cards are not counted.
    type: int
    required: true
  status:
    description:
      - The status new eSIMs are bought in (Telnyx's default is V(enabled), billed monthly as enabled; V(disabled) and
        V(standby) cost a holding fee). Telnyx's QR-code activation flow wants the eSIM V(enabled).
      - Applies only to the eSIMs this run buys.
    type: str
    choices: [enabled, disabled, standby]
    default: enabled
  max_purchase:
    description:
      - The most eSIMs one run may buy. A larger shortfall fails before anything is bought (and in check mode), naming
        the number - raise O(max_purchase) to confirm a large purchase.
    type: int
    default: 10
notes:
  - Request budget - one look-up of the group, one listing of the group's SIM cards with those tags (page by page); when
    eSIMs are missing, one purchase request, then (with O(wait=true)) one listing per poll until the new eSIMs reached
    O(status), and one C(GET .../activation_code) per new eSIM. A run that buys nothing sends only the two reads.
  - An inventory shortage on Telnyx's side (error C(70001)) fails the task with Telnyx's reason, after reporting the eSIMs
    that were bought (a partial purchase); the next run buys only what is still missing.
  - Two runs at the same time for the same group and tags can both see the shortfall and both buy it; run one at a time
    (for example with C(throttle) set to 1).
  - Telnyx registers a purchased eSIM asynchronously (status C(registering), then O(status)); with O(wait=false) the module
    returns the eSIMs as the purchase answered them.
seealso:
  - module: telnyx.wireless.sim_card
  - module: telnyx.wireless.sim_card_info
extends_documentation_fragment:
  - telnyx.wireless.auth
  - telnyx.wireless.wait
  - telnyx.wireless.attributes
  - telnyx.wireless.failure
"""

EXAMPLES = r"""
- name: The fleet-eu group holds 25 eSIMs of batch 2026-11, bought disabled until the devices ship
  telnyx.wireless.esim_purchase:
    sim_card_group: fleet-eu
    tags: [batch-2026-11]
    count: 25
    status: disabled
    max_purchase: 25
  no_log: true            # the result holds the activation codes of the new eSIMs
  register: batch

- name: Hand the activation codes to provisioning (kept out of the log)
  ansible.builtin.copy:
    dest: /secure/esim-codes-batch-2026-11.csv
    content: |
      {% for code in batch.activation_codes %}
      {{ code.iccid }},{{ code.activation_code }}
      {% endfor %}
    mode: "0600"
  no_log: true
  when: batch.activation_codes | length > 0

- name: Before the change window - how many would be bought?
  telnyx.wireless.esim_purchase:
    sim_card_group: fleet-eu
    tags: [batch-2026-11]
    count: 30
  check_mode: true
  register: plan

- name: Say it
  ansible.builtin.debug:
    msg: "{{ plan.purchased }} eSIMs would be bought ({{ plan.count }} in the group afterwards)"
"""

RETURN = r"""
count:
  description: How many eSIMs with O(tags) the group holds after the run (in check mode, would hold).
  returned: always
  type: int
  sample: 25
purchased:
  description: How many eSIMs this run bought (in check mode, would buy). 0 when the group already held enough.
  returned: always
  type: int
  sample: 5
esims:
  description:
    - The eSIMs this run bought, as Telnyx lists them (SimpleSIMCard), after they reached O(status) with O(wait=true).
      Empty when nothing was bought, and in check mode.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 6b14e151-8493-4fa1-8664-1cc4e6d14158
      record_type: sim_card
      iccid: "89883030000000000107"
      type: esim
      status:
        value: disabled
        reason: null
      sim_card_group_id: 47a1c2b0-cc7b-4ab1-bb98-b33fb0fc61b9
      tags: [batch-2026-11]
      voice_enabled: false
      esim_installation_status: released
activation_codes:
  description:
    - B(Secrets.) The activation code of each eSIM this run bought (an LPA string combining the SM-DP+ address and a
      matching ID, usable once to install the profile). Empty when nothing was bought and in check mode.
    - A later run does not return them again (it buys nothing).
  returned: always
  type: list
  elements: dict
  contains:
    sim_card_id:
      description: The eSIM's id.
      type: str
    iccid:
      description: The eSIM's ICCID.
      type: str
    activation_code:
      description: The activation code.
      type: str
  sample:
    - sim_card_id: 6b14e151-8493-4fa1-8664-1cc4e6d14158
      iccid: "89883030000000000107"
      activation_code: "LPA:1$smdp.telnyx.com$6B14E15184934FA18664"
failure:
  description: Why the task failed (C(msg) says it in one sentence) - C(source), C(reason), C(status), C(code), C(title), C(detail); see the notes.
  returned: failure
  type: dict
  sample: {source: collection, reason: ambiguous_group, status: null, code: null, title: Ambiguous SIM card group name, detail: "groups named 'meters'"}
"""

from ansible_collections.telnyx.wireless.plugins.module_utils import _api as api
from ansible_collections.telnyx.wireless.plugins.module_utils._actions import DONE
from ansible_collections.telnyx.wireless.plugins.module_utils._base import TelnyxModule
from ansible_collections.telnyx.wireless.plugins.module_utils._client import TelnyxError, collection_failure
from ansible_collections.telnyx.wireless.plugins.module_utils._esim import (
    PURCHASE_STATUSES,
    esim_view,
    is_counted,
    plan_esim_purchase,
    purchase_body,
    shortfall_error,
)
from ansible_collections.telnyx.wireless.plugins.module_utils._sim_card import find_group, sim_card_list_query, sim_status


class EsimPurchaseModule(TelnyxModule):
    """telnyx.wireless.esim_purchase"""

    @classmethod
    def define_module(cls):
        spec = {
            "sim_card_group": {"type": "str", "required": True},
            "tags": {"type": "list", "elements": "str", "default": []},
            "count": {"type": "int", "required": True},
            "status": {"type": "str", "choices": list(PURCHASE_STATUSES), "default": "enabled"},
            "max_purchase": {"type": "int", "default": 10},
        }
        return cls.build_module(spec, wait=True)

    def input_errors(self):
        errors = []
        if not self.params["sim_card_group"].strip():
            errors.append("sim_card_group must be a SIM card group UUID or name, not empty")
        if any(not str(tag).strip() for tag in self.params["tags"]):
            errors.append("tags must not hold an empty tag")
        if self.params["count"] < 0:
            errors.append("count must be 0 or more, got %d" % self.params["count"])
        if self.params["max_purchase"] < 1:
            errors.append("max_purchase must be at least 1, got %d" % self.params["max_purchase"])
        return errors

    # ------------------------------------------------------------------ the user's intent

    def run(self):
        group = find_group(self.params["sim_card_group"], client=self.client)
        tags = sorted(set(self.params["tags"]))
        label = "SIM card group %s%s" % (group.get("name") or group["id"], " (tags %s)" % ", ".join(tags) if tags else "")
        held = self.esims(group["id"], tags)
        buy = plan_esim_purchase(len(held), self.params["count"], self.params["max_purchase"], label)
        self.result = {"count": len(held) + buy, "purchased": buy, "esims": [], "activation_codes": []}
        self.set_diff(esim_view(group.get("name") or group["id"], tags, len(held)),
                      esim_view(group.get("name") or group["id"], tags, len(held) + buy), "eSIMs of %s" % label)
        if not buy:
            return
        self.changed = True
        if self.check_mode:
            return
        before = set(sim["id"] for sim in held)
        answer = api.purchase_esims(self.client, purchase_body(buy, group["id"], self.params["status"], tags),
                                    lambda: [sim for sim in self.esims(group["id"], tags) if sim["id"] not in before])
        bought = [sim for sim in answer.get("data") or [] if isinstance(sim, dict) and sim.get("id")]
        if self.params["wait"]:
            bought = self.settle(group["id"], tags, bought, label)
        self.result.update(count=len(held) + len(bought), purchased=len(bought), esims=bought,
                           activation_codes=[self.activation_code(sim) for sim in bought])
        self.set_diff(self._before, esim_view(group.get("name") or group["id"], tags, len(held) + len(bought)), "eSIMs of %s" % label)
        if len(bought) < buy:
            error = shortfall_error(label, buy, len(bought), answer.get("errors"))
            self.fail(str(error), failure=error.failure, changed=bool(bought), **self.result)

    # ------------------------------------------------------------------ helpers

    def esims(self, group_id, tags):
        """The group's eSIMs carrying every tag (one listing, page by page)."""
        filters, keep = sim_card_list_query(tags=tags, group_id=group_id)
        return [sim for sim in api.list_sim_cards(self.client, filters=filters) if keep(sim) and is_counted(sim, tags)]

    def settle(self, group_id, tags, bought, label):
        """Wait until every new eSIM left `registering` (one listing per poll); fail if one ended elsewhere than status."""
        wanted = set(sim["id"] for sim in bought)

        def fetch():
            return [sim for sim in self.esims(group_id, tags) if sim["id"] in wanted]

        settled = self.waiter.until(fetch, lambda sims: all(DONE["sim_card"](sim) for sim in sims),
                                    "the %d new eSIMs of %s to be registered" % (len(wanted), label),
                                    lambda sims: ", ".join(sorted("%s %s" % (sim.get("iccid"), sim_status(sim)) for sim in sims)))
        elsewhere = [sim for sim in settled if sim_status(sim) != self.params["status"]]
        if elsewhere:
            raise TelnyxError("Telnyx registered the new eSIMs of %s, but %s ended in another status than %s." % (
                label, ", ".join("%s (%s)" % (sim.get("iccid"), sim_status(sim)) for sim in elsewhere), self.params["status"]),
                collection_failure("action_failed", "statuses %s" % sorted(set(sim_status(sim) for sim in elsewhere)), "Registration did not complete"))
        order = dict((sim["id"], index) for index, sim in enumerate(bought))
        return sorted(settled, key=lambda sim: order.get(sim["id"], len(order)))

    def activation_code(self, sim):
        code = api.get_activation_code(self.client, sim["id"]) or {}
        return {"sim_card_id": sim["id"], "iccid": sim.get("iccid"), "activation_code": code.get("activation_code")}


def main():
    EsimPurchaseModule.main()


if __name__ == "__main__":
    main()
