#!/usr/bin/python
# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: sim_card_group
short_description: Declare a Telnyx SIM card group - its name, data limit, gateway, blocklist, and its SIM cards' voice
version_added: 0.1.0
description:
  - Makes one Telnyx Wireless SIM card group what the task declares, and reports exactly what it changed; in check
    mode it reports exactly what it would change and writes nothing.
  - On Telnyx the group is where a fleet's policy lives. Every SIM card belongs to one (enabling a SIM card or setting
    it to standby needs it), and the group carries a monthly data limit shared by its SIM cards, the private wireless
    gateway its SIM cards route through, and the wireless blocklist of networks they may not use.
  - The group is named by O(name), unique on the account, or by O(id), which also allows renaming it with O(name).
  - The gateway and the blocklist are set and removed by asynchronous group actions. An action already under way
    towards what the task asks is waited for, never sent a second time; a group takes one action at a time, so another
    action under way is waited out first.
  - When nothing needs to change the module sends one request (the read of the group), plus one list page for each of
    O(private_wireless_gateway) and O(wireless_blocklist) given by name (a UUID that is already the group's costs nothing),
    plus, with O(voice), the list of the group's SIM cards (one request per 250 SIM cards).
author:
  - telnyx.wireless developers (@telnyx-wireless)
options:
  name:
    description:
      - The group's name. Names are unique on the account as far as this module is concerned - a name that two groups
        share fails the task, naming both, before anything is written.
      - Required to create a group. With O(id), the group's new name (a rename); a rename to a name another group has fails.
    type: str
  id:
    description:
      - The UUID of the group. A group that is not on the account cannot be created by id (Telnyx gives it its id).
    type: str
  state:
    description:
      - V(present) - the group exists with the settings the task gives.
      - V(absent) - the group is deleted. The account's default group is never deleted (the task fails before writing).
        A group that still holds SIM cards is deleted only with O(move_sim_cards_to_default=true).
    type: str
    choices: [present, absent]
    default: present
  data_limit:
    description:
      - The monthly data limit shared by the group's SIM cards (a SIM card's own limit overrides it for that SIM card).
        SIM cards over it stop passing data (status C(data_limit_exceeded)) until it is raised or the month ends.
      - Compared numerically (V(2048), V(2048.0) and V("2048") are equal) in the same unit.
      - V({}) removes the limit. Not given - left untouched.
    type: dict
    suboptions:
      amount:
        description: The amount of data, a number of zero or more. Required with O(data_limit.unit).
        type: raw
      unit:
        description: The unit of O(data_limit.amount). Required with O(data_limit.amount).
        type: str
        choices: [MB, GB]
  private_wireless_gateway:
    description:
      - The private wireless gateway all the group's SIM cards route through, by UUID or by name
        (see M(telnyx.wireless.private_wireless_gateway)).
      - Telnyx assigns only a provisioned gateway; one still provisioning is waited for (O(wait_timeout)) before the
        group action is sent, whatever O(wait) says. One whose provisioning failed fails the task before writing.
      - V("") removes the gateway (the SIM cards then use Telnyx's default network configuration). Not given - left untouched.
    type: str
  wireless_blocklist:
    description:
      - The wireless blocklist (networks the group's SIM cards may not use), by UUID or by name
        (see M(telnyx.wireless.wireless_blocklist)). A group has at most one.
      - V("") removes the blocklist. Not given - left untouched.
    type: str
  pending_private_wireless_gateways:
    description:
      - Names of private wireless gateways that an earlier task of the same check-mode run would create (the role
        C(telnyx.wireless.sim_fleet) passes the gateways its policy part creates). In check mode, O(private_wireless_gateway)
        naming one is planned as if it existed - the diff names the gateway
        (C(private_wireless_gateway_name)), and C(private_wireless_gateway_id) is null there and in RV(sim_card_group), its
        id not being known yet - instead of failing because it is not on the account yet.
      - Ignored in a real run, where the gateway has been created by then and is looked up as usual.
    type: list
    elements: str
    default: []
  pending_wireless_blocklists:
    description:
      - Names of wireless blocklists that an earlier task of the same check-mode run would create; as
        O(pending_private_wireless_gateways), for O(wireless_blocklist) (C(wireless_blocklist_name), C(wireless_blocklist_id) null).
      - Ignored in a real run.
    type: list
    elements: str
    default: []
  move_sim_cards_to_default:
    description:
      - With O(state=absent), delete a group that still holds SIM cards by moving them to the account's default group
        first. They then take the default group's policy (its data limit, no gateway, its blocklist) and may lose
        connectivity briefly.
      - Telnyx's own documents disagree on what deleting such a group does (one says its SIM cards move to the
        default group, another that it is refused). With this option the outcome is the same either way - the module
        deletes the group, and when Telnyx refuses it moves the SIM cards itself (one update per SIM card) and deletes
        again. RV(moved_sim_cards) says how many moved.
      - With V(false) (the default), deleting a group that holds SIM cards fails before writing, saying how many it holds.
    type: bool
    default: false
  voice:
    description:
      - B(Telnyx beta.) Voice on every SIM card in the group at the time of the run - V(true) on, V(false) off.
      - The module lists the group's SIM cards and compares their C(voice_enabled). When every one is as declared (or the
        group holds none) nothing is sent. Otherwise it sends Telnyx's bulk action for the group once
        (C(POST /sim_cards/actions/bulk_enable_voice) or C(bulk_disable_voice) with the group's id), which acts on every
        SIM card of the group, and with O(wait=true) waits until none of its SIM card actions is in progress.
      - A one-time bulk action on the SIM cards in the group at that moment, B(not a lasting group policy) - SIM cards added
        to the group later are not changed (run the task again, or set O(telnyx.wireless.sim_card#module:voice) on them).
      - Per-SIM results can be mixed. SIM cards whose action failed (for instance a SIM card still busy with another
        action) fail the task, each named by ICCID with Telnyx's reason, after the others have converged;
        RV(voice.failed) lists them. A rerun sends the bulk action again while any SIM card of the group is not as declared.
      - Not given - voice is left untouched (no SIM card is listed). Does not apply with O(state=absent).
      - The wire shape of the bulk voice actions is in Telnyx's OpenAPI snapshot (C(sim_card_group_id)); C(connection_id)
        comes from Telnyx's Python SDK (4.189, C(sim_cards.actions.bulk_enable_voice)).
    type: bool
  voice_connection_id:
    description:
      - B(Telnyx beta.) With O(voice=true), the Mobile Voice connection (type C(mobile_voice), of the same Telnyx user)
        sent with the bulk action as C(connection_id).
      - As for M(telnyx.wireless.sim_card) - Telnyx does not show on a SIM card which connection its voice uses, so a SIM
        card with voice already on is not changed for another connection; when every SIM card of the group has voice on
        nothing is sent. (When the bulk action is sent for the others it reaches those too; Telnyx does not document
        whether it moves them to the connection.)
      - Needs O(voice=true).
    type: str
notes:
  - Order of the changes - the group is created or updated (name, data limit) first, then the gateway action, then
    the blocklist action; each group action waits for the one before (Telnyx takes one at a time).
  - With O(wait=true) (the default) the module returns once every group action has completed, with the group as it is then.
    With O(wait=false) it returns as soon as the last group action was accepted; the group then still shows that
    action's field as before (RV(actions) holds the action under way).
  - A group action that Telnyx reports C(failed) fails the task, naming the action.
  - In check mode the module reads but never writes; RV(sim_card_group) is the group as the real run would leave it (a
    group to be created has no C(id) yet).
  - A create or a group action whose answer was lost (dropped connection, gateway error) is not sent again blindly - the
    module re-reads (the group by name, the group's actions) and adopts what the lost attempt made.
  - O(voice) comes last, after the group's settings and group actions. The bulk voice action is protected the same way -
    after a lost answer the bulk action of that type that the lost attempt made for the group is adopted (the module
    lists the newest bulk actions of that type just before sending, to tell it apart), or, when every SIM card of the
    group already shows the declared voice, the change is taken as made; it is sent again only when neither holds.
  - With O(voice) and O(wait=false) the module returns once the bulk action was accepted; RV(voice.after) then gives the
    counts as the bulk action will leave them, as check mode predicts.
seealso:
  - module: telnyx.wireless.sim_card_group_info
  - module: telnyx.wireless.private_wireless_gateway
  - module: telnyx.wireless.wireless_blocklist
  - module: telnyx.wireless.sim_card
extends_documentation_fragment:
  - telnyx.wireless.auth
  - telnyx.wireless.wait
  - telnyx.wireless.attributes
  - telnyx.wireless.failure
"""

EXAMPLES = r"""
- name: A group for smart meters, 50 GB a month shared, routed through a private gateway, kept off some networks
  telnyx.wireless.sim_card_group:
    name: meters
    data_limit:
      amount: 50
      unit: GB
    private_wireless_gateway: meters-gw
    wireless_blocklist: no-roaming-eu

- name: Remove the group's data limit and its blocklist, leave its gateway alone
  telnyx.wireless.sim_card_group:
    name: meters
    data_limit: {}
    wireless_blocklist: ""

- name: Rename a group
  telnyx.wireless.sim_card_group:
    id: 47a1c2b0-cc7b-4ab1-bb98-b33fb0fc61b9
    name: meters-eu

- name: Voice on for every SIM card now in the group (Telnyx beta; SIM cards added later are not changed)
  telnyx.wireless.sim_card_group:
    name: meters
    voice: true
    voice_connection_id: "1293384261075731499"

- name: Voice off for every SIM card now in the group, without waiting for Telnyx to finish
  telnyx.wireless.sim_card_group:
    name: trackers
    voice: false
    wait: false

- name: Delete a group, moving any SIM cards it still holds to the default group
  telnyx.wireless.sim_card_group:
    name: trial-2025
    state: absent
    move_sim_cards_to_default: true
"""

RETURN = r"""
sim_card_group:
  description:
    - The group after the task (in check mode, as the real run would leave it), with C(consumed_data), the data its SIM
      cards used this month.
    - V(null) with O(state=absent).
  returned: always
  type: dict
  sample:
    id: 47a1c2b0-cc7b-4ab1-bb98-b33fb0fc61b9
    record_type: sim_card_group
    name: meters
    default: false
    data_limit:
      amount: "50.0"
      unit: GB
    consumed_data:
      amount: "1204.5"
      unit: MB
    private_wireless_gateway_id: 6a09cdc3-8948-47f0-aa62-74ac943d6c58
    wireless_blocklist_id: a13bc415-7966-43bf-90d4-63cc76275289
    created_at: "2026-01-05T10:12:00.000Z"
    updated_at: "2026-01-05T10:14:21.000Z"
actions:
  description:
    - The SIM card group actions this run started (or found under way and waited for), in order, as they ended (with
      O(wait=false), the last one as accepted). Empty in check mode and when nothing changed.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 9a5a3a2e-1f0d-4e8b-8a57-3c1f0f7f2b11
      record_type: sim_card_group_action
      sim_card_group_id: 47a1c2b0-cc7b-4ab1-bb98-b33fb0fc61b9
      type: set_private_wireless_gateway
      status: completed
      settings:
        private_wireless_gateway_id: 6a09cdc3-8948-47f0-aa62-74ac943d6c58
moved_sim_cards:
  description:
    - With O(state=absent), how many SIM cards the deleted group held; they are now in the account's default group
      (predicted in check mode). 0 otherwise.
  returned: always
  type: int
  sample: 0
voice:
  description:
    - With O(voice), the voice of the group's SIM cards - counts before and after (in check mode, as the real run would
      leave them), the SIM cards the run changed (would change) and those whose action failed, and the bulk action.
    - The diff shows the same counts under C(voice).
  returned: when O(voice) is given
  type: dict
  contains:
    sim_cards:
      description: How many SIM cards the group held when the module listed them.
      type: int
      sample: 8
    before:
      description: How many of them had voice on (C(enabled)) and off (C(disabled)) before the run.
      type: dict
      sample: {enabled: 3, disabled: 5}
    after:
      description:
        - The same counts after the run; in check mode and with O(wait=false), as the bulk action will leave them.
        - SIM cards listed in RV(voice.failed) count as they were.
      type: dict
      sample: {enabled: 8, disabled: 0}
    changed_iccids:
      description: The ICCIDs (sorted) of the SIM cards whose voice this run changed (in check mode, would change).
      type: list
      elements: str
      sample: ["89883030000000000015", "89883030000000000023"]
    failed:
      description:
        - The SIM cards whose action of the bulk action did not complete (the task then fails), with Telnyx's reason.
        - Empty when all converged, in check mode and with O(wait=false).
      type: list
      elements: dict
      sample:
        - iccid: "89883030000000000031"
          sim_card_id: 6b14e151-8493-4fa1-8664-1cc4e6d14158
          action_id: 2b9e3c2c-24b5-4bd4-b5a4-0f5e3c6f5d10
          status: failed
          reason: No mobile phone number available.
    bulk_action:
      description:
        - The bulk SIM card action this run started (with O(wait=true), as it ended, with C(sim_card_actions_summary)).
        - V(null) when nothing was sent, and in check mode. After a lost answer that a re-read of the SIM cards showed
          applied, C(id) is V(null).
      type: dict
      sample:
        id: 9f1c4b67-0c41-4e3e-8c8a-2f3e1b1d7a11
        record_type: bulk_sim_card_action
        action_type: bulk_enable_voice
        settings:
          sim_card_group_id: 47a1c2b0-cc7b-4ab1-bb98-b33fb0fc61b9
          connection_id: "1293384261075731499"
        sim_card_actions_summary:
          - count: 8
            status: completed
failure:
  description: Why the task failed (C(msg) says it in one sentence) - C(source), C(reason), C(status), C(code), C(title), C(detail); see the notes.
  returned: failure
  type: dict
  sample: {source: collection, reason: ambiguous_group, status: null, code: null, title: Ambiguous SIM card group name, detail: "groups named 'meters'"}
"""

from ansible_collections.telnyx.wireless.plugins.module_utils import _api as api
from ansible_collections.telnyx.wireless.plugins.module_utils._actions import DONE, SimCardGroupActions, bulk_action_failed
from ansible_collections.telnyx.wireless.plugins.module_utils._base import TelnyxModule
from ansible_collections.telnyx.wireless.plugins.module_utils._client import TelnyxError, collection_failure
from ansible_collections.telnyx.wireless.plugins.module_utils._policy import (
    ACTION_FIELD,
    BLOCKLISTS,
    FAILED,
    GATEWAYS,
    GROUP_POLICIES,
    GROUPS,
    PROVISIONED,
    check_limit,
    find,
    gateway_status,
    get,
    group_label,
    group_view,
    is_api_error,
    known_ids,
    limit_wanted,
    live_gateway,
    move_sim_cards,
    named,
    pending_id,
    plan_group,
    predict_group,
    resolve,
)
from ansible_collections.telnyx.wireless.plugins.module_utils._sim_card import default_group, is_uuid
from ansible_collections.telnyx.wireless.plugins.module_utils._voice import check_voice, group_voice_outcome, iccids, plan_group_voice

REFERENCES = {"private_wireless_gateway": GATEWAYS, "wireless_blocklist": BLOCKLISTS}
#: reference option -> the option naming those an earlier task of the same check-mode run would create
PENDING = {"private_wireless_gateway": "pending_private_wireless_gateways", "wireless_blocklist": "pending_wireless_blocklists"}
#: A group that does not exist yet, as check mode predicts it before applying the create body.
NEW_GROUP = {"id": None, "default": False, "data_limit": {}, "private_wireless_gateway_id": None, "wireless_blocklist_id": None}


class SimCardGroupModule(TelnyxModule):
    """telnyx.wireless.sim_card_group"""

    @classmethod
    def define_module(cls):
        spec = {
            "name": {"type": "str"},
            "id": {"type": "str"},
            "state": {"type": "str", "default": "present", "choices": ["present", "absent"]},
            "data_limit": {"type": "dict", "options": {"amount": {"type": "raw"}, "unit": {"type": "str", "choices": ["MB", "GB"]}}},
            "private_wireless_gateway": {"type": "str"},
            "wireless_blocklist": {"type": "str"},
            "move_sim_cards_to_default": {"type": "bool", "default": False},
            "pending_private_wireless_gateways": {"type": "list", "elements": "str", "default": []},
            "pending_wireless_blocklists": {"type": "list", "elements": "str", "default": []},
            "voice": {"type": "bool"},
            "voice_connection_id": {"type": "str"},
        }
        return cls.build_module(spec, wait=True, required_one_of=[("name", "id")])

    def __init__(self, module):
        super().__init__(module)
        self.actions = []
        self.names = {}  # gateway / blocklist id -> name, for the diff
        self.voice_failure = None  # the SIM cards a bulk voice action did not change (a TelnyxError), raised after the report

    def validate(self):
        errors = []
        if self.params["id"] is not None and not is_uuid(self.params["id"]):
            errors.append("id must be a SIM card group UUID such as 47a1c2b0-cc7b-4ab1-bb98-b33fb0fc61b9, got %r" % self.params["id"])
        if self.params["name"] is not None and not self.params["name"].strip():
            errors.append("name must not be empty")
        errors += check_limit(self.params["data_limit"])
        if self.params["state"] == "absent":
            given = [option for option in ("data_limit", "private_wireless_gateway", "wireless_blocklist") if self.params[option] is not None]
            if given:
                errors.append("%s apply only with state=present" % ", ".join(given))
        elif self.params["move_sim_cards_to_default"]:
            errors.append("move_sim_cards_to_default applies only with state=absent")
        errors += check_voice(self.params)
        if errors:
            self.fail("; ".join(errors) + ".")

    # ------------------------------------------------------------------ the user's intent

    def run(self):
        group = find(self.client, GROUPS, object_id=self.params["id"], name=None if self.params["id"] else self.params["name"])
        moved, voice = 0, None
        if self.params["state"] == "absent":
            moved = self.make_absent(group)
            after = None
        else:
            after = self.make_present(group)
            if self.params["voice"] is not None:
                voice = self.converge_voice(after, existed=group is not None)
        before_view, after_view = group_view(group, self.names), group_view(after, self.names)
        if voice is not None:  # shown when the task names voice, so every other diff stays as it was
            if before_view:
                before_view["voice"] = voice["before"]
            after_view["voice"] = voice["after"]
        self.set_diff(before_view, after_view, "SIM card group %s" % ((group or after or {}).get("name") or self.params["name"] or self.params["id"]))
        self.result = {"sim_card_group": known_ids(after), "actions": self.actions, "moved_sim_cards": moved}
        if voice is not None:
            self.result["voice"] = voice
        if self.voice_failure is not None:
            self.fail(str(self.voice_failure), failure=self.voice_failure.failure, **self.result)

    def make_absent(self, group):
        if group is None:
            return 0
        if group.get("default"):
            raise TelnyxError(
                "state=absent: SIM card group %s is the account's default group, which Telnyx never deletes (error 70006); "
                "remove this task or name another group." % group_label(group),
                collection_failure("default_group", "the default group cannot be deleted", "Default group"))
        count = group.get("sim_card_count")
        if count is None:
            count = api.count_sim_cards_in_group(self.client, group["id"])
        if count and not self.params["move_sim_cards_to_default"]:
            raise TelnyxError(
                "state=absent: SIM card group %s still holds %d SIM card(s); move them to other groups first (telnyx.wireless.sim_card, "
                "option sim_card_group), or set move_sim_cards_to_default=true to move them to the default group." % (group_label(group), count),
                collection_failure("group_not_empty", "%d SIM cards" % count, "Group has SIM cards"))
        self.changed = True
        if self.check_mode:
            return count
        for action in self.group_actions.under_way(group["id"]):
            self.group_actions.finish(action, self.label(group), fail=False)  # Telnyx takes nothing else meanwhile
        try:
            api.delete_sim_card_group(self.client, group["id"])
        except TelnyxError as exc:
            if not (count and is_api_error(exc, "70005")):
                raise
            # Telnyx refuses to delete a group that holds SIM cards: move them to the default group, then delete.
            target = default_group(self.client)
            if target is None:
                raise TelnyxError("The account has no default SIM card group to move the SIM cards of %s to." % group_label(group),
                                  collection_failure("no_default_group", "no default SIM card group", "No default group")) from None
            move_sim_cards(self.client, group["id"], target["id"])
            api.delete_sim_card_group(self.client, group["id"])
        return count

    def make_present(self, group):
        if group is None and self.params["id"]:
            raise TelnyxError("id: no SIM card group with id %s is on this Telnyx account; to create a group, name it by name only." % self.params["id"],
                              collection_failure("group_not_found", "SIM card group %s not found" % self.params["id"], "SIM card group not found"))
        name = self.params["name"]
        if name is not None and group is not None and group.get("name") != name:
            others = [other for other in named(self.client, GROUPS, name) if other.get("id") != group["id"]]
            if others:
                raise TelnyxError("name: another SIM card group is already named %r (%s); group names must be unique." % (
                    name, ", ".join(other.get("id") for other in others)),
                    collection_failure("name_taken", "SIM card group %r" % name, "Name taken"))
        policy = self.wanted_policy(group)
        body, actions = plan_group(group, name=name, data_limit=limit_wanted(self.params["data_limit"]), policy=policy)
        if group is not None and actions:
            group, actions = self.adopt_actions_under_way(group, policy)
        if not body and not actions:
            return group
        self.changed = True
        self.name_current_references(group, actions)
        if self.check_mode:
            # with wait=false the last action is still under way when the module returns: its field shows the old value
            return predict_group(group or NEW_GROUP, dict(body, name=name) if group is None else body, actions if self.params["wait"] else actions[:-1])
        if group is None:
            create = {"name": name}
            if body.get("data_limit"):
                create["data_limit"] = body["data_limit"]
            group = api.create_sim_card_group(self.client, create)
        elif body:
            group = api.update_sim_card_group(self.client, group["id"], body) or predict_group(group, body, [])
        for number, (action_type, target) in enumerate(actions, start=1):
            if action_type == "set_private_wireless_gateway":
                self.gateway_ready(target)
            action = self.group_actions.start(group["id"], action_type, target)
            if self.params["wait"] or number < len(actions):  # Telnyx takes one group action at a time
                action = self.group_actions.finish(action, self.label(group))
            self.actions.append(action)
        if actions:
            group = get(self.client, GROUPS, group["id"]) or group
        return group

    def converge_voice(self, group, existed):
        """voice (Telnyx beta): every SIM card in the group now with voice on (off), by one bulk action for the group.

        The group's SIM cards are listed (paged) and compared; when any differs, the bulk action is sent once (it acts
        on every SIM card of the group), and waited for. Returns the `voice` report; SIM cards whose action failed are
        kept in self.voice_failure, raised once the report is complete.
        """
        voice = self.params["voice"]
        sims = api.list_group_sim_cards(self.client, group["id"]) if existed else []  # a group this run creates holds none yet
        plan = plan_group_voice(sims, voice, (self.params["voice_connection_id"] or "").strip() or None)
        report = {"sim_cards": len(sims), "before": plan["before"], "after": plan["after"],
                  "changed_iccids": iccids(plan["change"]), "failed": [], "bulk_action": None}
        if not plan["action"]:
            return report
        self.changed = True
        if self.check_mode:
            return report
        bulk = self.bulk_actions.start_group_voice(group["id"], plan)
        report["bulk_action"] = bulk
        if not self.params["wait"]:
            return report
        bulk, unfinished = self.bulk_actions.finish(bulk, self.label(group))
        outcome = group_voice_outcome(sims, plan, voice, unfinished)
        report.update(bulk_action=bulk, after=outcome["after"], changed_iccids=outcome["changed_iccids"])
        if outcome["failed"]:
            converged = "%d of the group's %d SIM cards now have voice %s." % (outcome["after"]["enabled" if voice else "disabled"], len(sims),
                                                                               "on" if voice else "off")
            self.voice_failure = bulk_action_failed(bulk, self.label(group), outcome["failed"], converged)
            report["failed"] = self.voice_failure.failure["sim_cards"]
        return report

    # ------------------------------------------------------------------ helpers

    @staticmethod
    def label(group):
        return "SIM card group %s" % group_label(group)

    def wanted_policy(self, group):
        """{field: wanted id or ""} for the reference options given; resolves names (one list page each)."""
        policy = {}
        for option, kind in REFERENCES.items():
            value = self.params[option]
            if value is None:
                continue
            field = GROUP_POLICIES[option][2]
            value = value.strip()
            current = (group or {}).get(field)
            if not value or (current and is_uuid(value) and value.lower() == current.lower()):
                policy[field] = current if value else ""
                continue
            keep = live_gateway if kind == GATEWAYS else None
            if self.check_mode and value in self.params[PENDING[option]] and not named(self.client, kind, value, keep):
                # created by an earlier task of this check-mode run: planned with a stand-in id, shown by its name
                policy[field] = pending_id(kind, value)
                self.names[policy[field]] = value
                continue
            found = resolve(self.client, kind, value, option, keep=keep)
            if kind == GATEWAYS and gateway_status(found) == FAILED:
                reason = (found.get("status") or {}).get("error_description")
                raise TelnyxError("%s: private wireless gateway %r (%s) failed provisioning%s; recreate it (telnyx.wireless.private_wireless_gateway "
                                  "with replace=true) first." % (option, found.get("name"), found.get("id"), ": %s" % reason if reason else ""),
                                  collection_failure("provisioning_failed", reason, "Provisioning failed",
                                                     error_code=(found.get("status") or {}).get("error_code")))
            self.names[found["id"]] = found.get("name")
            policy[field] = found["id"]
        return policy

    def name_current_references(self, group, actions):
        """For the diff: the names of the gateway / blocklist the group has now, when an action replaces them."""
        for action_type, dummy in actions:
            field = ACTION_FIELD[action_type]
            current = (group or {}).get(field)
            if current and current not in self.names:
                found = get(self.client, GATEWAYS if field.startswith("private") else BLOCKLISTS, current)
                if found:
                    self.names[current] = found.get("name")

    def adopt_actions_under_way(self, group, policy):
        """Before sending a group action: wait for any under way on the group (one list request), then plan again.

        An action under way towards what the task asks is the group converging: it is adopted (reported in `actions`),
        never sent again; with wait=false, when it is the only change, it is left running. Any other is waited out.
        """
        under_way = self.group_actions.under_way(group["id"])
        wanted = dict((ACTION_FIELD[action_type], target) for action_type, target in plan_group(group, policy=policy)[1])
        if not under_way:
            return group, plan_group(group, policy=policy)[1]
        for action in under_way:
            field = ACTION_FIELD.get(action.get("type"))
            converging = field in wanted and SimCardGroupActions.target(action) == wanted[field]
            if converging and not self.params["wait"] and len(wanted) == 1:
                self.actions.append(action)
                return group, []
            finished = self.group_actions.finish(action, self.label(group), fail=converging)
            if converging:
                self.actions.append(finished)
        group = get(self.client, GROUPS, group["id"]) or group
        return group, plan_group(group, policy=policy)[1]

    def gateway_ready(self, gateway_id):
        """Telnyx assigns only a provisioned gateway: wait for one still provisioning (whatever `wait` says)."""
        gateway = get(self.client, GATEWAYS, gateway_id)
        if gateway is not None and gateway_status(gateway) != PROVISIONED:
            gateway = self.waiter.until(lambda: get(self.client, GATEWAYS, gateway_id), DONE["gateway_settled"],
                                        "private wireless gateway %s to be provisioned" % gateway_id,
                                        lambda current: "status %s" % gateway_status(current) if current else "not on the account", seen=gateway)
        if gateway is None or gateway_status(gateway) != PROVISIONED:
            raise TelnyxError("private_wireless_gateway: gateway %s is %s, not provisioned; Telnyx assigns only a provisioned gateway." % (
                gateway_id, gateway_status(gateway) if gateway else "off the account"),
                collection_failure("provisioning_failed" if gateway is not None and gateway_status(gateway) == FAILED else "not_provisioned",
                                   "gateway %s %s" % (gateway_id, gateway_status(gateway) if gateway else "off the account"), "Gateway not provisioned"))


def main():
    SimCardGroupModule.main()


if __name__ == "__main__":
    main()
