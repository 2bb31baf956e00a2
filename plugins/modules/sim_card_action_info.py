#!/usr/bin/python
# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: sim_card_action_info
short_description: List what was done to Telnyx SIM cards - SIM card actions, bulk actions and SIM card group actions
version_added: 0.2.0
author: telnyx.wireless developers (@telnyx-wireless)
description:
  - The history a change review reads - what was done to a SIM card, when, and whether it failed.
  - O(kind=sim_card) lists SIM card actions (enable, disable, set_standby, public IPs, voice, and Telnyx's own
    C(enable_standby_sim_card)), O(kind=bulk) bulk SIM card actions (with their per-SIM card summary), O(kind=group)
    SIM card group actions (private wireless gateway, wireless blocklist).
  - Newest first, whatever order the API lists them in (Telnyx documents none). Filters are applied by the API; with
    O(limit), pages stop once the first page shows the list newest first and there are enough (a list in any other
    order is read whole, then sorted).
options:
  kind:
    description:
      - Which history - V(sim_card) (C(GET /sim_card_actions)), V(bulk) (C(GET /bulk_sim_card_actions)) or V(group)
        (C(GET /sim_card_group_actions)).
    type: str
    choices: [sim_card, bulk, group]
    default: sim_card
  id:
    description:
      - One action by its id (of the O(kind) given). The filters do not apply; RV(actions) holds it, or is empty when there
        is no such action.
    type: str
  sim_card_id:
    description:
      - With O(kind=sim_card), only the actions of this SIM card (its UUID). Mutually exclusive with O(iccid).
    type: str
  iccid:
    description:
      - With O(kind=sim_card), only the actions of the SIM card with this ICCID (one more request, to find its id; a SIM card
        not on the account fails).
    type: str
  action_type:
    description:
      - Only actions of this type. O(kind=sim_card) - V(enable), V(enable_standby_sim_card), V(disable), V(set_standby),
        V(remove_public_ip), V(set_public_ip), V(enable_voice), V(disable_voice). O(kind=bulk) - V(bulk_enable_voice),
        V(bulk_disable_voice), V(bulk_set_public_ips). O(kind=group) - V(set_private_wireless_gateway),
        V(remove_private_wireless_gateway), V(set_wireless_blocklist), V(remove_wireless_blocklist).
    type: str
  status:
    description:
      - Only actions in this status - V(in-progress), V(completed), V(failed) or V(interrupted). Not with O(kind=bulk)
        (a bulk action has no status of its own; its C(sim_card_actions_summary) counts its SIM card actions by status).
    type: str
  bulk_action_id:
    description:
      - With O(kind=sim_card), only the SIM card actions of this bulk action.
    type: str
  sim_card_group:
    description:
      - With O(kind=group), only the actions of this SIM card group, by UUID or by name (a name costs one look-up).
    type: str
  limit:
    description:
      - Return at most this many actions, the newest. Not set - every action that matches (page after page).
    type: int
extends_documentation_fragment:
  - telnyx.wireless.auth
  - telnyx.wireless.attributes.INFO_MODULE
  - telnyx.wireless.failure
notes:
  - Requests sent - one page per 250 actions read (C(page[size]=250)), plus one to find a SIM card named by O(iccid) or a
    group named by name.
  - The actions are returned in Telnyx's shape. C(status) is an object C({value, reason}) for SIM card actions and a plain
    string for group actions (as Telnyx answers them).
seealso:
  - module: telnyx.wireless.sim_card
  - module: telnyx.wireless.sim_card_connectivity_log_info
"""

EXAMPLES = r"""
- name: What was done to this SIM card (the newest 20)
  telnyx.wireless.sim_card_action_info:
    iccid: "89310410106543789301"
    limit: 20
  register: history

- name: Failed actions on the account
  telnyx.wireless.sim_card_action_info:
    status: failed
  register: failed_actions

- name: The SIM card actions of one bulk action
  telnyx.wireless.sim_card_action_info:
    bulk_action_id: "{{ bulk.id }}"

