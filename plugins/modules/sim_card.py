#!/usr/bin/python
# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: sim_card
short_description: Declare the state of one Telnyx SIM card (status, tags, group, data limit, IMEIs)
version_added: 0.1.0
description:
  - Makes one Telnyx Wireless SIM card what the task declares, with the fewest API requests, and reports
    exactly what it changed; in check mode it reports exactly what it would change and writes nothing.
  - A task changes only what it names - an option that is not given is left as it is. In particular, without
    O(state) the SIM card's status is never changed, whatever it is (system-imposed statuses such as
    C(data_limit_exceeded) included), so a task that only adds a tag never puts a disabled SIM card back on the network.
  - The SIM card is named by O(id) or by O(iccid). A SIM card that is not on the account yet is registered
    (O(iccid), O(registration_code) and O(state)), with its group, tags and status in that one registration request.
  - Status changes are asynchronous on Telnyx. A SIM card already in a transitional status (C(registering),
    C(enabling), C(disabling), C(setting_standby)) is already converging; the module waits for it instead of
    sending a second action.
  - When nothing needs to change the module sends exactly one request (the read of the SIM card), whether it
    is named by id or by ICCID, and two when O(sim_card_group) is given by name (see there).
author:
  - telnyx.wireless developers (@telnyx-wireless)
