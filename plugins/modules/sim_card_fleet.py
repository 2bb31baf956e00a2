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

import threading

from ansible_collections.telnyx.wireless.plugins.module_utils import _api as api
from ansible_collections.telnyx.wireless.plugins.module_utils._actions import action_failed, busy
from ansible_collections.telnyx.wireless.plugins.module_utils._amounts import AMOUNT_OPTIONS, amount_equal, api_amount
from ansible_collections.telnyx.wireless.plugins.module_utils._base import TelnyxModule, client_options
from ansible_collections.telnyx.wireless.plugins.module_utils._client import (
    MAX_PAGE_SIZE,
    TelnyxClient,
    TelnyxError,
    TelnyxReadOnlyError,
    bounded_map,
    collection_failure,
)
from ansible_collections.telnyx.wireless.plugins.module_utils._fleet import (
    PENDING_GROUP,
    REMOVE_PUBLIC_IP,
    SET_PUBLIC_IP,
    VOICE,
    Plan,
    check_entry,
    notes_change,
    plan_sim,
    registration_problems,
    settings_for,
    shard_of,
    sim_result,
    summarize,
    summary_text,
    task_failure,
)
from ansible_collections.telnyx.wireless.plugins.module_utils._notification import keep_oldest_copies
from ansible_collections.telnyx.wireless.plugins.module_utils._sim_card import (
    ALL_STATUSES,
    DATA_LIMIT_EXCEEDED,
    TRANSITIONS,
    group_not_found,
    invalid_registration_code,
    is_uuid,
    only_group_named,
    plan_status,
    registration_code_problem,
    registration_refused,
    sim_card_list_query,
    sim_name,
    sim_status,
    with_status,
)
from ansible_collections.telnyx.wireless.plugins.module_utils._voice import voice_enabled, with_voice

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
#: Registration codes per registration request.
REGISTER_BATCH = 100
#: SIM card ids per bulk_set_public_ips request (Telnyx documents no maximum; the same bound as registrations).
BULK_BATCH = 100