- name: The voice bulk actions and how they went
  telnyx.wireless.sim_card_action_info:
    kind: bulk
    action_type: bulk_enable_voice
    limit: 5

- name: What was done to a group (gateways, blocklists)
  telnyx.wireless.sim_card_action_info:
    kind: group
    sim_card_group: fleet-eu
"""

RETURN = r"""
actions:
  description: The actions, newest first, in Telnyx's shape (SIMCardAction, BulkSIMCardActionDetailed or SIMCardGroupAction).
  returned: always
  type: list
  elements: dict
  sample:
    - id: 9a5a3a2e-1f0d-4e8b-8a57-3c1f0f7f2b11
      record_type: sim_card_action
      sim_card_id: 6b14e151-8493-4fa1-8664-1cc4e6d14158
      action_type: disable
      status:
        value: failed
        reason: The SIM card could not be reached.
      settings: {}
      created_at: "2026-01-05T10:14:20.000Z"
      updated_at: "2026-01-05T10:14:50.000Z"
failure:
  description: Why the task failed (C(msg) says it in one sentence) - C(source), C(reason), C(status), C(code), C(title), C(detail); see the notes.
  returned: failure
  type: dict
  sample: {source: collection, reason: ambiguous_group, status: null, code: null, title: Ambiguous SIM card group name, detail: "groups named 'meters'"}
"""

from ansible_collections.telnyx.wireless.plugins.module_utils import _api as api
from ansible_collections.telnyx.wireless.plugins.module_utils._base import TelnyxModule
from ansible_collections.telnyx.wireless.plugins.module_utils._history import action_filters, check_action_filters, newest
from ansible_collections.telnyx.wireless.plugins.module_utils._sim_card import ICCID_RE, find_group, is_uuid, require_sim_card

FILTER_OPTIONS = ("sim_card_id", "iccid", "action_type", "status", "bulk_action_id", "sim_card_group")


class SimCardActionInfo(TelnyxModule):
    """telnyx.wireless.sim_card_action_info"""

    supports_diff = False

    @classmethod
    def define_module(cls):
        spec = {
            "kind": {"type": "str", "choices": ["sim_card", "bulk", "group"], "default": "sim_card"},
            "id": {"type": "str"},
            "limit": {"type": "int"},
        }
        spec.update((name, {"type": "str"}) for name in FILTER_OPTIONS)
        return cls.build_module(spec, mutually_exclusive=[("sim_card_id", "iccid")] + [("id", name) for name in FILTER_OPTIONS + ("limit",)])

    def given(self):
        """The filter options set: option name -> value."""
        return dict((name, self.params[name]) for name in FILTER_OPTIONS if self.params[name] is not None)

    def input_errors(self):
        errors = check_action_filters(self.params["kind"], self.given())
        for name in ("id", "sim_card_id", "bulk_action_id"):
            if self.params[name] is not None and not is_uuid(self.params[name]):
                errors.append("%s must be a UUID, got %r" % (name, self.params[name]))
        if self.params["iccid"] is not None and not ICCID_RE.match(self.params["iccid"]):
            errors.append("iccid must be the 19 or 20 digits printed on the SIM card, got %r" % self.params["iccid"])
        if self.params["limit"] is not None and self.params["limit"] < 1:
            errors.append("limit must be at least 1, got %d" % self.params["limit"])
        return errors

    def run(self):
        kind = self.params["kind"]
        if self.params["id"]:
            action = api.get_action(self.client, kind, self.params["id"])
            self.result = {"actions": [action] if action else []}
            return
        given = self.given()
        if self.params["iccid"]:
            given["iccid"] = require_sim_card(self.client, iccid=self.params["iccid"])["id"]
        if self.params["sim_card_group"]:
            given["sim_card_group"] = find_group(self.params["sim_card_group"], client=self.client)["id"]
        actions = api.iterate_actions(self.client, kind, action_filters(kind, given))
        self.result = {"actions": newest(actions, self.params["limit"])}


def main():
    SimCardActionInfo.main()


if __name__ == "__main__":
    main()