options:
  id:
    description:
      - The UUID of the SIM card.
      - Exactly one of O(id) and O(iccid) is required.
      - A SIM card that is not on the account cannot be registered by id (Telnyx gives it its id when it is
        registered); name it by O(iccid) to register it.
    type: str
  iccid:
    description:
      - The ICCID printed on the SIM card, 19 or 20 digits.
      - Exactly one of O(id) and O(iccid) is required.
    type: str
  state:
    description:
      - Not given - the status is left exactly as it is. A SIM card that is not on the account is not registered - the
        task fails after the one read that finds it missing (with O(registration_code), before anything is written,
        saying that registering needs O(state) - registration puts a SIM card on the network and on the bill, so the
        status it starts in is never implied).
      - V(present) - the SIM card is on the account and enabled (serving data).
      - V(disabled) - on the account, off the network, no data; its IP address is released.
      - V(standby) - on the account, off the network, no data; its IP address is kept.
      - V(absent) - deleted from the account. B(Deletion is irreversible) - Telnyx decommissions the SIM card;
        to use it again it must be registered again with its registration code (a deleted eSIM profile is gone
        for good). A SIM card that is not on the account is no change, and neither is one whose deletion is already
        under way (the module waits until it is gone).
      - Telnyx moves a SIM card to V(disabled) or V(standby) only from enabled, so a SIM card going from
        V(disabled) to V(standby) or back passes through enabled (two actions; it is briefly enabled and
        may attach to a network meanwhile).
      - V(present) on a SIM card in C(data_limit_exceeded) changes no status - the SIM card is enabled by
        intent and held only by its data limit, and Telnyx refuses every status action until the limit is raised
        or the billing cycle resets, after which it returns to enabled by itself. The module warns. Raising its
        O(data_limit) above the data used this billing period in the same task lifts it.
        V(disabled) and V(standby) on such a SIM card fail, before anything is sent, unless the same task lifts it.
      - V(standby) and waking up - Telnyx enables a standby SIM card by itself when it starts using data (its
        action C(enable_standby_sim_card)). A task with V(standby) that finds the SIM card enabled that way warns,
        naming the SIM card and that it woke up, returns RV(woke_up=true), and sets it back to standby as declared
        (a change). Finding it enabled costs one more request (its recent actions), only then.
    type: str
    choices: [present, disabled, standby, absent]
  registration_code:
    description:
      - The registration code printed on a physical SIM card (Telnyx's codes are 10 digits; anything else fails before
        any request).
      - Used only when the SIM card named by O(iccid) is not on the account and O(state) is V(present), V(disabled)
        or V(standby); it is then registered straight into that status, with O(sim_card_group) and O(tags), in one request.
      - A claim secret - never shown in any output, result or message (C(no_log)), even at C(-vvvv). In a loop, keep the
        codes out of the loop items (see EXAMPLES) - Ansible shows each item whole at C(-v), whatever the module hides.
      - Validated with Telnyx first (C(POST /sim_cards/actions/validate_registration_codes), which changes nothing),
        in check mode too - the one request other than a read a dry run sends - so a wrong or already used code fails
        the dry run exactly as it fails the real run, before anything is registered.
      - Without it, V(present), V(disabled) and V(standby) fail for a SIM card that is not on the account,
        after the one read that finds it missing and with nothing written.
      - Requires O(iccid), so that a later run finds the registered SIM card by ICCID and changes nothing.
      - Telnyx registers the SIM card the code belongs to. Should that be another SIM card than O(iccid), it is now on
        the account and the task fails saying so.
    type: str
  report_lost:
    description:
      - With O(state=absent), delete a disabled eSIM that cannot be uninstalled from its device (lost or broken).
        The eSIM can never be registered again.
      - Only with O(state=absent).
    type: bool
    default: false
  tags:
    description:
      - The SIM card's tags. Compared as a set (order and duplicates do not matter).
      - Not given - the tags are left untouched.
    type: list
    elements: str
  purge_tags:
    description:
      - With O(tags) given, remove the tags that are not in O(tags). With V(false), only add the missing ones.
      - O(tags=[]) with O(purge_tags=true) removes every tag.
    type: bool
    default: true
  data_limit:
    description:
      - The SIM card's own monthly data limit (it overrides its group's limit for this SIM card).
      - Compared numerically (V(2048), V(2048.0) and V("2048") are equal) in the same unit.
      - V({}) (neither amount nor unit) - no limit of its own; its group's limit applies again.
      - Telnyx compares the limit with the data used this billing period - a limit at or below it cuts the SIM card
        off (C(data_limit_exceeded)), one above it (or removing it, when the group's limit is not used up) lets a
        SIM card held there return to enabled. That status change is Telnyx's own (no action is sent) and is predicted in check mode.
      - Not given - left untouched.
    type: dict
    suboptions:
      amount:
        description:
          - The amount of data, a number of zero or more, at most 1,048,576 GB (1 PB). Required with O(data_limit.unit).
        type: raw
      unit:
        description:
          - The unit of O(data_limit.amount). Required with O(data_limit.amount).
        type: str
        choices: [MB, GB]
  sim_card_group:
    description:
      - The SIM card group, by UUID or by name.
      - Enabling a SIM card or setting it to standby needs a group, so the group is set before the status changes.
      - By UUID, the SIM card's current group costs no request (the SIM card is read with its group embedded,
        C(include_sim_card_group)); another group is looked up once, so that one that does not exist fails clearly,
        in check mode too.
      - By name, the group is always looked up (one request), even when the SIM card is in a group of that name - a
        name that two or more groups share fails, naming their ids, before anything is written.
      - The groups themselves are never created or changed.
      - Not given - the group is left untouched (a SIM card registered without it goes to the account's default group).
    type: str
  authorized_imeis:
    description:
      - The IMEIs (15 digits each, at most 5) of the devices allowed to use the SIM card (theft prevention);
        Telnyx disables the SIM card when it shows up in any other device.
      - V([]) allows every device. Compared as a set.
      - Not given - left untouched.
    type: list
    elements: str
  voice:
    description:
      - B(Telnyx beta.) Voice on the SIM card - V(true) sends Telnyx's C(enable_voice) action (Telnyx assigns the SIM card
        a mobile phone number, +E.164), V(false) its C(disable_voice) action - when the C(voice_enabled) of RV(sim_card) differs.
      - Not given - voice is left untouched.
      - As with status changes - check mode predicts the change and writes nothing, the diff shows C(voice_enabled)
        before and after, the module waits for the action (O(wait)), and an action whose answer was lost is looked up,
        never sent twice. The action is sent after the settings and status changes; a SIM card with an action under way
        is waited for first.
      - Not with O(state=absent).
      - The voice actions are not in Telnyx's OpenAPI snapshot; their wire shape comes from Telnyx's Python SDK (4.174 and
        later - C(sim_cards.actions.enable_voice) and C(disable_voice)).
    type: bool
  voice_connection_id:
    description:
      - B(Telnyx beta.) With O(voice=true), the Mobile Voice connection (type C(mobile_voice), of the same Telnyx user) the
        SIM card's voice uses, sent with C(enable_voice).
      - Used only when voice is enabled by this task - Telnyx does not show on the SIM card which connection its voice
        uses, so a SIM card that has voice already is not changed for another connection (disable voice, then enable it
        with the new connection).
    type: str
