#!/usr/bin/python
# Copyright: (c) 2026, telnyx.wireless developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: sim_card_fleet
short_description: Declare many Telnyx SIM cards in one task, at API speed
version_added: 0.2.0
description:
  - Makes many Telnyx Wireless SIM cards what the task declares, in one task - status (and registration), tags,
    SIM card group, data limit, authorized IMEIs, public IP, data usage notifications and voice - with the same rules as
    M(telnyx.wireless.sim_card), M(telnyx.wireless.sim_card_public_ip) and M(telnyx.wireless.sim_card_notification), and
    reports exactly what it changed (in check mode, exactly what it would change, with nothing written).
  - The SIM cards are named in O(sim_cards) (one entry each), or picked by a O(selection) that all get
    O(settings), or both.
  - The SIM cards the entries name are read with the list's first page and then one read for each one not on it (on
    an account of more than 41 pages, the ICCIDs of one batch - all digits but the last 4 the same - with the list
    filtered by their common prefix), or with the list's other pages (250 per page, fetched concurrently) when those
    are fewer requests; a O(selection) is read with the list filtered by the API. A run that changes nothing costs those reads plus one read of the SIM
    card groups, and no write.
  - Changes are sent concurrently by up to O(workers) threads sharing one connection pool, paced by Telnyx's
    rate-limit answers (a 429 pauses every thread). All status transitions are waited for together - one read of the fleet per wait
    round, not one per SIM card. Public IP and voice actions follow the status changes (a SIM card takes one action at
    a time), round by round, each round waited for together too. SIM cards to register are validated in one request and registered in one
    request per group, status and tag set.
  - Partial failure loses nothing - every SIM card that can converge does; then the task fails, listing each SIM card
    that did not, with its reason. RV(sim_cards) holds the result of every SIM card that changed or failed either way
    (of every SIM card with O(return_unchanged=true)).
  - Every entry is validated, in check mode too, before the first request.
  - The role C(telnyx.wireless.sim_fleet) applies a fleet description with this module.
author:
  - telnyx.wireless developers (@telnyx-wireless)