class SimCardFleetModule(TelnyxModule):
    """telnyx.wireless.sim_card_fleet"""

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
        self.total_pages = 1
        self.selected = None
        self.summary_diff = None
        self.lock = threading.Lock()
        self.bulk_failures = {}  # SIM card id -> its SIM card action of a bulk action that did not complete

    @property
    def client(self):
        if self._client is None:
            self._client = TelnyxClient(read_only=self.check_mode, pool_size=max(1, self.params["workers"]), **client_options(self.params))
        return self._client

    # ------------------------------------------------------------------ validation (no request)

    def validate(self):
        errors = self.input_errors()
        if errors:
            raise TelnyxError("; ".join(errors) + ".", collection_failure("invalid_input", "%d problems" % len(errors), "Invalid options"))

    def input_errors(self):
        """Every entry checked with the rules of sim_card (check_entry), and the fleet's own options; sends nothing."""
        params = self.params
        errors = []
        if params["workers"] < 1:
            errors.append("workers must be 1 or more, got %d" % params["workers"])
        if params["max_deletions"] < 0:
            errors.append("max_deletions must be 0 or more, got %d" % params["max_deletions"])
        if params["shard_count"] < 1:
            errors.append("shard_count must be 1 or more, got %d" % params["shard_count"])
        elif not 0 <= params["shard_index"] < params["shard_count"]:
            errors.append("shard_index must be from 0 to shard_count - 1 (%d), got %d" % (params["shard_count"] - 1, params["shard_index"]))
        if params["diff_max_sim_cards"] < 0:
            errors.append("diff_max_sim_cards must be 0 or more")
        seen = {}
        for number, entry in enumerate(params["sim_cards"], start=1):
            name = entry.get("iccid") or entry.get("id")
            where = "sim_cards entry %d (%s)" % (number, name)
            errors += check_entry(entry, where)
            key = str(name).lower()
            if key in seen:
                errors.append("%s names the same SIM card as entry %d; name each SIM card once" % (where, seen[key]))
            seen.setdefault(key, number)
        if params["settings"] is not None:
            errors += check_entry(params["settings"], "settings")
        selection = params["selection"] or {}
        for iccid in selection.get("iccids") or []:
            errors += ["selection: %s" % message for message in check_entry({"iccid": iccid}, "iccids")]
        if params["selection"] is not None and not any(selection.get(key) for key in SELECTION_SPEC):
            errors.append("selection needs at least one criterion (tags, sim_card_group, status or iccids); "
                          "to act on every SIM card, name them in sim_cards")
        return errors

    # ------------------------------------------------------------------ the user's intent

    def run(self):
        if not self.params["sim_cards"] and self.params["selection"] is None:
            self.report()  # nothing declared: nothing to read
            return
        self.read_groups()
        sims = self.read_fleet()
        self.make_plans(sims)
        self.settle_first()
        self.read_extras()
        self.plan_all()
        self.check_regions()
        self.guard_deletions()
        self.validate_codes([plan for plan in self.plans if plan.register and plan.error is None])
        if not self.check_mode:
            self.apply()
        self.report()

    # ------------------------------------------------------------------ reading

    def read_groups(self):
        """One read of the SIM card groups: names for the diff, and every group an option names, by UUID or name."""
        self.groups = api.list_sim_card_groups(self.client)
        self.group_names = dict((group["id"], group.get("name")) for group in self.groups)

    def group_id(self, value):
        """The id of the group named by UUID or by name (None when not given); fails clearly when none or two match."""
        if value is None:
            return None
        value = value.strip()
        if is_uuid(value):
            for group in self.groups:
                if group["id"].lower() == value.lower():
                    return group["id"]
        match = only_group_named(self.groups, value)
        if match is None and self.check_mode and value in self.params["pending_sim_card_groups"]:
            # created by an earlier task of this check-mode run: planned with a stand-in id, shown by its name
            self.group_names[PENDING_GROUP + value] = value
            return PENDING_GROUP + value
        if match is None:
            raise group_not_found(value)
        return match["id"]

    def read_fleet(self):
        """Every SIM card the run may touch: the SIM cards the entries name (_api.sim_cards_named: the first page, then
        one read per name or per batch of ICCIDs, or the other pages, whichever is fewer requests; in a shard, the ICCIDs of other shards are
        not read), or the selection through the list's filters (pages fetched concurrently)."""
        selection = self.params["selection"]
        if selection is None:
            entries = self.params["sim_cards"]
            shards = self.params["shard_count"]
            iccids = [entry["iccid"] for entry in entries if not entry.get("id")
                      and (shards <= 1 or shard_of(entry["iccid"], shards) == self.params["shard_index"])]
            sims, self.total_pages = api.sim_cards_named(self.client, [entry["id"] for entry in entries if entry.get("id")], iccids,
                                                         self.params["workers"])
            self.selected = None
            return sims
        if not self.params["sim_cards"]:
            filters, keep = self.selection_query()
        else:
            filters, keep = {}, None
        sims = self.list_sims(filters)
        self.selected = [sim for sim in sims if keep(sim)] if keep else None
        return sims

    def selection_query(self):
        selection = self.params["selection"]
        filters, keep = sim_card_list_query(tags=selection.get("tags"), statuses=selection.get("status"),
                                            group_id=self.group_id(selection.get("sim_card_group")))
        iccids = set(selection.get("iccids") or [])
        if not iccids:
            return filters, keep
        return filters, lambda sim: keep(sim) and sim.get("iccid") in iccids

    def list_sims(self, filters=None):
        """The SIM card list, every page (the pages after the first `workers` at a time)."""
        sims = api.list_sim_cards(self.client, filters=filters, workers=self.params["workers"])
        self.total_pages = max(1, -(-len(sims) // MAX_PAGE_SIZE))
        return sims

    def read_extras(self):
        """The public IPs (one GET per SIM card whose entry names public_ip: the API has no list of them) and the
        notifications (the account's list, or one read per SIM card, whichever is fewer requests) the entries name."""
        present = [plan for plan in self.plans if plan.before is not None and plan.entry.get("state") != "absent"]
        ip_plans = [plan for plan in present if plan.entry.get("public_ip") is not None]
        self.concurrently(self.read_public_ip, ip_plans)
        note_plans = [plan for plan in present if plan.entry.get("notifications") is not None]
        if note_plans:
            found = api.notifications_of(self.client, [plan.before["id"] for plan in note_plans], self.params["workers"])
            for plan in note_plans:
                plan.notifications = found[plan.before["id"]]

    def read_public_ip(self, plan):
        plan.public_ip = api.get_public_ip(self.client, plan.before["id"])

    def check_regions(self):
        """Before any write: a region_code to set a public IP in that is not a public IP region fails its SIM cards
        (one read of the regions, only when such a public IP is to be set)."""
        asked = set(plan.ip_region for plan in self.plans if SET_PUBLIC_IP in plan.extra and plan.ip_region)
        if not asked:
            return
        codes = set(region.get("code") for region in api.public_ip_regions(self.client) if region.get("code"))
        for plan in self.plans:
            if SET_PUBLIC_IP in plan.extra and plan.ip_region and plan.ip_region not in codes:
                plan.extra = []
                plan.planned = False
                plan.fail(TelnyxError("public_ip.region_code %r of %s is not a region that offers public IPs; use one of: %s." % (
                    plan.ip_region, plan.key, ", ".join(sorted(codes)) or "(none listed)"),
                    collection_failure("unknown_region", "region_code %s" % plan.ip_region, "Unknown region")))

    # ------------------------------------------------------------------ planning

    def make_plans(self, sims):
        """One Plan per SIM card of the run (entries first, then the selection), in this shard only."""
        by_iccid = dict((sim.get("iccid"), sim) for sim in sims if sim.get("iccid"))
        by_id = dict((sim["id"].lower(), sim) for sim in sims if sim.get("id"))
        named = set()
        for entry in self.params["sim_cards"]:
            sim = by_id.get(entry["id"].lower()) if entry.get("id") else by_iccid.get(entry["iccid"])
            key = (sim or {}).get("iccid") or entry.get("iccid") or entry.get("id")
            if sim is not None:
                named.add(sim["id"])
            self.plans.append(Plan(key, entry, sim))
        if self.params["selection"] is not None:
            _filters, keep = self.selection_query()
            selected = self.selected if self.selected is not None else [sim for sim in sims if keep(sim)]
            for sim in selected:
                if sim["id"] not in named:
                    self.plans.append(Plan(sim.get("iccid") or sim["id"], self.params["settings"], sim))
        if self.params["shard_count"] > 1:
            self.plans = [plan for plan in self.plans if shard_of(plan.key, self.params["shard_count"]) == self.params["shard_index"]]

    def settle_first(self):
        """A SIM card in a transitional status or with an action in progress (an earlier run's wait=false action) is
        waited for (all together) before anything is read or planned: every step kind is planned on the settled SIM card."""
        settling = [plan for plan in self.plans if busy(plan.before)]
        if settling:
            self.wait_round(settling, settle_only=True)
            for plan in settling:
                plan.before = plan.current

    def plan_all(self):
        default = next((group["id"] for group in self.groups if group.get("default")), None)
        ids = {}
        for plan in self.plans:
            value = plan.entry.get("sim_card_group")
            if value is not None and value not in ids:
                ids[value] = self.group_id(value)
        for plan in self.plans:
            plan_sim(plan, ids.get(plan.entry.get("sim_card_group")), default, self.params["wait"])
            if plan.before is not None and not plan.steps and plan.entry.get("state") == "present" and sim_status(plan.before) == DATA_LIMIT_EXCEEDED \
                    and plan.error is None:
                self.module.warn("%s is in status data_limit_exceeded: it is enabled by intent and returns to enabled by itself once its "
                                 "data_limit (or its group's) is raised above its usage or the billing cycle resets." % sim_name(plan.before))

    def guard_deletions(self):
        deleting = [plan for plan in self.plans if plan.delete]
        if len(deleting) > self.params["max_deletions"]:
            raise TelnyxError(
                "This run would delete %d SIM cards, more than max_deletions (%d); nothing was changed. Deletion is irreversible: "
                "check the SIM cards with state absent (%s), or raise max_deletions to at least %d." % (
                    len(deleting), self.params["max_deletions"], ", ".join(plan.key for plan in deleting[:20]) + (", ..." if len(deleting) > 20 else ""),
                    len(deleting)),
                collection_failure("too_many_deletions", "%d > %d" % (len(deleting), self.params["max_deletions"]), "Too many deletions"))

    # ------------------------------------------------------------------ applying

    def apply(self):
        """Status and settings first (apply_status), then notifications, then public IP and voice actions."""
        self.apply_status()
        self.concurrently(self.apply_notifications, [plan for plan in self.plans if plan.error is None and notes_change(plan.notes)])
        self.apply_extras()

    def apply_status(self):
        """Deletions and PATCHes concurrently, registrations in batches, then status actions round by round."""
        self.concurrently(self.delete_one, [plan for plan in self.plans if plan.delete and plan.error is None])
        self.concurrently(self.patch_one, [plan for plan in self.plans if plan.patch and plan.error is None])
        self.register_all([plan for plan in self.plans if plan.register and plan.error is None])
        waiting = [plan for plan in self.plans if plan.error is None and (plan.register or plan.delete)]
        while True:
            started = set(id(plan) for plan in waiting)
            ready = [plan for plan in self.plans if plan.error is None and plan.steps and id(plan) not in started]
            self.concurrently(self.start_next, ready)
            waiting += [plan for plan in ready if plan.error is None]
            if not waiting:
                return
            if not self.params["wait"] and not any(plan.steps or plan.later_patch for plan in waiting):
                return
            self.wait_round(waiting)
            self.concurrently(self.patch_registered, [plan for plan in waiting if plan.later_patch and plan.error is None])
            waiting = []

    def delete_one(self, plan):
        sim = plan.before
        # False (404) is gone already: a re-sent DELETE whose first attempt went through
        api.delete_sim_card(self.client, sim["id"], report_lost=bool(plan.entry.get("report_lost")))
        plan.wrote = True
        plan.current = with_status(sim, "disabling")

    def patch_one(self, plan):
        answer = api.update_sim_card(self.client, plan.before["id"], plan.patch)
        plan.wrote = True
        plan.current = answer or dict(plan.before, **plan.patch)
        if plan.steps:
            # the PATCH may have moved the status by itself (a data limit): plan again from what the API answered
            plan.steps = plan_status(plan.current, TRANSITIONS[plan.steps[-1]]["to"])

    def start_next(self, plan):
        action = plan.steps.pop(0)
        started = self.sim_actions.start_status(plan.current, action)
        plan.wrote = True
        plan.actions.append(started)
        plan.current = with_status(plan.current, TRANSITIONS[action]["during"])
        plan.expect = (TRANSITIONS[action]["to"], started)

    def validate_codes(self, plans):
        """Every registration code checked with Telnyx in one request (it changes nothing), before any write.

        A code Telnyx does not accept (wrong, used) fails its SIM card, in check mode exactly as in the real run. A
        read-only client that does not let this one POST through (check mode) leaves the check to the real run.
        """
        if not plans:
            return
        codes = [plan.entry["registration_code"].strip() for plan in plans]
        try:
            verdicts = api.validate_registration_codes(self.client, codes)
        except TelnyxReadOnlyError:
            return
        for plan, code in zip(plans, codes):
            problem = registration_code_problem(verdicts, code)
            if problem:
                plan.fail(invalid_registration_code(plan.key, problem))

    def register_all(self, plans):
        """Register the SIM cards (their codes validated before) in one request per (group, status, tags)."""
        if not plans:
            return
        batches = {}
        for plan in plans:
            code = plan.entry["registration_code"].strip()
            tags = tuple(sorted(set(plan.entry["tags"]))) if plan.entry.get("tags") is not None else None
            batches.setdefault((plan.registration_status, plan.predicted.get("sim_card_group_id"), tags), []).append((plan, code))
        for (status, group_id, tags), members in batches.items():
            for start in range(0, len(members), REGISTER_BATCH):
                self.register_batch(status, group_id, tags, members[start:start + REGISTER_BATCH])

    def register_batch(self, status, group_id, tags, members):
        body = {"registration_codes": [code for dummy, code in members], "status": status}
        if group_id:
            body["sim_card_group_id"] = group_id
        if tags is not None:
            body["tags"] = list(tags)
        wanted = dict((plan.entry["iccid"], plan) for plan, dummy in members)

        def registered():
            # a lost answer: the cards already on the account show it went through; a code is used only once, so
            # re-sending the batch cannot register a SIM card twice (a used code comes back as an error)
            found = [sim for sim in self.list_sims() if sim.get("iccid") in wanted]
            return {"data": found, "errors": []} if len(found) == len(wanted) else None

        try:
            answer = api.register_sim_card_batch(self.client, body, registered)
        except TelnyxError as exc:
            for plan, dummy in members:
                plan.fail(exc)
            return
        cards = dict((card.get("iccid"), card) for card in answer.get("data") or [])
        problems = registration_problems(answer)
        missing = [(number, plan) for number, (plan, dummy) in enumerate(members) if plan.entry["iccid"] not in cards]
        if missing and any(number not in problems for number, dummy in missing):
            # an answer that does not say what became of a code (or a re-sent batch): read the fleet once
            on_account = dict((sim.get("iccid"), sim) for sim in self.list_sims() if sim.get("iccid") in wanted)
            cards.update(on_account)
        for number, (plan, code) in enumerate(members):
            card = cards.get(plan.entry["iccid"])
            if card is not None:
                plan.wrote = True
                plan.current = card
                plan.expect = (plan.registration_status, None)
                continue
            plan.fail(registration_refused(plan.key, problems.get(number) or {}, code))

    def patch_registered(self, plan):
        """The settings a registration does not carry (data limit, IMEIs), once it has completed."""
        plan.later_patch = False
        patch = settings_for(plan.current, dict(plan.entry, tags=None, sim_card_group=None), None)
        if patch:
            plan.current = api.update_sim_card(self.client, plan.current["id"], patch) or dict(plan.current, **patch)

    def apply_notifications(self, plan):
        """The SIM card's notifications as its entry declares (no SIM card action: nothing to wait for)."""
        notes, sim_id = plan.notes, plan.current["id"]
        for notification in notes["removed"]:
            api.delete_notification(self.client, notification["id"])
            plan.wrote = True
        made = []
        for threshold in notes["creates"]:
            made.append(api.create_notification(self.client, sim_id, api_amount(threshold), lambda found, wanted=threshold: amount_equal(
                found.get("threshold"), api_amount(wanted))))
            plan.wrote = True
        removed = set(notification["id"] for notification in notes["removed"])
        plan.notifications_after = [n for n in plan.notifications if n.get("id") not in removed] + [n for n in made if n]
        if notes["creates"]:
            # another run may have created the same threshold at the same moment: both keep the oldest copy (one GET more)
            plan.notifications_after, dummy = keep_oldest_copies(self.client, sim_id, notes["creates"])

    def apply_extras(self):
        """Public IP and voice actions, round by round: each round starts the next action of every SIM card that has one
        (public IPs set in Telnyx's default region go in bulk_set_public_ips requests), then waits for all of them."""
        acting = [plan for plan in self.plans if plan.error is None and plan.extra]
        if not acting:
            return
        settling = [plan for plan in acting if busy(plan.current)]
        if settling:  # a SIM card takes one action at a time: a registration or transition under way is waited for
            self.wait_round(settling, settle_only=True)
        while True:
            ready = [plan for plan in acting if plan.error is None and plan.extra]
            if not ready:
                return
            bulk = [plan for plan in ready if plan.extra[0] == SET_PUBLIC_IP and not plan.ip_region]
            self.concurrently(self.start_extra, [plan for plan in ready if plan not in bulk])
            bulks = [self.bulk_set_public_ips(bulk[start:start + BULK_BATCH]) for start in range(0, len(bulk), BULK_BATCH)]
            started = [plan for plan in ready if plan.error is None]
            if not self.params["wait"] and not any(plan.extra for plan in started):
                self.concurrently(self.note_unwaited, started)
                return
            # a bulk action starts its SIM card actions asynchronously: it is done once its summary counts them and none is
            # in progress (a SIM card that shows no action yet is not settled); then the SIM cards are waited for together
            self.concurrently(self.finish_bulk, [found for found in bulks if found])
            self.wait_round(started, settle_only=True)
            self.concurrently(self.check_extra, [plan for plan in started if plan.error is None])

    def start_extra(self, plan):
        step = plan.extra.pop(0)
        sim_id = plan.current["id"]
        if step == VOICE:
            action = self.sim_actions.start_voice(plan.current, plan.voice_step)
        elif step == REMOVE_PUBLIC_IP:
            action = self.sim_actions.remove_public_ip(sim_id)
        else:
            action = self.sim_actions.set_public_ip(sim_id, plan.ip_region)
        plan.wrote = True
        plan.actions.append(action or {"action_type": step})
        plan.last_extra = (step, action or {})

    def bulk_set_public_ips(self, plans):
        """One bulk_set_public_ips request for these SIM cards (never sent twice: see _api.bulk_set_public_ips)."""
        try:
            bulk = api.bulk_set_public_ips(self.client, [plan.current["id"] for plan in plans])
        except TelnyxError as exc:
            for plan in plans:
                plan.extra = []
                plan.fail(exc)
            return
        for plan in plans:
            plan.extra.pop(0)
            plan.wrote = True
            plan.actions.append({"id": bulk.get("id"), "action_type": "bulk_set_public_ips"})
            plan.last_extra = (SET_PUBLIC_IP, {"bulk_sim_card_action_id": bulk.get("id")})
        return bulk

    def finish_bulk(self, bulk):
        """Wait until a bulk action has no SIM card action in progress; keep the SIM card actions that did not complete
        (their reasons explain the SIM cards that did not get a public IP)."""
        try:
            dummy, failed = self.bulk_actions.finish(bulk, "%d SIM cards" % len((bulk.get("settings") or {}).get("sim_card_ids") or []))
        except TelnyxError as exc:  # wait_timeout: its SIM cards fail, the others keep their outcome
            for plan in self.plans:
                if plan.last_extra and plan.last_extra[1].get("bulk_sim_card_action_id") == bulk.get("id"):
                    plan.extra = []
                    plan.fail(exc)
            return
        with self.lock:
            for action in failed:
                self.bulk_failures[str(action.get("sim_card_id") or "").lower()] = action

    def note_unwaited(self, plan):
        """wait=false: the last action is accepted, not waited for; the result shows where it leads."""
        step, dummy = plan.last_extra
        if step == VOICE:
            plan.current = with_voice(plan.current, plan.entry["voice"])
        else:
            plan.public_ip_after = api.get_public_ip(self.client, plan.current["id"])

    def check_extra(self, plan):
        """Once the SIM card has settled: did its last action do what it was for? If not, it fails with Telnyx's reason."""
        step, action = plan.last_extra
        label = sim_name(plan.current or plan.before)
        if plan.current is None:
            plan.extra = []
            plan.fail(action_failed(step, label, "it is now off the account", action))
            return
        if step == VOICE:
            if voice_enabled(plan.current) == plan.entry["voice"]:
                return
            outcome = "voice_enabled is %s" % str(voice_enabled(plan.current)).lower()
        else:
            public_ip = api.get_public_ip(self.client, plan.current["id"])
            if step == REMOVE_PUBLIC_IP and public_ip is None or step == SET_PUBLIC_IP and public_ip is not None:
                plan.public_ip_after = public_ip
                if public_ip is not None and not public_ip.get("ip") and self.params["wait"]:
                    plan.public_ip_after = self.sim_actions.public_ip_assigned(None, plan.current["id"], label)
                return
            outcome = "it has no public IP" if public_ip is None else "it still has public IP %s" % public_ip.get("ip")
        plan.extra = []
        plan.fail(action_failed(action.get("action_type") or step, label, outcome, self.action_of(plan, step, action)))

    def action_of(self, plan, step, action):
        """The SIM card action behind a step that did not do what it was for (for Telnyx's reason), as the API shows it now."""
        if action.get("id"):
            return api.get_sim_card_action(self.client, action["id"]) or action
        if action.get("bulk_sim_card_action_id"):
            return self.bulk_failures.get(plan.current["id"].lower(), action)
        return action

    # ------------------------------------------------------------------ waiting: one read of the fleet per round

    def poll(self, plans):
        """The SIM cards of `plans` as they are now: one GET each when that is fewer requests than the list."""
        ids = [plan.sim_id for plan in plans]
        if len(ids) < self.total_pages:
            return dict(self.concurrently(lambda sim_id: (sim_id, api.get_sim_card(self.client, sim_id)), ids))
        wanted = set(ids)
        listed = dict((sim["id"], sim) for sim in self.list_sims() if sim["id"] in wanted)
        return dict((sim_id, listed.get(sim_id)) for sim_id in ids)

    def wait_round(self, plans, settle_only=False):
        """Wait with the run's one Waiter until no SIM card of `plans` is busy: one read of the fleet per poll.

        Each poll reads only the SIM cards still busy; one that settles elsewhere than its last action leads fails
        (check_outcome); on wait_timeout the SIM cards still busy fail, the others keep their outcome.
        """
        for plan in plans:
            plan.sim_id = plan.current["id"]
        pending = {"busy": list(plans)}

        def fetch():
            now = self.poll(pending["busy"])
            still = []
            for plan in pending["busy"]:
                plan.current = now.get(plan.sim_id)
                if busy(plan.current):
                    still.append(plan)
                elif not settle_only:
                    self.check_outcome(plan)
            pending["busy"] = still
            return still

        try:
            self.waiter.until(fetch, lambda still: not still, "%d SIM cards to finish their changes" % len(plans),
                              lambda still: ", ".join("%s %s" % (sim_name(plan.current), sim_status(plan.current)) for plan in still[:20]),
                              seen=list(plans))
        except TelnyxError as exc:
            for plan in pending["busy"]:
                plan.fail(TelnyxError("%s is still %s: %s" % (sim_name(plan.current), sim_status(plan.current), exc), exc.failure))

    def check_outcome(self, plan):
        """A settled SIM card that is not where its last action leads fails, naming the action and Telnyx's reason."""
        expect = plan.expect
        if plan.delete or expect is None:
            return
        destination, action = expect
        if sim_status(plan.current) == destination:
            return
        found = api.get_sim_card_action(self.client, action["id"]) if action and action.get("id") else None
        now = "it is now status %s" % sim_status(plan.current) if plan.current else "it is now off the account"
        plan.steps = []
        plan.fail(action_failed((action or {}).get("action_type") or "registration", sim_name(plan.current or plan.before),
                                "%s, not %s" % (now, destination), found or action))

    # ------------------------------------------------------------------ concurrency

    def concurrently(self, work, items, flatten=False):
        """work(item) for every item on `workers` threads (one client, one connection pool, one 429 pause).

        A TelnyxError fails the Plan it was working on (items that are Plans) and is raised for anything else.
        """
        items = list(items)
        if not items:
            return []

        def guarded(item):
            try:
                return work(item)
            except TelnyxError as exc:
                if isinstance(item, Plan):
                    item.steps = []
                    item.later_patch = False
                    item.fail(exc)
                    return None
                raise

        results = bounded_map(guarded, items, self.params["workers"])
        if flatten:
            return [value for result in results for value in result]
        return results

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