notes:
  - With O(wait=true) (the default) the module returns once every status change has completed, with the SIM
    card as it is then.
  - With O(wait=false) it returns as soon as the API accepted the last action, with the SIM card in its
    transitional status. It still waits for a status change that must complete before the next one can start
    (a change already under way that leads elsewhere, the first of two actions, a registration followed by a
    settings update, a deletion already under way).
  - In check mode the module reads (it may wait for a change already under way, to know where it ends) but never
    writes; RV(sim_card) is the SIM card as the real run would leave it. A SIM card that would be registered has no
    C(id) yet, and its group is the account's default group (one more read) when O(sim_card_group) is not given.
  - Every change is one request - a registration, or one PATCH of every setting that differs, then one action per
    status step - and each step waits for the one before.
  - A status action sent when the API's answer was lost (dropped connection, gateway error) is not sent again
    blindly - the module reads the SIM card, and if it already moved the action is looked up instead.
seealso:
  - module: telnyx.wireless.sim_card_info
extends_documentation_fragment:
  - telnyx.wireless.auth
  - telnyx.wireless.wait
  - telnyx.wireless.attributes
  - telnyx.wireless.failure
"""

EXAMPLES = r"""
- name: Register a new SIM card into a group, tagged, and enabled
  telnyx.wireless.sim_card:
    iccid: "89310410106543789301"
    registration_code: "0123456789"
    sim_card_group: fleet-eu
    tags: [eu, sensor]
    state: present

- name: Put a SIM card on standby, keeping its IP address, with a 1 GB limit
  telnyx.wireless.sim_card:
    id: 6b14e151-8493-4fa1-8664-1cc4e6d14158
    state: standby
    data_limit:
      amount: 1
      unit: GB

- name: Add a tag without removing the others, and lock the SIM card to two devices (the status is left as it is)
  telnyx.wireless.sim_card:
    iccid: "89310410106543789301"
    tags: [maintenance]
    purge_tags: false
    authorized_imeis:
      - "864524030000001"
      - "864524030000002"

- name: Remove the SIM card's own data limit (its group's limit applies)
  telnyx.wireless.sim_card:
    iccid: "89310410106543789301"
    data_limit: {}

- name: Disable a SIM card and return without waiting for Telnyx to finish
  telnyx.wireless.sim_card:
    iccid: "89310410106543789301"
    state: disabled
    wait: false
  register: disabling

- name: Turn voice on (Telnyx beta), on a given Mobile Voice connection
  telnyx.wireless.sim_card:
    iccid: "89310410106543789301"
    voice: true
    voice_connection_id: "1293384261075731499"

- name: Delete a SIM card from the account (irreversible)
  telnyx.wireless.sim_card:
    iccid: "89310410106543789301"
    state: absent

- name: Apply a fleet definition kept in git; the registration codes are kept apart (a vault file, by ICCID)
  telnyx.wireless.sim_card:
    iccid: "{{ item.iccid }}"
    # Ansible shows each loop item whole at -v: keeping the codes out of the items keeps them out of the output
    registration_code: "{{ registration_codes[item.iccid] | default(omit) }}"
    state: "{{ item.state | default(omit) }}"  # an entry that names no status leaves it alone
    sim_card_group: "{{ item.group | default(omit) }}"
    tags: "{{ item.tags | default(omit) }}"
  loop: "{{ fleet }}"
  loop_control:
    label: "{{ item.iccid }}"
"""

RETURN = r"""
sim_card:
  description:
    - The SIM card after the task (in check mode, as the real run would leave it).
    - With O(wait=false) and a status change, the SIM card as the run last saw it, in the transitional status of the last action it started.
    - V(null) with O(state=absent).
  returned: always
  type: dict
  sample:
    id: 6b14e151-8493-4fa1-8664-1cc4e6d14158
    record_type: sim_card
    iccid: "89310410106543789301"
    imsi: "081932214823362"
    msisdn: "+13109976224"
    type: physical
    status:
      value: enabled
      reason: The SIM card is active, ready to connect to networks and consume data.
    sim_card_group_id: 47a1c2b0-cc7b-4ab1-bb98-b33fb0fc61b9
    tags: [eu, sensor]
    data_limit:
      amount: "1024.0"
      unit: MB
    authorized_imeis: ["864524030000001"]
    voice_enabled: false
    actions_in_progress: false
    created_at: "2026-01-05T10:12:00.000Z"
    updated_at: "2026-01-05T10:14:21.000Z"