options:
  sim_cards:
    description:
      - The SIM cards, one entry each, named by O(sim_cards[].id) or O(sim_cards[].iccid). A SIM card may be named
        only once.
      - An option left out of an entry is left untouched on that SIM card; an entry without O(sim_cards[].state)
        leaves the status exactly as it is.
      - A SIM card that is both named here and picked by O(selection) gets its entry (the entry is more specific).
    type: list
    elements: dict
    default: []
    suboptions:
      id:
        description:
          - The UUID of the SIM card. Exactly one of O(sim_cards[].id) and O(sim_cards[].iccid).
        type: str
      iccid:
        description:
          - The ICCID printed on the SIM card, 19 or 20 digits.
        type: str
      state:
        description:
          - V(present) (on the account and enabled), V(disabled) (off the network, IP released), V(standby) (off the
            network, IP kept) or V(absent) (deleted from the account; B(irreversible), counted against O(max_deletions)).
          - Not given - the status is left exactly as it is, whatever it is.
          - Registering a SIM card that is not on the account needs it (it has no status to leave alone).
          - The same transitions as M(telnyx.wireless.sim_card) - V(disabled) to V(standby) or back passes through
            enabled; V(present) on a SIM card in C(data_limit_exceeded) changes nothing; V(disabled) or V(standby) on one
            fails for that SIM card unless its entry raises its data limit above its usage.
        type: str
        choices: [present, disabled, standby, absent]
      registration_code:
        description:
          - The registration code printed on a SIM card that is not on the account yet. It is registered with its
            O(sim_cards[].sim_card_group), O(sim_cards[].tags) and O(sim_cards[].state) (required then); its other
            settings are set once the registration has completed.
          - Needs O(sim_cards[].iccid). The codes are validated with Telnyx in one request before any registration.
        type: str
      report_lost:
        description:
          - With O(sim_cards[].state=absent), delete a disabled eSIM that cannot be uninstalled from its device.
        type: bool
        default: false
      tags:
        description:
          - The tags (a set). Not given - untouched.
        type: list
        elements: str
      purge_tags:
        description:
          - Remove the tags not in O(sim_cards[].tags); V(false) only adds the missing ones.
        type: bool
        default: true
      data_limit:
        description:
          - The SIM card's own monthly data limit. V({}) removes it (the group's limit applies). Not given - untouched.
        type: dict
        suboptions:
          amount:
            description: The amount, a number of zero or more.
            type: raw
          unit:
            description: The unit of the amount.
            type: str
            choices: [MB, GB]
      sim_card_group:
        description:
          - The SIM card group, by UUID or by name. A name that two groups share fails, naming both, before anything is
            sent. Not given - untouched.
        type: str
      authorized_imeis:
        description:
          - The IMEIs (15 digits, at most 5) of the devices allowed to use the SIM card; V([]) allows every device.
            Not given - untouched.
        type: list
        elements: str
      public_ip:
        description:
          - The SIM card's public IP (it costs money; see M(telnyx.wireless.sim_card_public_ip)). Not given - untouched.
          - Read with one request per SIM card that names it (Telnyx has no list of public IPs).
          - Public IPs set without O(sim_cards[].public_ip.region_code) go in C(bulk_set_public_ips) requests of up to 100 SIM
            cards (Telnyx's default region); with a region code, one C(set_public_ip) action per SIM card.
        type: dict
        suboptions:
          state:
            description: V(present) - the SIM card has a public IP; V(absent) - it has none (its address is released).
            type: str
            choices: [present, absent]
            default: present
          region_code:
            description:
              - The region of the public IP (such as V(dc2)), checked against Telnyx's public IP regions before any write.
                Not given - any region (a new one in Telnyx's default region).
            type: str
          allow_address_change:
            description:
              - Allow moving a public IP that is in another region than O(sim_cards[].public_ip.region_code) - its address is
                released (every allowlist holding it stops matching) and a new one is set. Without it that SIM card fails,
                naming its address, and nothing is changed on it.
            type: bool
            default: false
      notifications:
        description:
          - Data usage notification thresholds; the SIM card gets a notification at each (see
            M(telnyx.wireless.sim_card_notification)). Not given - untouched.
          - Read with the account's notification list, or one read per SIM card when that is fewer requests.
        type: list
        elements: dict
        suboptions:
          amount:
            description: The amount, more than zero.
            type: raw
            required: true
          unit:
            description: The unit of the amount.
            type: str
            required: true
            choices: [MB, GB]
      notifications_exclusive:
        description:
          - Remove the SIM card's notifications at thresholds not in O(sim_cards[].notifications), so that it ends with exactly
            those (V([]) then removes them all). V(false) only adds the missing ones.
        type: bool
        default: false
      voice:
        description:
          - B(Telnyx beta.) Voice on (V(true), Telnyx's C(enable_voice) action) or off (V(false), C(disable_voice)) on the SIM
            card, as M(telnyx.wireless.sim_card) does it. Not given - untouched.
          - One action per SIM card, never a group's bulk voice action - that would change SIM cards the task does not name
            (for a whole group, use O(telnyx.wireless.sim_card_group#module:voice)).
        type: bool
      voice_connection_id:
        description:
          - B(Telnyx beta.) With O(sim_cards[].voice=true), the Mobile Voice connection sent with C(enable_voice); used only when
            this task enables voice.
        type: str
  selection:
    description:
      - Picks SIM cards on the account; each gets O(settings). The criteria combine (a SIM card must match all).
      - Only SIM cards already on the account are selected, so a selection never registers or names a new SIM card.
    type: dict
    suboptions:
      tags:
        description: SIM cards that carry all these tags.
        type: list
        elements: str
      sim_card_group:
        description: SIM cards in this group (UUID or name).
        type: str
      status:
        description: SIM cards in any of these statuses.
        type: list
        elements: str
        choices: [registering, enabling, enabled, disabling, disabled, data_limit_exceeded, setting_standby, standby, unauthorized_imei]
      iccids:
        description: SIM cards with these ICCIDs.
        type: list
        elements: str
  settings:
    description:
      - What every SIM card of O(selection) gets - the same options as an entry of O(sim_cards), without
        C(id), C(iccid) and C(registration_code). Left out - untouched.
    type: dict
    suboptions:
      state:
        description: See O(sim_cards[].state).
        type: str
        choices: [present, disabled, standby, absent]
      report_lost:
        description: See O(sim_cards[].report_lost).
        type: bool
        default: false
      tags:
        description: See O(sim_cards[].tags).
        type: list
        elements: str
      purge_tags:
        description: See O(sim_cards[].purge_tags).
        type: bool
        default: true
      data_limit:
        description: See O(sim_cards[].data_limit).
        type: dict
        suboptions:
          amount:
            description: The amount, a number of zero or more.
            type: raw
          unit:
            description: The unit of the amount.
            type: str
            choices: [MB, GB]
      sim_card_group:
        description: See O(sim_cards[].sim_card_group).
        type: str
      authorized_imeis:
        description: See O(sim_cards[].authorized_imeis).
        type: list
        elements: str
      public_ip:
        description: See O(sim_cards[].public_ip).
        type: dict
        suboptions:
          state:
            description: See O(sim_cards[].public_ip.state).
            type: str
            choices: [present, absent]
            default: present
          region_code:
            description: See O(sim_cards[].public_ip.region_code).
            type: str
          allow_address_change:
            description: See O(sim_cards[].public_ip.allow_address_change).
            type: bool
            default: false
      notifications:
        description: See O(sim_cards[].notifications).
        type: list
        elements: dict
        suboptions:
          amount:
            description: The amount, more than zero.
            type: raw
            required: true
          unit:
            description: The unit of the amount.
            type: str
            required: true
            choices: [MB, GB]
      notifications_exclusive:
        description: See O(sim_cards[].notifications_exclusive).
        type: bool
        default: false
      voice:
        description: See O(sim_cards[].voice).
        type: bool
      voice_connection_id:
        description: See O(sim_cards[].voice_connection_id).
        type: str
  pending_sim_card_groups:
    description:
      - Names of SIM card groups that an earlier task of the same check-mode run would create (the role
        C(telnyx.wireless.sim_fleet) passes the groups its policy part creates). In check mode an entry that names one is
        planned as if it existed - its diff and RV(sim_cards) name the group (its id is not known yet, so
        C(sim_card_group_id) is null there) - instead of failing because it is not on the account yet.
      - Ignored in a real run, where the group has been created by then and is looked up as usual.
    type: list
    elements: str
    default: []
  max_deletions:
    description:
      - The most SIM cards this run may delete (V(absent)). A run that would delete more fails before writing anything,
        in check mode too, naming the count and the limit. Deletion is irreversible; raise this knowingly.
    type: int
    default: 1
  workers:
    description:
      - The most requests in flight at once (list pages, reads, changes). Within it, the task paces itself by Telnyx's
        answers - it starts at 8, adds one per answer while the C(x-ratelimit-remaining) header shows room, halves on a
        429, and when the window's budget is spent every worker waits for C(x-ratelimit-reset) - so a lower number only
        lowers the bound (for an account whose other users need most of its rate limit).
    type: int
    default: 50
  shard_count:
    description:
      - Split the fleet into this many shards and act only on shard O(shard_index). Every SIM card belongs to exactly
        one shard, by a stable hash of its ICCID, so runs on several controllers or AWX slices never touch the same
        SIM card. The SIM cards of other shards are read but never written, and are not in RV(sim_cards).
    type: int
    default: 1
  shard_index:
    description:
      - The shard to act on, from V(0) to O(shard_count) - 1 (for an AWX sliced job, the slice number minus one).
    type: int
    default: 0
  diff_max_sim_cards:
    description:
      - The diff shows the summary and then at most this many SIM cards' changes, one line each; the full list is in
        RV(sim_cards).
    type: int
    default: 50
  return_unchanged:
    description:
      - Also return, in RV(sim_cards), the SIM cards that stayed as they were, and echo O(sim_cards) back in the
        task's C(invocation) (what Ansible shows at C(-vvv)).
      - By default RV(sim_cards) holds only the SIM cards that changed or failed (in check mode, would change or would
        fail) and RV(summary) counts every SIM card, so that the result of 10,000 SIM cards already as declared is a few
        lines, not megabytes. Ansible itself echoes every option of a task in its result (C(invocation); from
        ansible-core 2.21 only with its C(INJECT_INVOCATION) setting), which repeats every entry of a large fleet, so
        by default this module leaves O(sim_cards) out of it.
    type: bool
    default: false
    version_added: 0.2.0
notes:
  - Check mode reads (it may wait for a transition already under way, to know where it ends) and never writes;
    RV(sim_cards) then holds each SIM card that would change as the real run would leave it, and a SIM card that cannot converge fails
    the task exactly as in the real run. Registration codes are validated with Telnyx in check mode too (the
    validation changes nothing); a code Telnyx does not accept fails its SIM card, with Telnyx's reason and the code
    itself replaced by C((the code)).
  - With O(wait=false) the task returns once every action is accepted (a SIM card that needs two actions, or a
    registration followed by settings, is still waited for between the two).
  - O(wait_timeout) bounds each wait round (all SIM cards together), not each SIM card.
seealso:
  - module: telnyx.wireless.sim_card
extends_documentation_fragment:
  - telnyx.wireless.auth
  - telnyx.wireless.wait
  - telnyx.wireless.attributes
  - telnyx.wireless.failure
"""

EXAMPLES = r"""
- name: A fleet kept in git, in one task
  telnyx.wireless.sim_card_fleet:
    sim_cards:
      - iccid: "89310410106543789301"
        state: present
        sim_card_group: meters
        tags: [meters, eu]
        data_limit: {amount: 500, unit: MB}
      - iccid: "89310410106543789327"
        tags: [winter]          # no state: the status stays as it is
        purge_tags: false
      - iccid: "89310410106543789335"
        registration_code: "0123456789"
        state: standby          # registering needs a state
        sim_card_group: trackers
  register: fleet

- name: Public IPs, notifications and voice for the SIM cards of a fleet
  telnyx.wireless.sim_card_fleet:
    sim_cards:
      - iccid: "89310410106543789301"
        public_ip: {}                       # a public IP, in any region
        notifications: [{amount: 500, unit: MB}, {amount: 1, unit: GB}]
        notifications_exclusive: true       # and no other notification
      - iccid: "89310410106543789327"
        public_ip: {state: absent}
        voice: true                         # Telnyx beta

- name: Every SIM card tagged lost is disabled
  telnyx.wireless.sim_card_fleet:
    selection:
      tags: [lost]
    settings:
      state: disabled

- name: Remove the own data limit of every SIM card of group meters (the group's limit applies)
  telnyx.wireless.sim_card_fleet:
    selection:
      sim_card_group: meters
    settings:
      data_limit: {}

- name: One slice of an AWX sliced job template acts on its share of the fleet
  telnyx.wireless.sim_card_fleet:
    sim_cards: "{{ fleet }}"
    shard_count: "{{ awx_job_slice_count | default(1) }}"
    shard_index: "{{ (awx_job_slice_number | default(1)) - 1 }}"
  run_once: true
"""

RETURN = r"""
sim_cards:
  description:
    - One result per SIM card of the run that changed or failed (the entries, then the SIM cards selected); with
      O(return_unchanged=true), every SIM card of the run, the ones that stayed as they were too. RV(summary) counts
      them all.
    - C(status) is the SIM card's status after the task (in check mode, the predicted one).
    - C(before) and C(after), the fields the module manages, only for a SIM card that changes or fails (so that a
      large fleet that is already as declared gives a short result); in check mode C(after) is the prediction. They show
      C(public_ip) (its region; C(default region) for one predicted in Telnyx's default region), C(notifications) (the
      thresholds) and C(voice_enabled) only when the entry names them.
    - C(public_ip) (the public IP object after the run, with its address; null for none) and C(notifications) (the
      notification objects after the run) when the entry names them; in check mode, the prediction (no address, no ids yet).
    - C(actions) - the SIM card actions the run started, in order (C(id), C(action_type)); a public IP set in bulk shows the
      bulk SIM card action (C(action_type=bulk_set_public_ips)).
    - C(steps) - for a SIM card that changes or fails, the steps planned for it, in the order they are sent, each
      C(kind) and C(detail) - the same as RV(telnyx.wireless.sim_card#module:steps); in check mode, what the real run will
      send unless the SIM card changes in between (a registration and a public IP in Telnyx's default region go in the
      bulk requests of their kind).
  returned: always
  type: list
  elements: dict
  sample:
    - iccid: "89310410106543789301"
      id: 6b14e151-8493-4fa1-8664-1cc4e6d14158
      changed: true
      failed: false
      registered: false
      deleted: false
      actions: [{id: 9a5a3a2e-1f0d-4e8b-8a57-3c1f0f7f2b11, action_type: disable}]
      steps: [{kind: patch, detail: {tags: [eu, lost]}}, {kind: status, detail: disable}]
      status: disabled
      before: {status: enabled, tags: [eu], sim_card_group_id: 47a1c2b0-cc7b-4ab1-bb98-b33fb0fc61b9, data_limit: null,
               authorized_imeis: []}
      after: {status: disabled, tags: [eu, lost], sim_card_group_id: 47a1c2b0-cc7b-4ab1-bb98-b33fb0fc61b9,
              data_limit: null, authorized_imeis: []}
summary:
  description:
    - Counts for an approver - SIM cards in the run, changed, unchanged, failed, registered, deleted, and how many
      change each setting (C(status), C(tags), C(sim_card_group_id), C(data_limit), C(authorized_imeis), C(public_ip),
      C(notifications), C(voice_enabled)); C(status_moves) counts each status move (C(enabled -> disabled)).
  returned: always
  type: dict
  sample: {sim_cards: 1000, changed: 600, unchanged: 400, failed: 0, registered: 0, deleted: 0, status: 600, tags: 600,
           sim_card_group_id: 0, data_limit: 0, authorized_imeis: 0, public_ip: 0, notifications: 0, voice_enabled: 0,
           status_moves: {"enabled -> disabled": 600}}
failed_sim_cards:
  description: The SIM cards that did not converge, with the reason of each (empty when all did).
  returned: always
  type: list
  elements: dict
  sample: [{iccid: "89310410106543789301", msg: "SIM card 89310410106543789301 has no SIM card group, ..."}]
applied:
  description:
    - The writes the API accepted before the task failed (method and path), when it failed after writing; the message
      gives their count, RV(sim_cards) each SIM card's outcome.
  returned: on failure after a write
  type: list
  elements: str
  sample: ["PATCH /sim_cards/6b14e151-8493-4fa1-8664-1cc4e6d14158", "POST /sim_cards/6b14e151-8493-4fa1-8664-1cc4e6d14158/actions/disable"]
requests:
  description: How many API requests the run sent (reads and writes, retries included).
  returned: always
  type: int
  sample: 5
failure:
  description: Why the task failed (C(msg) says it in one sentence) - C(source), C(reason), C(status), C(code), C(title), C(detail); see the notes.
  returned: failure
  type: dict
  sample: {source: collection, reason: ambiguous_group, status: null, code: null, title: Ambiguous SIM card group name, detail: "groups named 'meters'"}
"""

from ansible_collections.telnyx.wireless.plugins.module_utils import _api as api
from ansible_collections.telnyx.wireless.plugins.module_utils._amounts import AMOUNT_OPTIONS
from ansible_collections.telnyx.wireless.plugins.module_utils._base import TelnyxModule, client_options
from ansible_collections.telnyx.wireless.plugins.module_utils._client import TelnyxClient, TelnyxError, collection_failure
from ansible_collections.telnyx.wireless.plugins.module_utils._engine import Engine
from ansible_collections.telnyx.wireless.plugins.module_utils._fleet import (
    PENDING_GROUP,
    fleet_input_errors,
    limit_exceeded_note,
    make_plans,
    plan_sim,
    shard_of,
    sim_result,
    summarize,
    summary_text,
    task_failure,
    woke_up_note,
)
from ansible_collections.telnyx.wireless.plugins.module_utils._sim_card import (
    ALL_STATUSES,
    find_group,
    sim_card_list_query,
)

DATA_LIMIT_SPEC = {"type": "dict", "options": {"amount": {"type": "raw"}, "unit": {"type": "str", "choices": ["MB", "GB"]}}}
PUBLIC_IP_SPEC = {"type": "dict", "options": {
    "state": {"type": "str", "choices": ["present", "absent"], "default": "present"},
    "region_code": {"type": "str"},
    "allow_address_change": {"type": "bool", "default": False},
}}
SETTINGS_SPEC = {
    "state": {"type": "str", "choices": ["present", "disabled", "standby", "absent"]},
    "report_lost": {"type": "bool", "default": False},
    "tags": {"type": "list", "elements": "str"},
    "purge_tags": {"type": "bool", "default": True},
    "data_limit": DATA_LIMIT_SPEC,
    "sim_card_group": {"type": "str"},
    "authorized_imeis": {"type": "list", "elements": "str"},
    "public_ip": PUBLIC_IP_SPEC,
    "notifications": {"type": "list", "elements": "dict", "options": AMOUNT_OPTIONS},
    "notifications_exclusive": {"type": "bool", "default": False},
    "voice": {"type": "bool"},
    "voice_connection_id": {"type": "str"},
}
ENTRY_SPEC = dict(SETTINGS_SPEC, id={"type": "str"}, iccid={"type": "str"}, registration_code={"type": "str", "no_log": True})
SELECTION_SPEC = {
    "tags": {"type": "list", "elements": "str"},
    "sim_card_group": {"type": "str"},
    "status": {"type": "list", "elements": "str", "choices": list(ALL_STATUSES)},
    "iccids": {"type": "list", "elements": "str"},
}


class SimCardFleetModule(TelnyxModule):
    """telnyx.wireless.sim_card_fleet: options, the selection, planning (_fleet.py), the engine (_engine.py), the report."""

    @classmethod
    def define_module(cls):
        spec = {
            "sim_cards": {"type": "list", "elements": "dict", "default": [], "options": ENTRY_SPEC,
                          "mutually_exclusive": [("id", "iccid")], "required_one_of": [("id", "iccid")]},
            "selection": {"type": "dict", "options": SELECTION_SPEC},
            "settings": {"type": "dict", "options": SETTINGS_SPEC},
            "pending_sim_card_groups": {"type": "list", "elements": "str", "default": []},
            "max_deletions": {"type": "int", "default": 1},
            "workers": {"type": "int", "default": 50},
            "shard_count": {"type": "int", "default": 1},
            "shard_index": {"type": "int", "default": 0},
            "diff_max_sim_cards": {"type": "int", "default": 50},
            "return_unchanged": {"type": "bool", "default": False},
        }
        return cls.build_module(spec, wait=True, required_together=[("selection", "settings")])

    def __init__(self, module):
        super().__init__(module)
        self.plans = []
        self.groups = []
        self.group_names = {}
        self.summary_diff = None
        self._engine = None

    @property
    def client(self):
        if self._client is None:
            self._client = TelnyxClient(read_only=self.check_mode, pool_size=max(1, self.params["workers"]), **client_options(self.params))
        return self._client

    @property
    def engine(self):
        if self._engine is None:
            self._engine = Engine(self.client, self.waiter, self.params["workers"], self.params["wait"])
        return self._engine

    def validate(self):
        errors = fleet_input_errors(self.params)
        if errors:
            raise TelnyxError("; ".join(errors) + ".", collection_failure("invalid_input", "%d problems" % len(errors), "Invalid options"))

    def run(self):
        if not self.params["sim_cards"] and self.params["selection"] is None:
            self.report()  # nothing declared: nothing to read
            return
        self.groups = api.list_sim_card_groups(self.client)  # one read: the groups options name, and names for the diff
        self.group_names = dict((group["id"], group.get("name")) for group in self.groups)
        engine = self.engine
        engine.plans = self.plans = self.read_plans()
        engine.settle_first()
        engine.read_extras()
        self.plan_all()
        engine.check_regions()
        self.guard_deletions()
        engine.validate_codes([plan for plan in self.plans if plan.register and plan.error is None])
        if not self.check_mode:
            engine.apply()
        self.report()

    def group_id(self, value):
        """The id of the group named by UUID or by name (find_group; None when not given). In check mode a group an
        earlier task of the run would create (pending_sim_card_groups) is planned with a stand-in id, shown by its name."""
        if value is None:
            return None
        try:
            return find_group(value, groups=self.groups)["id"]
        except TelnyxError as exc:
            name = value.strip()
            if exc.failure.get("reason") != "group_not_found" or not self.check_mode or name not in self.params["pending_sim_card_groups"]:
                raise
        self.group_names[PENDING_GROUP + name] = name
        return PENDING_GROUP + name

    def read_plans(self):
        """The Plans of the run (_fleet.make_plans) from the SIM cards it may touch: those the entries name
        (_api.sim_cards_named: the first page, then one read per name or per batch of ICCIDs, or the other pages, whichever
        is fewer requests; in a shard, the ICCIDs of other shards are not read), or the selection through the list's filters."""
        params, shard = self.params, (self.params["shard_index"], self.params["shard_count"])
        selection = params["selection"]
        if selection is None:
            iccids = [entry["iccid"] for entry in params["sim_cards"] if not entry.get("id")
                      and (shard[1] <= 1 or shard_of(entry["iccid"], shard[1]) == shard[0])]
            sims, self.engine.total_pages = api.sim_cards_named(self.client, [entry["id"] for entry in params["sim_cards"] if entry.get("id")],
                                                                iccids, params["workers"])
            return make_plans(params["sim_cards"], sims, shard=shard)
        filters, keep = sim_card_list_query(tags=selection.get("tags"), statuses=selection.get("status"),
                                            group_id=self.group_id(selection.get("sim_card_group")))
        iccids = set(selection.get("iccids") or [])
        # entries name SIM cards outside the selection too: then the whole list is read, the selection kept from it
        sims = self.engine.list_sims({} if params["sim_cards"] else filters)
        selected = [sim for sim in sims if keep(sim) and (not iccids or sim.get("iccid") in iccids)]
        return make_plans(params["sim_cards"], sims, selected, params["settings"], shard)

    def plan_all(self):
        default = next((group["id"] for group in self.groups if group.get("default")), None)
        ids, groups = {}, dict((group["id"], group) for group in self.groups)
        for plan in self.plans:
            value = plan.entry.get("sim_card_group")
            if value is not None and value not in ids:
                ids[value] = self.group_id(value)
        for plan in self.plans:
            plan_sim(plan, ids.get(plan.entry.get("sim_card_group")), default, self.params["wait"], groups)
            note = limit_exceeded_note(plan)
            if note:
                self.module.warn(note)
        for plan in self.engine.wake_ups():
            self.module.warn(woke_up_note(plan))

    def guard_deletions(self):
        deleting = [plan for plan in self.plans if plan.delete]
        if len(deleting) > self.params["max_deletions"]:
            raise TelnyxError(
                "This run would delete %d SIM cards, more than max_deletions (%d); nothing was changed. Deletion is irreversible: "
                "check the SIM cards with state absent (%s), or raise max_deletions to at least %d." % (
                    len(deleting), self.params["max_deletions"], ", ".join(plan.key for plan in deleting[:20]) + (", ..." if len(deleting) > 20 else ""),
                    len(deleting)),
                collection_failure("too_many_deletions", "%d > %d" % (len(deleting), self.params["max_deletions"]), "Too many deletions"))

    # ------------------------------------------------------------------ reporting

    def report(self):
        results = []
        for plan in self.plans:
            if self.check_mode or plan.error is not None and plan.current is plan.before:
                after = plan.predicted if plan.error is None else plan.before
            else:
                after = plan.current
            results.append(sim_result(plan, self.group_names, after))
        summary = summarize(results)
        failed = [dict(iccid=result["iccid"], id=result["id"], msg=result["msg"]) for result in results if result["failed"]]
        self.changed = any(result["changed"] for result in results)
        returned = results if self.params["return_unchanged"] else [result for result in results if result["changed"] or result["failed"]]
        self.result = {"sim_cards": returned, "summary": summary, "failed_sim_cards": failed,
                       "requests": self._client.stats["requests"] if self._client is not None else 0}
        self.summary_diff = summary_text(summary, results, self.params["diff_max_sim_cards"], self.check_mode)
        if failed:
            lines = "; ".join("%s: %s" % (item["iccid"] or item["id"], item["msg"]) for item in failed[:50])
            raise TelnyxError(
                "%d of %d SIM cards did not converge (the others did%s): %s%s" % (
                    len(failed), len(results), " in this check-mode prediction" if self.check_mode else "", lines,
                    " ... (all in failed_sim_cards)" if len(failed) > 50 else ""),
                task_failure([result["failure"] for result in results if result["failed"]]))

    def build_result(self):
        result = {"changed": self.changed}
        result.update(self.result)
        if self.module._diff and self.summary_diff is not None:
            result["diff"] = {"prepared": self.summary_diff}
        result.update(self.invocation())
        return result

    def invocation(self):
        """What Ansible echoes of the options (AnsibleModule adds it unless given): without the entries, unless
        return_unchanged - they are the task's own input, and at fleet scale most of the result."""
        if self.params["return_unchanged"]:
            return {}
        return {"invocation": {"module_args": dict((key, value) for key, value in self.params.items() if key != "sim_cards")}}

    def fail(self, msg, failure=None, **extra):
        """A failed run still returns what a successful one does (build_result): the SIM cards' results, the summary
        and (with --diff) the summary diff."""
        for key, value in self.build_result().items():
            extra.setdefault(key, value)
        applied = list(getattr(self._client, "applied", None) or [])
        if applied:
            # a fleet may have applied thousands of writes: count them in the message, list them in `applied`
            extra.update(changed=True, applied=applied)
            msg = "%s %d writes were applied before this failure (each SIM card's outcome is in sim_cards, every write in applied)." % (
                msg, len(applied))
            self._client.applied = []
        super().fail(msg, failure, **extra)


def main():
    SimCardFleetModule.main()


if __name__ == "__main__":
    main()