steps:
  description:
    - The steps the task planned for the SIM card, in the order it sends them (empty when nothing changes); in check mode,
      what the real run will send, one request each, unless the SIM card changes in between (another run, Telnyx itself -
      the status actions are planned again on the SIM card as it then is). Each has C(kind) and C(detail) - V(register) (C(status), C(sim_card_group_id),
      C(tags); the registration code is never shown), V(delete) (C(report_lost)), V(patch) (the PATCH body), V(status)
      (the action, V(enable), V(disable) or V(set_standby)), V(later_patch) (the settings a registration does not carry,
      sent once it has completed), V(voice) (C(action), C(body)).
    - The same steps as each entry of M(telnyx.wireless.sim_card_fleet) (one planner for both modules), which also has
      public IP and notification steps.
  returned: success
  type: list
  elements: dict
  sample: [{kind: patch, detail: {tags: [eu, lost]}}, {kind: status, detail: disable}]
woke_up:
  description:
    - Whether the task declared V(standby) and found the SIM card enabled by Telnyx itself because it used data
      (woken up, action C(enable_standby_sim_card)); it is then set back to standby, and a warning says so.
  returned: always
  type: bool
  sample: false
failure:
  description: Why the task failed (C(msg) says it in one sentence) - C(source), C(reason), C(status), C(code), C(title), C(detail); see the notes.
  returned: failure
  type: dict
  sample: {source: collection, reason: ambiguous_group, status: null, code: null, title: Ambiguous SIM card group name, detail: "groups named 'meters'"}
actions:
  description:
    - The SIM card action objects this run started (status, then voice), in order, as the API returned them when they started
      (a registration creates none). Empty in check mode and when nothing changed.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 9a5a3a2e-1f0d-4e8b-8a57-3c1f0f7f2b11
      record_type: sim_card_action
      sim_card_id: 6b14e151-8493-4fa1-8664-1cc4e6d14158
      action_type: enable
      status:
        value: in-progress
        reason: null
      settings: {}
      created_at: "2026-01-05T10:14:20.000Z"
      updated_at: "2026-01-05T10:14:20.000Z"
applied:
  description:
    - When the task failed after the API accepted one or more of its writes, those writes in order, as C(METHOD /path);
      the task then reports C(changed=true) and its message names them too.
  returned: on a failure after a write was accepted
  type: list
  elements: str
  sample: ["PATCH /sim_cards/6b14e151-8493-4fa1-8664-1cc4e6d14158", "POST /sim_cards/6b14e151-8493-4fa1-8664-1cc4e6d14158/actions/disable"]
"""

from ansible_collections.telnyx.wireless.plugins.module_utils._amounts import AMOUNT_OPTIONS
from ansible_collections.telnyx.wireless.plugins.module_utils._base import TelnyxModule
from ansible_collections.telnyx.wireless.plugins.module_utils._engine import Engine
from ansible_collections.telnyx.wireless.plugins.module_utils._fleet import Plan, check_entry, limit_exceeded_note, plan_sim, woke_up_note
from ansible_collections.telnyx.wireless.plugins.module_utils._sim_card import (
    SIM_REF_ARGUMENT_SPEC,
    SIM_REF_MUTUALLY_EXCLUSIVE,
    SIM_REF_REQUIRED_ONE_OF,
    default_group,
    find_group,
    find_sim_card,
    is_uuid,
    sim_name,
    sim_view,
)
from ansible_collections.telnyx.wireless.plugins.module_utils._steps import steps_view
from ansible_collections.telnyx.wireless.plugins.module_utils._voice import voice_enabled

#: The options of sim_card that are an entry of sim_card_fleet (the same names, the same rules).
ENTRY_OPTIONS = ("id", "iccid", "state", "registration_code", "report_lost", "tags", "purge_tags", "data_limit", "sim_card_group",
                 "authorized_imeis", "voice", "voice_connection_id")


class SimCardModule(TelnyxModule):
    """telnyx.wireless.sim_card: a fleet of one on the SIM card engine (the planner of _fleet.py, the executor of _engine.py),
    with the reads of one SIM card: the SIM card itself (its group embedded), a group named otherwise, the default group
    for a registration without one."""

    @classmethod
    def define_module(cls):
        spec = dict(SIM_REF_ARGUMENT_SPEC)
        spec.update(
            state={"type": "str", "choices": ["present", "disabled", "standby", "absent"]},
            registration_code={"type": "str", "no_log": True},
            report_lost={"type": "bool", "default": False},
            tags={"type": "list", "elements": "str"},
            purge_tags={"type": "bool", "default": True},
            # amount and unit together, or neither ({}: no limit of its own); checked in validate()
            data_limit={"type": "dict", "options": dict((name, dict(spec, required=False)) for name, spec in AMOUNT_OPTIONS.items())},
            sim_card_group={"type": "str"},
            authorized_imeis={"type": "list", "elements": "str"},
            voice={"type": "bool"},
            voice_connection_id={"type": "str"},
        )
        return cls.build_module(spec, wait=True, mutually_exclusive=SIM_REF_MUTUALLY_EXCLUSIVE, required_one_of=SIM_REF_REQUIRED_ONE_OF)

    def __init__(self, module):
        super().__init__(module)
        self.group_names = {}  # group id -> name, for the groups seen without an extra request
        self.groups = {}  # group id -> the group object (its data limit and consumption predict a data_limit change)

    def entry(self):
        return dict((name, self.params[name]) for name in ENTRY_OPTIONS)

    def input_errors(self):
        return check_entry(self.entry())  # the rules of every entry of sim_card_fleet

    def run(self):
        sim = self.read()
        plan = Plan((sim or {}).get("iccid") or self.params["iccid"] or self.params["id"], self.entry(), sim)
        engine = Engine(self.client, self.waiter, 1, self.params["wait"])
        engine.plans = [plan]
        engine.settle_first()
        plan_sim(plan, self.wanted_group_id(plan), self.default_group_id(plan), self.params["wait"], self.groups)
        for note in [limit_exceeded_note(plan)] + [woke_up_note(found) for found in engine.wake_ups()]:
            if note:
                self.module.warn(note)
        engine.validate_codes([plan] if plan.register and plan.error is None else [])
        if not self.check_mode and plan.error is None:
            engine.apply()
        if plan.error is not None:
            raise plan.error
        after = plan.predicted if self.check_mode else plan.current
        self.changed = plan.changed
        self.set_diff(self.view(plan.before), self.view(after), sim_name(plan.before or after, self.params["id"] or self.params["iccid"]))
        self.result = {"sim_card": after, "actions": plan.actions, "woke_up": plan.woke_up, "steps": steps_view(plan.planned_steps)}

    def read(self):
        """The one request of a run that changes nothing: the SIM card, with its group embedded.

        include_sim_card_group embeds the group (its name), so that a sim_card_group given by name is
        compared without a lookup; an API that does not embed it costs that lookup instead.
        """
        sim = find_sim_card(self.client, self.params["id"], self.params["iccid"], params={"include_sim_card_group": "true"})
        if sim is not None:
            self.note_group(sim.pop("sim_card_group", None))
        return sim

    def note_group(self, group):
        if isinstance(group, dict) and group.get("id"):
            self.group_names[group["id"]] = group.get("name")
            self.groups.setdefault(group["id"], group)
        return group

    def wanted_group_id(self, plan):
        """The id of the group sim_card_group names (find_group), None when not given. The SIM card's own group named by
        UUID costs no request; a name is always looked up, as a name two groups share must fail even when the SIM card is
        in one of them. Nothing is looked up for a SIM card that is deleted or cannot be registered."""
        value = (self.params["sim_card_group"] or "").strip()
        current = (plan.before or {}).get("sim_card_group_id")
        if not value or plan.error is not None or self.params["state"] == "absent" or plan.before is None and not self.params["registration_code"]:
            return None
        if current and is_uuid(value) and value.lower() == current.lower():
            return current
        return self.note_group(find_group(value, client=self.client))["id"]

    def default_group_id(self, plan):
        """Where Telnyx puts a SIM card registered without a group (named in the diff, as the fleet names it): one read, then."""
        if plan.before is not None or self.params["sim_card_group"] or not self.params["registration_code"] or self.params["state"] in (None, "absent"):
            return None
        return (self.note_group(default_group(self.client)) or {}).get("id")

    def view(self, sim):
        view = sim_view(sim, self.group_names.get((sim or {}).get("sim_card_group_id")))
        if view and self.params["voice"] is not None:
            view["voice_enabled"] = voice_enabled(sim)  # shown when the task names voice, so other diffs stay as they were
        return view


def main():
    SimCardModule.main()


if __name__ == "__main__":
    main()
